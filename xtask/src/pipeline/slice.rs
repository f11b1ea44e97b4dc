//! Stage 2: cut one domain out of a document.
//!
//! A slice keeps the operations the manifest selects (by tag or operationId), the
//! webhook payload schemas it names, and the transitive closure of every local `$ref`
//! they use. Everything else (other products' paths, unrelated schemas, a duplicate
//! operationId elsewhere in a 4 MB vendor spec) is left out, so progenitor only ever
//! sees what the crate needs.

use std::collections::{BTreeSet, VecDeque};
use std::path::Path;

use serde_json::{Map, Value};

use crate::error::{SpecError, escape, pointer, unescape};
use crate::manifest::Domain;

/// HTTP methods an OpenAPI path item can hold.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Result of slicing: the reduced document and what it contains.
#[derive(Debug)]
pub struct Slice {
    pub doc: Value,
    /// operationIds (or `METHOD /path` when absent) in document order.
    pub operations: Vec<String>,
    /// Events the manifest names but the document lacks.
    pub missing_events: Vec<String>,
}

/// Slice `doc` (read from `file`) for `domain`.
pub fn slice(doc: &Value, file: &Path, domain: &Domain) -> Result<Slice, SpecError> {
    let mut paths_out = Map::new();
    let mut operations = Vec::new();
    // (ref target pointer, owning operation, pointer of the $ref itself)
    let mut queue: VecDeque<(String, Option<String>, String)> = VecDeque::new();

    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            let mut item_out = Map::new();
            for method in METHODS {
                let Some(op) = item.get(method) else { continue };
                if !selects(domain, op) {
                    continue;
                }
                let id = op.get("operationId").and_then(Value::as_str);
                let name = id
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("{} {path}", method.to_uppercase()));
                let at = pointer(["paths", path.as_str(), method]);
                collect_refs(op, &at, &name, &mut queue);
                operations.push(name);
                item_out.insert(method.to_string(), op.clone());
            }
            if item_out.is_empty() {
                continue;
            }
            if let Some(params) = item.get("parameters") {
                let at = pointer(["paths", path.as_str(), "parameters"]);
                collect_refs(params, &at, &format!("path item {path}"), &mut queue);
                item_out.insert("parameters".into(), params.clone());
            }
            paths_out.insert(path.clone(), Value::Object(item_out));
        }
    }

    let mut missing_events = Vec::new();
    for (event, schema) in &domain.events {
        let target = pointer(["components", "schemas", schema.as_str()]);
        if resolve(doc, &target).is_some() {
            queue.push_back((target, Some(format!("event {event}")), String::new()));
        } else {
            missing_events.push(event.clone());
        }
    }
    // A types-only domain's named schemas (`schemas` in domains.toml); one the document
    // lacks (a vendor spec with `--spec`) is reported like a missing event.
    for schema in &domain.schemas {
        let target = pointer(["components", "schemas", schema.as_str()]);
        if resolve(doc, &target).is_some() {
            queue.push_back((target, Some(format!("schema {schema}")), String::new()));
        } else {
            missing_events.push(format!("schema {schema}"));
        }
    }

    // Transitive closure over `#/components/...` references.
    let mut components = Map::new();
    let mut seen = BTreeSet::new();
    while let Some((target, owner, at)) = queue.pop_front() {
        if !seen.insert(target.clone()) {
            continue;
        }
        let located = |msg: String| {
            let e = SpecError::new(file, at.clone(), msg);
            match &owner {
                Some(o) => e.with_operation(o.clone()),
                None => e,
            }
        };
        let segments: Vec<String> = target.split('/').skip(1).map(unescape).collect();
        if segments.len() != 3 || segments[0] != "components" {
            return Err(located(format!(
                "unsupported $ref '#{target}': only '#/components/<kind>/<name>' is supported"
            )));
        }
        let Some(node) = resolve(doc, &target) else {
            return Err(located(format!(
                "dangling $ref '#{target}': no such component"
            )));
        };
        collect_refs(
            node,
            &target,
            owner.as_deref().unwrap_or("components"),
            &mut queue,
        );
        let kind = components
            .entry(segments[1].clone())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Some(kind) = kind.as_object_mut() {
            kind.insert(segments[2].clone(), node.clone());
        }
    }
    for kind in WHOLE_KINDS {
        if let Some(all) = doc.get("components").and_then(|c| c.get(kind)) {
            components.insert(kind.to_string(), all.clone());
        }
    }

    let mut out = Map::new();
    for key in ["openapi", "info", "servers", "security"] {
        if let Some(v) = doc.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    if !out.contains_key("info") {
        out.insert(
            "info".into(),
            serde_json::json!({"title": "Telnyx", "version": "2.0.0"}),
        );
    }
    // Tags used by the selected operations, in the document's order.
    let used: BTreeSet<String> = paths_out
        .values()
        .filter_map(Value::as_object)
        .flat_map(|item| item.values())
        .filter_map(|op| op.get("tags").and_then(Value::as_array))
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect();
    if let Some(tags) = doc.get("tags").and_then(Value::as_array) {
        let kept: Vec<Value> = tags
            .iter()
            .filter(|t| {
                t.get("name")
                    .and_then(Value::as_str)
                    .is_some_and(|n| used.contains(n))
            })
            .cloned()
            .collect();
        out.insert("tags".into(), Value::Array(kept));
    }
    out.insert("paths".into(), Value::Object(paths_out));
    out.insert("components".into(), Value::Object(components));
    Ok(Slice {
        doc: Value::Object(out),
        operations,
        missing_events,
    })
}

