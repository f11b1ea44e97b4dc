//! [`hoist_repeated_shapes`]: one concept, one type.
//!
//! Documents (ours and the vendor's) write the same enum or object inline wherever it is
//! used: a recording format under dial, answer and bridge; the same machine-detection
//! settings under dial and transfer. typify names an inline schema after the place it sits
//! (`CallRequestRecordFormat`, `AnswerRequestRecordFormat`), so one concept becomes several
//! types and a value built for one operation cannot be passed to another. This stage moves
//! every shape that is written at two or more places into one component schema named for
//! the concept (`RecordFormat`), and points each place at it. It is a document patch, so
//! progenitor and typify see an ordinary `$ref`.
//!
//! Two shapes are the same when they are equal without their prose (`description`,
//! `title`, examples) and without the `default` of the place they sit (a default belongs to
//! the field, and stays there). A place keeps its own description and default beside the
//! reference (`allOf: [$ref]`, which typify reads as the referenced type).
//!
//! The name is the schema's `title` when it has one, else the field name most places use
//! (`record_format` -> `RecordFormat`; for list items, the field name in the singular),
//! else, and whenever that name is taken, the owner and field (`CallRequestRecordFormat`).
//! A shape that really is two concepts stays apart when the manifest lists one of its
//! places in `keep_apart` (JSON pointers as this stage logs them).

use std::collections::{BTreeMap, BTreeSet};

use heck::ToPascalCase;
use serde_json::{Map, Value, json};

use super::PatchLog;
use super::whole_spec::variant_name;
use crate::error::escape;

/// Prose and per-place keys: not part of a shape.
const PROSE: &[&str] = &[
    "description",
    "title",
    "example",
    "examples",
    "externalDocs",
];

/// One inline schema that could be hoisted.
#[derive(Debug, Clone)]
pub(crate) struct Site {
    /// JSON pointer of the schema.
    pub ptr: String,
    /// The shape without prose, as canonical JSON.
    pub key: String,
    /// The name the concept would take from this place (title or field name).
    pub concept: Option<String>,
    /// The name typify would give the schema here (owner and field).
    pub placed: String,
    /// Whether the schema carries a `title` (a name its author chose).
    pub titled: bool,
}

/// Move every enum, object or union written inline at two or more places into one
/// component schema; see the module docs.
pub fn hoist_repeated_shapes(doc: &mut Value, keep_apart: &[String], log: &mut PatchLog) {
    for _round in 0..16 {
        let sites = sites(doc);
        let mut groups: BTreeMap<&str, Vec<&Site>> = BTreeMap::new();
        for s in &sites {
            if keep_apart.iter().any(|k| k == &s.ptr) {
                continue;
            }
            groups.entry(s.key.as_str()).or_default().push(s);
        }
        let mut repeated: Vec<Vec<&Site>> = groups.into_values().filter(|g| g.len() > 1).collect();
        if repeated.is_empty() {
            return;
        }
        // outermost first: a shape inside a hoisted one is looked at again next round
        repeated.sort_by_key(|g| {
            let depth = g.iter().map(|s| s.ptr.matches('/').count()).min();
            (depth, g[0].ptr.clone())
        });
        let mut chosen: Vec<Vec<&Site>> = Vec::new();
        let mut chosen_ptrs: Vec<&str> = Vec::new();
        for group in repeated {
            let nested = group.iter().any(|s| {
                chosen_ptrs.iter().any(|c| {
                    s.ptr.starts_with(&format!("{c}/")) || c.starts_with(&format!("{}/", s.ptr))
                })
            });
            if nested {
                continue;
            }
            chosen_ptrs.extend(group.iter().map(|s| s.ptr.as_str()));
            chosen.push(group);
        }
        let hoisted: BTreeSet<&str> = chosen_ptrs.iter().copied().collect();
        let mut taken = taken_names(doc, &sites, &hoisted);
        // the shape used at the most places gets the plain name first
        chosen.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].ptr.cmp(&b[0].ptr)));
        let plan: Vec<(String, Vec<Site>)> = chosen
            .into_iter()
            .map(|group| {
                let name = group_name(&group, &mut taken);
                (name, group.into_iter().cloned().collect())
            })
            .collect();
        for (name, group) in plan {
            hoist(doc, &name, &group);
            let places: Vec<String> = group.iter().map(|s| format!("#{}", s.ptr)).collect();
            log.note(
                "hoist_repeated_shapes",
                format!("{name} <- {} places: {}", group.len(), places.join(", ")),
            );
        }
    }
}

