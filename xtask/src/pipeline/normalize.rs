//! Stage 3: rewrite OpenAPI 3.1 constructs into their 3.0.3 equivalents.
//!
//! progenitor and `openapiv3` accept only 3.0.x. Each rewrite keeps the meaning:
//! - `type: [T, "null"]` -> `type: T, nullable: true`
//! - `anyOf`/`oneOf` with a `{type: "null"}` member -> the other member(s), nullable
//! - `const: v` -> `enum: [v]`
//! - numeric `exclusiveMinimum`/`exclusiveMaximum` -> `minimum`/`maximum` + boolean flag
//! - `examples: [..]` inside a schema -> `example`
//! - siblings of `$ref` dropped (3.0 ignores them anyway)
//! - 3.1-only keywords progenitor cannot use are dropped
//!
//! The walk only visits schema positions, so a property that happens to be called
//! `type` or `const` is never mistaken for a keyword.

use serde_json::{Map, Value, json};

use crate::slice::METHODS;

/// JSON Schema keywords that OpenAPI 3.0 does not have and that carry no meaning for
/// the generated Rust types.
const DROPPED_KEYWORDS: [&str; 13] = [
    "$schema",
    "$id",
    "$defs",
    "$comment",
    "contentMediaType",
    "contentEncoding",
    "prefixItems",
    "unevaluatedProperties",
    "unevaluatedItems",
    "dependentRequired",
    "dependentSchemas",
    "patternProperties",
    "propertyNames",
];

/// Normalize a whole document in place.
pub fn normalize(doc: &mut Value) {
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    root.insert("openapi".into(), json!("3.0.3"));
    root.remove("webhooks");
    root.remove("jsonSchemaDialect");
    if let Some(license) = root
        .get_mut("info")
        .and_then(|i| i.get_mut("license"))
        .and_then(Value::as_object_mut)
    {
        license.remove("identifier");
    }
    if let Some(paths) = root.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            if let Some(params) = item.get_mut("parameters") {
                parameters(params);
            }
            for method in METHODS {
                if let Some(op) = item.get_mut(method) {
                    operation(op);
                }
            }
        }
    }
    if let Some(components) = root.get_mut("components").and_then(Value::as_object_mut) {
        for_each_value(components.get_mut("schemas"), schema);
        for_each_value(components.get_mut("parameters"), parameter);
        for_each_value(components.get_mut("responses"), response);
        for_each_value(components.get_mut("requestBodies"), content_holder);
        for_each_value(components.get_mut("headers"), parameter);
    }
}

fn for_each_value(map: Option<&mut Value>, f: fn(&mut Value)) {
    if let Some(map) = map.and_then(Value::as_object_mut) {
        map.values_mut().for_each(f);
    }
}

fn operation(op: &mut Value) {
    if let Some(params) = op.get_mut("parameters") {
        parameters(params);
    }
    if let Some(body) = op.get_mut("requestBody") {
        content_holder(body);
    }
    for_each_value(op.get_mut("responses"), response);
}

fn parameters(params: &mut Value) {
    if let Some(list) = params.as_array_mut() {
        list.iter_mut().for_each(parameter);
    }
}

/// A parameter or header object.
fn parameter(p: &mut Value) {
    if let Some(s) = p.get_mut("schema") {
        schema(s);
    }
    content_holder(p);
}

fn response(r: &mut Value) {
    content_holder(r);
    for_each_value(r.get_mut("headers"), parameter);
}

/// Anything with a `content: {media type: {schema}}` map.
fn content_holder(v: &mut Value) {
    if let Some(content) = v.get_mut("content").and_then(Value::as_object_mut) {
        for media in content.values_mut() {
            if let Some(s) = media.get_mut("schema") {
                schema(s);
            }
        }
    }
}

/// Normalize one schema and, recursively, its sub-schemas.
pub fn schema(s: &mut Value) {
    let Some(map) = s.as_object_mut() else { return };
    if map.contains_key("$ref") {
        map.retain(|k, _| k == "$ref");
        return;
    }
    for k in DROPPED_KEYWORDS {
        map.remove(k);
    }
    type_array(map);
    if let Some(c) = map.remove("const") {
        map.insert("enum".into(), Value::Array(vec![c]));
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(n) = map.get(exclusive).filter(|v| v.is_number()).cloned() {
            map.insert(bound.into(), n);
            map.insert(exclusive.into(), Value::Bool(true));
        }
    }
    if let Some(examples) = map.remove("examples")
        && let Some(first) = examples.as_array().and_then(|a| a.first())
    {
        map.entry("example").or_insert_with(|| first.clone());
    }
    null_members(map);

    // Recurse into sub-schemas.
    if let Some(props) = map.get_mut("properties").and_then(Value::as_object_mut) {
        props.values_mut().for_each(schema);
    }
    for key in ["items", "not"] {
        if let Some(sub) = map.get_mut(key) {
            schema(sub);
        }
    }
    if let Some(ap) = map
        .get_mut("additionalProperties")
        .filter(|v| v.is_object())
    {
        schema(ap);
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(list) = map.get_mut(key).and_then(Value::as_array_mut) {
            list.iter_mut().for_each(schema);
        }
    }
}