/// Kinds of component a slice keeps whole: security schemes describe auth, and are tiny.
pub const WHOLE_KINDS: &[&str] = &["securitySchemes"];

/// Whether `domain` selects the operation `op` (by one of its tags or its operationId).
fn selects(domain: &Domain, op: &Value) -> bool {
    let tags: Vec<&str> = op
        .get("tags")
        .and_then(Value::as_array)
        .map(|t| t.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    domain.selects(&tags, op.get("operationId").and_then(Value::as_str))
}

/// The path-item test of `domains`, for [`crate::load::load_used`], which parses only the
/// path items it keeps: whether the text of a path item may hold an operation one of them
/// selects, told without parsing it. An operation is selected by a tag
/// or its `operationId`, so a path item is kept when one of those names occurs in its text
/// with any whitespace between its words (a plain or quoted scalar may be folded over
/// lines), and whenever the text could spell a name otherwise: an escape (`\`), or an alias
/// (`*name`) to a node elsewhere. A name with a quote in it (which YAML may double) keeps
/// every path item.
pub fn might_select(domains: &[&Domain]) -> impl Fn(&str) -> bool + Sync + use<> {
    let names: Vec<Vec<String>> = domains
        .iter()
        .flat_map(|d| d.tags.iter().chain(&d.operations))
        .map(|name| name.split_whitespace().map(str::to_owned).collect())
        .collect();
    let every = names.iter().any(|words: &Vec<String>| {
        words.is_empty() || words.iter().any(|w| w.contains(['\'', '"']))
    });
    move |text: &str| {
        every
            || text.contains('\\')
            || may_alias(text)
            || names.iter().any(|words| occurs(text, words))
    }
}

/// Whether `words` occur in `text` in order, with whitespace (at least one character of it)
/// between each and the next.
fn occurs(text: &str, words: &[String]) -> bool {
    let Some((first, rest)) = words.split_first() else {
        return true;
    };
    text.match_indices(first.as_str()).any(|(at, _)| {
        let mut tail = &text[at + first.len()..];
        for word in rest {
            let trimmed = tail.trim_start_matches(char::is_whitespace);
            if trimmed.len() == tail.len() || !trimmed.starts_with(word.as_str()) {
                return false;
            }
            tail = &trimmed[word.len()..];
        }
        true
    })
}

/// Whether `text` may hold an alias: a `*` where a YAML node can start (first on its line,
/// or after `:`, `-`, `?`, `,`, `[` or `{` and spaces).
fn may_alias(text: &str) -> bool {
    text.match_indices('*').any(|(at, _)| {
        let before = text[..at].trim_end_matches([' ', '\t']);
        matches!(
            before.chars().next_back(),
            None | Some(':' | '-' | '?' | ',' | '[' | '{' | '\n')
        )
    })
}

/// Where [`slice()`]'s `$ref` closure starts, for a document whose components are not read
/// yet ([`crate::load::load_used`]): the `#/components/...` pointers (without the `#`) that
/// the operations `domain` selects and their path items' parameters refer to, and its
/// events' and named schemas' payloads.
pub fn seeds(doc: &Value, domain: &Domain) -> Vec<String> {
    let mut out = Vec::new();
    for item in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(Value::as_object)
    {
        let mut selected = false;
        for op in METHODS.iter().filter_map(|m| item.get(*m)) {
            if selects(domain, op) {
                crate::load::local_refs(op, &mut out);
                selected = true;
            }
        }
        if selected && let Some(params) = item.get("parameters") {
            crate::load::local_refs(params, &mut out);
        }
    }
    let named = domain.events.values().chain(&domain.schemas);
    out.extend(named.map(|schema| pointer(["components", "schemas", schema.as_str()])));
    out
}

/// Follow a JSON pointer (without the leading `#`).
pub fn resolve<'a>(doc: &'a Value, target: &str) -> Option<&'a Value> {
    doc.pointer(target)
}