/// Names already in use: component schemas, and the names typify gives the inline schemas
/// that stay where they are.
pub(crate) fn taken_names(
    doc: &Value,
    sites: &[Site],
    moving: &BTreeSet<&str>,
) -> BTreeSet<String> {
    let mut taken: BTreeSet<String> = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().map(|k| variant_name(k)).collect())
        .unwrap_or_default();
    taken.extend(
        sites
            .iter()
            .filter(|s| !moving.contains(s.ptr.as_str()))
            .map(|s| s.placed.clone()),
    );
    taken
}

/// Words too vague to name a type alone: such a concept takes the words its places' owners
/// start with (`CallHold` and `CallUnhold` payloads -> `CallPayload`), else the first
/// place's owner-and-field name.
const VAGUE: &[&str] = &[
    "Data",
    "Payload",
    "Status",
    "Type",
    "Format",
    "Model",
    "Value",
    "Item",
    "Result",
    "Meta",
    "Config",
    "Settings",
    "Options",
    "Params",
    "Parameters",
    "Body",
    "Response",
    "Request",
];

/// The group's type name: the title, else the concept name most places use (a strict
/// majority), else the words all concept names end with when only their first words differ
/// (`body_parameters`, `query_parameters` -> `Parameters`), else the concept name met first;
/// when that name is taken, the first place's owner-and-field name, with a number as the
/// last resort.
pub(crate) fn group_name(group: &[&Site], taken: &mut BTreeSet<String>) -> String {
    let titled = group
        .iter()
        .find(|s| s.titled)
        .and_then(|s| s.concept.clone());
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (i, s) in group.iter().enumerate() {
        if let Some(c) = &s.concept {
            let e = counts.entry(c.as_str()).or_insert((0, i));
            e.0 += 1;
        }
    }
    let concepts: Vec<&str> = group.iter().filter_map(|s| s.concept.as_deref()).collect();
    let common = match counts
        .iter()
        .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.1.1.cmp(&a.1.1)))
    {
        Some((c, (n, _))) if 2 * n > group.len() || counts.len() == 1 => Some(c.to_string()),
        // `body_parameters`, `query_parameters`: the same words after a different first one
        _ if concepts.len() == group.len()
            && concepts
                .iter()
                .map(|c| pascal_words(c).len())
                .collect::<BTreeSet<_>>()
                .len()
                == 1
            && common_words(&concepts, true).is_empty()
            && !common_words(&concepts, false).is_empty() =>
        {
            Some(common_words(&concepts, false))
        }
        Some((c, _)) => Some(c.to_string()),
        None => None,
    };
    let common = common.map(|c| {
        if VAGUE.contains(&c.as_str()) {
            let owners: Vec<String> = group
                .iter()
                .map(|s| {
                    s.placed
                        .strip_suffix(c.as_str())
                        .unwrap_or(&s.placed)
                        .to_string()
                })
                .collect();
            let owners: Vec<&str> = owners.iter().map(String::as_str).collect();
            let prefix = common_words(&owners, true);
            if prefix.is_empty() {
                group[0].placed.clone()
            } else {
                format!("{prefix}{c}")
            }
        } else {
            c
        }
    });
    let candidates = titled
        .into_iter()
        .chain(common)
        .chain(std::iter::once(group[0].placed.clone()));
    for name in candidates {
        if !name.is_empty() && !taken.contains(&name) {
            taken.insert(name.clone());
            return name;
        }
    }
    let base = group[0].placed.clone();
    let mut n = 2;
    loop {
        let name = format!("{base}{n}");
        if taken.insert(name.clone()) {
            return name;
        }
        n += 1;
    }
}

/// The Pascal-case words all names start with (`prefix`) or end with.
fn common_words(names: &[&str], prefix: bool) -> String {
    let words: Vec<Vec<String>> = names.iter().map(|n| pascal_words(n)).collect();
    let Some(shortest) = words.iter().map(Vec::len).min() else {
        return String::new();
    };
    let at = |w: &Vec<String>, i: usize| -> String {
        if prefix {
            w[i].clone()
        } else {
            w[w.len() - 1 - i].clone()
        }
    };
    let n = (0..shortest)
        .take_while(|&i| words.iter().all(|w| at(w, i) == at(&words[0], i)))
        .count();
    let w = &words[0];
    if prefix {
        w[..n].concat()
    } else {
        w[w.len() - n..].concat()
    }
}

