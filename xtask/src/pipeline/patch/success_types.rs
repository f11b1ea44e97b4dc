//! [`name_success_types`]: a success type reads as what it holds.
//!
//! progenitor names an inline response schema after its operation or its title
//! (`ViewRoomResponse`, `RetrieveCallStatusResponseWithRecordingId` for what `dial` answers),
//! so three operations answering with the same room give three types. Every response of the
//! API is an envelope around `data`; this patch names the envelope for what `data` holds:
//! - one `X` -> `XResponse` (`RoomResponse`, `CallWithRecordingIdResponse`);
//! - a list of `X` with paging metadata -> `XPage`; without -> `XList`.
//!
//! The envelope becomes a component under that name (one for all operations whose envelopes
//! are the same shape), and the old name is recorded in [`OLD_NAMES`] so that the crate keeps
//! a deprecated alias for one release ([`aliases`]). A response whose `data` is no named
//! schema keeps its name.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::{Value, json};

use super::PatchLog;
use super::hoist::shape_key;
use super::whole_spec::variant_name;
use crate::error::escape;
use crate::slice::METHODS;

/// First words of a name that says which operation answered, not what it holds.
const OPERATION_WORDS: &[&str] = &["Retrieve", "View", "List", "Create", "Update", "Get"];

/// Component extension: the names the type had before it was named for what it holds.
pub const OLD_NAMES: &str = "x-telnyx-old-names";

/// See the module docs.
pub fn name_success_types(doc: &mut Value, log: &mut PatchLog) {
    let mut moves: Vec<(String, String, String, Value)> = Vec::new(); // (ptr, old, new, schema)
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            for method in METHODS {
                let Some(op) = item.get(method) else { continue };
                let Some(id) = op.get("operationId").and_then(Value::as_str) else {
                    continue;
                };
                let Some(responses) = op.get("responses").and_then(Value::as_object) else {
                    continue;
                };
                for (code, response) in responses {
                    if !code.starts_with('2') {
                        continue;
                    }
                    let Some(schema) = response.pointer("/content/application~1json/schema") else {
                        continue;
                    };
                    if schema.get("$ref").is_some() {
                        continue;
                    }
                    let Some(new) = held_name(schema) else {
                        continue;
                    };
                    let old = schema
                        .get("title")
                        .and_then(Value::as_str)
                        .map(variant_name)
                        .unwrap_or_else(|| format!("{}Response", variant_name(id)));
                    // a title that names a concept (`Call Control Command Response`) stays;
                    // one that names an operation (`Retrieve Call Status ...`) goes
                    let from_operation = old == format!("{}Response", variant_name(id))
                        || OPERATION_WORDS.iter().any(|w| {
                            old.strip_prefix(w).is_some_and(|rest| {
                                rest.starts_with(|c: char| c.is_ascii_uppercase())
                            })
                        });
                    if old == new || !from_operation {
                        continue;
                    }
                    let ptr = format!(
                        "/paths/{}/{method}/responses/{}/content/application~1json/schema",
                        escape(path),
                        escape(code)
                    );
                    moves.push((ptr, old, new, schema.clone()));
                }
            }
        }
    }
    for (ptr, old, new, schema) in moves {
        let mut bare = schema.clone();
        if let Some(m) = bare.as_object_mut() {
            m.remove("title");
        }
        let existing = doc
            .pointer(&format!("/components/schemas/{}", escape(&new)))
            .cloned();
        match existing {
            Some(e) if shape_key(&without_mark(&e)) != shape_key(&bare) => {
                log.note(
                    "name_success_types",
                    format!("#{ptr}: keeps {old}, {new} names another shape"),
                );
                continue;
            }
            Some(_) => {}
            None => {
                if let Some(schemas) = doc
                    .as_object_mut()
                    .map(|d| d.entry("components").or_insert_with(|| json!({})))
                    .and_then(Value::as_object_mut)
                    .map(|c| c.entry("schemas").or_insert_with(|| json!({})))
                    .and_then(Value::as_object_mut)
                {
                    schemas.insert(new.clone(), bare);
                }
            }
        }
        if let Some(Value::Object(component)) =
            doc.pointer_mut(&format!("/components/schemas/{}", escape(&new)))
        {
            let olds = component.entry(OLD_NAMES).or_insert_with(|| json!([]));
            if let Some(list) = olds.as_array_mut()
                && !list.iter().any(|v| v == old.as_str())
            {
                list.push(json!(old));
            }
        }
        if let Some(node) = doc.pointer_mut(&ptr) {
            *node = json!({ "$ref": format!("#/components/schemas/{new}") });
        }
        log.note("name_success_types", format!("{old} -> {new}"));
    }
}

