//! Fields that hold one of the SDK's ids become that typed id (`telnyx_sdk_ids::RoomId`, ...)
//! in request bodies, responses, events and query parameters (`filter[room_id]`), as path
//! parameters already are.
//!
//! The manifest says which fields hold which id (`[ids.X] fields`): a property name
//! wherever it appears (`call_control_id`), or `Schema.property` for one component schema
//! (`Room.id`). A matching property whose schema is plain text (type `string`, at most a
//! `format`, no enum, pattern or length limit) is replaced by a reference to a component
//! schema `TypedIdX` of type `string`, marked `x-typed-id: X`; [`replacements`] hands
//! those to typify (`with_replacement`), so the generated field is the ids crate's type.
//! The property's description stays with it (`allOf` of the one reference). A property with
//! constraints keeps its generated type: replacing it would drop a check.
//!
//! Why a patch: typify has no setting to type a property by its name, and a syn pass after
//! it could not see which `String` came from which property.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use super::PatchLog;

/// The document extension that marks a typed-id component schema with the id's name.
pub const EXTENSION: &str = "x-typed-id";

/// The component schema that stands for typed id `id`.
fn component_name(id: &str) -> String {
    format!("TypedId{id}")
}

/// Keys that keep a string schema plain: anything else (enum, pattern, limits, `$ref`,
/// composition) leaves the property as it is.
const PLAIN_KEYS: &[&str] = &[
    "type",
    "format",
    "description",
    "example",
    "examples",
    "nullable",
    "readOnly",
    "writeOnly",
    "title",
    "deprecated",
];

fn is_plain_text(schema: &Value) -> bool {
    let Some(obj) = schema.as_object() else {
        return false;
    };
    obj.get("type").and_then(Value::as_str) == Some("string")
        && obj
            .keys()
            .all(|k| PLAIN_KEYS.contains(&k.as_str()) || k.starts_with("x-"))
}

/// Replace every plain-text property the manifest names (`fields`: field -> id) with the
/// typed id, adding the `TypedIdX` component schemas it refers to.
pub fn typed_id_fields(doc: &mut Value, fields: &BTreeMap<String, String>, log: &mut PatchLog) {
    if fields.is_empty() {
        return;
    }
    let mut used: BTreeSet<String> = BTreeSet::new();
    let mut count = 0usize;
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for (name, schema) in schemas.iter_mut() {
            walk(schema, Some(name), fields, &mut used, &mut count);
        }
    }
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            if let Some(Value::Array(params)) = item.get_mut("parameters") {
                query_params(params, None, fields, &mut used, &mut count);
            }
            for op in item.values_mut() {
                let id = op
                    .get("operationId")
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                if let Some(Value::Array(params)) = op.get_mut("parameters") {
                    query_params(params, id.as_deref(), fields, &mut used, &mut count);
                }
                for key in ["requestBody", "responses"] {
                    if let Some(node) = op.get_mut(key) {
                        walk_content(node, fields, &mut used, &mut count);
                    }
                }
            }
        }
    }
    if used.is_empty() {
        return;
    }
    let components = doc
        .as_object_mut()
        .map(|d| d.entry("components").or_insert_with(|| json!({})));
    let Some(schemas) = components
        .and_then(Value::as_object_mut)
        .map(|c| c.entry("schemas").or_insert_with(|| json!({})))
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    for id in &used {
        schemas.insert(
            component_name(id),
            json!({ "type": "string", EXTENSION: id }),
        );
    }
    log.note(
        "typed_id_fields",
        format!(
            "{count} fields typed as ids ({})",
            used.iter().cloned().collect::<Vec<_>>().join(", ")
        ),
    );
}

/// Query parameters that hold an id: `filter[room_id]` (a flattened filter: its last
/// bracketed name) or `room_id`, named without a schema, or `OperationId.name` for one
/// operation's parameter (`ListRoomRecordings.participant_id`, where `participant_id` alone
/// would also name other ids). The parameter's schema becomes the reference itself: its
/// description sits on the parameter. Path parameters are left alone: the facade types
/// those from `[ids.X] params`, the same id.
fn query_params(
    params: &mut [Value],
    operation: Option<&str>,
    fields: &BTreeMap<String, String>,
    used: &mut BTreeSet<String>,
    count: &mut usize,
) {
    for param in params {
        if param.get("in").and_then(Value::as_str) != Some("query") {
            continue;
        }
        let Some(name) = param.get("name").and_then(Value::as_str) else {
            continue;
        };
        let last = name
            .rsplit('[')
            .next()
            .unwrap_or(name)
            .trim_end_matches(']');
        let own = operation.and_then(|op| fields.get(&format!("{op}.{last}")));
        let Some(id) = own.or_else(|| fields.get(last)) else {
            continue;
        };
        let Some(schema) = param.get_mut("schema") else {
            continue;
        };
        if is_plain_text(schema) {
            *schema = json!({ "$ref": format!("#/components/schemas/{}", component_name(id)) });
            used.insert(id.clone());
            *count += 1;
        }
    }
}

