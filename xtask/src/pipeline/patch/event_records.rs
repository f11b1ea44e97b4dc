//! Two generic types for what every webhook event repeats: the body and the record.
//!
//! Each webhook event is three schemas: the body (`{"data": record}`), the record
//! (`event_type`, `id`, `occurred_at`, `payload`, `record_type`) and the payload. Bodies
//! all have the one field `data`, and most records differ only in the type of their
//! `payload`, yet typify writes each as a struct of its own, every one with six derives to
//! compile: 55 copies of the body and 44 of the record, two fifths of the webhooks crate's
//! build.
//!
//! [`generic_event_records`] marks those schemas with typify's `x-rust-type` extension,
//! naming a generic type of the webhooks crate with the payload (or the record) as its
//! type parameter; typify then writes none of them (the crate must be enabled with
//! `with_crate`: [`crates`]). [`items`] writes the two generic structs once, and one type
//! alias per marked schema under the name typify would have given it, so every name stays:
//! `CallAnsweredEvent = Envelope<CallAnswered>`, `CallAnswered =
//! EventRecord<CallAnsweredPayload>`.
//!
//! A record joins only if each of its fields is exactly what [`EventRecord`]'s field says
//! (the `EventType` of [`super::one_event_type`], a UUID, a date-time, the hoisted
//! `RecordType`); any other record keeps a struct of its own, and `--explain` says why.
//!
//! [`EventRecord`]: items

use std::collections::{BTreeMap, BTreeSet};

use heck::ToPascalCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::{Map, Value, json};

use super::PatchLog;

/// typify's extension naming an existing Rust type for a schema.
const EXTENSION: &str = "x-rust-type";
/// The generic type of a body, under the crate's `types` module.
const ENVELOPE: &str = "Envelope";
/// The generic type of a record, under the crate's `types` module.
const RECORD: &str = "EventRecord";

/// A record's fields other than `payload`, as the generic struct types them (descriptions
/// left out).
fn record_fields() -> [(&'static str, Value); 4] {
    [
        (
            "event_type",
            json!({"$ref": "#/components/schemas/EventType"}),
        ),
        ("id", json!({"type": "string", "format": "uuid"})),
        (
            "occurred_at",
            json!({"type": "string", "format": "date-time"}),
        ),
        (
            "record_type",
            json!({"$ref": "#/components/schemas/RecordType"}),
        ),
    ]
}

/// A schema without the members that only document it; `allOf` of one `$ref` (how a field
/// keeps its own description beside a reference) reads as the `$ref`.
fn shape(schema: &Value) -> Value {
    let Value::Object(map) = schema else {
        return schema.clone();
    };
    let bare: Map<String, Value> = map
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "description" | "title" | "example"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if bare.len() == 1
        && let Some([only]) = bare
            .get("allOf")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
        && ref_name(only).is_some()
        && only.as_object().is_some_and(|m| m.len() == 1)
    {
        return only.clone();
    }
    Value::Object(bare)
}

/// The `properties` of an object schema with no required member, or why not.
fn open_properties(schema: &Value) -> Result<&Map<String, Value>, &'static str> {
    if schema.get("type").is_some_and(|t| t != "object") {
        return Err("not an object");
    }
    if schema
        .get("required")
        .and_then(Value::as_array)
        .is_some_and(|r| !r.is_empty())
    {
        return Err("it has required members");
    }
    for key in ["allOf", "oneOf", "anyOf", "enum", "nullable"] {
        if schema.get(key).is_some() {
            return Err("it is not a plain object");
        }
    }
    schema
        .get("properties")
        .and_then(Value::as_object)
        .ok_or("it has no properties")
}

/// The schema name a `$ref` to a component names.
fn ref_name(schema: &Value) -> Option<&str> {
    schema
        .get("$ref")
        .and_then(Value::as_str)?
        .strip_prefix("#/components/schemas/")
}

fn extension(krate: &str, generic: &str, parameter: &str) -> Value {
    json!({
        "crate": krate,
        "version": "*",
        "path": format!("{}::types::{generic}", krate.replace('-', "_")),
        "parameters": [{"$ref": format!("#/components/schemas/{parameter}")}],
    })
}

