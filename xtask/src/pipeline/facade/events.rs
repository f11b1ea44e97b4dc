//! The webhook `Event` enum and its dispatch table, from the manifest's event list and the
//! webhooks crate's generated types.
//!
//! Per event the generator reads, from the generated types: the record type (the type of
//! the schema's `data` field, or the schema itself when it has no `data` envelope), whether
//! the record has an `id`, and where it keeps `occurred_at` (on the record, in its
//! `payload`, or nowhere).

use heck::ToPascalCase;
use quote::{ToTokens, quote};
use serde_json::Value;

use super::render::docs;
use crate::error::SpecError;
use crate::manifest::Domain;

/// Where a record keeps its `occurred_at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OccurredAt {
    Record,
    Payload,
    Nowhere,
}

/// Where a record's payload keeps a `client_state`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientState {
    /// A `client_state` field of the payload type.
    Field,
    /// No such field, but the payload keeps the members it does not know (`extra`).
    Extra,
    Nowhere,
}

/// One webhook event.
#[derive(Debug, Clone)]
pub struct EventModel {
    /// As sent in `data.event_type`, e.g. `conference.created`.
    pub event_type: String,
    /// Variant name, e.g. `ConferenceCreated`.
    pub variant: String,
    /// The record's type name under `types`.
    pub record: String,
    pub has_id: bool,
    pub occurred_at: OccurredAt,
    pub client_state: ClientState,
    pub doc: Option<String>,
}

/// The fields of a struct under `types`, or of the generic struct an alias of
/// `patch::event_records` names, with its type parameter replaced by the alias's argument.
fn struct_fields(tree: &syn::File, name: &str) -> Option<Vec<(String, syn::Type)>> {
    let types = crate::postprocess::types_items_ref(tree)?;
    let find = |name: &str| {
        types.iter().find_map(|i| match i {
            syn::Item::Struct(s) if s.ident == name => Some(s),
            _ => None,
        })
    };
    let (item, parameter) = match find(name) {
        Some(item) => (item, None),
        None => {
            let (generic, argument) = crate::patch::event_records::alias_target(types, name)?;
            let item = find(&generic)?;
            let param = item.generics.type_params().next()?.ident.to_string();
            (item, Some((param, argument)))
        }
    };
    Some(
        item.fields
            .iter()
            .filter_map(|f| {
                let mut ty = f.ty.clone();
                if let Some((param, argument)) = &parameter {
                    let text = ty.to_token_stream().to_string();
                    let replaced: String = text
                        .split(' ')
                        .map(|t| if t == param { argument.as_str() } else { t })
                        .collect::<Vec<_>>()
                        .join(" ");
                    ty = syn::parse_str(&replaced).ok()?;
                }
                Some((f.ident.as_ref()?.to_string(), ty))
            })
            .collect(),
    )
}

/// The last path segment of a type, looking through `Option<..>` and `Box<..>`.
fn type_name(ty: &syn::Type) -> Option<String> {
    let syn::Type::Path(tp) = ty else { return None };
    let last = tp.path.segments.last()?;
    if last.ident == "Option" || last.ident == "Box" {
        if let syn::PathArguments::AngleBracketed(args) = &last.arguments
            && let Some(syn::GenericArgument::Type(inner)) = args.args.first()
        {
            return type_name(inner);
        }
        return None;
    }
    Some(last.ident.to_string())
}

fn is_optional_of(ty: &syn::Type, inner: &str) -> bool {
    let text = ty.to_token_stream().to_string().replace(' ', "");
    text.starts_with("::std::option::Option<") && text.contains(inner)
}

/// The Rust name typify gives a schema.
fn typify_name(schema: &str) -> String {
    schema.to_pascal_case()
}

