//! Patches for constructs the vendor spec uses outside our own domains (found by
//! `cargo xtask probe` over every vendor tag). Each is a named function with its own tests.

use serde_json::{Map, Value, json};

use super::{PatchLog, for_each_operation};

/// Name of the component every binary multipart field is pointed at; progenitor replaces it
/// with `telnyx_sdk_core::multipart::FilePart` (see `codegen::settings`).
pub const MULTIPART_FILE: &str = "TelnyxMultipartFile";

/// Operation extension marking a request body that is sent as `multipart/form-data`.
pub const MULTIPART_MARK: &str = "x-telnyx-multipart";

/// Schema extension holding an enum's wire values when [`distinct_enum_variant_names`]
/// replaced some of them: `[[placeholder, wire value], ...]`.
pub const WIRE_VALUES: &str = "x-telnyx-wire-values";

/// A `query` parameter whose schema is an object and that declares no `style` is read as
/// `deepObject` (then flattened by `flatten_deep_object_params`).
///
/// The default style of a query parameter is `form`, which for an object means its
/// properties as top-level keys (`?number=2`); progenitor cannot express it (it reaches an
/// `unreachable!`). The API reads bracketed keys (`page[number]`) for every such parameter,
/// and every other object parameter of the vendor spec says `deepObject` explicitly.
pub fn object_query_params_as_deep_object(doc: &mut Value, log: &mut PatchLog) {
    let schemas = doc
        .pointer("/components/schemas")
        .cloned()
        .unwrap_or(json!({}));
    for_each_operation(doc, |_, _, id, op| {
        let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) else {
            return;
        };
        for p in params {
            let Some(p) = p.as_object_mut() else { continue };
            if p.get("in").and_then(Value::as_str) != Some("query") || p.contains_key("style") {
                continue;
            }
            let Some(schema) = p.get("schema") else {
                continue;
            };
            let schema = super::deref(schema, &schemas);
            let is_object = schema.get("type").and_then(Value::as_str) == Some("object")
                || schema.get("properties").is_some_and(Value::is_object);
            if !is_object {
                continue;
            }
            p.insert("style".into(), json!("deepObject"));
            let name = p.get("name").and_then(Value::as_str).unwrap_or_default();
            log.note(
                "object_query_params_as_deep_object",
                format!("{id}: {name} is an object without a style, read as deepObject"),
            );
        }
    });
}

/// Drop a `default` that its own schema rejects (a string default on an array, a value
/// outside the enum, a number on a string). typify validates defaults and fails the whole
/// document on one of these ("value does not conform to the given schema"); without the
/// default the field is optional and the server applies its own.
pub fn drop_nonconforming_defaults(doc: &mut Value, log: &mut PatchLog) {
    let mut dropped = Vec::new();
    walk_schemas(doc, "", &mut |ptr, node| {
        let Some(default) = node.get("default") else {
            return;
        };
        if !conforms(node, default) {
            node.remove("default");
            dropped.push(ptr.to_string());
        }
    });
    for ptr in dropped {
        log.note(
            "drop_nonconforming_defaults",
            format!("#{ptr}: default does not match its schema, dropped"),
        );
    }
}

/// Whether `value` fits the (non-`$ref`) schema `node`, as far as its own `type`, `enum`
/// and `items` say. Unknown shapes are given the benefit of the doubt.
fn conforms(node: &Map<String, Value>, value: &Value) -> bool {
    if value.is_null() {
        return node.get("nullable").and_then(Value::as_bool) == Some(true)
            || node.get("type").is_none();
    }
    if let Some(values) = node.get("enum").and_then(Value::as_array)
        && !values.contains(value)
    {
        return false;
    }
    let is_array = node.get("type").and_then(Value::as_str) == Some("array")
        || (node.get("type").is_none() && node.get("items").is_some());
    if is_array {
        let Some(items) = value.as_array() else {
            return false;
        };
        if let Some(item_schema) = node.get("items").and_then(Value::as_object) {
            return items.iter().all(|v| conforms(item_schema, v));
        }
        return true;
    }
    match node.get("type").and_then(Value::as_str) {
        Some("string") => value.is_string(),
        Some("integer") => value.is_i64() || value.is_u64(),
        Some("number") => value.is_number(),
        Some("boolean") => value.is_boolean(),
        Some("object") => value.is_object(),
        _ => true,
    }
}