/// Mark every body and record of the manifest's events that the generic types can stand
/// for; see the module docs. `krate` is the crate the generated types go in. Does nothing
/// for a domain without events.
pub fn generic_event_records(
    doc: &mut Value,
    events: &BTreeMap<String, String>,
    krate: &str,
    log: &mut PatchLog,
) {
    const PATCH: &str = "generic_event_records";
    let Some(schemas) = super::event_schemas(doc, events, &[ENVELOPE, RECORD], PATCH, log) else {
        return;
    };
    // body schema -> record schema
    let mut bodies: BTreeMap<String, String> = BTreeMap::new();
    for body in events.values().collect::<BTreeSet<_>>() {
        let Some(schema) = schemas.get(body.as_str()) else {
            continue;
        };
        let record = match open_properties(schema) {
            Ok(props) if props.len() == 1 => props.get("data").and_then(ref_name),
            _ => None,
        };
        match record {
            Some(record) if schemas.contains_key(record) => {
                bodies.insert(body.clone(), record.to_owned());
            }
            _ => log.note(
                PATCH,
                format!("{body} is not a body with one `data` record: left as it is"),
            ),
        }
    }
    let taken: BTreeSet<String> = schemas.keys().cloned().collect();
    let mut records: BTreeMap<String, String> = BTreeMap::new();
    for record in bodies.values().collect::<BTreeSet<_>>() {
        let schema = &schemas[record.as_str()];
        let fields = match open_properties(schema) {
            Ok(props) => props,
            Err(why) => {
                log.note(PATCH, format!("{record} keeps its struct: {why}"));
                continue;
            }
        };
        let expected: BTreeSet<&str> = record_fields()
            .iter()
            .map(|(n, _)| *n)
            .chain(["payload"])
            .collect();
        let names: BTreeSet<&str> = fields.keys().map(String::as_str).collect();
        if names != expected {
            log.note(
                PATCH,
                format!("{record} keeps its struct: its fields are {names:?}"),
            );
            continue;
        }
        if let Some((name, _)) = record_fields()
            .into_iter()
            .find(|(name, want)| shape(&fields[*name]) != *want)
        {
            log.note(
                PATCH,
                format!("{record} keeps its struct: `{name}` is not of the shared type"),
            );
            continue;
        }
        let payload = &fields["payload"];
        let payload_shape = shape(payload);
        let payload_name = match ref_name(&payload_shape) {
            Some(name) if payload_shape.as_object().is_some_and(|m| m.len() == 1) => {
                name.to_owned()
            }
            Some(_) => {
                log.note(
                    PATCH,
                    format!("{record} keeps its struct: its `payload` is a `$ref` with siblings"),
                );
                continue;
            }
            None => {
                let name = format!("{record}Payload");
                let object = open_properties(payload).is_ok();
                if !object || taken.contains(&name) || records.values().any(|p| *p == name) {
                    log.note(
                        PATCH,
                        format!("{record} keeps its struct: its payload cannot be named `{name}`"),
                    );
                    continue;
                }
                name
            }
        };
        records.insert(record.clone(), payload_name);
    }
    // the inline payloads become components, named as typify named them in place
    for (record, payload) in &records {
        let Some(inline) = schemas
            .get_mut(record)
            .and_then(|s| s.pointer_mut("/properties/payload"))
        else {
            continue;
        };
        if ref_name(&shape(inline)).is_none() {
            let moved = std::mem::replace(
                inline,
                json!({"$ref": format!("#/components/schemas/{payload}")}),
            );
            schemas.insert(payload.clone(), moved);
        }
    }
    for (record, payload) in &records {
        if let Some(schema) = schemas.get_mut(record).and_then(Value::as_object_mut) {
            schema.insert(EXTENSION.to_owned(), extension(krate, RECORD, payload));
            log.note(PATCH, format!("{record} is `{RECORD}<{payload}>`"));
        }
    }
    for (body, record) in &bodies {
        if let Some(schema) = schemas.get_mut(body).and_then(Value::as_object_mut) {
            schema.insert(EXTENSION.to_owned(), extension(krate, ENVELOPE, record));
            log.note(PATCH, format!("{body} is `{ENVELOPE}<{record}>`"));
        }
    }
}

