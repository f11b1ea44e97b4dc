//! Stage 4: named patches for what progenitor cannot express.
//!
//! Each patch is a function over the (sliced, normalized) document, returns what it
//! changed for the timing/report output, and has its own tests below.

use std::path::Path;

use serde_json::{Map, Value, json};

use crate::error::{SpecError, pointer};
use crate::slice::METHODS;

pub mod event_records;
pub mod hoist;
pub mod success_types;
pub mod typed_ids;
pub mod whole_spec;

/// What the patches changed, one line per change.
#[derive(Debug, Default)]
pub struct PatchLog {
    pub lines: Vec<String>,
}

impl PatchLog {
    pub(crate) fn note(&mut self, patch: &str, what: String) {
        self.lines.push(format!("{patch}: {what}"));
    }
}

/// Apply every patch, in order.
pub fn apply_all(
    doc: &mut Value,
    file: &Path,
    keep_apart: &[String],
    id_fields: &std::collections::BTreeMap<String, String>,
) -> Result<PatchLog, SpecError> {
    let mut log = PatchLog::default();
    inline_parameter_refs(doc, file, &mut log)?;
    whole_spec::object_query_params_as_deep_object(doc, &mut log);
    flatten_deep_object_params(doc, file, &mut log)?;
    inline_response_refs(doc, file, &mut log)?;
    strip_error_responses(doc, &mut log);
    single_success_type(doc, &mut log);
    json_request_bodies_only(doc, &mut log);
    whole_spec::wildcard_request_bodies_as_json(doc, &mut log);
    whole_spec::multipart_request_bodies(doc, &mut log);
    optional_request_fields_without_defaults(doc, &mut log);
    typed_ids::typed_id_fields(doc, id_fields, &mut log);
    whole_spec::drop_nonconforming_defaults(doc, &mut log);
    whole_spec::distinct_enum_variant_names(doc, &mut log);
    // after the defaults and enum values are settled: a hoisted shape leaves its default at
    // each place, where those two patches no longer see the schema beside it
    success_types::name_success_types(doc, &mut log);
    required_only_alternatives(doc, &mut log);
    hoist::hoist_repeated_shapes(doc, keep_apart, &mut log);
    crate::pipeline::tagged_unions::tag_unions(doc, &mut log);
    whole_spec::distinct_operation_ids(doc, &mut log);
    whole_spec::drop_clashing_inline_titles(doc, &mut log);
    open_objects(doc, &mut log);
    Ok(log)
}

/// One `EventType` schema for the name of every webhook event: each event record of the
/// vendor's spec (and of ours, which follows it) declares `event_type` as an enum of its
/// own with the one name it is sent with, so typify writes one enum per record
/// (`CallAnsweredEventType`, `ConferenceEndedEventType`, ...): 57 types for one concept,
/// each with its derives and impls to compile. This patch adds `EventType`, listing every
/// event type of the manifest (`[domains.webhooks.events]`), and points each record's
/// `event_type` whose values are all event types at it (`allOf: [$ref]`, so the field keeps
/// its own description). A value outside the manifest's list leaves its field alone. Does
/// nothing for a domain without events.
pub fn one_event_type(
    doc: &mut Value,
    events: &std::collections::BTreeMap<String, String>,
    log: &mut PatchLog,
) {
    const NAME: &str = "EventType";
    let Some(schemas) = event_schemas(doc, events, &[NAME], "one_event_type", log) else {
        return;
    };
    let is_event_name = |v: &Value| v.as_str().is_some_and(|v| events.contains_key(v));
    let mut pointed = 0;
    for (name, schema) in schemas.iter_mut() {
        let Some(field) = schema.pointer_mut("/properties/event_type") else {
            continue;
        };
        let names_an_event = field.get("type").and_then(Value::as_str) == Some("string")
            && field
                .get("enum")
                .and_then(Value::as_array)
                .is_some_and(|values| !values.is_empty() && values.iter().all(is_event_name));
        if !names_an_event {
            continue;
        }
        let mut replaced = json!({ "allOf": [{ "$ref": format!("#/components/schemas/{NAME}") }] });
        if let Some(description) = field.get("description") {
            replaced["description"] = description.clone();
        }
        *field = replaced;
        pointed += 1;
        log.note(
            "one_event_type",
            format!("{name}.event_type refers to `{NAME}`"),
        );
    }
    if pointed > 0 {
        let names: Vec<&String> = events.keys().collect();
        schemas.insert(
            NAME.to_owned(),
            json!({
                "description": "Name of a webhook event type, as sent in a record's \
                    `event_type`. A name this version of the SDK does not list reads as \
                    `Unknown`, with the text kept.",
                "type": "string",
                "enum": names,
            }),
        );
    }
}

