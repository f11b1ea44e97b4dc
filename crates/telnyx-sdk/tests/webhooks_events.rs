//! Every event type round-trips: our own sample is signed, verified, decoded into its variant,
//! and serialized back to the same record.
#![cfg(feature = "test-util")]
#![allow(clippy::unwrap_used)]

use std::time::{Duration, UNIX_EPOCH};

use serde_json::{Value, json};
use telnyx_sdk::webhooks::{EVENT_TYPES, Event, TestSigner, WebhookError, WebhookVerifier};

const NOW: i64 = 1_767_225_600;

fn verifier(signer: &TestSigner) -> WebhookVerifier {
    signer
        .verifier()
        .with_clock(|| UNIX_EPOCH + Duration::from_secs(NOW as u64))
}

/// The record (`data`) of a sample event with our own made-up values.
fn record(event_type: &str, n: u32, occurred_in_data: bool, payload: Value) -> Value {
    let mut data = json!({
        "event_type": event_type,
        "id": format!("00000000-0000-4000-8000-{n:012}"),
        "payload": payload,
        "record_type": "event",
    });
    if occurred_in_data {
        data["occurred_at"] = json!(format!("2026-01-01T00:00:{n:02}Z"));
    }
    data
}

fn leg(n: u32) -> Value {
    json!({
        "call_control_id": format!("v3:ctl-{n}"),
        "call_leg_id": format!("leg-{n}"),
        "call_session_id": format!("session-{n}"),
        "client_state": "c3RhdGU=",
        "conference_id": format!("conf-{n}"),
        "connection_id": "1234567890",
    })
}

fn call_leg(n: u32) -> Value {
    let mut leg = leg(n);
    if let Some(obj) = leg.as_object_mut() {
        obj.remove("conference_id");
    }
    leg
}

fn with(mut base: Value, extra: Value) -> Value {
    if let (Some(base), Some(extra)) = (base.as_object_mut(), extra.as_object()) {
        for (k, v) in extra {
            base.insert(k.clone(), v.clone());
        }
    }
    base
}

fn at(n: u32) -> Value {
    json!(format!("2026-01-01T00:00:{n:02}Z"))
}

/// One sample per event type, in `EVENT_TYPES` order.
fn samples() -> Vec<(&'static str, Value)> {
    let conf_only = |n: u32| {
        json!({
            "conference_id": format!("conf-{n}"),
            "connection_id": "1234567890",
            "creator_call_session_id": format!("creator-{n}"),
            "occurred_at": at(n),
        })
    };
    vec![
        (
            "conference.created",
            record(
                "conference.created",
                1,
                false,
                with(leg(1), json!({"occurred_at": at(1)})),
            ),
        ),
        (
            "conference.ended",
            record(
                "conference.ended",
                2,
                false,
                with(leg(2), json!({"occurred_at": at(2), "reason": "host_left"})),
            ),
        ),
        (
            "conference.floor.changed",
            record(
                "conference.floor.changed",
                3,
                false,
                with(leg(3), json!({"occurred_at": at(3)})),
            ),
        ),
        (
            "conference.participant.joined",
            record("conference.participant.joined", 4, true, leg(4)),
        ),
        (
            "conference.participant.left",
            record("conference.participant.left", 5, true, leg(5)),
        ),
        (
            "conference.participant.playback.started",
            record(
                "conference.participant.playback.started",
                6,
                false,
                with(
                    leg(6),
                    json!({"creator_call_session_id": "creator-6", "media_name": "hold-music", "media_url": "https://media.example.test/6.mp3", "occurred_at": at(6)}),
                ),
            ),
        ),
        (
            "conference.participant.playback.ended",
            record(
                "conference.participant.playback.ended",
                7,
                false,
                with(
                    leg(7),
                    json!({"creator_call_session_id": "creator-7", "media_name": "hold-music", "media_url": "https://media.example.test/7.mp3", "occurred_at": at(7)}),
                ),
            ),
        ),
        (
            "conference.participant.speak.started",
            record(
                "conference.participant.speak.started",
                8,
                false,
                with(
                    leg(8),
                    json!({"creator_call_session_id": "creator-8", "occurred_at": at(8)}),
                ),
            ),
        ),
        (
            "conference.participant.speak.ended",
            record(
                "conference.participant.speak.ended",
                9,
                false,
                with(
                    leg(9),
                    json!({"creator_call_session_id": "creator-9", "occurred_at": at(9)}),
                ),
            ),
        ),
        (
            "conference.playback.started",
            record(
                "conference.playback.started",
                10,
                false,
                with(
                    conf_only(10),
                    json!({"media_name": "welcome", "media_url": "https://media.example.test/10.wav"}),
                ),
            ),
        ),
        (
            "conference.playback.ended",
            record(
                "conference.playback.ended",
                11,
                false,
                with(
                    conf_only(11),
                    json!({"media_name": "welcome", "media_url": "https://media.example.test/11.wav"}),
                ),
            ),
        ),
        (
            "conference.recording.saved",
            record(
                "conference.recording.saved",
                12,
                false,
                json!({
                    "call_control_id": "v3:ctl-12",
                    "call_session_id": "session-12",
                    "channels": "dual",
                    "client_state": "c3RhdGU=",
                    "conference_id": "00000000-0000-4000-8000-0000000000c1",
                    "connection_id": "1234567890",
                    "format": "mp3",
                    "public_recording_urls": {"mp3": "https://files.example.test/public/12.mp3"},
                    "recording_ended_at": "2026-01-01T00:10:00Z",
                    "recording_id": "00000000-0000-4000-8000-0000000000d2",
                    "recording_started_at": "2026-01-01T00:00:12Z",
                    "recording_urls": {"mp3": "https://files.example.test/12.mp3", "wav": "https://files.example.test/12.wav"},
                }),
            ),
        ),
        (
            "conference.speak.started",
            record("conference.speak.started", 13, false, conf_only(13)),
        ),
        (
            "conference.speak.ended",
            record("conference.speak.ended", 14, false, conf_only(14)),
        ),
        (
            "call.enqueued",
            record(
                "call.enqueued",
                15,
                true,
                with(
                    call_leg(15),
                    json!({"current_position": 3, "queue": "support", "queue_avg_wait_time_secs": 42}),
                ),
            ),
        ),
        (
            "call.dequeued",
            record(
                "call.dequeued",
                16,
                true,
                with(
                    call_leg(16),
                    json!({"queue": "support", "queue_position": 1, "reason": "bridged", "wait_time_secs": 17}),
                ),
            ),
        ),
    ]
}

