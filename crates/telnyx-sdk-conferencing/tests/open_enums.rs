//! Enums in generated types are open: a value Telnyx adds after this SDK was generated
//! decodes into `Unknown(..)` and encodes back unchanged; unknown fields are ignored.

use serde_json::json;
use telnyx_sdk_conferencing::types::{Conference, ConferenceRecordType, ConferenceStatus};

fn conference(status: &str) -> serde_json::Value {
    json!({
        "id": "c0a1", "name": "standup", "record_type": "conference",
        "created_at": "2026-11-23T10:00:00Z", "expires_at": "2026-11-23T11:00:00Z",
        "status": status, "added_later": [1, 2, 3]
    })
}

#[test]
fn unknown_status_decodes_and_reencodes_unchanged() {
    let c: Conference = serde_json::from_value(conference("paused_by_operator")).expect("decodes");
    assert_eq!(
        c.status,
        Some(ConferenceStatus::Unknown("paused_by_operator".into()))
    );
    assert_eq!(c.record_type, ConferenceRecordType::Conference);
    let back = serde_json::to_value(&c).expect("encodes");
    assert_eq!(back["status"], "paused_by_operator");
}

#[test]
fn known_status_round_trips() {
    let c: Conference = serde_json::from_value(conference("in_progress")).expect("decodes");
    assert_eq!(c.status, Some(ConferenceStatus::InProgress));
    assert_eq!(
        serde_json::to_value(&c).expect("encodes")["status"],
        "in_progress"
    );
}