/// The component schemas of a domain with webhook events, for a patch over its event
/// records that adds schemas named `own_names`. `None` when the domain has no events or no
/// schemas, or when one of those names is taken (noted in the log: the document is left as
/// it is).
pub(crate) fn event_schemas<'a>(
    doc: &'a mut Value,
    events: &std::collections::BTreeMap<String, String>,
    own_names: &[&str],
    patch: &str,
    log: &mut PatchLog,
) -> Option<&'a mut Map<String, Value>> {
    if events.is_empty() {
        return None;
    }
    let schemas = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)?;
    if let Some(name) = own_names.iter().find(|n| schemas.contains_key(**n)) {
        log.note(
            patch,
            format!("a schema is already named `{name}`: left as it is"),
        );
        return None;
    }
    Some(schemas)
}

/// `additionalProperties: false` is dropped from every schema: a field Telnyx adds tomorrow
/// must not break decoding today. (typify turns it into `#[serde(deny_unknown_fields)]`; it
/// has no setting to decode such objects leniently.)
pub fn open_objects(doc: &mut Value, log: &mut PatchLog) {
    fn walk(node: &mut Value, at: &str, opened: &mut Vec<String>) {
        match node {
            Value::Object(map) => {
                if map.get("additionalProperties") == Some(&Value::Bool(false)) {
                    map.remove("additionalProperties");
                    opened.push(at.to_owned());
                }
                for (k, v) in map.iter_mut() {
                    if k == "example" || k == "examples" || k.starts_with("x-") {
                        continue;
                    }
                    walk(v, &format!("{at}/{}", crate::error::escape(k)), opened);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter_mut().enumerate() {
                    walk(v, &format!("{at}/{i}"), opened);
                }
            }
            _ => {}
        }
    }
    let mut opened = Vec::new();
    walk(doc, "", &mut opened);
    for ptr in opened {
        log.note(
            "open_objects",
            format!("#{ptr}: additionalProperties: false dropped"),
        );
    }
}

/// An object whose `anyOf` / `oneOf` members only list `required` properties ("send `url`
/// or `conversation_relay_url`") is a plain object: the alternatives are dropped.
///
/// typify turns such a schema into an untagged enum of near-identical structs
/// (`Variant0 { .. }`, `Variant1 { .. }`) that users must pick between, although every
/// variant has the same fields. The rule stays the server's to check, as it does for every
/// other value the SDK sends.
pub fn required_only_alternatives(doc: &mut Value, log: &mut PatchLog) {
    fn walk(node: &mut Value, at: &str, found: &mut Vec<String>) {
        match node {
            Value::Object(map) => {
                for key in ["anyOf", "oneOf"] {
                    let only_required = map.get("properties").is_some_and(Value::is_object)
                        && map
                            .get(key)
                            .and_then(Value::as_array)
                            .is_some_and(|members| {
                                !members.is_empty()
                                    && members.iter().all(|m| {
                                        m.as_object()
                                            .is_some_and(|o| o.keys().all(|k| k == "required"))
                                    })
                            });
                    if only_required {
                        map.remove(key);
                        found.push(format!("{at}/{key}"));
                    }
                }
                for (k, v) in map.iter_mut() {
                    if k == "example" || k == "examples" || k.starts_with("x-") {
                        continue;
                    }
                    walk(v, &format!("{at}/{}", crate::error::escape(k)), found);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter_mut().enumerate() {
                    walk(v, &format!("{at}/{i}"), found);
                }
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    walk(doc, "", &mut found);
    for ptr in found {
        log.note(
            "required_only_alternatives",
            format!("#{ptr}: alternatives that only require fields dropped"),
        );
    }
}

/// Visit every operation: (path, method, operation id, operation).
fn for_each_operation(
    doc: &mut Value,
    mut f: impl FnMut(&str, &str, &str, &mut Map<String, Value>),
) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for method in METHODS {
            let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) else {
                continue;
            };
            let id = op
                .get("operationId")
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_else(|| format!("{} {path}", method.to_uppercase()));
            f(path, method, &id, op);
        }
    }
}

/// `parameters: [{$ref: '#/components/parameters/X'}]` -> the parameter itself, and
/// path-level parameters copied into each operation, so later patches see real objects.
pub fn inline_parameter_refs(
    doc: &mut Value,
    file: &Path,
    log: &mut PatchLog,
) -> Result<(), SpecError> {
    let components = doc
        .pointer("/components/parameters")
        .cloned()
        .unwrap_or(json!({}));
    let mut error = None;
    let paths = doc.get_mut("paths").and_then(Value::as_object_mut);
    let Some(paths) = paths else { return Ok(()) };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        let shared = item
            .remove("parameters")
            .and_then(|p| p.as_array().cloned())
            .unwrap_or_default();
        for method in METHODS {
            let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) else {
                continue;
            };
            let id = op
                .get("operationId")
                .and_then(Value::as_str)
                .unwrap_or(method)
                .to_string();
            let mut params = op
                .get("parameters")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            // Path-level parameters apply unless the operation overrides them (same name+in).
            for p in &shared {
                let key = |v: &Value| (v.get("name").cloned(), v.get("in").cloned());
                let resolved = resolve_param(p, &components);
                if let Some(r) = &resolved
                    && !params
                        .iter()
                        .any(|q| resolve_param(q, &components).map(|q| key(&q)) == Some(key(r)))
                {
                    params.push(p.clone());
                }
            }
            let mut out = Vec::with_capacity(params.len());
            for (i, p) in params.iter().enumerate() {
                match resolve_param(p, &components) {
                    Some(r) => {
                        if p.get("$ref").is_some() {
                            log.note("inline_parameter_refs", format!("{id}: {}", p["$ref"]));
                        }
                        out.push(r);
                    }
                    None => {
                        error.get_or_insert_with(|| {
                            SpecError::new(
                                file,
                                pointer([
                                    "paths",
                                    path.as_str(),
                                    method,
                                    "parameters",
                                    &i.to_string(),
                                    "$ref",
                                ]),
                                format!("dangling parameter $ref {}", p["$ref"]),
                            )
                            .with_operation(id.clone())
                        });
                    }
                }
            }
            if !out.is_empty() {
                op.insert("parameters".into(), Value::Array(out));
            }
        }
    }
    if let Some(e) = error {
        return Err(e);
    }
    if let Some(c) = doc.get_mut("components").and_then(Value::as_object_mut) {
        c.remove("parameters");
    }
    Ok(())
}