/// Asserts the variant and one payload field of each sample.
fn check_variant(event: &Event) {
    match event {
        Event::ConferenceCreated(r) => {
            assert_eq!(
                r.payload.as_ref().unwrap().conference_id.as_deref(),
                Some("conf-1")
            )
        }
        Event::ConferenceEnded(r) => {
            let reason = r.payload.as_ref().unwrap().reason.as_ref().unwrap();
            assert_eq!(reason.to_string(), "host_left");
        }
        Event::ConferenceFloorChanged(r) => {
            assert_eq!(
                r.payload.as_ref().unwrap().call_leg_id.as_deref(),
                Some("leg-3")
            )
        }
        Event::ConferenceParticipantJoined(r) => {
            assert_eq!(
                r.payload.as_ref().unwrap().call_control_id.as_deref(),
                Some("v3:ctl-4")
            )
        }
        Event::ConferenceParticipantLeft(r) => {
            assert_eq!(
                r.payload.as_ref().unwrap().call_session_id.as_deref(),
                Some("session-5")
            )
        }
        Event::ConferenceParticipantPlaybackStarted(r) => {
            assert_eq!(
                r.payload.as_ref().unwrap().media_name.as_deref(),
                Some("hold-music")
            )
        }
        Event::ConferenceParticipantPlaybackEnded(r) => {
            assert_eq!(
                r.payload.as_ref().unwrap().media_url.as_deref(),
                Some("https://media.example.test/7.mp3")
            )
        }
        Event::ConferenceParticipantSpeakStarted(r) => {
            assert_eq!(
                r.payload
                    .as_ref()
                    .unwrap()
                    .creator_call_session_id
                    .as_deref(),
                Some("creator-8")
            )
        }
        Event::ConferenceParticipantSpeakEnded(r) => {
            assert_eq!(
                r.payload
                    .as_ref()
                    .unwrap()
                    .creator_call_session_id
                    .as_deref(),
                Some("creator-9")
            )
        }
        Event::ConferencePlaybackStarted(r) => {
            assert_eq!(
                r.payload.as_ref().unwrap().media_name.as_deref(),
                Some("welcome")
            )
        }
        Event::ConferencePlaybackEnded(r) => {
            assert_eq!(
                r.payload.as_ref().unwrap().conference_id.as_deref(),
                Some("conf-11")
            )
        }
        Event::ConferenceRecordingSaved(r) => {
            let p = r.payload.as_ref().unwrap();
            assert_eq!(p.format.as_ref().unwrap().to_string(), "mp3");
            assert_eq!(p.channels.as_ref().unwrap().to_string(), "dual");
            assert_eq!(
                p.recording_urls.as_ref().unwrap().wav.as_deref(),
                Some("https://files.example.test/12.wav")
            );
            assert!(p.recording_ended_at.unwrap() > p.recording_started_at.unwrap());
        }
        Event::ConferenceSpeakStarted(r) => {
            assert_eq!(
                r.payload.as_ref().unwrap().conference_id.as_deref(),
                Some("conf-13")
            )
        }
        Event::ConferenceSpeakEnded(r) => {
            assert_eq!(
                r.payload.as_ref().unwrap().conference_id.as_deref(),
                Some("conf-14")
            )
        }
        Event::CallEnqueued(r) => {
            let p = r.payload.as_ref().unwrap();
            assert_eq!(p.current_position, Some(3));
            assert_eq!(p.queue_avg_wait_time_secs, Some(42));
        }
        Event::CallDequeued(r) => {
            let p = r.payload.as_ref().unwrap();
            assert_eq!(p.reason.as_ref().unwrap().to_string(), "bridged");
            assert_eq!(p.wait_time_secs, Some(17));
        }
        other => panic!("unexpected variant {other:?}"),
    }
}

