//! Enums in generated types are open. Queue resources have no `status` field; their
//! only enum is `record_type`, which gets the same guarantee: an unknown value decodes
//! into `Unknown(..)` and encodes back unchanged, and unknown fields are ignored.

use serde_json::json;
use telnyx_sdk_queues::types::{QueueCall, QueueCallRecordType};

fn call(record_type: &str) -> serde_json::Value {
    json!({
        "call_control_id": "v3:abc", "call_leg_id": "leg", "call_session_id": "sess",
        "connection_id": "conn", "enqueued_at": "2026-11-23T10:00:00Z", "from": "+15550001111",
        "to": "+15550002222", "is_alive": true, "queue_id": "support", "queue_position": 3,
        "record_type": record_type, "wait_time_secs": 42, "priority_hint": "vip"
    })
}

#[test]
fn unknown_record_type_decodes_and_reencodes_unchanged() {
    let c: QueueCall = serde_json::from_value(call("queue_call_v2")).expect("decodes");
    assert_eq!(
        c.record_type,
        QueueCallRecordType::Unknown("queue_call_v2".into())
    );
    assert_eq!(
        serde_json::to_value(&c).expect("encodes")["record_type"],
        "queue_call_v2"
    );
    assert_eq!(c.queue_position, 3);
}

#[test]
fn known_record_type_round_trips() {
    let c: QueueCall = serde_json::from_value(call("queue_call")).expect("decodes");
    assert_eq!(c.record_type, QueueCallRecordType::QueueCall);
    assert_eq!(
        serde_json::to_value(&c).expect("encodes")["record_type"],
        "queue_call"
    );
}