/// `AwsVoiceSettings` -> `["Aws", "Voice", "Settings"]`.
pub(crate) fn pascal_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for c in name.chars() {
        if c.is_uppercase() || words.is_empty() {
            words.push(c.to_string());
        } else if let Some(w) = words.last_mut() {
            w.push(c);
        }
    }
    words
}

/// Put the first place's schema under `components/schemas/name` and point every place at
/// it, keeping each place's description and default.
pub(crate) fn hoist(doc: &mut Value, name: &str, group: &[Site]) {
    let Some(first) = doc.pointer(&group[0].ptr).cloned() else {
        return;
    };
    let mut component = first;
    if let Some(map) = component.as_object_mut() {
        map.remove("default");
    }
    for site in group {
        let Some(node) = doc.pointer_mut(&site.ptr) else {
            continue;
        };
        let mut place = Map::new();
        if let Some(map) = node.as_object() {
            for k in ["description", "default", "readOnly", "writeOnly"] {
                if let Some(v) = map.get(k) {
                    place.insert(k.into(), v.clone());
                }
            }
        }
        let reference = json!({ "$ref": format!("#/components/schemas/{name}") });
        *node = if place.is_empty() {
            reference
        } else {
            place.insert("allOf".into(), json!([reference]));
            Value::Object(place)
        };
    }
    if let Some(schemas) = doc
        .as_object_mut()
        .map(|d| d.entry("components").or_insert_with(|| json!({})))
        .and_then(Value::as_object_mut)
        .map(|c| c.entry("schemas").or_insert_with(|| json!({})))
        .and_then(Value::as_object_mut)
    {
        schemas.insert(name.to_string(), component);
    }
}

/// Every inline enum, object and union of the document (not a component's own root, not a
/// request or response body's root, not a parameter's schema).
pub(crate) fn sites(doc: &Value) -> Vec<Site> {
    let mut out = Vec::new();
    if let Some(schemas) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        for (name, schema) in schemas {
            let ptr = format!("/components/schemas/{}", escape(name));
            walk_children(schema, &ptr, &variant_name(name), &mut out);
        }
    }
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            for (method, op) in item {
                let Some(id) = op.get("operationId").and_then(Value::as_str) else {
                    continue;
                };
                let owner = id.to_pascal_case();
                let base = format!("/paths/{}/{}", escape(path), escape(method));
                let bodies = op
                    .pointer("/requestBody/content")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                    .map(|(mt, c)| {
                        (
                            format!("{base}/requestBody/content/{}/schema", escape(mt)),
                            c,
                            "Body",
                        )
                    });
                let responses = op
                    .get("responses")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                    .flat_map(|(code, r)| {
                        r.get("content")
                            .and_then(Value::as_object)
                            .into_iter()
                            .flatten()
                            .map(move |(mt, c)| (code, mt, c))
                    })
                    .map(|(code, mt, c)| {
                        (
                            format!(
                                "{base}/responses/{}/content/{}/schema",
                                escape(code),
                                escape(mt)
                            ),
                            c,
                            "Response",
                        )
                    })
                    .collect::<Vec<_>>();
                for (ptr, content, suffix) in bodies.chain(responses) {
                    if let Some(schema) = content.get("schema") {
                        walk_children(schema, &ptr, &format!("{owner}{suffix}"), &mut out);
                    }
                }
            }
        }
    }
    out
}

/// Whether an inline schema is a shape worth a name: an enum of two or more strings, an
/// object with properties, or a union. Nullable schemas stay where they are (the null is
/// the field's, and typify reads it from the schema itself).
fn is_shape(node: &Map<String, Value>) -> bool {
    if node.contains_key("$ref") || node.get("nullable") == Some(&Value::Bool(true)) {
        return false;
    }
    if let Some(values) = node.get("enum").and_then(Value::as_array) {
        return values.len() > 1 && values.iter().all(Value::is_string);
    }
    if node
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty())
    {
        return true;
    }
    ["oneOf", "anyOf"].iter().any(|k| {
        node.get(*k)
            .and_then(Value::as_array)
            .is_some_and(|v| v.len() > 1)
    })
}

