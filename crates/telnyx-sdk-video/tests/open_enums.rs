//! Enums in generated types are open: a value Telnyx adds after this SDK was generated
//! decodes into `Unknown(..)` and encodes back byte for byte; unknown fields are ignored.

use serde_json::json;
use telnyx_sdk_video::types::{RoomRecording, RoomRecordingStatus};

#[test]
fn unknown_status_decodes_and_reencodes_unchanged() {
    let wire = json!({"id": "0b2d0c9e-3f4a-4a55-9a39-0d1f7a2b9c11", "status": "archiving", "brand_new_field": {"x": 1}});
    let rec: RoomRecording =
        serde_json::from_value(wire).expect("decodes despite new value and field");
    assert_eq!(
        rec.status,
        Some(RoomRecordingStatus::Unknown("archiving".into()))
    );
    assert!(
        rec.status
            .as_ref()
            .is_some_and(RoomRecordingStatus::is_unknown)
    );
    let back = serde_json::to_value(&rec).expect("encodes");
    assert_eq!(back["status"], "archiving");
}

#[test]
fn known_status_keeps_the_spec_spelling() {
    let rec: RoomRecording =
        serde_json::from_value(json!({"status": "completed"})).expect("decodes");
    assert_eq!(rec.status, Some(RoomRecordingStatus::Completed));
    assert_eq!(
        serde_json::to_value(&rec).expect("encodes")["status"],
        "completed"
    );
    assert_eq!(RoomRecordingStatus::Processing.to_string(), "processing");
    assert_eq!(
        "processing".parse::<RoomRecordingStatus>(),
        Ok(RoomRecordingStatus::Processing)
    );
}
