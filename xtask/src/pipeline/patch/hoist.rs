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
    let mut apart: BTreeSet<String> = keep_apart.iter().cloned().collect();
    for _round in 0..16 {
        let apart_before = apart.len();
        let sites = sites(doc);
        let roots = component_roots(doc);
        let mut groups: BTreeMap<&str, Vec<&Site>> = BTreeMap::new();
        for s in &sites {
            if apart.contains(&s.ptr) {
                continue;
            }
            groups.entry(s.key.as_str()).or_default().push(s);
        }
        // a shape equal to a component whose name fits it points at that component; a shape
        // written twice, or once where typify copies it (beside a `oneOf`), becomes one
        let mut repeated: Vec<(Option<String>, Vec<&Site>)> = Vec::new();
        for (key, g) in groups {
            let mut rest = g;
            for name in roots.get(key).into_iter().flatten() {
                let (mut fit, mut other): (Vec<&Site>, Vec<&Site>) =
                    rest.into_iter().partition(|s| fits(s, name));
                if !fit.is_empty() {
                    // the same values under a name of the same kind (`hold_method` beside
                    // `status_callback_method`, for `StatusCallbackMethod`) go with them
                    let (kin, unrelated): (Vec<&Site>, Vec<&Site>) =
                        other.into_iter().partition(|s| same_last_word(s, name));
                    fit.extend(kin);
                    other = unrelated;
                    repeated.push((Some(name.clone()), fit));
                }
                rest = other;
            }
            let copied = rest.len() == 1 && copied_by_typify(doc, &rest[0].ptr);
            if rest.len() > 1 || copied {
                repeated.push((None, rest));
            }
        }
        if repeated.is_empty() {
            return;
        }
        // outermost first: a shape inside a hoisted one is looked at again next round
        repeated.sort_by_key(|(_, g)| {
            let depth = g.iter().map(|s| s.ptr.matches('/').count()).min();
            (depth, g[0].ptr.clone())
        });
        let mut chosen: Vec<Vec<&Site>> = Vec::new();
        let mut redirect: Vec<(String, Vec<&Site>)> = Vec::new();
        let mut chosen_ptrs: Vec<&str> = Vec::new();
        for (target, group) in repeated {
            let nested = group.iter().any(|s| {
                chosen_ptrs.iter().any(|c| {
                    s.ptr.starts_with(&format!("{c}/")) || c.starts_with(&format!("{}/", s.ptr))
                })
            });
            if nested {
                continue;
            }
            chosen_ptrs.extend(group.iter().map(|s| s.ptr.as_str()));
            match target {
                Some(name) => redirect.push((name, group)),
                None => chosen.push(group),
            }
        }
        let redirected = !redirect.is_empty();
        for (name, group) in redirect {
            let group: Vec<Site> = group.into_iter().cloned().collect();
            point_at(doc, &name, &group);
            let places: Vec<String> = group.iter().map(|s| format!("#{}", s.ptr)).collect();
            log.note(
                "hoist_repeated_shapes",
                format!("{name} (a component) <- {}", places.join(", ")),
            );
        }
        let hoisted: BTreeSet<&str> = chosen_ptrs.iter().copied().collect();
        let mut taken = taken_names(doc, &sites, &hoisted);
        // the shape used by the most records gets the plain name first, then the one used at
        // the most places (a query filter names no record)
        let records = |g: &Vec<&Site>| g.iter().filter(|s| !s.ptr.starts_with("/paths/")).count();
        chosen.sort_by(|a, b| {
            records(b)
                .cmp(&records(a))
                .then(b.len().cmp(&a.len()))
                .then(a[0].ptr.cmp(&b[0].ptr))
        });
        let mut plan: Vec<(String, Vec<Site>)> = Vec::new();
        for group in chosen {
            match group_name(&group, &mut taken) {
                Some(name) => plan.push((name, group.into_iter().cloned().collect())),
                None => apart.extend(group.iter().map(|s| s.ptr.clone())),
            }
        }
        if plan.is_empty() && !redirected && apart.len() == apart_before {
            return;
        }
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

/// Words too vague to name a type alone: such a concept takes the words all its places'
/// owners share (`CallHold` and `CallUnhold` payloads -> `CallPayload`); when they share
/// none, the places are alike in shape only and stay apart.
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
    "Sort",
];