/// Every schema under a request body or the responses (`content.*.schema`), wherever it
/// sits.
fn walk_content(
    node: &mut Value,
    fields: &BTreeMap<String, String>,
    used: &mut BTreeSet<String>,
    count: &mut usize,
) {
    match node {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                if key == "schema" {
                    walk(value, None, fields, used, count);
                } else {
                    walk_content(value, fields, used, count);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                walk_content(item, fields, used, count);
            }
        }
        _ => {}
    }
}

/// One schema and everything nested in it; `owner` is the component schema's name when
/// `schema` is that component itself (so `Owner.property` entries apply).
fn walk(
    schema: &mut Value,
    owner: Option<&str>,
    fields: &BTreeMap<String, String>,
    used: &mut BTreeSet<String>,
    count: &mut usize,
) {
    let Some(obj) = schema.as_object_mut() else {
        return;
    };
    if let Some(props) = obj.get_mut("properties").and_then(Value::as_object_mut) {
        for (prop, sub) in props.iter_mut() {
            let id = owner
                .and_then(|o| fields.get(&format!("{o}.{prop}")))
                .or_else(|| fields.get(prop));
            match id {
                Some(id) if is_plain_text(sub) => {
                    *sub = reference(sub, id);
                    used.insert(id.clone());
                    *count += 1;
                }
                _ => walk(sub, None, fields, used, count),
            }
        }
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(sub) = obj.get_mut(key) {
            walk(sub, None, fields, used, count);
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(Value::Array(members)) = obj.get_mut(key) {
            // a member of an `allOf` adds properties to its owner
            let owner = if key == "allOf" { owner } else { None };
            for member in members {
                walk(member, owner, fields, used, count);
            }
        }
    }
}

/// The replacement of a plain-text property: the one reference, with the property's own
/// description and nullability kept beside it.
fn reference(old: &Value, id: &str) -> Value {
    let mut out = Map::new();
    out.insert(
        "allOf".into(),
        json!([{ "$ref": format!("#/components/schemas/{}", component_name(id)) }]),
    );
    for key in [
        "description",
        "nullable",
        "readOnly",
        "writeOnly",
        "deprecated",
    ] {
        if let Some(v) = old.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    Value::Object(out)
}

/// `TypedIdX` component -> `::telnyx_sdk_ids::X`, for typify's `with_replacement`.
pub fn replacements(doc: &Value) -> Vec<(String, String)> {
    doc.pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| {
            schemas
                .iter()
                .filter_map(|(name, schema)| {
                    let id = schema.get(EXTENSION)?.as_str()?;
                    Some((name.clone(), format!("::telnyx_sdk_ids::{id}")))
                })
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> BTreeMap<String, String> {
        BTreeMap::from([
            ("call_control_id".to_owned(), "CallControlId".to_owned()),
            ("Room.id".to_owned(), "RoomId".to_owned()),
        ])
    }

    #[test]
    fn named_plain_text_fields_become_references_with_their_docs() {
        let mut doc = json!({
            "paths": {"/calls": {"post": {"responses": {"200": {"content": {"application/json": {
                "schema": {"type": "object", "properties": {
                    "data": {"type": "object", "properties": {
                        "call_control_id": {"type": "string", "description": "the leg"},
                        "id": {"type": "string"}
                    }}
                }}
            }}}}}}},
            "components": {"schemas": {
                "Room": {"type": "object", "properties": {
                    "id": {"type": "string", "format": "uuid", "nullable": true},
                    "call_control_id": {"type": "string", "maxLength": 64}
                }},
                "Other": {"type": "object", "properties": {"id": {"type": "string"}}}
            }}
        });
        let mut log = PatchLog::default();
        typed_id_fields(&mut doc, &fields(), &mut log);
        let leg = doc
            .pointer("/paths/~1calls/post/responses/200/content/application~1json/schema/properties/data/properties/call_control_id")
            .expect("leg");
        assert_eq!(
            leg,
            &json!({"allOf": [{"$ref": "#/components/schemas/TypedIdCallControlId"}], "description": "the leg"})
        );
        // `Room.id` applies to Room only; `id` elsewhere stays text
        assert_eq!(
            doc.pointer("/components/schemas/Room/properties/id"),
            Some(
                &json!({"allOf": [{"$ref": "#/components/schemas/TypedIdRoomId"}], "nullable": true})
            )
        );
        assert_eq!(
            doc.pointer("/components/schemas/Other/properties/id"),
            Some(&json!({"type": "string"}))
        );
        assert_eq!(
            doc.pointer("/paths/~1calls/post/responses/200/content/application~1json/schema/properties/data/properties/id"),
            Some(&json!({"type": "string"}))
        );
        // a constrained text keeps its check
        assert_eq!(
            doc.pointer("/components/schemas/Room/properties/call_control_id/maxLength"),
            Some(&json!(64))
        );
        let mut found = replacements(&doc);
        found.sort();
        assert_eq!(
            found,
            vec![
                (
                    "TypedIdCallControlId".to_owned(),
                    "::telnyx_sdk_ids::CallControlId".to_owned()
                ),
                (
                    "TypedIdRoomId".to_owned(),
                    "::telnyx_sdk_ids::RoomId".to_owned()
                ),
            ]
        );
        assert_eq!(log.lines.len(), 1);
    }

    #[test]
    fn query_parameters_holding_an_id_become_the_id_and_path_parameters_stay() {
        let text = json!({"type": "string"});
        let mut doc = json!({"paths": {"/calls/{call_control_id}": {
            "parameters": [{"name": "call_control_id", "in": "path", "schema": text}],
            "get": {"parameters": [
                {"name": "filter[call_control_id]", "in": "query", "schema": {"type": "string", "format": "uuid"}},
                {"name": "call_control_id", "in": "query", "schema": text},
                {"name": "filter[call_control_id][in]", "in": "query", "schema": {"type": "array", "items": text}},
                {"name": "filter[id]", "in": "query", "schema": text}
            ]}
        }}});
        let mut log = PatchLog::default();
        typed_id_fields(&mut doc, &fields(), &mut log);
        let reference = json!({"$ref": "#/components/schemas/TypedIdCallControlId"});
        let params = doc
            .pointer("/paths/~1calls~1{call_control_id}/get/parameters")
            .and_then(Value::as_array)
            .expect("params");
        assert_eq!(params[0]["schema"], reference);
        assert_eq!(params[1]["schema"], reference);
        // a list of ids is not one id; `filter[id]` names no id
        assert_eq!(params[2]["schema"]["type"], "array");
        assert_eq!(params[3]["schema"], text);
        assert_eq!(
            doc.pointer("/paths/~1calls~1{call_control_id}/parameters/0/schema"),
            Some(&text)
        );
        assert!(
            doc.pointer("/components/schemas/TypedIdCallControlId")
                .is_some()
        );
    }

    #[test]
    fn an_operation_scoped_entry_types_that_operations_parameter_only() {
        let uuid = json!({"type": "string", "format": "uuid"});
        let op = |id: &str| {
            json!({"operationId": id, "parameters": [
                {"name": "filter[participant_id]", "in": "query", "schema": uuid}]})
        };
        let mut doc = json!({"paths": {
            "/room_recordings": {"get": op("ListRoomRecordings")},
            "/conferences": {"get": op("ListConferences")}
        }});
        let fields: BTreeMap<String, String> = [(
            "ListRoomRecordings.participant_id".to_string(),
            "RoomParticipantId".to_string(),
        )]
        .into();
        typed_id_fields(&mut doc, &fields, &mut PatchLog::default());
        assert_eq!(
            doc.pointer("/paths/~1room_recordings/get/parameters/0/schema"),
            Some(&json!({"$ref": "#/components/schemas/TypedIdRoomParticipantId"}))
        );
        // a conference's participant is another id: left as it is
        assert_eq!(
            doc.pointer("/paths/~1conferences/get/parameters/0/schema"),
            Some(&uuid)
        );
    }

    #[test]
    fn nothing_named_changes_nothing() {
        let mut doc = json!({"components": {"schemas": {"A": {"type": "object", "properties": {"x": {"type": "string"}}}}}});
        let before = doc.clone();
        typed_id_fields(&mut doc, &fields(), &mut PatchLog::default());
        assert_eq!(doc, before);
        assert!(replacements(&doc).is_empty());
    }
}