fn resolve_param(p: &Value, components: &Value) -> Option<Value> {
    match p.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let name = r.strip_prefix("#/components/parameters/")?;
            components.get(crate::error::unescape(name)).cloned()
        }
        None => Some(p.clone()),
    }
}

/// `filter` / `page` deepObject query parameters -> one form parameter per leaf, named
/// with brackets (`filter[date_created_at][gte]`, `page[number]`).
///
/// Turning them into plain `form` style would compile but send `?number=2`, which the
/// API ignores; naming each leaf keeps the wire format right.
pub fn flatten_deep_object_params(
    doc: &mut Value,
    file: &Path,
    log: &mut PatchLog,
) -> Result<(), SpecError> {
    let schemas = doc
        .pointer("/components/schemas")
        .cloned()
        .unwrap_or(json!({}));
    let mut error = None;
    for_each_operation(doc, |path, method, id, op| {
        let Some(params) = op.get("parameters").and_then(Value::as_array).cloned() else {
            return;
        };
        let mut out = Vec::with_capacity(params.len());
        for (i, p) in params.into_iter().enumerate() {
            let deep = p.get("style").and_then(Value::as_str) == Some("deepObject")
                && p.get("in").and_then(Value::as_str) == Some("query");
            if !deep {
                out.push(p);
                continue;
            }
            let name = p
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let schema = p.get("schema").cloned().unwrap_or(json!({}));
            let mut leaves = Vec::new();
            flatten(&name, &schema, &schemas, 0, &[], &mut leaves);
            if leaves.is_empty() {
                error.get_or_insert_with(|| {
                    SpecError::new(
                        file,
                        pointer(["paths", path, method, "parameters", &i.to_string()]),
                        format!("deepObject parameter `{name}` has no properties to flatten"),
                    )
                    .with_operation(id)
                });
                continue;
            }
            log.note(
                "flatten_deep_object_params",
                format!("{id}: {name} -> {} params", leaves.len()),
            );
            for (leaf_name, leaf_schema, description) in leaves {
                let mut leaf = json!({
                    "name": leaf_name,
                    "in": "query",
                    "required": false,
                    "style": "form",
                    "explode": true,
                    "schema": leaf_schema,
                });
                if let Some(d) = description {
                    leaf["description"] = Value::String(d);
                }
                out.push(leaf);
            }
        }
        op.insert("parameters".into(), Value::Array(out));
    });
    match error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

fn deref<'a>(schema: &'a Value, schemas: &'a Value) -> &'a Value {
    let mut s = schema;
    for _ in 0..16 {
        match s
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
        {
            Some(name) => match schemas.get(crate::error::unescape(name)) {
                Some(t) => s = t,
                None => return s,
            },
            None => {
                // `allOf: [one]` wrappers (nullable refs) count as the referenced schema.
                match s.get("allOf").and_then(Value::as_array) {
                    Some(list) if list.len() == 1 => s = &list[0],
                    _ => return s,
                }
            }
        }
    }
    s
}

/// The description of a flattened leaf: its ancestors' descriptions (below the parameter
/// itself) and its own, e.g. "Match by the day the room was created: this day or later."
fn leaf_description(parents: &[&str], own: Option<&str>) -> Option<String> {
    let own = own.map(str::trim).filter(|d| !d.is_empty());
    let parents: Vec<&str> = parents
        .iter()
        .map(|d| d.trim().trim_end_matches('.'))
        .filter(|d| !d.is_empty())
        .collect();
    match (parents.is_empty(), own) {
        (true, own) => own.map(str::to_owned),
        (false, None) => Some(format!("{}.", parents.join(": "))),
        (false, Some(own)) => {
            let mut chars = own.chars();
            let lowered: String = match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => String::new(),
            };
            Some(format!("{}: {lowered}", parents.join(": ")))
        }
    }
}