/// The group's type name: the title, else the concept name most places use (a strict
/// majority), else the words all concept names end with when only their first words differ
/// (`body_parameters`, `query_parameters` -> `Parameters`), else the concept name met first;
/// when that name is taken, the first place's owner-and-field name, with a number as the
/// last resort.
pub(crate) fn group_name(group: &[&Site], taken: &mut BTreeSet<String>) -> Option<String> {
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
        // names without a word in common (`without_tags`, `handle_messaging_profile_error`):
        // alike in shape only
        // enums of the same values under names without a word in common (`without_tags`,
        // `handle_messaging_profile_error`, both "true" or "false"): alike in values only
        Some(_)
            if is_enum_key(&group[0].key) && distinct_concepts(&concepts) && titled.is_none() =>
        {
            return None;
        }
        Some((c, _)) => Some(c.to_string()),
        None => None,
    };
    let mut vague_apart = false;
    let common = common.and_then(|c| {
        if !VAGUE.contains(&c.as_str()) {
            return Some(c);
        }
        let owners: Vec<String> = group
            .iter()
            .map(|s| {
                s.placed
                    .strip_suffix(c.as_str())
                    .unwrap_or(&s.placed)
                    .to_string()
            })
            .collect();
        let shared = shared_words(&owners);
        if shared.is_empty() {
            // `status` of a report and of a reservation: alike in shape only
            vague_apart = group.len() > 1;
            None
        } else {
            Some(format!("{shared}{c}"))
        }
    });
    if vague_apart && titled.is_none() {
        return None;
    }
    let candidates = titled
        .into_iter()
        .chain(common)
        .chain(std::iter::once(group[0].placed.clone()));
    for name in candidates {
        if !name.is_empty() && !taken.contains(&name) {
            taken.insert(name.clone());
            return Some(name);
        }
    }
    let base = group[0].placed.clone();
    let mut n = 2;
    loop {
        let name = format!("{base}{n}");
        if taken.insert(name.clone()) {
            return Some(name);
        }
        n += 1;
    }
}

/// Whether a shape key is an enum's.
fn is_enum_key(key: &str) -> bool {
    serde_json::from_str::<Value>(key).is_ok_and(|v| v.get("enum").is_some())
}

/// Whether no word is in every one of two or more concept names.
fn distinct_concepts(concepts: &[&str]) -> bool {
    let mut sets = concepts.iter().map(|c| {
        pascal_words(c)
            .iter()
            .map(|w| stem(w))
            .collect::<BTreeSet<_>>()
    });
    let Some(first) = sets.next() else {
        return false;
    };
    let shared = sets.fold(first, |acc, s| acc.intersection(&s).cloned().collect());
    concepts.len() > 1 && shared.is_empty()
}

/// Words of the first owner that every owner has, without the words that name an operation
/// (`CreateMessageRequest`, `CreateShortCodeMessageRequest` -> `Message`).
fn shared_words(owners: &[String]) -> String {
    const NOT_A_CONCEPT: &[&str] = &[
        "Create", "Update", "List", "Get", "Retrieve", "View", "Delete", "Request", "Response",
        "Body", "Item", "Variant", "Filter", "Slim",
    ];
    let words: Vec<Vec<String>> = owners.iter().map(|o| pascal_words(o)).collect();
    let Some(first) = words.first() else {
        return String::new();
    };
    let mut out: Vec<String> = Vec::new();
    for w in first {
        let stemmed = stem(w);
        if NOT_A_CONCEPT.contains(&w.as_str()) || out.iter().any(|o| stem(o) == stemmed) {
            continue;
        }
        if words.iter().all(|ws| ws.iter().any(|x| stem(x) == stemmed)) {
            // `Numbers` in one owner and `Number` in another: the singular
            let singular = words.iter().flatten().any(|x| *x == stemmed);
            out.push(if singular { stemmed } else { w.clone() });
        }
    }
    out.concat()
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

/// Component schemas that are shapes themselves (an enum, an object, a union), by shape.
fn component_roots(doc: &Value) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    if let Some(schemas) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        for (name, schema) in schemas {
            if schema.as_object().is_some_and(is_shape) {
                out.entry(shape_key(schema)).or_default().push(name.clone());
            }
        }
    }
    out
}

/// Whether a component's name fits a place: every word of the place's concept is a word
/// of the name (`filter[status]` fits `ConferenceStatus`; `audio_type` does not fit
/// `RecordFormat`). A plural and its singular count as one word.
fn fits(site: &Site, component: &str) -> bool {
    let words: BTreeSet<String> = pascal_words(&variant_name(component))
        .iter()
        .map(|w| stem(w))
        .collect();
    site.concept.as_deref().is_some_and(|c| {
        let concept = pascal_words(c);
        !concept.is_empty() && concept.iter().all(|w| words.contains(&stem(w)))
    })
}