/// Visit every schema-like object of the document (anything under `components` or `paths`
/// that has a `type`, `enum`, `items` or `default`), with its JSON pointer. Examples are
/// not schemas and are not entered.
fn walk_schemas(node: &mut Value, at: &str, f: &mut impl FnMut(&str, &mut Map<String, Value>)) {
    match node {
        Value::Object(map) => {
            if ["type", "enum", "items", "default"]
                .iter()
                .any(|k| map.contains_key(*k))
            {
                f(at, map);
            }
            for (k, v) in map.iter_mut() {
                if k == "example" || k == "examples" || k.starts_with("x-") {
                    continue;
                }
                walk_schemas(v, &format!("{at}/{}", crate::error::escape(k)), f);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter_mut().enumerate() {
                walk_schemas(v, &format!("{at}/{i}"), f);
            }
        }
        _ => {}
    }
}

/// A request body offered only as `*/*` is sent as JSON: the schema is a JSON object, and
/// any media type includes `application/json`. progenitor rejects `*/*` otherwise.
pub fn wildcard_request_bodies_as_json(doc: &mut Value, log: &mut PatchLog) {
    for_each_operation(doc, |_, _, id, op| {
        let Some(content) = op
            .get_mut("requestBody")
            .and_then(|b| b.get_mut("content"))
            .and_then(Value::as_object_mut)
        else {
            return;
        };
        if content.contains_key("application/json") {
            return;
        }
        if let Some(media) = content.remove("*/*") {
            content.insert("application/json".into(), media);
            log.note(
                "wildcard_request_bodies_as_json",
                format!("{id}: */* body sent as application/json"),
            );
        }
    });
}

/// A request body offered only as `multipart/form-data` becomes a typed body that is sent
/// as a multipart form (progenitor has no multipart support of its own):
/// - the media type is rewritten to `application/json`, so progenitor generates the body
///   type and the builder's setters, and the operation is marked [`MULTIPART_MARK`];
/// - every `type: string, format: binary` property of the body schema points at
///   [`MULTIPART_FILE`], which the generated code names `telnyx_sdk_core::multipart::FilePart`
///   (bytes, file name, content type);
/// - `postprocess::multipart::send_multipart_bodies` then replaces the builder's
///   `.json(&body)` with a `reqwest::multipart::Form` holding one part per field.
pub fn multipart_request_bodies(doc: &mut Value, log: &mut PatchLog) {
    let mut targets: Vec<String> = Vec::new();
    let mut inline: Vec<(String, String, String)> = Vec::new();
    for_each_operation(doc, |path, method, id, op| {
        let Some(content) = op
            .get_mut("requestBody")
            .and_then(|b| b.get_mut("content"))
            .and_then(Value::as_object_mut)
        else {
            return;
        };
        if content.contains_key("application/json") {
            return;
        }
        let Some(mut media) = content.remove("multipart/form-data") else {
            return;
        };
        if let Some(m) = media.as_object_mut() {
            // `encoding` describes the parts' content types; JSON has no such field.
            m.remove("encoding");
        }
        match media
            .pointer("/schema/$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
        {
            Some(name) => targets.push(crate::error::unescape(name)),
            None => {
                if let Some(schema) = media.get_mut("schema") {
                    binary_to_file_part(schema);
                }
                inline.push((path.to_string(), method.to_string(), id.to_string()));
            }
        }
        content.insert("application/json".into(), media);
        op.insert(MULTIPART_MARK.into(), Value::Bool(true));
        log.note(
            "multipart_request_bodies",
            format!("{id}: multipart/form-data body sent as a typed multipart form"),
        );
    });
    if targets.is_empty() && inline.is_empty() {
        return;
    }
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for name in &targets {
            if let Some(s) = schemas.get_mut(name) {
                binary_to_file_part(s);
            }
        }
    }
    let Some(components) = doc.as_object_mut().map(|d| {
        d.entry("components")
            .or_insert_with(|| Value::Object(Map::new()))
    }) else {
        return;
    };
    if let Some(c) = components.as_object_mut() {
        let schemas = c
            .entry("schemas")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Some(s) = schemas.as_object_mut() {
            s.insert(
                MULTIPART_FILE.into(),
                json!({"type": "string", "format": "binary"}),
            );
        }
    }
}

/// `{type: string, format: binary}` properties (directly, or as array items) ->
/// `$ref: MULTIPART_FILE` (a plain reference: a description beside it would make typify wrap
/// the file type in a newtype).
fn binary_to_file_part(schema: &mut Value) {
    let Some(props) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
        return;
    };
    for prop in props.values_mut() {
        let target = match prop.get_mut("items") {
            Some(items) if is_binary(items) => items,
            _ => prop,
        };
        if is_binary(target) {
            *target = json!({"$ref": format!("#/components/schemas/{MULTIPART_FILE}")});
        }
    }
}