#[test]
fn samples_name_known_event_types() {
    for (event_type, _) in samples() {
        assert!(EVENT_TYPES.contains(&event_type), "{event_type}");
    }
}

/// Every event type of the generated table dispatches to its own variant (not `Unknown`),
/// enveloped or not, with its id and time read where the schema keeps them.
#[test]
fn every_event_type_dispatches_to_a_typed_variant() {
    assert!(EVENT_TYPES.len() >= 50, "{} event types", EVENT_TYPES.len());
    for event_type in EVENT_TYPES {
        let mut body = json!({"data": {"event_type": event_type, "id": "0f5c0b8e-3cf0-4f2a-9a3e-9f36c0b7a001", "record_type": "event"}});
        // the number order event's record requires its time and payload (as upstream does)
        if *event_type == "number_order.complete" {
            body["data"]["occurred_at"] = json!("2026-11-30T12:00:00Z");
            body["data"]["payload"] = json!({});
        }
        let event = Event::from_slice(body.to_string().as_bytes())
            .unwrap_or_else(|e| panic!("{event_type}: {e}"));
        assert_eq!(event.event_type(), *event_type);
        assert!(
            !matches!(event, Event::Unknown { .. }),
            "{event_type} is Unknown"
        );
        let back: Value = serde_json::to_value(&event).unwrap();
        assert_eq!(
            back["data"]["event_type"],
            json!(event_type),
            "{event_type}"
        );
    }
}

#[test]
fn every_event_type_round_trips_from_a_signed_sample() {
    let signer = TestSigner::from_secret_key(&[5; 32]);
    let verifier = verifier(&signer);
    for (i, (event_type, data)) in samples().into_iter().enumerate() {
        let n = i as u32 + 1;
        let body = json!({"data": data, "meta": {"attempt": 1, "delivered_to": "https://hooks.example.test/telnyx"}});
        let bytes = serde_json::to_vec(&body).unwrap();
        let headers = signer.sign(&bytes, NOW - 5);

        let event = verifier
            .unwrap(&headers, &bytes)
            .unwrap_or_else(|e| panic!("{event_type}: {e}"));
        assert_eq!(event.event_type(), event_type);
        check_variant(&event);
        assert_eq!(
            event.id().unwrap().to_string(),
            format!("00000000-0000-4000-8000-{n:012}"),
            "{event_type}"
        );
        if event_type == "conference.recording.saved" {
            assert_eq!(event.occurred_at(), None);
        } else {
            assert_eq!(
                event.occurred_at().unwrap().to_rfc3339(),
                format!("2026-01-01T00:00:{n:02}+00:00"),
                "{event_type}"
            );
        }

        // Serialized back: the same record, in the `data` envelope.
        let back = serde_json::to_value(&event).unwrap();
        assert_eq!(back, json!({"data": data}), "{event_type}");
        // ...which decodes to the same event again.
        let again = Event::from_slice(&serde_json::to_vec(&back).unwrap()).unwrap();
        assert_eq!(serde_json::to_value(&again).unwrap(), back);
    }
}

#[test]
fn floor_changed_without_envelope_as_published() {
    let signer = TestSigner::from_secret_key(&[5; 32]);
    let (_, data) = samples().swap_remove(2);
    let bytes = serde_json::to_vec(&data).unwrap();
    let event = verifier(&signer)
        .unwrap(&signer.sign(&bytes, NOW), &bytes)
        .unwrap();
    assert!(matches!(event, Event::ConferenceFloorChanged(_)));
    check_variant(&event);
    // Normalized into the envelope when serialized.
    assert_eq!(serde_json::to_value(&event).unwrap(), json!({"data": data}));
}