/// Whether a place's concept ends in the word a component's name ends in.
fn same_last_word(site: &Site, component: &str) -> bool {
    let last = |n: &str| pascal_words(n).last().map(|w| stem(w));
    site.concept
        .as_deref()
        .is_some_and(|c| last(c).is_some() && last(c) == last(&variant_name(component)))
}

/// A word without a plural `s` (`Numbers` -> `Number`), for comparing words.
fn stem(word: &str) -> String {
    match word.strip_suffix('s') {
        Some(w) if w.len() > 2 && !w.ends_with(['s', 'u', 'i']) => w.to_string(),
        _ => word.to_string(),
    }
}

/// Whether typify writes the schema at `ptr` once per member of a union: a property of an
/// object that also has a `oneOf` or `anyOf`, whose properties typify merges into each
/// member (`InitiateCallRequestVariant0MediaEncryption`, `..Variant1..`, ...).
fn copied_by_typify(doc: &Value, ptr: &str) -> bool {
    let Some((parent, _)) = ptr.rsplit_once('/') else {
        return false;
    };
    let Some(owner) = parent.strip_suffix("/properties") else {
        return false;
    };
    doc.pointer(owner).is_some_and(|o| {
        ["oneOf", "anyOf"].iter().any(|k| {
            o.get(*k)
                .and_then(Value::as_array)
                .is_some_and(|v| v.len() > 1)
        })
    })
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
    point_at(doc, name, group);
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

/// Point every place at `components/schemas/name`, keeping each place's description and
/// default.
fn point_at(doc: &mut Value, name: &str, group: &[Site]) {
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
}

/// Every inline enum, object and union of the document, parameters' schemas included (not a
/// component's own root, not a request or response body's root).
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
                parameter_sites(op, &base, &owner, &mut out);
            }
        }
    }
    out
}