fn is_binary(s: &Value) -> bool {
    s.get("type").and_then(Value::as_str) == Some("string")
        && s.get("format").and_then(Value::as_str) == Some("binary")
}

/// The operations [`multipart_request_bodies`] marked, by operationId.
pub fn multipart_operations(doc: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for item in paths.values() {
            for method in crate::slice::METHODS {
                if let Some(op) = item.get(method)
                    && op.get(MULTIPART_MARK).and_then(Value::as_bool) == Some(true)
                    && let Some(id) = op.get("operationId").and_then(Value::as_str)
                {
                    out.push(id.to_string());
                }
            }
        }
    }
    out
}

/// The Rust variant name typify gives a string value (progenitor's `sanitize` in Pascal
/// case): non-identifier characters split words, words are capitalised and joined.
pub fn variant_name(value: &str) -> String {
    use heck::ToPascalCase;
    let cleaned: String = value
        .replace('\'', "")
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    cleaned.to_pascal_case()
}

/// Names for punctuation, for values that are symbols only (`+`, `%`).
fn symbol_name(c: char) -> Option<&'static str> {
    Some(match c {
        '+' => "Plus",
        '-' => "Minus",
        '*' => "Star",
        '/' => "Slash",
        '%' => "Percent",
        '=' => "Equals",
        '<' => "Less",
        '>' => "Greater",
        '!' => "Bang",
        '&' => "Ampersand",
        '|' => "Pipe",
        '^' => "Caret",
        '~' => "Tilde",
        '.' => "Dot",
        ',' => "Comma",
        ':' => "Colon",
        ';' => "Semicolon",
        '?' => "Question",
        '@' => "At",
        '#' => "Hash",
        '$' => "Dollar",
        ' ' => "Space",
        '_' => "Underscore",
        '(' => "OpenParen",
        ')' => "CloseParen",
        '[' => "OpenBracket",
        ']' => "CloseBracket",
        '{' => "OpenBrace",
        '}' => "CloseBrace",
        '"' => "Quote",
        '\'' => "Apostrophe",
        '\\' => "Backslash",
        _ => return None,
    })
}

/// A descriptive variant name for a value whose plain name collides with another's.
fn distinct_name(value: &str, plain: &str) -> String {
    if plain.is_empty() {
        let mut out = String::new();
        for c in value.chars() {
            match symbol_name(c) {
                Some(n) => out.push_str(n),
                None if c.is_alphanumeric() => out.push(c.to_ascii_uppercase()),
                None => out.push_str(&format!("U{:04X}", c as u32)),
            }
        }
        if out.is_empty() {
            out.push_str("Empty");
        }
        return out;
    }
    let letters: Vec<char> = value.chars().filter(|c| c.is_alphabetic()).collect();
    if !letters.is_empty() && letters.iter().all(|c| c.is_uppercase()) {
        return format!("{plain}Upper");
    }
    if value.chars().next().is_some_and(char::is_uppercase) {
        return format!("{plain}Capitalized");
    }
    format!("{plain}Variant")
}