fn flatten(
    prefix: &str,
    schema: &Value,
    schemas: &Value,
    depth: usize,
    parents: &[&str],
    out: &mut Vec<(String, Value, Option<String>)>,
) {
    let resolved = deref(schema, schemas);
    let props = resolved.get("properties").and_then(Value::as_object);
    let own = schema
        .get("description")
        .or_else(|| resolved.get("description"))
        .and_then(Value::as_str);
    match props {
        Some(props) if depth < 6 && !props.is_empty() => {
            let mut chain = parents.to_vec();
            if depth > 0
                && let Some(d) = own
            {
                chain.push(d);
            }
            for (k, v) in props {
                flatten(
                    &format!("{prefix}[{k}]"),
                    v,
                    schemas,
                    depth + 1,
                    &chain,
                    out,
                );
            }
        }
        _ if depth == 0 => {}
        _ => {
            // A leaf; a union of a scalar and an object keeps the scalar form.
            let leaf = match (resolved.get("oneOf").or_else(|| resolved.get("anyOf")))
                .and_then(Value::as_array)
            {
                Some(members) => {
                    let scalar = members.iter().find(|m| {
                        let m = deref(m, schemas);
                        m.get("properties").is_none()
                            && m.get("type").and_then(Value::as_str) != Some("object")
                    });
                    match scalar {
                        Some(s) => s.clone(),
                        None => json!({"type": "string"}),
                    }
                }
                None if resolved.get("type").and_then(Value::as_str) == Some("object") => {
                    json!({"type": "string"})
                }
                None => schema.clone(),
            };
            out.push((prefix.to_string(), leaf, leaf_description(parents, own)));
        }
    }
}

/// `responses: {200: {$ref: '#/components/responses/X'}}` -> the response itself, so the
/// success response survives when [`strip_error_responses`] drops the shared ones.
pub fn inline_response_refs(
    doc: &mut Value,
    file: &Path,
    log: &mut PatchLog,
) -> Result<(), SpecError> {
    let shared = doc
        .pointer("/components/responses")
        .cloned()
        .unwrap_or(json!({}));
    let mut error = None;
    for_each_operation(doc, |path, method, id, op| {
        let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
            return;
        };
        for (code, response) in responses.iter_mut() {
            let Some(target) = response
                .get("$ref")
                .and_then(Value::as_str)
                .map(str::to_string)
            else {
                continue;
            };
            let found = target
                .strip_prefix("#/components/responses/")
                .and_then(|name| shared.get(crate::error::unescape(name)));
            match found {
                Some(r) => {
                    *response = r.clone();
                    log.note("inline_response_refs", format!("{id}: {code} <- {target}"));
                }
                None => {
                    error.get_or_insert_with(|| {
                        SpecError::new(
                            file,
                            pointer(["paths", path, method, "responses", code.as_str(), "$ref"]),
                            format!("dangling response $ref {target}"),
                        )
                        .with_operation(id)
                    });
                }
            }
        }
    });
    match error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Remove every non-2xx response (and `default`): progenitor asserts on multiple error
/// types and can give an inline error schema the success type's name. Errors are
/// mapped by hand from the raw response, which keeps status, headers and body.
pub fn strip_error_responses(doc: &mut Value, log: &mut PatchLog) {
    for_each_operation(doc, |_, _, id, op| {
        let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
            return;
        };
        let before = responses.len();
        responses.retain(|code, _| code.starts_with('2'));
        let removed = before - responses.len();
        if removed > 0 {
            log.note("strip_error_responses", format!("{id}: {removed} removed"));
        }
        if responses.is_empty() {
            responses.insert("204".into(), json!({"description": "success, no body"}));
            log.note(
                "strip_error_responses",
                format!("{id}: no 2xx left, assumed 204"),
            );
        }
    });
    if let Some(c) = doc.get_mut("components").and_then(Value::as_object_mut) {
        c.remove("responses");
    }
}

