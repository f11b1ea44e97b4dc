//! Typed webhook events, dispatched on `data.event_type`.

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, Utc};
use serde::de::{self, DeserializeOwned, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::WebhookError;
use super::types;

/// Where a record keeps its `occurred_at` (the schemas differ from event to event).
macro_rules! occurred_at {
    ($record:expr, data) => {
        $record.occurred_at
    };
    ($record:expr, payload) => {
        $record.payload.as_ref().and_then(|p| p.occurred_at)
    };
    ($record:expr, none) => {{
        let _ = $record;
        None
    }};
}

macro_rules! events {
    ($(
        $(#[$doc:meta])*
        $event_type:literal => $variant:ident($record:ident), occurred_at: $at:ident;
    )*) => {
        /// A verified Telnyx webhook event, one variant per event type.
        ///
        /// Each known variant holds the event record (the `data` object of the body) as the
        /// generated type from [`types`](super::types); an event type this SDK does not know yet
        /// is [`Event::Unknown`], never an error. Dispatch is on `data.event_type` (or the
        /// top-level `event_type` of a body sent without the `data` envelope).
        ///
        /// Serializing an `Event` gives `{"data": <record>}` for known events and the body as
        /// received for unknown ones, so [`Event::from_slice`] reads it back.
        ///
        /// ```
        /// use telnyx_sdk::webhooks::Event;
        ///
        /// let body = br#"{"data":{"event_type":"call.enqueued","id":"0f5c0b8e-3cf0-4f2a-9a3e-9f36c0b7a001",
        ///     "occurred_at":"2026-01-02T03:04:05Z","payload":{"queue":"support","current_position":2},
        ///     "record_type":"event"},"meta":{"attempt":1}}"#;
        /// match Event::from_slice(body)? {
        ///     Event::CallEnqueued(record) => {
        ///         let payload = record.payload.as_ref().expect("payload");
        ///         assert_eq!(payload.queue.as_deref(), Some("support"));
        ///         assert_eq!(payload.current_position, Some(2));
        ///     }
        ///     other => panic!("unexpected {}", other.event_type()),
        /// }
        /// # Ok::<(), telnyx_sdk::webhooks::WebhookError>(())
        /// ```
        #[derive(Clone, Debug)]
        #[non_exhaustive]
        pub enum Event {
            $(
                $(#[$doc])*
                $variant(Box<types::$record>),
            )*
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
        /// ```
        /// assert!(telnyx_sdk::webhooks::EVENT_TYPES.contains(&"conference.created"));
        /// assert_eq!(telnyx_sdk::webhooks::EVENT_TYPES.len(), 16);
        /// ```
        pub const EVENT_TYPES: &[&str] = &[$($event_type),*];

        impl Event {
            /// Decodes a body (already verified) into an event.
            ///
            /// Use [`WebhookVerifier::unwrap`](super::WebhookVerifier::unwrap) on requests
            /// from the network: this function checks no signature.
            ///
            /// # Errors
            ///
            /// [`WebhookError::Payload`], with the path of the problem, when the body is not a
            /// JSON object with an event type, or when a known event's fields have the wrong
            /// shape.
            ///
            /// ```
            /// use telnyx_sdk::webhooks::Event;
            ///
            /// let event = Event::from_slice(br#"{"data":{"event_type":"conference.ended","payload":{"reason":"all_left"}}}"#)?;
            /// assert!(matches!(event, Event::ConferenceEnded(_)));
            /// # Ok::<(), telnyx_sdk::webhooks::WebhookError>(())
            /// ```
            pub fn from_slice(body: &[u8]) -> Result<Self, WebhookError> {
                let peek: Peek<'_> = parse(body)?;
                let (event_type, enveloped) = match peek.data {
                    Some(record) => (record.0, true),
                    None => (peek.event_type, false),
                };
                let Some(event_type) = event_type else {
                    return Err(WebhookError::Payload {
                        path: if enveloped { "data.event_type" } else { "event_type" }.to_owned(),
                        source: serde::de::Error::missing_field("event_type"),
                    });
                };
                match &*event_type {
                    $($event_type => record(body, enveloped).map(Event::$variant),)*
                    _ => Ok(Event::Unknown {
                        event_type: event_type.into_owned(),
                        raw: parse(body)?,
                    }),
                }
            }

            /// The event type, as sent in `data.event_type`.
            ///
            /// ```
            /// use telnyx_sdk::webhooks::Event;
            ///
            /// let event = Event::from_slice(br#"{"data":{"event_type":"call.teleported"}}"#)?;
            /// assert_eq!(event.event_type(), "call.teleported");
            /// # Ok::<(), telnyx_sdk::webhooks::WebhookError>(())
            /// ```
            pub fn event_type(&self) -> &str {
                match self {
                    $(Event::$variant(_) => $event_type,)*
                    Event::Unknown { event_type, .. } => event_type,
                }
            }

            /// The event's unique id (`data.id`); `None` when absent (or, for an unknown event,
            /// not a UUID). Telnyx may deliver an event more than once: deduplicate on it.
            ///
            /// ```
            /// use telnyx_sdk::webhooks::Event;
            ///
            /// let event = Event::from_slice(br#"{"data":{"event_type":"conference.created","id":"0f5c0b8e-3cf0-4f2a-9a3e-9f36c0b7a001"}}"#)?;
            /// assert_eq!(event.id().map(|id| id.to_string()).as_deref(), Some("0f5c0b8e-3cf0-4f2a-9a3e-9f36c0b7a001"));
            /// # Ok::<(), telnyx_sdk::webhooks::WebhookError>(())
            /// ```
            pub fn id(&self) -> Option<uuid::Uuid> {
                match self {
                    $(Event::$variant(record) => record.id,)*
                    Event::Unknown { raw, .. } => record_field(raw, "id")
                        .and_then(|id| uuid::Uuid::parse_str(id).ok()),
                }
            }

            /// When the event happened: the record's `occurred_at`, or its payload's for the
            /// event types whose schema keeps it there; `None` when absent.
            ///
            /// ```
            /// use telnyx_sdk::webhooks::Event;
            ///
            /// let event = Event::from_slice(br#"{"data":{"event_type":"call.dequeued","occurred_at":"2026-01-02T03:04:05Z"}}"#)?;
            /// assert_eq!(event.occurred_at().map(|t| t.to_rfc3339()).as_deref(), Some("2026-01-02T03:04:05+00:00"));
            /// # Ok::<(), telnyx_sdk::webhooks::WebhookError>(())
            /// ```
            pub fn occurred_at(&self) -> Option<DateTime<Utc>> {
                match self {
                    $(Event::$variant(record) => occurred_at!(record, $at),)*
                    Event::Unknown { raw, .. } => record_field(raw, "occurred_at")
                        .or_else(|| {
                            record_of(raw)
                                .get("payload")
                                .and_then(|p| p.get("occurred_at"))
                                .and_then(serde_json::Value::as_str)
                        })
                        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
                        .map(|t| t.with_timezone(&Utc)),
                }
            }
        }

        impl Serialize for Event {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    $(Event::$variant(record) => Envelope { data: &**record }.serialize(serializer),)*
                    Event::Unknown { raw, .. } => raw.serialize(serializer),
                }
            }
        }
    };
}

events! {
    /// `conference.created`: a conference has started.
    "conference.created" => ConferenceCreated(ConferenceCreated), occurred_at: payload;
    /// `conference.ended`: a conference has finished.
    "conference.ended" => ConferenceEnded(ConferenceEnded), occurred_at: payload;
    /// `conference.floor.changed`: another participant now holds the floor. Telnyx's published
    /// schema for this one has no `data` envelope; both forms are accepted.
    "conference.floor.changed" => ConferenceFloorChanged(ConferenceFloorChangedEvent), occurred_at: payload;
    /// `conference.participant.joined`: a call entered a conference.
    "conference.participant.joined" => ConferenceParticipantJoined(ConferenceParticipantJoined), occurred_at: data;
    /// `conference.participant.left`: a call left a conference.
    "conference.participant.left" => ConferenceParticipantLeft(ConferenceParticipantLeft), occurred_at: data;
    /// `conference.participant.playback.started`: audio started playing to one participant.
    "conference.participant.playback.started" => ConferenceParticipantPlaybackStarted(ConferenceParticipantPlaybackStarted), occurred_at: payload;
    /// `conference.participant.playback.ended`: audio stopped playing to one participant.
    "conference.participant.playback.ended" => ConferenceParticipantPlaybackEnded(ConferenceParticipantPlaybackEnded), occurred_at: payload;
    /// `conference.participant.speak.started`: text-to-speech started for one participant.
    "conference.participant.speak.started" => ConferenceParticipantSpeakStarted(ConferenceParticipantSpeakStarted), occurred_at: payload;
    /// `conference.participant.speak.ended`: text-to-speech ended for one participant.
    "conference.participant.speak.ended" => ConferenceParticipantSpeakEnded(ConferenceParticipantSpeakEnded), occurred_at: payload;
    /// `conference.playback.started`: audio started playing to the whole conference.
    "conference.playback.started" => ConferencePlaybackStarted(ConferencePlaybackStarted), occurred_at: payload;
    /// `conference.playback.ended`: audio stopped playing to the whole conference.
    "conference.playback.ended" => ConferencePlaybackEnded(ConferencePlaybackEnded), occurred_at: payload;
    /// `conference.recording.saved`: a conference recording is stored and downloadable.
    "conference.recording.saved" => ConferenceRecordingSaved(ConferenceRecordingSaved), occurred_at: none;
    /// `conference.speak.started`: text-to-speech started for the whole conference.
    "conference.speak.started" => ConferenceSpeakStarted(ConferenceSpeakStarted), occurred_at: payload;
    /// `conference.speak.ended`: text-to-speech ended for the whole conference.
    "conference.speak.ended" => ConferenceSpeakEnded(ConferenceSpeakEnded), occurred_at: payload;
    /// `call.enqueued`: a call was placed in a queue.
    "call.enqueued" => CallEnqueued(CallEnqueued), occurred_at: data;
    /// `call.dequeued`: a call left a queue.
    "call.dequeued" => CallDequeued(CallLeftQueue), occurred_at: data;
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

#[derive(Serialize, Deserialize)]
struct Envelope<T> {
    data: T,
}

/// Decodes the record of a known event: `data` of an enveloped body, else the whole body.
fn record<T: DeserializeOwned>(body: &[u8], enveloped: bool) -> Result<Box<T>, WebhookError> {
    if enveloped {
        parse::<Envelope<Box<T>>>(body).map(|e| e.data)
    } else {
        parse(body)
    }
}

/// `serde_json` at full speed; on failure, parse once more to name the path of the error.
fn parse<'a, T: Deserialize<'a>>(body: &'a [u8]) -> Result<T, WebhookError> {
    serde_json::from_slice(body).map_err(|fast| {
        let mut de = serde_json::Deserializer::from_slice(body);
        match serde_path_to_error::deserialize::<_, T>(&mut de) {
            Err(e) => WebhookError::Payload {
                path: e.path().to_string(),
                source: e.into_inner(),
            },
            // Only trailing input can fail the fast parse but not this one.
            Ok(_) => WebhookError::Payload {
                path: ".".to_owned(),
                source: fast,
            },
        }
    })
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