/// String enums whose values typify would give the same variant name (`minimax` and
/// `Minimax`; `+`, `-` and `*`, which all have none) make typify panic ("Failed to make unique
/// variant names"). Each colliding value but the first of its group (a lowercase spelling if
/// there is one) is replaced by a placeholder that is its new variant name (`MinimaxCapitalized`,
/// `Plus`), and the enum records `[[placeholder, wire value]]` under [`WIRE_VALUES`];
/// `postprocess::enum_values::restore_wire_values` puts the wire values back, so every value
/// keeps its own variant and round-trips unchanged.
pub fn distinct_enum_variant_names(doc: &mut Value, log: &mut PatchLog) {
    let mut changed = Vec::new();
    walk_schemas(doc, "", &mut |ptr, node| {
        let Some(values) = node.get("enum").and_then(Value::as_array) else {
            return;
        };
        // a nullable enum lists `null` among its strings; it keeps its place
        let Some(strings) = values
            .iter()
            .filter(|v| !v.is_null())
            .map(Value::as_str)
            .collect::<Option<Vec<&str>>>()
        else {
            return;
        };
        let has_null = values.iter().any(Value::is_null);
        let plain: Vec<String> = strings.iter().map(|s| variant_name(s)).collect();
        let mut groups: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
        for (i, p) in plain.iter().enumerate() {
            groups.entry(p.as_str()).or_default().push(i);
        }
        if groups.values().all(|g| g.len() == 1) && !plain.iter().any(String::is_empty) {
            return;
        }
        let mut taken: std::collections::BTreeSet<String> =
            plain.iter().filter(|p| !p.is_empty()).cloned().collect();
        let mut new_values: Vec<String> = strings.iter().map(|s| s.to_string()).collect();
        let mut pairs = Vec::new();
        for (p, members) in &groups {
            // the group's first lowercase spelling keeps the plain name (none if empty)
            let keeper = if p.is_empty() {
                None
            } else {
                members
                    .iter()
                    .copied()
                    .find(|&i| !strings[i].chars().any(char::is_uppercase))
                    .or(members.first().copied())
            };
            for &i in members {
                if Some(i) == keeper {
                    continue;
                }
                let base = distinct_name(strings[i], p);
                let mut name = base.clone();
                let mut n = 2;
                while taken.contains(&name) {
                    name = format!("{base}{n}");
                    n += 1;
                }
                taken.insert(name.clone());
                pairs.push(json!([name.clone(), strings[i]]));
                new_values[i] = name;
            }
        }
        if let Some(Value::String(d)) = node.get("default")
            && let Some(i) = strings.iter().position(|s| s == d)
        {
            node.insert("default".into(), json!(new_values[i]));
        }
        let mut new_enum = json!(new_values);
        if has_null && let Some(list) = new_enum.as_array_mut() {
            list.push(Value::Null);
        }
        node.insert("enum".into(), new_enum);
        node.insert(WIRE_VALUES.into(), Value::Array(pairs));
        changed.push(ptr.to_string());
    });
    for ptr in changed {
        log.note(
            "distinct_enum_variant_names",
            format!("#{ptr}: values that share a variant name got distinct ones"),
        );
    }
}

