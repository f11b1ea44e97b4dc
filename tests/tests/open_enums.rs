//! Enums in generated types are open, in every generated crate: a value Telnyx adds after
//! this SDK was generated decodes into `Unknown(..)` and encodes back unchanged, and unknown
//! fields are ignored. One module per domain crate.

mod calls {
    //! Request enums are open too: a value a newer API accepts can be sent as `Unknown(..)`.

    use serde_json::json;
    use telnyx_sdk::calls::types::RecordFormat;

    #[test]
    fn unknown_format_decodes_and_reencodes_unchanged() {
        let f: RecordFormat = serde_json::from_value(json!("flac")).expect("decodes a new value");
        assert_eq!(f, RecordFormat::Unknown("flac".into()));
        assert_eq!(serde_json::to_value(&f).expect("encodes"), json!("flac"));
    }

    #[test]
    fn known_format_keeps_the_spec_spelling() {
        let f: RecordFormat = serde_json::from_value(json!("mp3")).expect("decodes");
        assert_eq!(f, RecordFormat::Mp3);
        assert_eq!(serde_json::to_value(&f).expect("encodes"), json!("mp3"));
    }
}

mod conferencing {
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
        let c: Conference =
            serde_json::from_value(conference("paused_by_operator")).expect("decodes");
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
}

mod queues {
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
}

mod video {
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
}

mod webhooks {
    //! Event payload enums are open: a new `reason` or `event_type` value decodes into
    //! `Unknown(..)` and encodes back unchanged; unknown fields are ignored.

    use serde_json::json;
    use telnyx_sdk_webhooks::types::{
        CallAnsweredEvent, ConferenceEndedEvent, ConferenceEndedPayloadReason, EventType,
        OutboundMessageEvent,
    };

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
    fn every_record_names_its_event_with_the_one_event_type_enum() {
        // the records of different events, and both names of the shared message record
        let answered: CallAnsweredEvent =
            serde_json::from_value(json!({"data": {"event_type": "call.answered"}}))
                .expect("decodes");
        let answered = answered.data.and_then(|d| d.event_type);
        assert_eq!(answered, Some(EventType::CallAnswered));
        for (name, variant) in [
            ("message.sent", EventType::MessageSent),
            ("message.finalized", EventType::MessageFinalized),
        ] {
            let sent: OutboundMessageEvent =
                serde_json::from_value(json!({"data": {"event_type": name}})).expect("decodes");
            assert_eq!(sent.data.and_then(|d| d.event_type), Some(variant));
        }
        // a name this version does not list, or one that belongs to another record, is kept
        for name in ["call.teleported", "", "conference.ended\\.."] {
            let ev: ConferenceEndedEvent =
                serde_json::from_value(json!({"data": {"event_type": name}})).expect("decodes");
            let event_type = ev.data.as_ref().and_then(|d| d.event_type.clone());
            let expected = EventType::from(name);
            assert_eq!(event_type, Some(expected.clone()));
            assert_eq!(expected.as_str(), name);
            let back = serde_json::to_value(&ev).expect("encodes");
            assert_eq!(back["data"]["event_type"], name);
        }
        assert_eq!(
            EventType::from("call.teleported"),
            EventType::Unknown("call.teleported".into())
        );
        assert_eq!(EventType::ConferenceEnded.to_string(), "conference.ended");
        // `null` is an absent name, not a failure
        let ev: ConferenceEndedEvent =
            serde_json::from_value(json!({"data": {"event_type": null}})).expect("decodes");
        assert_eq!(ev.data.and_then(|d| d.event_type), None);
    }