/// progenitor needs one success type per operation: when several 2xx responses differ
/// (e.g. `200` with a body and `202` without), keep the lowest one that has a body and
/// give the others the same body schema, so any 2xx decodes the same way.
pub fn single_success_type(doc: &mut Value, log: &mut PatchLog) {
    for_each_operation(doc, |_, _, id, op| {
        let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
            return;
        };
        let mut codes: Vec<String> = responses.keys().cloned().collect();
        codes.sort();
        let with_body = codes
            .iter()
            .find(|c| responses[c.as_str()].get("content").is_some())
            .cloned();
        let Some(main) = with_body else { return };
        let main_content = responses[main.as_str()].get("content").cloned();
        for c in codes.iter().filter(|c| **c != main) {
            if responses[c.as_str()].get("content") != main_content.as_ref() {
                responses.remove(c);
                log.note(
                    "single_success_type",
                    format!("{id}: dropped {c} (differs from {main})"),
                );
            }
        }
    });
}

/// Drop `default` from optional properties of request bodies.
///
/// typify turns an optional property with a `default` into a plain field that is always
/// serialized, so a partial update would silently send (and reset) every defaulted
/// field, and a `default: ''` on a `format: uri` field is rejected by the API. Without
/// the default the field is an `Option` that is left out unless the caller sets it; the
/// server applies its own default.
pub fn optional_request_fields_without_defaults(doc: &mut Value, log: &mut PatchLog) {
    // Component schemas reachable from any request body.
    let mut names = std::collections::BTreeSet::new();
    let mut inline_count = 0usize;
    let mut pending: Vec<Value> = Vec::new();
    for_each_operation(doc, |_, _, _, op| {
        if let Some(content) = op
            .get("requestBody")
            .and_then(|b| b.get("content"))
            .and_then(Value::as_object)
        {
            pending.extend(content.values().filter_map(|m| m.get("schema")).cloned());
        }
    });
    let schemas = doc
        .pointer("/components/schemas")
        .cloned()
        .unwrap_or(json!({}));
    while let Some(node) = pending.pop() {
        collect_schema_refs(&node, &mut |name| {
            if names.insert(name.to_string())
                && let Some(s) = schemas.get(name)
            {
                pending.push(s.clone());
            }
        });
    }
    let mut removed = 0usize;
    for_each_operation(doc, |_, _, _, op| {
        if let Some(content) = op
            .get_mut("requestBody")
            .and_then(|b| b.get_mut("content"))
            .and_then(Value::as_object_mut)
        {
            for media in content.values_mut() {
                if let Some(s) = media.get_mut("schema") {
                    let before = removed;
                    strip_optional_defaults(s, &mut removed);
                    inline_count += usize::from(removed > before);
                }
            }
        }
    });
    if let Some(all) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for name in &names {
            if let Some(s) = all.get_mut(name) {
                strip_optional_defaults(s, &mut removed);
            }
        }
    }
    if removed > 0 {
        log.note(
            "optional_request_fields_without_defaults",
            format!(
                "{removed} defaults dropped ({} request schemas, {inline_count} inline bodies)",
                names.len()
            ),
        );
    }
}

fn collect_schema_refs(node: &Value, found: &mut impl FnMut(&str)) {
    match node {
        Value::Object(map) => {
            if let Some(name) = map
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
            {
                found(&crate::error::unescape(name));
            }
            map.values().for_each(|v| collect_schema_refs(v, found));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_schema_refs(v, found)),
        _ => {}
    }
}