/// Every `[placeholder, wire value]` pair [`distinct_enum_variant_names`] recorded, per
/// enum (the placeholders are unique within their enum, so each list is matched on its own).
pub fn enum_wire_values(doc: &Value) -> Vec<Vec<(String, String)>> {
    fn walk(v: &Value, out: &mut Vec<Vec<(String, String)>>) {
        match v {
            Value::Object(map) => {
                if let Some(pairs) = map.get(WIRE_VALUES).and_then(Value::as_array) {
                    let list: Vec<(String, String)> = pairs
                        .iter()
                        .filter_map(|p| {
                            Some((
                                p.get(0)?.as_str()?.to_string(),
                                p.get(1)?.as_str()?.to_string(),
                            ))
                        })
                        .collect();
                    if !out.contains(&list) {
                        out.push(list);
                    }
                }
                for (k, v) in map {
                    if k != "example" && k != "examples" {
                        walk(v, out);
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(doc, &mut out);
    out
}

/// Two operations whose ids differ only in case or punctuation (`getThings`, `GetThings`)
/// get the same Rust method name, and the crate does not compile. Each later one (in
/// document order) gets a numeric suffix (`GetThings_2`), which the README's operation table
/// shows; the wire requests do not change.
pub fn distinct_operation_ids(doc: &mut Value, log: &mut PatchLog) {
    use heck::ToSnakeCase;
    let mut seen = std::collections::BTreeSet::new();
    for_each_operation(doc, |_, _, id, op| {
        if op.get("operationId").and_then(Value::as_str).is_none() {
            return;
        }
        let snake = id.to_snake_case();
        if seen.insert(snake.clone()) {
            return;
        }
        let mut n = 2;
        while seen.contains(&format!("{snake}_{n}")) {
            n += 1;
        }
        let new_id = format!("{id}_{n}");
        seen.insert(new_id.to_snake_case());
        op.insert("operationId".into(), json!(new_id));
        log.note(
            "distinct_operation_ids",
            format!("{id}: same method name as an earlier operation, renamed {new_id}"),
        );
    });
}

/// typify names an inline schema after its `title`; a title that is also the name of a
/// component schema (or of another, different inline schema) gives two Rust types the same
/// name, and the crate does not compile. Such titles are dropped from inline schemas, which
/// are then named after where they occur (`BrandVertical`).
pub fn drop_clashing_inline_titles(doc: &mut Value, log: &mut PatchLog) {
    let components: std::collections::BTreeSet<String> = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().map(|k| variant_name(k)).collect())
        .unwrap_or_default();
    // every inline titled schema: (pointer, pascal title, schema without title)
    let mut titled: Vec<(String, String, Value)> = Vec::new();
    walk_schemas(doc, "", &mut |ptr, node| {
        let is_component_root = ptr
            .strip_prefix("/components/schemas/")
            .is_some_and(|rest| !rest.contains('/'));
        if is_component_root {
            return;
        }
        if let Some(title) = node.get("title").and_then(Value::as_str) {
            let mut bare = node.clone();
            bare.remove("title");
            titled.push((ptr.to_string(), variant_name(title), Value::Object(bare)));
        }
    });
    let mut drop: std::collections::BTreeSet<String> = Default::default();
    for (ptr, name, bare) in &titled {
        let clashes_inline = titled
            .iter()
            .any(|(p, n, b)| p != ptr && n == name && b != bare);
        if components.contains(name) || clashes_inline {
            drop.insert(ptr.clone());
        }
    }
    if drop.is_empty() {
        return;
    }
    walk_schemas(doc, "", &mut |ptr, node| {
        if drop.contains(ptr) {
            node.remove("title");
        }
    });
    for ptr in drop {
        log.note(
            "drop_clashing_inline_titles",
            format!("#{ptr}: title names another type, dropped"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op_doc(op: Value) -> Value {
        json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/gizmos": {"post": op}}, "components": {"schemas": {}}})
    }

    #[test]
    fn an_object_query_param_without_style_is_read_as_deep_object() {
        let mut doc = op_doc(json!({"operationId": "ListGizmos", "parameters": [
            {"name": "page", "in": "query", "schema": {"type": "object", "properties": {"number": {"type": "integer"}}}},
            {"name": "q", "in": "query", "schema": {"type": "string"}},
            {"name": "f", "in": "query", "style": "form", "schema": {"type": "object"}}
        ], "responses": {}}));
        let mut log = PatchLog::default();
        object_query_params_as_deep_object(&mut doc, &mut log);
        let params = &doc["paths"]["/gizmos"]["post"]["parameters"];
        assert_eq!(params[0]["style"], "deepObject");
        assert!(params[1].get("style").is_none());
        assert_eq!(
            params[2]["style"], "form",
            "an explicit style is left alone"
        );
        assert_eq!(log.lines.len(), 1);
    }

    #[test]
    fn defaults_that_break_their_own_schema_are_dropped() {
        let mut doc = json!({"components": {"schemas": {"Order": {"type": "object", "properties": {
            "kinds": {"default": "", "items": {"enum": ["big", "small"]}},
            "good_kinds": {"type": "array", "default": ["big"], "items": {"enum": ["big", "small"]}},
            "size": {"type": "string", "enum": ["s", "m"], "default": "xl"},
            "count": {"type": "integer", "default": "1"},
            "name": {"type": "string", "default": "", "example": {"default": 3}}
        }}}}});
        let mut log = PatchLog::default();
        drop_nonconforming_defaults(&mut doc, &mut log);
        let p = &doc["components"]["schemas"]["Order"]["properties"];
        assert!(p["kinds"].get("default").is_none());
        assert!(p["size"].get("default").is_none());
        assert!(p["count"].get("default").is_none());
        assert_eq!(p["good_kinds"]["default"], json!(["big"]));
        assert_eq!(p["name"]["default"], "");
        assert_eq!(
            p["name"]["example"]["default"], 3,
            "examples are not schemas"
        );
        assert_eq!(log.lines.len(), 3, "{:?}", log.lines);
    }

    #[test]
    fn a_wildcard_body_is_sent_as_json() {
        let mut doc = op_doc(
            json!({"operationId": "Report", "requestBody": {"content": {"*/*":
            {"schema": {"type": "object"}}}}, "responses": {}}),
        );
        wildcard_request_bodies_as_json(&mut doc, &mut PatchLog::default());
        let content = &doc["paths"]["/gizmos"]["post"]["requestBody"]["content"];
        assert!(content.get("*/*").is_none());
        assert_eq!(content["application/json"]["schema"]["type"], "object");
    }

    #[test]
    fn a_multipart_body_becomes_typed_parts() {
        let mut doc = op_doc(
            json!({"operationId": "UploadGizmo", "requestBody": {"content": {
            "multipart/form-data": {"encoding": {"photo": {"contentType": "image/png"}}, "schema": {"type": "object",
                "required": ["photo"], "properties": {
                "photo": {"type": "string", "format": "binary", "description": "the picture"},
                "extra": {"type": "array", "items": {"type": "string", "format": "binary"}},
                "label": {"type": "string"}}}}}}, "responses": {}}),
        );
        multipart_request_bodies(&mut doc, &mut PatchLog::default());
        let op = &doc["paths"]["/gizmos"]["post"];
        assert_eq!(op[MULTIPART_MARK], true);
        let schema = &op["requestBody"]["content"]["application/json"]["schema"];
        assert_eq!(
            schema["properties"]["photo"]["$ref"],
            "#/components/schemas/TelnyxMultipartFile"
        );
        assert_eq!(
            schema["properties"]["extra"]["items"]["$ref"],
            "#/components/schemas/TelnyxMultipartFile"
        );
        assert_eq!(schema["properties"]["label"]["type"], "string");
        assert!(doc["components"]["schemas"][MULTIPART_FILE].is_object());
        assert_eq!(multipart_operations(&doc), ["UploadGizmo"]);
    }

    #[test]
    fn enum_values_that_share_a_name_get_distinct_ones() {
        let mut doc = json!({"components": {"schemas": {
            "Vendor": {"type": "string", "enum": ["acme", "Acme", "ACME", "other"], "default": "Acme"},
            "Op": {"type": "string", "enum": ["+", "-", "*", "/", "%"]},
            "Fine": {"type": "string", "enum": ["a", "b"]},
            "Maybe": {"type": "string", "nullable": true, "enum": ["x", "X", null]}
        }}});
        let mut log = PatchLog::default();
        distinct_enum_variant_names(&mut doc, &mut log);
        let s = &doc["components"]["schemas"];
        assert_eq!(
            s["Vendor"]["enum"],
            json!(["acme", "AcmeCapitalized", "AcmeUpper", "other"])
        );
        assert_eq!(s["Vendor"]["default"], "AcmeCapitalized");
        assert_eq!(
            s["Op"]["enum"],
            json!(["Plus", "Minus", "Star", "Slash", "Percent"])
        );
        assert!(s["Fine"].get(WIRE_VALUES).is_none());
        assert_eq!(s["Maybe"]["enum"], json!(["x", "XUpper", null]));
        let wire = enum_wire_values(&doc);
        assert!(wire.contains(&vec![
            ("Plus".to_string(), "+".to_string()),
            ("Minus".to_string(), "-".to_string()),
            ("Star".to_string(), "*".to_string()),
            ("Slash".to_string(), "/".to_string()),
            ("Percent".to_string(), "%".to_string()),
        ]));
        assert_eq!(log.lines.len(), 3);
    }

    #[test]
    fn operation_ids_that_share_a_method_name_are_made_distinct() {
        let mut doc = json!({"paths": {
            "/a": {"get": {"operationId": "getThings"}},
            "/b": {"get": {"operationId": "GetThings"}, "post": {"operationId": "get_things"}}
        }});
        let mut log = PatchLog::default();
        distinct_operation_ids(&mut doc, &mut log);
        assert_eq!(doc["paths"]["/a"]["get"]["operationId"], "getThings");
        assert_eq!(doc["paths"]["/b"]["get"]["operationId"], "GetThings_2");
        assert_eq!(doc["paths"]["/b"]["post"]["operationId"], "get_things_3");
        assert_eq!(log.lines.len(), 2);
    }

    #[test]
    fn inline_titles_that_name_another_type_are_dropped() {
        let mut doc = json!({"components": {"schemas": {
            "Sector": {"type": "string", "enum": ["a", "b"], "title": "Sector"},
            "Brand": {"type": "object", "properties": {
                "sector": {"type": "string", "maxLength": 5, "title": "Sector"},
                "link": {"type": "string", "pattern": "^h", "title": "Link"},
                "name": {"type": "string", "title": "Name"}
            }},
            "Shop": {"type": "object", "properties": {
                "link": {"type": "object", "title": "Link"},
                "name": {"type": "string", "title": "Name"}
            }}
        }}});
        drop_clashing_inline_titles(&mut doc, &mut PatchLog::default());
        let s = &doc["components"]["schemas"];
        assert_eq!(
            s["Sector"]["title"], "Sector",
            "a component keeps its title"
        );
        assert!(s["Brand"]["properties"]["sector"].get("title").is_none());
        assert!(s["Brand"]["properties"]["link"].get("title").is_none());
        assert!(s["Shop"]["properties"]["link"].get("title").is_none());
        assert_eq!(
            s["Brand"]["properties"]["name"]["title"], "Name",
            "identical twins keep it"
        );
    }
}