fn walk_children(schema: &Value, ptr: &str, owner: &str, out: &mut Vec<Site>) {
    let Some(map) = schema.as_object() else {
        return;
    };
    if let Some(props) = map.get("properties").and_then(Value::as_object) {
        for (name, child) in props {
            let at = format!("{ptr}/properties/{}", escape(name));
            let placed = format!("{owner}{}", name.to_pascal_case());
            visit(child, &at, Some(name.to_pascal_case()), placed, out);
        }
    }
    if let Some(items) = map.get("items") {
        let concept = owner_field(ptr).map(|f| singular(&f.to_pascal_case()));
        visit(
            items,
            &format!("{ptr}/items"),
            concept,
            format!("{owner}Item"),
            out,
        );
    }
    if let Some(extra) = map.get("additionalProperties").filter(|v| v.is_object()) {
        let at = format!("{ptr}/additionalProperties");
        visit(extra, &at, None, format!("{owner}Value"), out);
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(members) = map.get(key).and_then(Value::as_array) {
            for (i, m) in members.iter().enumerate() {
                let at = format!("{ptr}/{key}/{i}");
                visit(m, &at, None, format!("{owner}Variant{i}"), out);
            }
        }
    }
}

fn visit(node: &Value, ptr: &str, concept: Option<String>, placed: String, out: &mut Vec<Site>) {
    let Some(map) = node.as_object() else {
        return;
    };
    if is_shape(map) {
        let title = map.get("title").and_then(Value::as_str).map(variant_name);
        out.push(Site {
            ptr: ptr.to_string(),
            key: shape_key(node),
            titled: title.is_some(),
            concept: title.or(concept),
            placed: placed.clone(),
        });
    }
    let owner = map
        .get("title")
        .and_then(Value::as_str)
        .map(variant_name)
        .unwrap_or(placed);
    walk_children(node, ptr, &owner, out);
}

/// The field a pointer's schema is the value of (`.../properties/tools` -> `tools`).
fn owner_field(ptr: &str) -> Option<String> {
    let (rest, last) = ptr.rsplit_once('/')?;
    rest.ends_with("/properties")
        .then(|| crate::error::unescape(last))
}

/// `Tools` -> `Tool`, `Messages` -> `Message`; words that do not end in a plain `s` stay.
fn singular(word: &str) -> String {
    if word.len() > 3 && word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us") {
        word[..word.len() - 1].to_string()
    } else {
        format!("{word}Item")
    }
}