/// `type: [T, "null"]` -> `type: T, nullable: true`.
fn type_array(map: &mut Map<String, Value>) {
    let Some(types) = map.get("type").and_then(Value::as_array).cloned() else {
        if map.get("type").and_then(Value::as_str) == Some("null") {
            map.remove("type");
            map.insert("nullable".into(), Value::Bool(true));
        }
        return;
    };
    let nullable = types.iter().any(|t| t == "null");
    let rest: Vec<Value> = types.into_iter().filter(|t| t != "null").collect();
    match rest.len() {
        0 => {
            map.remove("type");
        }
        1 => {
            map.insert("type".into(), rest[0].clone());
        }
        _ => {
            // Several non-null types: express as anyOf of single-typed schemas.
            map.remove("type");
            let members = rest.into_iter().map(|t| json!({ "type": t })).collect();
            map.insert("anyOf".into(), Value::Array(members));
        }
    }
    if nullable {
        map.insert("nullable".into(), Value::Bool(true));
    }
}

fn is_null_schema(v: &Value) -> bool {
    v.get("type").and_then(Value::as_str) == Some("null")
        || v.get("type")
            .and_then(Value::as_array)
            .is_some_and(|a| a.len() == 1 && a[0] == "null")
        || v.get("enum")
            .and_then(Value::as_array)
            .is_some_and(|a| a.len() == 1 && a[0].is_null())
}

/// `anyOf: [X, {type: null}]` -> X, nullable.
fn null_members(map: &mut Map<String, Value>) {
    for key in ["anyOf", "oneOf"] {
        let Some(list) = map.get(key).and_then(Value::as_array) else {
            continue;
        };
        if !list.iter().any(is_null_schema) {
            continue;
        }
        let rest: Vec<Value> = list
            .iter()
            .filter(|m| !is_null_schema(m))
            .cloned()
            .collect();
        map.remove(key);
        map.insert("nullable".into(), Value::Bool(true));
        match rest.len() {
            0 => {}
            1 => {
                let only = rest.into_iter().next().unwrap_or(Value::Null);
                if only.get("$ref").is_some() {
                    map.insert("allOf".into(), Value::Array(vec![only]));
                } else if let Value::Object(inner) = only {
                    for (k, v) in inner {
                        map.entry(k).or_insert(v);
                    }
                }
            }
            _ => {
                map.insert(key.into(), Value::Array(rest));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(v: Value) -> Value {
        let mut s = v;
        schema(&mut s);
        s
    }

    #[test]
    fn type_arrays_become_nullable() {
        assert_eq!(
            norm(json!({"type": ["string", "null"]})),
            json!({"type": "string", "nullable": true})
        );
        assert_eq!(
            norm(json!({"type": ["integer"]})),
            json!({"type": "integer"})
        );
        assert_eq!(
            norm(json!({"type": ["string", "integer"]})),
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}]})
        );
    }

    #[test]
    fn null_members_of_unions_become_nullable() {
        assert_eq!(
            norm(json!({"anyOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}]})),
            json!({"allOf": [{"$ref": "#/components/schemas/A"}], "nullable": true})
        );
        assert_eq!(
            norm(json!({"oneOf": [{"type": "string", "format": "uuid"}, {"type": "null"}]})),
            json!({"type": "string", "format": "uuid", "nullable": true})
        );
    }

    #[test]
    fn const_exclusive_bounds_and_examples() {
        assert_eq!(norm(json!({"const": "event"})), json!({"enum": ["event"]}));
        assert_eq!(
            norm(json!({"type": "number", "exclusiveMinimum": 0})),
            json!({"type": "number", "minimum": 0, "exclusiveMinimum": true})
        );
        assert_eq!(
            norm(json!({"type": "string", "examples": ["a", "b"]})),
            json!({"type": "string", "example": "a"})
        );
    }

    #[test]
    fn ref_siblings_are_dropped_and_property_names_are_not_keywords() {
        assert_eq!(
            norm(json!({"$ref": "#/components/schemas/A", "description": "x", "nullable": true})),
            json!({"$ref": "#/components/schemas/A"})
        );
        // A property literally named `const` or `type` is data, not a keyword.
        let s = norm(json!({"type": "object", "properties": {
            "const": {"type": "string"},
            "type": {"type": ["string", "null"]}
        }}));
        assert_eq!(s["properties"]["const"], json!({"type": "string"}));
        assert_eq!(
            s["properties"]["type"],
            json!({"type": "string", "nullable": true})
        );
    }

    #[test]
    fn whole_document_positions_are_visited() {
        let mut doc = json!({
            "openapi": "3.1.0",
            "webhooks": {},
            "paths": {"/x": {
                "parameters": [{"name": "a", "in": "query", "schema": {"type": ["integer", "null"]}}],
                "post": {
                    "requestBody": {"content": {"application/json": {"schema": {"const": 1}}}},
                    "responses": {"200": {"description": "", "content": {"application/json": {"schema": {"type": "array", "items": {"type": ["string", "null"]}}}}}}
                }
            }},
            "components": {"schemas": {"A": {"additionalProperties": {"type": ["number", "null"]}}}}
        });
        normalize(&mut doc);
        assert_eq!(doc["openapi"], "3.0.3");
        assert!(doc.get("webhooks").is_none());
        assert_eq!(
            doc["paths"]["/x"]["parameters"][0]["schema"]["nullable"],
            true
        );
        assert_eq!(
            doc["paths"]["/x"]["post"]["requestBody"]["content"]["application/json"]["schema"],
            json!({"enum": [1]})
        );
        assert_eq!(
            doc["paths"]["/x"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
                ["items"]["nullable"],
            true
        );
        assert_eq!(
            doc["components"]["schemas"]["A"]["additionalProperties"]["nullable"],
            true
        );
    }
}
