//! Event payload enums are open: a new `reason` or `event_type` value decodes into
//! `Unknown(..)` and encodes back unchanged; unknown fields are ignored.

use serde_json::json;
use telnyx_sdk_webhooks::types::{ConferenceEndedEvent, ConferenceEndedPayloadReason};

#[test]
fn unknown_reason_decodes_and_reencodes_unchanged() {
    let wire = json!({"data": {
        "event_type": "conference.ended",
        "id": "5a3c2a0e-58a2-4f7e-8d0c-2d1f1b9f6c10",
        "record_type": "event",
        "payload": {"conference_id": "c1", "reason": "moderator_closed", "occurred_at": "2026-11-23T10:00:00Z"},
        "new_envelope_field": true
    }, "meta": {"attempt": 1}});
    let ev: ConferenceEndedEvent = serde_json::from_value(wire).expect("decodes");
    let payload = ev
        .data
        .as_ref()
        .and_then(|d| d.payload.as_ref())
        .expect("payload");
    assert_eq!(
        payload.reason,
        Some(ConferenceEndedPayloadReason::Unknown(
            "moderator_closed".into()
        ))
    );
    let back = serde_json::to_value(&ev).expect("encodes");
    assert_eq!(back["data"]["payload"]["reason"], "moderator_closed");
}

#[test]
fn known_reason_round_trips() {
    let ev: ConferenceEndedEvent =
        serde_json::from_value(json!({"data": {"payload": {"reason": "time_exceeded"}}}))
            .expect("decodes");
    let reason = ev.data.and_then(|d| d.payload).and_then(|p| p.reason);
    assert_eq!(reason, Some(ConferenceEndedPayloadReason::TimeExceeded));
    assert_eq!(
        serde_json::to_value(&reason).expect("encodes"),
        json!("time_exceeded")
    );
}