/// The schema without prose at any depth and without its own `default`, as JSON with
/// sorted keys.
pub(crate) fn shape_key(node: &Value) -> String {
    fn strip(v: &Value, top: bool) -> Value {
        match v {
            Value::Object(m) => {
                let mut keys: Vec<&String> = m.keys().collect();
                keys.sort();
                let mut out = Map::new();
                for k in keys {
                    if PROSE.contains(&k.as_str()) || (top && k == "default") {
                        continue;
                    }
                    // property names are data, not keys to strip
                    let child = if k == "properties" {
                        match &m[k] {
                            Value::Object(props) => {
                                let mut names: Vec<&String> = props.keys().collect();
                                names.sort();
                                Value::Object(
                                    names
                                        .into_iter()
                                        .map(|n| (n.clone(), strip(&props[n], false)))
                                        .collect(),
                                )
                            }
                            other => other.clone(),
                        }
                    } else {
                        strip(&m[k], false)
                    };
                    out.insert(k.clone(), child);
                }
                Value::Object(out)
            }
            Value::Array(items) => Value::Array(items.iter().map(|i| strip(i, false)).collect()),
            other => other.clone(),
        }
    }
    strip(node, true).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Value {
        json!({
            "paths": {
                "/calls": { "post": {
                    "operationId": "DialCall",
                    "requestBody": { "content": { "application/json": { "schema": {
                        "$ref": "#/components/schemas/CallRequest"
                    }}}}
                }}
            },
            "components": { "schemas": {
                "CallRequest": { "type": "object", "properties": {
                    "record_format": { "description": "Format of the file.", "type": "string",
                        "enum": ["wav", "mp3"], "default": "mp3" },
                    "amd": { "type": "object", "properties": {
                        "total": { "type": "integer", "description": "ms" } } }
                }},
                "AnswerRequest": { "type": "object", "properties": {
                    "record_format": { "description": "The file's format.", "type": "string",
                        "enum": ["wav", "mp3"] },
                    "amd": { "type": "object", "properties": {
                        "total": { "type": "integer", "description": "milliseconds" } } },
                    "channels": { "type": "string", "enum": ["single", "dual"] }
                }},
                "BridgeRequest": { "type": "object", "properties": {
                    "channels": { "type": "string", "enum": ["dual", "single"] }
                }}
            }}
        })
    }

    #[test]
    fn a_shape_at_two_places_becomes_one_component_named_for_the_field() {
        let mut d = doc();
        let mut log = PatchLog::default();
        hoist_repeated_shapes(&mut d, &[], &mut log);
        let rf = &d["components"]["schemas"]["RecordFormat"];
        assert_eq!(rf["enum"], json!(["wav", "mp3"]));
        assert!(
            rf.get("default").is_none(),
            "the default is the field's: {rf}"
        );
        // each place keeps its own description and default beside the reference
        let call = &d["components"]["schemas"]["CallRequest"]["properties"]["record_format"];
        assert_eq!(
            call,
            &json!({ "allOf": [{ "$ref": "#/components/schemas/RecordFormat" }],
                     "description": "Format of the file.", "default": "mp3" })
        );
        let answer = &d["components"]["schemas"]["AnswerRequest"]["properties"]["record_format"];
        assert_eq!(answer["description"], "The file's format.");
        // nested prose differs, the shape does not
        assert_eq!(
            d["components"]["schemas"]["AnswerRequest"]["properties"]["amd"],
            json!({ "$ref": "#/components/schemas/Amd" })
        );
        // a different order of enum values is a different shape: left alone
        assert!(d["components"]["schemas"].get("Channels").is_none());
        assert!(
            log.lines
                .iter()
                .any(|l| l.contains("RecordFormat <- 2 places")),
            "{log:?}"
        );
    }

    #[test]
    fn a_place_listed_in_keep_apart_stays_inline() {
        let mut d = doc();
        let keep = vec!["/components/schemas/AnswerRequest/properties/record_format".to_string()];
        hoist_repeated_shapes(&mut d, &keep, &mut PatchLog::default());
        assert!(d["components"]["schemas"].get("RecordFormat").is_none());
        assert_eq!(
            d["components"]["schemas"]["CallRequest"]["properties"]["record_format"]["enum"],
            json!(["wav", "mp3"])
        );
    }

    #[test]
    fn a_taken_name_falls_back_to_owner_and_field() {
        let mut d = doc();
        d["components"]["schemas"]["RecordFormat"] = json!({ "type": "string" });
        hoist_repeated_shapes(&mut d, &[], &mut PatchLog::default());
        assert_eq!(
            d["components"]["schemas"]["AnswerRequestRecordFormat"]["enum"],
            json!(["wav", "mp3"])
        );
        assert_eq!(
            d["components"]["schemas"]["RecordFormat"],
            json!({ "type": "string" })
        );
    }

    #[test]
    fn list_items_take_the_singular_of_the_field() {
        let item = json!({ "type": "object", "properties": { "name": { "type": "string" } } });
        let mut d = json!({ "components": { "schemas": {
            "A": { "type": "object", "properties": { "tools": { "type": "array", "items": item } } },
            "B": { "type": "object", "properties": { "tools": { "type": "array", "items": item } } }
        }}});
        hoist_repeated_shapes(&mut d, &[], &mut PatchLog::default());
        // the arrays themselves are not shapes; their items are
        assert_eq!(d["components"]["schemas"]["Tool"], item);
        assert_eq!(
            d["components"]["schemas"]["B"]["properties"]["tools"]["items"],
            json!({ "$ref": "#/components/schemas/Tool" })
        );
    }

    #[test]
    fn nullable_and_single_value_enums_stay() {
        let mut d = json!({ "components": { "schemas": {
            "A": { "properties": {
                "x": { "type": "string", "enum": ["a", "b"], "nullable": true },
                "t": { "type": "string", "enum": ["only"] } } },
            "B": { "properties": {
                "x": { "type": "string", "enum": ["a", "b"], "nullable": true },
                "t": { "type": "string", "enum": ["only"] } } }
        }}});
        let before = d.clone();
        hoist_repeated_shapes(&mut d, &[], &mut PatchLog::default());
        assert_eq!(d, before);
    }
}