fn without_mark(v: &Value) -> Value {
    let mut v = v.clone();
    if let Some(m) = v.as_object_mut() {
        m.remove(OLD_NAMES);
    }
    v
}

/// The name for an envelope around `data`, when `data` is a named schema or a list of one.
fn held_name(schema: &Value) -> Option<String> {
    let data = schema.pointer("/properties/data")?;
    let named = |v: &Value| {
        v.get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
            .map(|n| variant_name(&crate::error::unescape(n)))
    };
    if let Some(one) = named(data) {
        return Some(format!("{one}Response"));
    }
    let item = named(data.get("items")?)?;
    let paged = schema.pointer("/properties/meta").is_some();
    Some(if paged {
        format!("{item}Page")
    } else {
        format!("{item}List")
    })
}

/// `#[deprecated] pub type Old = New;` for every renamed success type, for the `types`
/// module.
pub fn aliases(doc: &Value) -> TokenStream {
    let Some(schemas) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return TokenStream::new();
    };
    let mut out = TokenStream::new();
    for (name, schema) in schemas {
        let Some(olds) = schema.get(OLD_NAMES).and_then(Value::as_array) else {
            continue;
        };
        let new = format_ident!("{}", variant_name(name));
        for old in olds.iter().filter_map(Value::as_str) {
            let old_ident = format_ident!("{old}");
            let note = format!("renamed to `{new}` (named for what it holds)");
            out.extend(quote! {
                #[deprecated(note = #note)]
                #[doc(hidden)]
                pub type #old_ident = #new;
            });
        }
    }
    out
}

/// Add the aliases to the `types` items, leaving out an old name that another item has (a
/// title that named a request body too) or that two envelopes had (no alias can be right).
pub fn add_aliases(types: &mut Vec<syn::Item>, aliases: Vec<syn::Item>) {
    let ident = |item: &syn::Item| match item {
        syn::Item::Struct(s) => Some(s.ident.to_string()),
        syn::Item::Enum(e) => Some(e.ident.to_string()),
        syn::Item::Type(t) => Some(t.ident.to_string()),
        _ => None,
    };
    let taken: std::collections::BTreeSet<String> = types.iter().filter_map(ident).collect();
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for a in &aliases {
        if let Some(name) = ident(a) {
            *counts.entry(name).or_default() += 1;
        }
    }
    types.extend(aliases.into_iter().filter(|a| {
        ident(a).is_some_and(|name| !taken.contains(&name) && counts.get(&name) == Some(&1))
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(id: &str, schema: Value) -> Value {
        json!({ "operationId": id, "responses": { "200": {
            "description": "ok", "content": { "application/json": { "schema": schema } } } } })
    }

    #[test]
    fn envelopes_are_named_for_what_they_hold_and_shared() {
        let one = json!({ "type": "object", "properties": {
            "data": { "$ref": "#/components/schemas/Room" } } });
        let page = json!({ "type": "object", "properties": {
            "data": { "type": "array", "items": { "$ref": "#/components/schemas/Room" } },
            "meta": { "type": "object" } } });
        let mut doc = json!({
            "paths": {
                "/rooms": { "get": op("ListRooms", page), "post": op("CreateRoom", one.clone()) },
                "/rooms/{id}": { "get": op("ViewRoom", one) }
            },
            "components": { "schemas": { "Room": { "type": "object" } } }
        });
        let mut log = PatchLog::default();
        name_success_types(&mut doc, &mut log);
        let s = &doc["components"]["schemas"];
        assert_eq!(
            s["RoomResponse"][OLD_NAMES],
            json!(["CreateRoomResponse", "ViewRoomResponse"])
        );
        assert_eq!(s["RoomPage"][OLD_NAMES], json!(["ListRoomsResponse"]));
        assert_eq!(
            doc["paths"]["/rooms/{id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"],
            json!({ "$ref": "#/components/schemas/RoomResponse" })
        );
        let code = aliases(&doc).to_string();
        assert!(
            code.contains("pub type ViewRoomResponse = RoomResponse"),
            "{code}"
        );
    }

    #[test]
    fn a_response_without_a_named_datum_keeps_its_name() {
        let mut doc = json!({ "paths": { "/x": { "post": op("Kick", json!({
            "type": "object", "properties": { "data": { "type": "object" } } })) } } });
        let before = doc.clone();
        name_success_types(&mut doc, &mut PatchLog::default());
        assert_eq!(doc, before);
    }
}