#[test]
fn unknown_event_type_is_kept_whole() {
    let signer = TestSigner::from_secret_key(&[5; 32]);
    let body = json!({
        "data": record("conference.teleported", 57, true, json!({"destination": "mars"})),
        "meta": {"attempt": 2},
    });
    let bytes = serde_json::to_vec(&body).unwrap();
    let event = verifier(&signer)
        .unwrap(&signer.sign(&bytes, NOW), &bytes)
        .unwrap();
    match &event {
        Event::Unknown { event_type, raw } => {
            assert_eq!(event_type, "conference.teleported");
            assert_eq!(raw, &body);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        event.id().unwrap().to_string(),
        "00000000-0000-4000-8000-000000000057"
    );
    assert!(event.occurred_at().is_some());
    assert_eq!(serde_json::to_value(&event).unwrap(), body);
}

#[test]
fn unknown_enum_values_and_extra_fields_are_not_errors() {
    // New reasons and fields appear in the API over time; decoding must not break.
    let body = json!({"data": {
        "event_type": "call.dequeued",
        "payload": {"reason": "abducted", "queue": "q", "brand_new_field": [1, 2, 3]},
        "brand_new_top_level": true,
    }});
    let event = Event::from_slice(&serde_json::to_vec(&body).unwrap());
    // Open enums keep the unknown value.
    match event {
        Ok(Event::CallDequeued(r)) => assert_eq!(
            r.payload
                .as_ref()
                .unwrap()
                .reason
                .as_ref()
                .unwrap()
                .to_string(),
            "abducted"
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn wrong_shapes_are_payload_errors_with_paths() {
    let cases: [(&str, &str); 7] = [
        (
            r#"{"data":{"event_type":"call.enqueued","payload":{"current_position":"3"}}}"#,
            "data.payload.current_position",
        ),
        (
            r#"{"data":{"event_type":"call.enqueued","id":"not-a-uuid"}}"#,
            "data.id",
        ),
        (
            r#"{"data":{"event_type":"conference.recording.saved","payload":{"recording_started_at":"yesterday"}}}"#,
            "data.payload.recording_started_at",
        ),
        (r#"{"data":{"event_type":5}}"#, "data.event_type"),
        (r#"{"data":{}}"#, "data.event_type"),
        (r#"{"meta":{}}"#, "event_type"),
        (r#"[1,2]"#, "."),
    ];
    for (body, expected) in cases {
        match Event::from_slice(body.as_bytes()) {
            Err(WebhookError::Payload { path, source }) => {
                assert_eq!(path, expected, "{body}: {source}")
            }
            other => panic!("{body}: {other:?}"),
        }
    }
}

#[test]
fn escaped_event_type_still_dispatches() {
    let body = br#"{"data":{"event_type":"call\u002eenqueued","payload":{"queue":"q"}}}"#;
    assert!(matches!(
        Event::from_slice(body).unwrap(),
        Event::CallEnqueued(_)
    ));
}

/// A field this version does not know is kept in the object's `extra` map, at every level,
/// and survives decode → serialize → decode unchanged.
#[test]
fn unknown_fields_survive_a_round_trip() {
    let body = json!({"data": {
        "event_type": "call.hangup",
        "id": "00000000-0000-4000-8000-000000000001",
        "record_type": "event",
        "payload": {
            "call_control_id": "v3:ctl-1",
            "hangup_cause": "normal_clearing",
            "sip_hangup_cause_detail": {"code": 487, "text": "request terminated"},
            "carrier_flags": ["a", "b"],
        },
        "delivery_attempt": 2,
    }});
    let bytes = serde_json::to_vec(&body).unwrap();
    let Event::CallHangup(first) = Event::from_slice(&bytes).unwrap() else {
        panic!("not a hangup");
    };
    assert_eq!(first.extra.get("delivery_attempt"), Some(&json!(2)));
    let payload = first.payload.as_ref().unwrap();
    assert_eq!(
        payload.extra.get("sip_hangup_cause_detail"),
        Some(&json!({"code": 487, "text": "request terminated"}))
    );
    assert_eq!(payload.extra.get("carrier_flags"), Some(&json!(["a", "b"])));
    // known members are not copied into the map
    assert!(!payload.extra.contains_key("hangup_cause"));
    let again = serde_json::to_vec(&Event::CallHangup(first.clone())).unwrap();
    assert_eq!(
        serde_json::from_slice::<Value>(&again).unwrap(),
        body,
        "nothing lost"
    );
    let Event::CallHangup(second) = Event::from_slice(&again).unwrap() else {
        panic!("not a hangup");
    };
    assert_eq!(second, first);
}