/// The crates named by the extensions [`generic_event_records`] wrote, for typify's
/// `with_crate` (without it typify ignores them and writes the structs).
pub fn crates(doc: &Value) -> BTreeSet<String> {
    marked(doc).map(|(_, m)| m.krate).collect()
}

struct Marked {
    krate: String,
    generic: String,
    parameter: String,
}

/// Each schema carrying one of this patch's extensions, with what it names.
fn marked(doc: &Value) -> impl Iterator<Item = (&String, Marked)> {
    doc.pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(name, schema)| {
            let ext = schema.get(EXTENSION)?;
            let krate = ext.get("crate")?.as_str()?.to_owned();
            let generic = ext.get("path")?.as_str()?.rsplit("::").next()?.to_owned();
            if generic != ENVELOPE && generic != RECORD {
                return None;
            }
            let parameter = ref_name(ext.get("parameters")?.get(0)?)?.to_owned();
            Some((
                name,
                Marked {
                    krate,
                    generic,
                    parameter,
                },
            ))
        })
}

/// The `types` items that stand for the marked schemas: the generic structs that are used,
/// and an alias per schema, documented with the schema's description.
pub fn items(doc: &Value) -> TokenStream {
    let schemas = doc.pointer("/components/schemas");
    let mut used = BTreeSet::new();
    let mut aliases = TokenStream::new();
    for (name, marked) in marked(doc) {
        used.insert(marked.generic.clone());
        let alias = format_ident!("{}", name.to_pascal_case());
        let generic = format_ident!("{}", marked.generic);
        let parameter = format_ident!("{}", marked.parameter.to_pascal_case());
        let doc = schemas
            .and_then(|s| s.get(name))
            .and_then(|s| s.get("description").or_else(|| s.get("title")))
            .and_then(Value::as_str)
            .map(|d| quote!(#[doc = #d]));
        aliases.extend(quote! {
            #doc
            pub type #alias = #generic<#parameter>;
        });
    }
    let mut out = TokenStream::new();
    if used.contains(ENVELOPE) {
        out.extend(quote! {
            /// A webhook body as Telnyx posts it: one event record under `data`.
            ///
            /// Each body type of this module (`CallAnsweredEvent`, ...) is this struct
            /// around its event's record.
            #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
            pub struct Envelope<R> {
                /// The event record.
                #[serde(skip_serializing_if = "::std::option::Option::is_none")]
                pub data: ::std::option::Option<R>,
                /// Members of the object that this version of the SDK does not know, as sent.
                #[serde(flatten)]
                pub extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
            }
        });
    }
    if used.contains(RECORD) {
        out.extend(quote! {
            /// One webhook event: what every event carries, and the payload `P` of its
            /// event type.
            ///
            /// Most record types of this module (`CallAnswered`, ...) are this struct
            /// with their own payload type; events whose payloads have the same fields
            /// share one type.
            #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
            pub struct EventRecord<P> {
                /// The name of the event, e.g. `call.answered`.
                #[serde(skip_serializing_if = "::std::option::Option::is_none")]
                pub event_type: ::std::option::Option<EventType>,
                /// Identifies this event; a repeated delivery has the same id.
                #[serde(skip_serializing_if = "::std::option::Option::is_none")]
                pub id: ::std::option::Option<::uuid::Uuid>,
                /// When the event happened.
                #[serde(skip_serializing_if = "::std::option::Option::is_none")]
                pub occurred_at:
                    ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
                /// The details of this event type.
                #[serde(skip_serializing_if = "::std::option::Option::is_none")]
                pub payload: ::std::option::Option<P>,
                /// The kind of record: `event`.
                #[serde(skip_serializing_if = "::std::option::Option::is_none")]
                pub record_type: ::std::option::Option<RecordType>,
                /// Members of the object that this version of the SDK does not know, as sent.
                #[serde(flatten)]
                pub extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
            }
        });
    }
    out.extend(aliases);
    out
}

/// A type alias of `items` resolved: the generic struct's name and its argument's name,
/// for readers of the generated tree (the facade's event model, the `records!` list).
pub fn alias_target(tree_types: &[syn::Item], name: &str) -> Option<(String, String)> {
    tree_types.iter().find_map(|item| match item {
        syn::Item::Type(t) if t.ident == name => {
            let syn::Type::Path(path) = &*t.ty else {
                return None;
            };
            let last = path.path.segments.last()?;
            let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
                return None;
            };
            let Some(syn::GenericArgument::Type(syn::Type::Path(arg))) = args.args.first() else {
                return None;
            };
            Some((
                last.ident.to_string(),
                arg.path.segments.last()?.ident.to_string(),
            ))
        }
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn body(record: &str) -> Value {
        json!({"description": format!("Body of {record}."), "type": "object", "properties": {
            "data": {"$ref": format!("#/components/schemas/{record}")}}})
    }

    fn record(payload: Value) -> Value {
        json!({"description": "A record.", "type": "object", "properties": {
            "event_type": {"description": "Which.", "allOf": [{"$ref": "#/components/schemas/EventType"}]},
            "id": {"description": "Id.", "type": "string", "format": "uuid"},
            "occurred_at": {"type": "string", "format": "date-time"},
            "payload": payload,
            "record_type": {"description": "Kind.", "allOf": [{"$ref": "#/components/schemas/RecordType"}]},
        }})
    }

    fn inline_payload() -> Value {
        json!({"description": "Details.", "type": "object", "properties": {"to": {"type": "string"}}})
    }

    #[test]
    fn bodies_and_records_of_the_shared_shape_name_the_generic_types() {
        let mut doc = json!({"components": {"schemas": {
            "CallAnsweredEvent": body("CallAnswered"),
            "CallAnswered": record(inline_payload()),
            "CallForkStartedEvent": body("CallForkStarted"),
            "CallForkStarted": record(json!({"$ref": "#/components/schemas/CallForkPayload"})),
            "CallForkStoppedEvent": body("CallForkStopped"),
            "CallForkStopped": record(json!({"description": "Fork.",
                "allOf": [{"$ref": "#/components/schemas/CallForkPayload"}]})),
            "CallForkPayload": inline_payload(),
        }}});
        let mut log = PatchLog::default();
        generic_event_records(
            &mut doc,
            &events(&[
                ("call.answered", "CallAnsweredEvent"),
                ("call.fork.started", "CallForkStartedEvent"),
                ("call.fork.stopped", "CallForkStoppedEvent"),
            ]),
            "telnyx-sdk-webhooks",
            &mut log,
        );
        let s = &doc["components"]["schemas"];
        // the inline payload moved to a component named as typify named it in place
        assert_eq!(s["CallAnsweredPayload"], inline_payload());
        assert_eq!(
            s["CallAnswered"]["properties"]["payload"],
            json!({"$ref": "#/components/schemas/CallAnsweredPayload"})
        );
        assert_eq!(
            s["CallAnswered"][EXTENSION],
            json!({"crate": "telnyx-sdk-webhooks", "version": "*",
                "path": "telnyx_sdk_webhooks::types::EventRecord",
                "parameters": [{"$ref": "#/components/schemas/CallAnsweredPayload"}]})
        );
        assert_eq!(
            s["CallForkStopped"][EXTENSION]["parameters"][0]["$ref"],
            "#/components/schemas/CallForkPayload"
        );
        assert_eq!(
            s["CallAnsweredEvent"][EXTENSION]["path"],
            "telnyx_sdk_webhooks::types::Envelope"
        );
        assert_eq!(
            crates(&doc),
            BTreeSet::from(["telnyx-sdk-webhooks".to_owned()])
        );

        let text = items(&doc).to_string();
        for alias in [
            "pub type CallAnswered = EventRecord < CallAnsweredPayload >",
            "pub type CallForkStarted = EventRecord < CallForkPayload >",
            "pub type CallForkStopped = EventRecord < CallForkPayload >",
            "pub type CallAnsweredEvent = Envelope < CallAnswered >",
            "pub struct Envelope < R >",
            "pub struct EventRecord < P >",
            "# [doc = \"Body of CallAnswered.\"]",
        ] {
            assert!(text.contains(alias), "{alias} in {text}");
        }
        let file: syn::File = syn::parse2(items(&doc)).expect("items parse");
        assert_eq!(
            alias_target(&file.items, "CallForkStarted"),
            Some(("EventRecord".into(), "CallForkPayload".into()))
        );
        assert_eq!(alias_target(&file.items, "CallForkPayload"), None);
    }

    #[test]
    fn a_record_of_another_shape_keeps_its_struct_and_its_body_still_wraps_it() {
        let mut missing = record(inline_payload());
        if let Some(props) = missing["properties"].as_object_mut() {
            props.remove("occurred_at");
        }
        let mut required = record(inline_payload());
        required["required"] = json!(["id"]);
        let mut plain_id = record(inline_payload());
        plain_id["properties"]["id"] = json!({"type": "string"});
        let mut doc = json!({"components": {"schemas": {
            "ConferenceCreatedEvent": body("ConferenceCreated"),
            "ConferenceCreated": missing,
            "RequiredEvent": body("Required"),
            "Required": required,
            "PlainIdEvent": body("PlainId"),
            "PlainId": plain_id,
            // the payload's name is taken by another schema
            "TakenEvent": body("Taken"),
            "Taken": record(inline_payload()),
            "TakenPayload": {"type": "string"},
            // not a body: two members
            "Bare": {"type": "object", "properties": {"data": {"$ref": "#/components/schemas/Taken"}, "meta": {}}},
        }}});
        let before = doc.clone();
        let mut log = PatchLog::default();
        generic_event_records(
            &mut doc,
            &events(&[
                ("conference.created", "ConferenceCreatedEvent"),
                ("a", "RequiredEvent"),
                ("b", "PlainIdEvent"),
                ("c", "TakenEvent"),
                ("d", "Bare"),
            ]),
            "telnyx-sdk-webhooks",
            &mut log,
        );
        let s = &doc["components"]["schemas"];
        for kept in [
            "ConferenceCreated",
            "Required",
            "PlainId",
            "Taken",
            "Bare",
            "TakenPayload",
        ] {
            assert_eq!(s[kept], before["components"]["schemas"][kept], "{kept}");
        }
        assert_eq!(
            s["ConferenceCreatedEvent"][EXTENSION]["parameters"][0]["$ref"],
            "#/components/schemas/ConferenceCreated"
        );
        let text = items(&doc).to_string();
        assert!(text.contains("pub struct Envelope"), "{text}");
        assert!(!text.contains("pub struct EventRecord"), "{text}");
        assert_eq!(
            log.lines
                .iter()
                .filter(|l| l.contains("keeps its struct"))
                .count(),
            4,
            "{:?}",
            log.lines
        );
        assert!(log.lines.iter().any(|l| l.contains("Bare is not a body")));
    }

    #[test]
    fn a_domain_without_events_or_with_the_names_taken_is_left_alone() {
        let mut doc = json!({"components": {"schemas": {
            "CallAnsweredEvent": body("CallAnswered"),
            "CallAnswered": record(inline_payload()),
        }}});
        let before = doc.clone();
        let mut log = PatchLog::default();
        generic_event_records(&mut doc, &BTreeMap::new(), "k", &mut log);
        assert_eq!(doc, before);
        assert!(items(&doc).is_empty());

        doc["components"]["schemas"]["EventRecord"] = json!({"type": "string"});
        let before = doc.clone();
        generic_event_records(
            &mut doc,
            &events(&[("call.answered", "CallAnsweredEvent")]),
            "k",
            &mut log,
        );
        assert_eq!(doc, before);
        assert_eq!(log.lines.len(), 1, "{:?}", log.lines);
    }
}