    #[test]
    fn bodies_and_records_are_the_generic_types_under_their_own_names() {
        use telnyx_sdk_webhooks::types::{
            CallAnswered, CallAnsweredPayload, CallForkStarted, CallForkStartedEvent,
            CallForkStopped, Envelope, EventRecord, RecordType,
        };

        // the names build and match as before (struct literals through the aliases)
        let record = CallAnswered {
            event_type: Some(EventType::CallAnswered),
            payload: Some(CallAnsweredPayload {
                to: Some("+13125550100".into()),
                ..Default::default()
            }),
            record_type: Some(RecordType::Event),
            ..Default::default()
        };
        let body = CallAnsweredEvent {
            data: Some(record.clone()),
            extra: Default::default(),
        };
        let wire = serde_json::to_value(&body).expect("encodes");
        assert_eq!(
            wire,
            json!({"data": {"event_type": "call.answered", "record_type": "event",
                "payload": {"to": "+13125550100"}}})
        );
        let EventRecord { payload, .. } = record;
        assert_eq!(payload.and_then(|p| p.to).as_deref(), Some("+13125550100"));

        // two events whose payloads have the same fields are one type: a `fork.stopped`
        // record is usable wherever a `fork.started` one is
        fn started(record: CallForkStarted) -> CallForkStarted {
            record
        }
        let stopped: CallForkStopped = serde_json::from_value(json!({
            "event_type": "call.fork.stopped", "payload": {"stream_type": "decrypted"}
        }))
        .expect("decodes");
        let as_started = started(stopped);
        assert_eq!(
            as_started.event_type,
            Some(EventType::CallForkStopped),
            "the record still says which event it is"
        );

        // members unknown at each level are kept, and written back as received
        let wire = json!({
            "data": {
                "event_type": "call.fork.started",
                "id": "5a3c2a0e-58a2-4f7e-8d0c-2d1f1b9f6c10",
                "occurred_at": "2026-11-23T10:00:00Z",
                "payload": {"call_control_id": "v3:x", "fork_target": "udp:10.0.0.1:9000"},
                "record_type": "event",
                "sequence": 7
            },
            "meta": {"attempt": 2, "note": null}
        });
        let body: CallForkStartedEvent = serde_json::from_value(wire.clone()).expect("decodes");
        let _: &Envelope<CallForkStarted> = &body;
        assert_eq!(body.extra["meta"]["attempt"], 2);
        let data = body.data.as_ref().expect("data");
        assert_eq!(data.extra["sequence"], 7);
        assert_eq!(
            data.payload.as_ref().expect("payload").extra["fork_target"],
            "udp:10.0.0.1:9000"
        );
        assert_eq!(
            data.occurred_at.map(|t| t.to_rfc3339()).as_deref(),
            Some("2026-11-23T10:00:00+00:00")
        );
        assert_eq!(serde_json::to_value(&body).expect("encodes"), wire);

        // a wrong type in a shared field fails with the field's path, as before
        let err = serde_json::from_value::<CallAnsweredEvent>(json!({"data": {"id": "x"}}))
            .expect_err("not a uuid");
        assert!(err.to_string().contains("UUID"), "{err}");
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
}

mod media_stream {
    //! The media-stream frames' enums are open too: a codec or track Telnyx adds later
    //! decodes into `Unknown(..)` and encodes back unchanged.

    use serde_json::json;
    use telnyx_sdk::media_stream::InboundFrame;
    use telnyx_sdk::media_stream::types::{MediaChunkTrack, MediaFormatEncoding};

    #[test]
    fn unknown_encoding_and_track_decode_and_reencode_unchanged() {
        let e: MediaFormatEncoding = serde_json::from_value(json!("LYRA")).expect("decodes");
        assert_eq!(e, MediaFormatEncoding::Unknown("LYRA".into()));
        assert_eq!(serde_json::to_value(&e).expect("encodes"), json!("LYRA"));
        let t: MediaChunkTrack = serde_json::from_value(json!("inbound")).expect("decodes");
        assert_eq!(t, MediaChunkTrack::Inbound);

        let start = json!({"event": "start", "start": {"media_format": {"encoding": "LYRA"}}});
        let frame = InboundFrame::from_slice(start.to_string().as_bytes()).expect("decodes");
        assert_eq!(serde_json::to_value(&frame).expect("encodes"), start);
    }
}
