//! Decoding of webhook bodies: finding the event type, and decoding a record. The `Event`
//! enum and its dispatch table are generated (`generated/events.rs`) and call these.

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, Utc};
use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use telnyx_sdk_webhooks::Record;

#[cfg(test)]
use super::Event;
use super::WebhookError;

/// The event type of a body and whether it came in a `data` envelope.
///
/// # Errors
///
/// [`WebhookError::Payload`] when the body is not a JSON object with an event type.
pub(crate) fn event_type(body: &[u8]) -> Result<(Cow<'_, str>, bool), WebhookError> {
    let peek: Peek<'_> = parse(body)?;
    let (event_type, enveloped) = match peek.data {
        Some(record) => (record.0, true),
        None => (peek.event_type, false),
    };
    match event_type {
        Some(t) => Ok((t, enveloped)),
        None => Err(WebhookError::Payload {
            path: if enveloped {
                "data.event_type"
            } else {
                "event_type"
            }
            .to_owned(),
            source: serde::de::Error::missing_field("event_type"),
        }),
    }
}

/// The `data.id` of an unknown event, when it is a UUID.
pub(crate) fn unknown_id(raw: &serde_json::Value) -> Option<uuid::Uuid> {
    record_field(raw, "id").and_then(|id| uuid::Uuid::parse_str(id).ok())
}

/// The `occurred_at` of an unknown event: on its record, else in its payload.
pub(crate) fn unknown_occurred_at(raw: &serde_json::Value) -> Option<DateTime<Utc>> {
    record_field(raw, "occurred_at")
        .or_else(|| {
            record_of(raw)
                .get("payload")
                .and_then(|p| p.get("occurred_at"))
                .and_then(serde_json::Value::as_str)
        })
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&Utc))
}

/// The payload's `client_state` of an unknown event.
pub(crate) fn unknown_client_state(raw: &serde_json::Value) -> Option<&str> {
    record_of(raw)
        .get("payload")
        .and_then(|p| p.get("client_state"))
        .and_then(serde_json::Value::as_str)
}

/// Just enough of a body to find its event type; borrows, allocates nothing when unescaped.
///
/// Hand-written (rather than derived) so that only JSON objects are accepted: a derived
/// struct would also take arrays.
struct Peek<'a> {
    /// `Some` when the body has a `data` object (the envelope), with that record's type.
    data: Option<PeekRecord<'a>>,
    event_type: Option<Cow<'a, str>>,
}

/// The `event_type` of an event record.
struct PeekRecord<'a>(Option<Cow<'a, str>>);

struct PeekVisitor;

impl<'de> Visitor<'de> for PeekVisitor {
    type Value = Peek<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a webhook event object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut data = None;
        let mut event_type = None;
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            match &*key {
                "data" => {
                    if data.is_some() {
                        return Err(de::Error::duplicate_field("data"));
                    }
                    data = Some(map.next_value::<Option<PeekRecord<'de>>>()?);
                }
                "event_type" => {
                    if event_type.is_some() {
                        return Err(de::Error::duplicate_field("event_type"));
                    }
                    event_type = Some(map.next_value::<Option<Cow<'de, str>>>()?);
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Peek {
            data: data.flatten(),
            event_type: event_type.flatten(),
        })
    }
}

impl<'de> Deserialize<'de> for Peek<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(PeekVisitor)
    }
}

struct PeekRecordVisitor;

impl<'de> Visitor<'de> for PeekRecordVisitor {
    type Value = PeekRecord<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an event record object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut event_type = None;
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            if key == "event_type" {
                if event_type.is_some() {
                    return Err(de::Error::duplicate_field("event_type"));
                }
                event_type = Some(map.next_value::<Option<Cow<'de, str>>>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(PeekRecord(event_type.flatten()))
    }
}

impl<'de> Deserialize<'de> for PeekRecord<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(PeekRecordVisitor)
    }
}

/// `{"data": record}`, as a known event serializes.
#[derive(Serialize)]
pub(crate) struct Envelope<T> {
    pub(crate) data: T,
}

/// Decodes the record of a known event: `data` of an enveloped body, else the whole body.
/// Either way the record is decoded by its type's [`Record::from_json`], which the webhooks
/// crate compiles once per event type (nothing is instantiated here per event type).
pub(crate) fn record<T: Record>(body: &[u8], enveloped: bool) -> Result<Box<T>, WebhookError> {
    let decoded = if enveloped {
        match telnyx_sdk_json::member(body, "data") {
            Some(text) => T::from_json(text).map_err(|e| e.under("data")),
            // `event_type` found the `data` object, so this is not reached
            None => {
                return Err(WebhookError::Payload {
                    path: "data".to_owned(),
                    source: de::Error::custom("the body has no `data` object"),
                });
            }
        }
    } else {
        T::from_json(body)
    };
    decoded.map_err(payload_error)
}

/// Decodes a whole body; a failure names the path of the value at fault.
pub(crate) fn parse<'a, T: Deserialize<'a>>(body: &'a [u8]) -> Result<T, WebhookError> {
    telnyx_sdk_json::from_slice(body).map_err(payload_error)
}

fn payload_error(error: telnyx_sdk_json::JsonError) -> WebhookError {
    let (path, source) = error.into_parts();
    WebhookError::Payload { path, source }
}

/// The event record of a raw body: its `data` object, or the body itself without envelope.
fn record_of(raw: &serde_json::Value) -> &serde_json::Value {
    match raw.get("data") {
        Some(data) if data.is_object() => data,
        _ => raw,
    }
}

fn record_field<'a>(raw: &'a serde_json::Value, name: &str) -> Option<&'a str> {
    record_of(raw).get(name).and_then(serde_json::Value::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dispatch_without_envelope() {
        let body = br#"{"event_type":"conference.floor.changed","id":"0f5c0b8e-3cf0-4f2a-9a3e-9f36c0b7a001","payload":{"conference_id":"c"}}"#;
        let event = Event::from_slice(body).expect("decodes");
        assert!(matches!(event, Event::ConferenceFloorChanged(_)));
        assert!(event.id().is_some());
    }

    #[test]
    fn payload_errors_name_the_path() {
        let body =
            br#"{"data":{"event_type":"call.enqueued","payload":{"current_position":"two"}}}"#;
        match Event::from_slice(body) {
            Err(WebhookError::Payload { path, .. }) => {
                assert_eq!(path, "data.payload.current_position")
            }
            other => panic!("{other:?}"),
        }
        match Event::from_slice(br#"{"data":{"id":"x"}}"#) {
            Err(WebhookError::Payload { path, .. }) => assert_eq!(path, "data.event_type"),
            other => panic!("{other:?}"),
        }
        match Event::from_slice(br#"{"data":7}"#) {
            Err(WebhookError::Payload { path, .. }) => assert_eq!(path, "data"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            Event::from_slice(b"{} trailing"),
            Err(WebhookError::Payload { .. })
        ));
    }

    #[test]
    fn unknown_keeps_the_body() {
        let body = br#"{"data":{"event_type":"call.teleported","id":"0f5c0b8e-3cf0-4f2a-9a3e-9f36c0b7a001","payload":{"occurred_at":"2026-01-02T03:04:05Z"}},"meta":{"attempt":2}}"#;
        let event = Event::from_slice(body).expect("decodes");
        assert_eq!(event.event_type(), "call.teleported");
        assert!(event.id().is_some());
        assert!(event.occurred_at().is_some());
        let back = serde_json::to_vec(&event).expect("serializes");
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&back).ok(),
            serde_json::from_slice::<serde_json::Value>(body).ok()
        );
    }
}