/// Queue every `$ref` under `node`, remembering where it was found.
fn collect_refs(
    node: &Value,
    at: &str,
    owner: &str,
    queue: &mut VecDeque<(String, Option<String>, String)>,
) {
    match node {
        Value::Object(map) => {
            for (k, v) in map {
                let here = format!("{at}/{}", escape(k));
                if k == "$ref" {
                    if let Some(r) = v.as_str() {
                        let target = r.strip_prefix('#').unwrap_or(r).to_string();
                        let target = if r.starts_with('#') {
                            target
                        } else {
                            format!("external:{r}")
                        };
                        queue.push_back((target, Some(owner.to_string()), here));
                    }
                } else {
                    collect_refs(v, &here, owner, queue);
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                collect_refs(v, &format!("{at}/{i}"), owner, queue);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn domain(tags: &[&str], ops: &[&str]) -> Domain {
        Domain {
            crate_name: "t".into(),
            spec: "t.yaml".into(),
            summary: "t".into(),
            version: "0.1.0".into(),
            tags: tags.iter().map(|s| s.to_string()).collect(),
            operations: ops.iter().map(|s| s.to_string()).collect(),
            events: Default::default(),
            schemas: Vec::new(),
            keep_apart: Vec::new(),
            facade: Default::default(),
        }
    }

    fn fixture() -> Value {
        json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "tags": [{"name": "Rooms"}, {"name": "Fax"}],
            "paths": {
                "/rooms": {
                    "get": {"operationId": "ListRooms", "tags": ["Rooms"],
                        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RoomList"}}}}}},
                },
                "/faxes": {
                    "get": {"operationId": "ListFaxes", "tags": ["Fax"],
                        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Fax"}}}}}},
                },
                "/calls/{id}/actions/enqueue": {
                    "post": {"operationId": "EnqueueCall", "tags": ["Call Commands"], "responses": {"200": {"description": "ok"}}},
                    "get": {"operationId": "Other", "tags": ["Call Commands"], "responses": {"200": {"description": "ok"}}}
                }
            },
            "components": {"schemas": {
                "RoomList": {"type": "object", "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/Room"}}}},
                "Room": {"type": "object", "properties": {"id": {"type": "string"}, "self": {"$ref": "#/components/schemas/Room"}}},
                "Fax": {"type": "object"}
            }}
        })
    }

    #[test]
    fn keeps_selected_operations_and_their_ref_closure() {
        let s = slice(
            &fixture(),
            Path::new("v.yaml"),
            &domain(&["Rooms"], &["EnqueueCall"]),
        )
        .expect("slice");
        assert_eq!(
            s.operations,
            vec!["EnqueueCall".to_string(), "ListRooms".to_string()]
        );
        let schemas = s
            .doc
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .expect("schemas");
        let names: Vec<&str> = schemas.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            ["Room", "RoomList"],
            "recursive Room is kept once, Fax left out"
        );
        assert!(s.doc.pointer("/paths/~1faxes").is_none());
        assert!(
            s.doc
                .pointer("/paths/~1calls~1{id}~1actions~1enqueue/get")
                .is_none()
        );
        assert_eq!(s.doc["tags"], json!([{"name": "Rooms"}]));
    }

    #[test]
    fn dangling_ref_names_operation_and_pointer() {
        let mut doc = fixture();
        doc["paths"]["/rooms"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
            ["$ref"] = json!("#/components/schemas/Nope");
        let err = slice(&doc, Path::new("v.yaml"), &domain(&["Rooms"], &[])).expect_err("dangling");
        assert_eq!(err.operation.as_deref(), Some("ListRooms"));
        assert_eq!(
            err.pointer,
            "/paths/~1rooms/get/responses/200/content/application~1json/schema/$ref"
        );
        assert!(err.message.contains("#/components/schemas/Nope"), "{err}");
    }

    #[test]
    fn external_refs_are_unsupported_with_a_clear_message() {
        let mut doc = fixture();
        doc["components"]["schemas"]["Room"]["properties"]["id"] = json!({"$ref": "other.yaml#/X"});
        let err = slice(&doc, Path::new("v.yaml"), &domain(&["Rooms"], &[])).expect_err("external");
        assert!(err.message.contains("unsupported $ref"), "{err}");
        assert_eq!(err.operation.as_deref(), Some("ListRooms"));
        assert_eq!(err.pointer, "/components/schemas/Room/properties/id/$ref");
    }

    #[test]
    fn events_pull_in_their_schemas_and_report_missing_ones() {
        let mut d = domain(&[], &[]);
        d.events.insert("room.made".into(), "RoomList".into());
        d.events.insert("room.gone".into(), "Gone".into());
        let s = slice(&fixture(), Path::new("w.yaml"), &d).expect("slice");
        assert!(s.doc.pointer("/components/schemas/Room").is_some());
        assert_eq!(s.missing_events, vec!["room.gone".to_string()]);
    }

    #[test]
    fn named_schemas_pull_in_their_references_and_report_missing_ones() {
        let mut d = domain(&[], &[]);
        d.schemas = vec!["RoomList".into(), "Gone".into()];
        let s = slice(&fixture(), Path::new("f.yaml"), &d).expect("slice");
        assert!(s.doc.pointer("/components/schemas/RoomList").is_some());
        assert!(s.doc.pointer("/components/schemas/Room").is_some());
        assert_eq!(s.missing_events, vec!["schema Gone".to_string()]);
    }

    #[test]
    fn a_path_item_is_kept_when_a_selected_name_may_be_in_it() {
        let calls = domain(&["Call Commands"], &["GetRoom"]);
        let keep = might_select(&[&calls]);
        for (text, kept) in [
            ("/a:\n  get:\n    tags:\n    - Call Commands\n", true),
            ("/a:\n  get:\n    tags: ['Call Commands']\n", true),
            ("/a:\n  get:\n    tags: [\"Call Commands\"]\n", true),
            // a plain scalar folded over two lines is the same name
            ("/a:\n  get:\n    tags:\n    - Call\n      Commands\n", true),
            ("/a:\n  get:\n    operationId: GetRoom\n", true),
            // an escape or an alias may spell the name without its text
            ("/a:\n  get:\n    tags: [\"Call\\x20Commands\"]\n", true),
            ("/a:\n  get:\n    tags: *call_tags\n", true),
            ("/a:\n  get:\n    tags:\n    - *call_tag\n", true),
            // other names, words apart, a name inside a word run
            ("/a:\n  get:\n    tags: [Conference Commands]\n", false),
            ("/a:\n  get:\n    summary: Call the Commands API\n", false),
            ("/a:\n  get:\n    tags: [CallCommands]\n", false),
            ("/a:\n  get:\n    description: '**bold** text'\n", false),
            ("", false),
        ] {
            assert_eq!(keep(text), kept, "{text:?}");
        }
        // a name YAML may write with a doubled quote keeps every path item
        let quoted = domain(&["Queue's Calls"], &[]);
        assert!(might_select(&[&quoted])("/a: {}\n"));
        // a domain that selects no operation keeps none
        assert!(!might_select(&[&domain(&[], &[])])(
            "/a:\n  get:\n    tags: [x]\n"
        ));
    }
}