/// The events of the webhooks domain.
pub fn build(
    domain: &Domain,
    doc: &Value,
    tree: &syn::File,
    file: &std::path::Path,
) -> Result<Vec<EventModel>, SpecError> {
    let mut out = Vec::new();
    for (event_type, schema) in &domain.events {
        let at = format!("/components/schemas/{schema}");
        let fail =
            |m: String| SpecError::new(file, at.clone(), format!("event `{event_type}`: {m}"));
        // typify names a type after its schema in PascalCase (`CallAIGatherEndedEvent` ->
        // `CallAiGatherEndedEvent`)
        let schema = &typify_name(schema);
        let Some(fields) = struct_fields(tree, schema) else {
            return Err(fail(format!("no generated type `{schema}`")));
        };
        let record = match fields.iter().find(|(n, _)| n == "data") {
            Some((_, ty)) => {
                type_name(ty).ok_or_else(|| fail("`data` is not a named type".into()))?
            }
            None => schema.clone(),
        };
        let Some(record_fields) = struct_fields(tree, &record) else {
            return Err(fail(format!("no generated record type `{record}`")));
        };
        let field = |n: &str| record_fields.iter().find(|(f, _)| f == n).map(|(_, t)| t);
        let has_id = field("id").is_some_and(|t| is_optional_of(t, "Uuid"));
        let occurred_at = if field("occurred_at").is_some_and(|t| is_optional_of(t, "DateTime")) {
            OccurredAt::Record
        } else if let Some(payload) = field("payload")
            && is_optional_of(payload, "")
            && let Some(p) = type_name(payload)
            && struct_fields(tree, &p).is_some_and(|pf| {
                pf.iter()
                    .any(|(n, t)| n == "occurred_at" && is_optional_of(t, "DateTime"))
            })
        {
            OccurredAt::Payload
        } else {
            OccurredAt::Nowhere
        };
        // an optional payload (`record.payload.as_ref()`), as every event schema has
        let payload_fields = field("payload")
            .filter(|t| is_optional_of(t, ""))
            .and_then(type_name)
            .and_then(|p| struct_fields(tree, &p))
            .unwrap_or_default();
        let client_state = if payload_fields
            .iter()
            .any(|(n, t)| n == "client_state" && is_optional_of(t, "String"))
        {
            ClientState::Field
        } else if payload_fields
            .iter()
            .any(|(n, t)| n == "extra" && t.to_token_stream().to_string().contains("Map <"))
        {
            ClientState::Extra
        } else {
            ClientState::Nowhere
        };
        let description = doc
            .pointer(&format!("{at}/description"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        out.push(EventModel {
            event_type: event_type.clone(),
            variant: event_type
                .split(['.', '_'])
                .map(|s| s.to_pascal_case())
                .collect(),
            record,
            has_id,
            occurred_at,
            client_state,
            doc: description,
        });
    }
    out.sort_by(|a, b| a.event_type.cmp(&b.event_type));
    Ok(out)
}

/// `generated/events.rs`.
pub fn render(events: &[EventModel]) -> proc_macro2::TokenStream {
    let variant = |e: &EventModel| super::render_ident(&e.variant);
    let record = |e: &EventModel| super::render_ident(&e.record);
    let variants = events.iter().map(|e| {
        let v = variant(e);
        let r = record(e);
        let mut text = format!("`{}`", e.event_type);
        if let Some(d) = &e.doc {
            text.push_str(&format!(": {}", d.trim()));
        }
        let doc = docs(&text);
        quote! {
            #doc
            #v(Box<types::#r>),
        }
    });
    let types: Vec<&str> = events.iter().map(|e| e.event_type.as_str()).collect();
    let count = events.len();
    let count_doc = docs(&format!(
        "```\nassert!(telnyx_sdk::webhooks::EVENT_TYPES.contains(&{:?}));\nassert_eq!(telnyx_sdk::webhooks::EVENT_TYPES.len(), {count});\n```",
        types.first().copied().unwrap_or("none")
    ));
    let dispatch = events.iter().map(|e| {
        let v = variant(e);
        let t = &e.event_type;
        quote! { #t => decode::record(body, enveloped).map(Event::#v), }
    });
    let names = events.iter().map(|e| {
        let v = variant(e);
        let t = &e.event_type;
        quote! { Event::#v(_) => #t, }
    });
    let ids = events.iter().map(|e| {
        let v = variant(e);
        if e.has_id {
            quote! { Event::#v(record) => record.id, }
        } else {
            quote! { Event::#v(_) => None, }
        }
    });
    let times = events.iter().map(|e| {
        let v = variant(e);
        match e.occurred_at {
            OccurredAt::Record => quote! { Event::#v(record) => record.occurred_at, },
            OccurredAt::Payload => {
                quote! { Event::#v(record) => record.payload.as_ref().and_then(|p| p.occurred_at), }
            }
            OccurredAt::Nowhere => quote! { Event::#v(_) => None, },
        }
    });
    let states = events.iter().map(|e| {
        let v = variant(e);
        match e.client_state {
            ClientState::Field => quote! {
                Event::#v(record) => record.payload.as_ref().and_then(|p| p.client_state.as_deref()),
            },
            ClientState::Extra => quote! {
                Event::#v(record) => record.payload.as_ref().and_then(|p| p.extra.get("client_state")?.as_str()),
            },
            ClientState::Nowhere => quote! { Event::#v(_) => None, },
        }
    });
    let serialize = events.iter().map(|e| {
        let v = variant(e);
        quote! { Event::#v(record) => decode::Envelope { data: &**record }.serialize(serializer), }
    });
    quote! {
        //! The webhook event enum: one variant per event type of `openapi/domains.toml`.

        use chrono::{DateTime, Utc};
        use serde::{Serialize, Serializer};

        use crate::webhooks::{WebhookError, decode, types};

        /// A verified Telnyx webhook event, one variant per event type.
        ///
        /// Each known variant holds the event record (the `data` object of the body) as the
        /// generated type from [`types`](crate::webhooks::types); an event type this SDK does
        /// not know yet is [`Event::Unknown`], never an error. Dispatch is on
        /// `data.event_type` (or the top-level `event_type` of a body sent without the `data`
        /// envelope).
        ///
        /// Serializing an `Event` gives `{"data": <record>}` for known events and the body as
        /// received for unknown ones, so [`Event::from_slice`] reads it back.
        ///
        /// ```
        /// use telnyx_sdk::webhooks::Event;
        ///
        /// let body = br#"{"data":{"event_type":"conference.ended","payload":{"reason":"all_left"}}}"#;
        /// let event = Event::from_slice(body)?;
        /// assert_eq!(event.event_type(), "conference.ended");
        /// # Ok::<(), telnyx_sdk::webhooks::WebhookError>(())
        /// ```
        #[derive(Clone, Debug)]
        #[non_exhaustive]
        pub enum Event {
            #(#variants)*
            /// An event type this SDK does not know (yet): nothing is lost, the body is kept.
            Unknown {
                /// The `event_type` as sent, e.g. `call.something.new`.
                event_type: String,
                /// The whole body as received, parsed as JSON.
                raw: serde_json::Value,
            },
        }

        /// Every event type [`Event`] has a variant for, as sent in `data.event_type`.
        ///
        #count_doc
        pub const EVENT_TYPES: &[&str] = &[#(#types),*];

        impl Event {
            /// Decodes a body (already verified) into an event.
            ///
            /// Use [`WebhookVerifier::unwrap`](crate::webhooks::WebhookVerifier::unwrap) on
            /// requests from the network: this function checks no signature.
            ///
            /// # Errors
            ///
            /// [`WebhookError::Payload`], with the path of the problem, when the body is not a
            /// JSON object with an event type, or when a known event's fields have the wrong
            /// shape.
            pub fn from_slice(body: &[u8]) -> Result<Self, WebhookError> {
                let (event_type, enveloped) = decode::event_type(body)?;
                match &*event_type {
                    #(#dispatch)*
                    _ => Ok(Event::Unknown {
                        event_type: event_type.into_owned(),
                        raw: decode::parse(body)?,
                    }),
                }
            }

            /// The event type, as sent in `data.event_type`.
            pub fn event_type(&self) -> &str {
                match self {
                    #(#names)*
                    Event::Unknown { event_type, .. } => event_type,
                }
            }

            /// The event's unique id (`data.id`); `None` when absent (or, for an unknown event,
            /// not a UUID). Telnyx may deliver an event more than once: deduplicate on it.
            pub fn id(&self) -> Option<uuid::Uuid> {
                match self {
                    #(#ids)*
                    Event::Unknown { raw, .. } => decode::unknown_id(raw),
                }
            }

            /// When the event happened: the record's `occurred_at`, or its payload's for the
            /// event types whose schema keeps it there; `None` when absent.
            pub fn occurred_at(&self) -> Option<DateTime<Utc>> {
                match self {
                    #(#times)*
                    Event::Unknown { raw, .. } => decode::unknown_occurred_at(raw),
                }
            }

            /// The payload's `client_state` as sent (empty or not); `None` when absent.
            pub(crate) fn client_state_text(&self) -> Option<&str> {
                match self {
                    #(#states)*
                    Event::Unknown { raw, .. } => decode::unknown_client_state(raw),
                }
            }
        }

        impl Serialize for Event {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#serialize)*
                    Event::Unknown { raw, .. } => raw.serialize(serializer),
                }
            }
        }
    }
}