/// Whether an inline schema is a shape worth a name: an enum of strings (a one-value enum
/// repeated in many records, such as `record_type: event`, too), an object with properties,
/// or a union. Nullable schemas stay where they are (the null is
/// the field's, and typify reads it from the schema itself).
fn is_shape(node: &Map<String, Value>) -> bool {
    if node.contains_key("$ref") || node.get("nullable") == Some(&Value::Bool(true)) {
        return false;
    }
    if let Some(values) = node.get("enum").and_then(Value::as_array) {
        return !values.is_empty() && values.iter().all(Value::is_string);
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

/// Operator words that end a filter's name (`filter[number_type][eq]`): the concept is the
/// name before them.
const OPERATORS: &[&str] = &[
    "eq",
    "ne",
    "gt",
    "gte",
    "lt",
    "lte",
    "in",
    "contains",
    "starts_with",
    "ends_with",
    "not",
];

/// The schemas of an operation's parameters. progenitor names such a schema after the
/// operation and the parameter (`ListConferencesFilterStatus`); its concept is the last
/// bracketed or dotted name that is not an operator (`filter[number_type][eq]` ->
/// `NumberType`, `filter[voice.usage_payment_method]` -> `UsagePaymentMethod`).
fn parameter_sites(op: &Value, base: &str, owner: &str, out: &mut Vec<Site>) {
    let Some(params) = op.get("parameters").and_then(Value::as_array) else {
        return;
    };
    for (i, p) in params.iter().enumerate() {
        let (Some(name), Some(schema)) = (p.get("name").and_then(Value::as_str), p.get("schema"))
        else {
            continue;
        };
        let words: Vec<&str> = name
            .split(['[', ']', '.'])
            .filter(|w| !w.is_empty())
            .collect();
        let concept = words
            .iter()
            .rev()
            .find(|w| !OPERATORS.contains(w))
            .map(|w| w.to_pascal_case());
        let placed = format!("{owner}{}", words.join("_").to_pascal_case());
        visit(
            schema,
            &format!("{base}/parameters/{i}/schema"),
            concept,
            placed,
            out,
        );
    }
}

fn walk_children(schema: &Value, ptr: &str, owner: &str, out: &mut Vec<Site>) {
    let Some(map) = schema.as_object() else {
        return;
    };
    if let Some(props) = map.get("properties").and_then(Value::as_object) {
        let required = map.get("required").and_then(Value::as_array);
        for (name, child) in props {
            // a required one-value field is a tag (`event: media`): it says which record
            // this is, and stays with it
            let tag = required.is_some_and(|r| r.iter().any(|n| n == name))
                && child
                    .get("enum")
                    .and_then(Value::as_array)
                    .is_some_and(|v| v.len() == 1);
            if tag {
                continue;
            }
            let pascal = name.to_pascal_case();
            let at = format!("{ptr}/properties/{}", escape(name));
            let placed = format!("{owner}{pascal}");
            visit(child, &at, Some(pascal), placed, out);
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
                    } else if k == "enum" {
                        // the values of an enum are a set: their order is the author's
                        let mut values = match &m[k] {
                            Value::Array(v) => v.clone(),
                            other => vec![other.clone()],
                        };
                        values.sort_by_key(Value::to_string);
                        Value::Array(values)
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
        // the values of an enum are a set: another order is the same shape
        assert_eq!(
            d["components"]["schemas"]["Channels"]["enum"],
            json!(["single", "dual"])
        );
        assert_eq!(
            d["components"]["schemas"]["BridgeRequest"]["properties"]["channels"],
            json!({ "$ref": "#/components/schemas/Channels" })
        );
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
    fn a_one_value_enum_is_hoisted_when_optional_and_stays_when_required() {
        let mut d = json!({ "components": { "schemas": {
            "A": { "required": ["event"], "properties": {
                "event": { "type": "string", "enum": ["media"] },
                "record_type": { "type": "string", "enum": ["event"] } } },
            "B": { "required": ["event"], "properties": {
                "event": { "type": "string", "enum": ["media"] },
                "record_type": { "type": "string", "enum": ["event"] } } }
        }}});
        hoist_repeated_shapes(&mut d, &[], &mut PatchLog::default());
        let s = &d["components"]["schemas"];
        assert_eq!(s["RecordType"]["enum"], json!(["event"]));
        assert_eq!(s["A"]["properties"]["event"]["enum"], json!(["media"]));
    }

    #[test]
    fn nullable_enums_stay() {
        let mut d = json!({ "components": { "schemas": {
            "A": { "properties": {
                "x": { "type": "string", "enum": ["a", "b"], "nullable": true } } },
            "B": { "properties": {
                "x": { "type": "string", "enum": ["a", "b"], "nullable": true } } }
        }}});
        let before = d.clone();
        hoist_repeated_shapes(&mut d, &[], &mut PatchLog::default());
        assert_eq!(d, before);
    }

    fn list_op(params: Value) -> Value {
        json!({ "get": { "operationId": "ListConferences", "parameters": params,
            "responses": { "200": { "description": "ok" } } } })
    }

    #[test]
    fn a_query_filter_equal_to_a_component_points_at_it() {
        let mut d = json!({
            "paths": { "/conferences": list_op(json!([
                { "name": "filter[status]", "in": "query",
                  "schema": { "type": "string", "enum": ["completed", "init", "in_progress"] } },
                { "name": "filter[kind]", "in": "query",
                  "schema": { "type": "string", "enum": ["init", "completed", "in_progress"] } },
                { "name": "page[size]", "in": "query", "schema": { "type": "integer" } }
            ])) },
            "components": { "schemas": {
                "ConferenceStatus": { "type": "string", "description": "State.",
                    "enum": ["init", "in_progress", "completed"] }
            }}
        });
        let mut log = PatchLog::default();
        hoist_repeated_shapes(&mut d, &[], &mut log);
        let params = &d["paths"]["/conferences"]["get"]["parameters"];
        // `status` is a word of the component's name, in whatever order the values come
        assert_eq!(
            params[0]["schema"],
            json!({ "$ref": "#/components/schemas/ConferenceStatus" })
        );
        // `kind` is not: the same values, another concept, left where it is
        assert_eq!(params[1]["schema"]["enum"][0], "init");
        // `overall_status` is another status: it goes with `status`
        let mut d2 = d.clone();
        d2["paths"]["/conferences"]["get"]["parameters"][0] = json!({
            "name": "filter[overall_status]", "in": "query",
            "schema": { "type": "string", "enum": ["completed", "init", "in_progress"] } });
        d2["paths"]["/conferences"]["get"]["parameters"][2] = json!({
            "name": "filter[status]", "in": "query",
            "schema": { "type": "string", "enum": ["completed", "init", "in_progress"] } });
        hoist_repeated_shapes(&mut d2, &[], &mut PatchLog::default());
        let params2 = &d2["paths"]["/conferences"]["get"]["parameters"];
        assert_eq!(params2[0]["schema"], params2[2]["schema"]);
        assert_eq!(params2[1]["schema"]["enum"][0], "init");
        assert_eq!(params[2]["schema"], json!({ "type": "integer" }));
        assert!(
            log.lines.iter().any(|l| l.contains(
                "ConferenceStatus (a component) <- #/paths/~1conferences/get/parameters/0/schema"
            )),
            "{log:?}"
        );
    }

    #[test]
    fn query_filters_of_two_lists_become_one_type_named_by_the_bracketed_name() {
        let filter = |name: &str| {
            json!([{ "name": name, "in": "query",
                     "schema": { "type": "string", "enum": ["local", "mobile"], "default": "local" } }])
        };
        let mut d = json!({ "paths": {
            "/numbers": list_op(filter("filter[number_type][eq]")),
            "/blocks": { "get": { "operationId": "ListBlocks",
                "parameters": filter("filter[number_type]"), "responses": {} } }
        }});
        hoist_repeated_shapes(&mut d, &[], &mut PatchLog::default());
        assert_eq!(
            d["components"]["schemas"]["NumberType"]["enum"],
            json!(["local", "mobile"])
        );
        // the parameter keeps its default beside the reference
        assert_eq!(
            d["paths"]["/numbers"]["get"]["parameters"][0]["schema"],
            json!({ "allOf": [{ "$ref": "#/components/schemas/NumberType" }], "default": "local" })
        );
    }

    #[test]
    fn enums_of_the_same_values_under_unrelated_names_stay_apart() {
        let flag = json!({ "type": "string", "enum": ["true", "false"] });
        let mut d = json!({ "paths": { "/numbers": list_op(json!([
            { "name": "filter[without_tags]", "in": "query", "schema": flag },
            { "name": "handle_messaging_profile_error", "in": "query", "schema": flag }
        ])) }});
        let before = d.clone();
        hoist_repeated_shapes(&mut d, &[], &mut PatchLog::default());
        assert_eq!(d, before);
    }

    #[test]
    fn a_property_beside_a_one_of_is_hoisted_once_for_all_the_members_typify_copies_it_into() {
        let mut d = json!({ "components": { "schemas": {
            "InitiateCall": {
                "oneOf": [ { "required": ["Url"] }, { "required": ["Texml"] } ],
                "properties": {
                    "MediaEncryption": { "type": "string", "enum": ["disabled", "SRTP"] },
                    "Url": { "type": "string" }
                }
            }
        }}});
        hoist_repeated_shapes(&mut d, &[], &mut PatchLog::default());
        let s = &d["components"]["schemas"];
        assert_eq!(s["MediaEncryption"]["enum"], json!(["disabled", "SRTP"]));
        assert_eq!(
            s["InitiateCall"]["properties"]["MediaEncryption"],
            json!({ "$ref": "#/components/schemas/MediaEncryption" })
        );
        // one place, no union beside it: stays
        let mut d = json!({ "components": { "schemas": {
            "Plain": { "properties": { "x": { "type": "string", "enum": ["a"] } } }
        }}});
        let before = d.clone();
        hoist_repeated_shapes(&mut d, &[], &mut PatchLog::default());
        assert_eq!(d, before);
    }

    #[test]
    fn the_shape_records_use_keeps_the_plain_name_over_one_only_filters_use() {
        let six = json!({ "type": "string", "enum": ["local", "mobile", "landline"] });
        let five = json!({ "type": "string", "enum": ["local", "mobile"] });
        let mut d = json!({
            "paths": { "/numbers": list_op(json!([
                { "name": "filter[phone_number_type]", "in": "query", "schema": five },
                { "name": "filter[other][phone_number_type]", "in": "query", "schema": five }
            ])) },
            "components": { "schemas": {
                "Order": { "properties": { "phone_number_type": six } },
                "SubOrder": { "properties": { "phone_number_type": six } },
                "Number": { "properties": { "phone_number_type": five } }
            }}
        });
        hoist_repeated_shapes(&mut d, &[], &mut PatchLog::default());
        let s = &d["components"]["schemas"];
        assert_eq!(s["PhoneNumberType"]["enum"], six["enum"]);
        // the other shape takes its first place's name
        assert_eq!(s["NumberPhoneNumberType"]["enum"], five["enum"]);
    }

    #[test]
    fn plural_and_singular_owners_share_the_singular_word() {
        assert_eq!(
            shared_words(&[
                "PhoneNumberDeletedDetailed".to_string(),
                "ListPhoneNumbersFilter".to_string()
            ]),
            "PhoneNumber"
        );
        // one form in every owner: kept as written
        assert_eq!(
            shared_words(&["ToolParams".to_string(), "WebhookToolParams".to_string()]),
            "ToolParams"
        );
        assert_eq!(stem("Status"), "Status");
        assert_eq!(stem("Analysis"), "Analysis");
        assert_eq!(stem("Numbers"), "Number");
    }
}