fn strip_optional_defaults(schema: &mut Value, removed: &mut usize) {
    let Some(map) = schema.as_object_mut() else {
        return;
    };
    let required: Vec<String> = map
        .get("required")
        .and_then(Value::as_array)
        .map(|r| {
            r.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    if let Some(props) = map.get_mut("properties").and_then(Value::as_object_mut) {
        for (name, prop) in props.iter_mut() {
            if !required.contains(name)
                && let Some(p) = prop.as_object_mut()
                && p.remove("default").is_some()
            {
                *removed += 1;
            }
            strip_optional_defaults(prop, removed);
        }
    }
    if let Some(items) = map.get_mut("items") {
        strip_optional_defaults(items, removed);
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(list) = map.get_mut(key).and_then(Value::as_array_mut) {
            list.iter_mut()
                .for_each(|m| strip_optional_defaults(m, removed));
        }
    }
}

/// Keep `application/json` when a request body offers several media types.
pub fn json_request_bodies_only(doc: &mut Value, log: &mut PatchLog) {
    for_each_operation(doc, |_, _, id, op| {
        let Some(content) = op
            .get_mut("requestBody")
            .and_then(|b| b.get_mut("content"))
            .and_then(Value::as_object_mut)
        else {
            return;
        };
        if content.len() > 1 && content.contains_key("application/json") {
            content.retain(|k, _| k == "application/json");
            log.note(
                "json_request_bodies_only",
                format!("{id}: kept application/json"),
            );
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc_with(params: Value, responses: Value) -> Value {
        json!({
            "openapi": "3.0.3",
            "paths": {"/rooms": {"get": {"operationId": "ListRooms", "parameters": params, "responses": responses}}},
            "components": {
                "parameters": {"Page": {"name": "page", "in": "query", "style": "deepObject", "explode": true,
                    "schema": {"type": "object", "properties": {"number": {"type": "integer"}, "size": {"type": "integer"}}}}},
                "schemas": {"DateFilter": {"type": "object", "properties": {"gte": {"type": "string", "format": "date"}, "eq": {"type": "string"}}}}
            }
        })
    }

    #[test]
    fn every_event_record_names_its_event_with_one_event_type() {
        let events: std::collections::BTreeMap<String, String> = [
            ("call.answered", "CallAnsweredEvent"),
            ("message.sent", "OutboundMessageEvent"),
            ("message.finalized", "OutboundMessageEvent"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let record = |values: Value| {
            json!({"type": "object", "properties": {
                "event_type": {"description": "Which event.", "type": "string", "enum": values},
                "id": {"type": "string"}
            }})
        };
        let mut doc = json!({"components": {"schemas": {
            "CallAnswered": record(json!(["call.answered"])),
            "OutboundMessage": record(json!(["message.sent", "message.finalized"])),
            // a name the manifest does not list, a plain string, no values: left alone
            "Other": record(json!(["call.teleported"])),
            "Mixed": record(json!(["call.answered", "call.teleported"])),
            "Plain": {"type": "object", "properties": {"event_type": {"type": "string"}}},
            "Empty": record(json!([])),
        }}});
        let before = doc.clone();
        let mut log = PatchLog::default();
        one_event_type(&mut doc, &Default::default(), &mut log);
        assert_eq!(doc, before, "a domain without events is left alone");

        one_event_type(&mut doc, &events, &mut log);
        let schemas = &doc["components"]["schemas"];
        let pointed = json!({
            "description": "Which event.",
            "allOf": [{"$ref": "#/components/schemas/EventType"}]
        });
        assert_eq!(schemas["CallAnswered"]["properties"]["event_type"], pointed);
        assert_eq!(
            schemas["OutboundMessage"]["properties"]["event_type"],
            pointed
        );
        for kept in ["Other", "Mixed", "Plain", "Empty"] {
            assert_eq!(
                schemas[kept], before["components"]["schemas"][kept],
                "{kept}"
            );
        }
        assert_eq!(
            schemas["EventType"]["enum"],
            json!(["call.answered", "message.finalized", "message.sent"])
        );
        assert_eq!(schemas["EventType"]["type"], "string");
        assert_eq!(log.lines.len(), 2, "{:?}", log.lines);

        // a document that already has a schema of that name keeps it, and its fields
        let mut taken = json!({"components": {"schemas": {
            "EventType": {"type": "integer"},
            "CallAnswered": record(json!(["call.answered"])),
        }}});
        let before = taken.clone();
        let mut log = PatchLog::default();
        one_event_type(&mut taken, &events, &mut log);
        assert_eq!(taken, before);
        assert!(log.lines[0].contains("already named"), "{:?}", log.lines);
    }

    #[test]
    fn closed_objects_are_opened_everywhere_but_examples() {
        let mut doc = json!({
            "components": {"schemas": {
                "A": {"type": "object", "additionalProperties": false,
                      "properties": {"b": {"type": "object", "additionalProperties": false}},
                      "example": {"additionalProperties": false}},
                "Map": {"type": "object", "additionalProperties": {"type": "string"}}
            }},
            "paths": {"/x": {"get": {"responses": {"200": {"content": {"application/json": {
                "schema": {"type": "object", "additionalProperties": false}}}}}}}}
        });
        let mut log = PatchLog::default();
        open_objects(&mut doc, &mut log);
        assert_eq!(log.lines.len(), 3, "{:?}", log.lines);
        assert!(
            doc.pointer("/components/schemas/A/additionalProperties")
                .is_none()
        );
        assert!(
            doc.pointer("/components/schemas/A/properties/b/additionalProperties")
                .is_none()
        );
        assert_eq!(
            doc.pointer("/components/schemas/A/example/additionalProperties"),
            Some(&json!(false)),
            "examples are data, not schemas"
        );
        assert_eq!(
            doc.pointer("/components/schemas/Map/additionalProperties"),
            Some(&json!({"type": "string"})),
            "a typed map stays a map"
        );
        assert!(
            log.lines.iter().any(|l| l.contains("#/paths/~1x/get")),
            "{:?}",
            log.lines
        );
    }

    #[test]
    fn deep_object_params_become_bracketed_leaves() {
        let mut doc = doc_with(
            json!([
                {"$ref": "#/components/parameters/Page"},
                {"name": "filter", "in": "query", "style": "deepObject", "schema": {"type": "object", "properties": {
                    "unique_name": {"type": "string"},
                    "created": {"$ref": "#/components/schemas/DateFilter"}
                }}},
                {"name": "plain", "in": "query", "schema": {"type": "string"}}
            ]),
            json!({"200": {"description": "ok"}}),
        );
        apply_all(&mut doc, Path::new("v.yaml"), &[], &Default::default()).expect("patch");
        let names: Vec<&str> = doc["paths"]["/rooms"]["get"]["parameters"]
            .as_array()
            .expect("params")
            .iter()
            .filter_map(|p| p["name"].as_str())
            .collect();
        assert_eq!(
            names,
            [
                "page[number]",
                "page[size]",
                "filter[created][eq]",
                "filter[created][gte]",
                "filter[unique_name]",
                "plain"
            ]
            .map(String::from)
        );
        let gte = &doc["paths"]["/rooms"]["get"]["parameters"][3];
        assert_eq!(gte["style"], "form");
        assert_eq!(gte["schema"], json!({"type": "string", "format": "date"}));
        assert!(doc.pointer("/components/parameters").is_none());
    }

    #[test]
    fn flattened_leaves_carry_their_ancestors_descriptions() {
        let mut doc = doc_with(
            json!([{"name": "filter", "in": "query", "style": "deepObject", "description": "Filters.",
            "schema": {"type": "object", "properties": {
                "created": {"type": "object", "description": "Match by the day it was created.", "properties": {
                    "gte": {"type": "string", "description": "This day or later."},
                    "eq": {"type": "string"}
                }},
                "name": {"type": "string", "description": "Exact name."}
            }}}]),
            json!({"200": {"description": "ok"}}),
        );
        apply_all(&mut doc, Path::new("v.yaml"), &[], &Default::default()).expect("patch");
        let described: Vec<(String, Option<String>)> = doc["paths"]["/rooms"]["get"]["parameters"]
            .as_array()
            .expect("params")
            .iter()
            .map(|p| {
                (
                    p["name"].as_str().unwrap_or_default().to_owned(),
                    p["description"].as_str().map(str::to_owned),
                )
            })
            .collect();
        assert_eq!(
            described,
            [
                (
                    "filter[created][eq]".to_owned(),
                    Some("Match by the day it was created.".to_owned())
                ),
                (
                    "filter[created][gte]".to_owned(),
                    Some("Match by the day it was created: this day or later.".to_owned())
                ),
                ("filter[name]".to_owned(), Some("Exact name.".to_owned())),
            ]
        );
    }

    #[test]
    fn deep_object_without_properties_is_an_error_naming_the_operation() {
        let mut doc = doc_with(
            json!([{"name": "filter", "in": "query", "style": "deepObject", "schema": {"type": "object"}}]),
            json!({"200": {"description": "ok"}}),
        );
        let err = apply_all(&mut doc, Path::new("v.yaml"), &[], &Default::default())
            .expect_err("nothing to flatten");
        assert_eq!(err.operation.as_deref(), Some("ListRooms"));
        assert_eq!(err.pointer, "/paths/~1rooms/get/parameters/0");
    }

    #[test]
    fn dangling_parameter_ref_is_reported() {
        let mut doc = doc_with(
            json!([{"$ref": "#/components/parameters/Nope"}]),
            json!({"200": {"description": "ok"}}),
        );
        let err = apply_all(&mut doc, Path::new("v.yaml"), &[], &Default::default())
            .expect_err("dangling");
        assert!(err.message.contains("Nope"), "{err}");
        assert_eq!(err.pointer, "/paths/~1rooms/get/parameters/0/$ref");
    }

    #[test]
    fn shared_success_responses_are_inlined_before_stripping() {
        let mut doc = doc_with(
            json!([]),
            json!({"200": {"$ref": "#/components/responses/RoomList"}, "404": {"$ref": "#/components/responses/NotFound"}}),
        );
        doc["components"]["responses"] = json!({
            "RoomList": {"description": "rooms", "content": {"application/json": {"schema": {"type": "array"}}}},
            "NotFound": {"description": "nf"}
        });
        apply_all(&mut doc, Path::new("v.yaml"), &[], &Default::default()).expect("patch");
        assert_eq!(
            doc["paths"]["/rooms"]["get"]["responses"],
            json!({"200": {"description": "rooms", "content": {"application/json": {"schema": {"type": "array"}}}}})
        );
    }

    #[test]
    fn optional_request_fields_lose_their_defaults_required_ones_keep_them() {
        let mut doc = doc_with(
            json!([]),
            json!({"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Room"}}}}}),
        );
        doc["paths"]["/rooms"]["get"]["requestBody"] = json!({"content": {"application/json": {"schema": {"$ref": "#/components/schemas/PatchRoom"}}}});
        doc["components"]["schemas"]["PatchRoom"] = json!({"type": "object", "required": ["name"], "properties": {
            "name": {"type": "string", "default": "x"},
            "enable_recording": {"type": "boolean", "default": false},
            "hooks": {"$ref": "#/components/schemas/Hooks"}
        }});
        doc["components"]["schemas"]["Hooks"] = json!({"type": "object", "properties": {"url": {"type": "string", "format": "uri", "default": ""}}});
        doc["components"]["schemas"]["Room"] =
            json!({"type": "object", "properties": {"max": {"type": "integer", "default": 10}}});
        apply_all(&mut doc, Path::new("v.yaml"), &[], &Default::default()).expect("patch");
        let s = &doc["components"]["schemas"];
        assert_eq!(
            s["PatchRoom"]["properties"]["name"]["default"], "x",
            "required fields keep theirs"
        );
        assert!(
            s["PatchRoom"]["properties"]["enable_recording"]
                .get("default")
                .is_none()
        );
        assert!(
            s["Hooks"]["properties"]["url"].get("default").is_none(),
            "reached through a $ref"
        );
        assert_eq!(
            s["Room"]["properties"]["max"]["default"], 10,
            "response-only schemas are untouched"
        );
    }

    #[test]
    fn error_responses_are_stripped_and_success_kept() {
        let mut doc = doc_with(
            json!([]),
            json!({"200": {"description": "ok"}, "404": {"description": "nf"}, "422": {"description": "x"}, "default": {"description": "d"}}),
        );
        apply_all(&mut doc, Path::new("v.yaml"), &[], &Default::default()).expect("patch");
        let codes: Vec<&String> = doc["paths"]["/rooms"]["get"]["responses"]
            .as_object()
            .expect("responses")
            .keys()
            .collect();
        assert_eq!(codes, ["200"]);
    }

    #[test]
    fn only_error_responses_leave_a_204() {
        let mut doc = doc_with(json!([]), json!({"default": {"description": "d"}}));
        apply_all(&mut doc, Path::new("v.yaml"), &[], &Default::default()).expect("patch");
        assert!(doc["paths"]["/rooms"]["get"]["responses"]["204"].is_object());
    }

    #[test]
    fn differing_success_responses_collapse_to_one_type() {
        let body = json!({"application/json": {"schema": {"type": "object"}}});
        let mut doc = doc_with(
            json!([]),
            json!({"200": {"description": "ok", "content": body}, "202": {"description": "accepted"}, "201": {"description": "same", "content": body}}),
        );
        let log =
            apply_all(&mut doc, Path::new("v.yaml"), &[], &Default::default()).expect("patch");
        let codes: Vec<&String> = doc["paths"]["/rooms"]["get"]["responses"]
            .as_object()
            .expect("responses")
            .keys()
            .collect();
        assert_eq!(codes, ["200", "201"]);
        assert!(
            log.lines.iter().any(|l| l.contains("dropped 202")),
            "{:?}",
            log.lines
        );
    }

    #[test]
    fn alternatives_that_only_require_fields_are_dropped() {
        let mut doc = json!({ "components": { "schemas": { "Start": {
            "type": "object",
            "properties": { "url": { "type": "string" }, "settings": { "type": "object" } },
            "anyOf": [ { "required": ["url"] }, { "required": ["settings"] } ]
        }, "Pick": {
            "oneOf": [ { "$ref": "#/components/schemas/Start" }, { "required": ["x"] } ]
        }}}});
        let mut log = PatchLog::default();
        required_only_alternatives(&mut doc, &mut log);
        assert!(doc["components"]["schemas"]["Start"].get("anyOf").is_none());
        // not an object with properties: a real union, left alone
        assert!(doc["components"]["schemas"]["Pick"].get("oneOf").is_some());
        assert_eq!(log.lines.len(), 1, "{:?}", log.lines);
    }
}
