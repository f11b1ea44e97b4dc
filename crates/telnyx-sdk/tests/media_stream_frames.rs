//! Media-stream frames: every documented frame decodes to its variant and encodes back to
//! the same JSON (unknown members and unknown events included); hostile input (a wrong type
//! for `event`, a huge frame, invalid base64, JSON cut off anywhere) is an error, never a
//! panic; outbound frames are written exactly as Telnyx reads them.
#![cfg(feature = "media-stream")]
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use serde_json::{Value, json};
use telnyx_sdk::media_stream::types::{MediaChunkTrack, MediaFormatEncoding, TextOrNumber};
use telnyx_sdk::media_stream::{DEFAULT_MAX_FRAME_LEN, FrameError, InboundFrame, OutboundFrame};

/// One frame of each kind, shaped as Telnyx's documentation shows them, with a member this
/// SDK does not know in each (`x_new`).
fn documented() -> Vec<(&'static str, Value)> {
    let stream = "32de0dea-53cb-4b21-89a4-9e1819c043bc";
    vec![
        (
            "connected",
            json!({"event": "connected", "version": "1.0.0", "x_new": 1}),
        ),
        (
            "start",
            json!({
                "event": "start",
                "sequence_number": "1",
                "stream_id": stream,
                "start": {
                    "user_id": "3e6f995f-85f7-4705-9741-53b116d28237",
                    "call_control_id": "v3:abc",
                    "call_session_id": "ff55a038-6f5d-11ef-9692-02420aeffb1f",
                    "from": "+13122010094",
                    "to": "+13122123456",
                    "tags": ["TAG1", "TAG2"],
                    "client_state": "aGF2ZSBhIG5pY2UgZGF5ID1d",
                    "custom_parameters": {"customer_id": "customer_123", "n": 5},
                    "media_format": {"encoding": "PCMU", "sample_rate": 8000, "channels": 1, "x_new": true}
                },
                "x_new": "kept"
            }),
        ),
        (
            "media",
            json!({
                "event": "media",
                "sequence_number": "4",
                "stream_id": stream,
                "media": {"track": "inbound", "chunk": "2", "timestamp": "5", "payload": "AQIDBA==", "x_new": []},
                "x_new": null
            }),
        ),
        (
            "dtmf",
            json!({
                "event": "dtmf",
                "sequence_number": "5",
                "stream_id": stream,
                "occurred_at": "2026-03-01T10:00:01.000000Z",
                "dtmf": {"digit": "7"},
                "x_new": {"a": 1}
            }),
        ),
        (
            "mark",
            json!({"event": "mark", "sequence_number": 6, "stream_id": stream, "mark": {"name": "greeting"}, "x_new": 0}),
        ),
        (
            "error",
            json!({
                "event": "error",
                "sequence_number": "7",
                "stream_id": stream,
                "payload": {"code": 100002, "title": "Unknown error", "detail": "d"},
                "x_new": 1.5
            }),
        ),
        (
            "stop",
            json!({
                "event": "stop",
                "sequence_number": "8",
                "stream_id": stream,
                "stop": {"user_id": "3e6f995f-85f7-4705-9741-53b116d28237", "call_control_id": "v3:abc"},
                "x_new": "z"
            }),
        ),
        (
            "speech.detected",
            json!({"event": "speech.detected", "stream_id": stream, "anything": [1, {"b": null}]}),
        ),
    ]
}

#[test]
fn documented_frames_decode_and_encode_back_unchanged() {
    for (event, frame) in documented() {
        let text = serde_json::to_vec(&frame).unwrap();
        let decoded = InboundFrame::from_slice(&text).unwrap();
        assert_eq!(decoded.event(), event);
        // through any serde deserializer too, with the same result
        assert_eq!(
            serde_json::from_value::<InboundFrame>(frame.clone()).unwrap(),
            decoded
        );
        assert_eq!(serde_json::to_value(&decoded).unwrap(), frame, "{event}");
        if event != "connected" {
            assert_eq!(
                decoded.stream_id(),
                Some("32de0dea-53cb-4b21-89a4-9e1819c043bc")
            );
        }
    }
}

#[test]
fn frames_decode_to_their_types() {
    let frames: Vec<InboundFrame> = documented()
        .into_iter()
        .map(|(_, f)| InboundFrame::from_slice(&serde_json::to_vec(&f).unwrap()).unwrap())
        .collect();
    match &frames[1] {
        InboundFrame::Start(start) => {
            let details = start.start.as_ref().unwrap();
            let format = details.media_format.as_ref().unwrap();
            assert_eq!(format.encoding, Some(MediaFormatEncoding::Pcmu));
            assert_eq!(format.sample_rate, Some(8000));
            assert_eq!(details.tags, ["TAG1", "TAG2"]);
            assert_eq!(
                start.sequence_number,
                Some(TextOrNumber::String("1".into()))
            );
        }
        other => panic!("{other:?}"),
    }
    match &frames[2] {
        InboundFrame::Media(media) => {
            assert_eq!(media.audio(), [1, 2, 3, 4]);
            assert_eq!(media.track(), Some(&MediaChunkTrack::Inbound));
            // the base64 is not kept twice
            assert_eq!(media.frame.media.as_ref().unwrap().payload, None);
        }
        other => panic!("{other:?}"),
    }
    match &frames[4] {
        InboundFrame::Mark(mark) => {
            assert_eq!(mark.sequence_number, Some(TextOrNumber::Int64(6)));
            assert_eq!(
                mark.mark.as_ref().unwrap().name.as_deref(),
                Some("greeting")
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(
        matches!(&frames[7], InboundFrame::Unknown { event, .. } if event == "speech.detected")
    );
}

#[test]
fn a_media_frame_without_payload_stays_without() {
    let frame = json!({"event": "media", "media": {"track": "outbound"}});
    let decoded = InboundFrame::from_slice(frame.to_string().as_bytes()).unwrap();
    match &decoded {
        InboundFrame::Media(media) => assert!(media.audio().is_empty() && media.payload.is_none()),
        other => panic!("{other:?}"),
    }
    assert_eq!(serde_json::to_value(&decoded).unwrap(), frame);
}

fn json_error_at(text: &[u8]) -> String {
    match InboundFrame::from_slice(text) {
        Err(FrameError::Json { path, .. }) => path,
        other => panic!("{}: {other:?}", String::from_utf8_lossy(text)),
    }
}

#[test]
fn a_wrong_type_for_event_is_an_error() {
    for text in [
        r#"{"event":7}"#,
        r#"{"event":null}"#,
        r#"{"event":["media"]}"#,
        r#"{"event":{"name":"media"}}"#,
        r#"{"event":true,"media":{"payload":"AQID"}}"#,
    ] {
        assert_eq!(json_error_at(text.as_bytes()), "event", "{text}");
        let value: Value = serde_json::from_str(text).unwrap();
        assert!(
            matches!(InboundFrame::from_value(value), Err(FrameError::Json { ref path, .. }) if path == "event"),
            "{text}"
        );
    }
    // no event at all, two of them, not an object
    assert_eq!(json_error_at(br#"{"stream_id":"s"}"#), "event");
    assert!(matches!(
        InboundFrame::from_slice(br#"{"event":"stop","event":"media"}"#),
        Err(FrameError::Json { .. })
    ));
    for text in ["[]", "\"media\"", "7", "null", ""] {
        assert!(
            matches!(
                InboundFrame::from_slice(text.as_bytes()),
                Err(FrameError::Json { .. })
            ),
            "{text}"
        );
    }
    assert!(serde_json::from_str::<InboundFrame>(r#"{"event":1}"#).is_err());
}

#[test]
fn a_wrong_type_inside_a_known_frame_names_the_member() {
    assert_eq!(
        json_error_at(br#"{"event":"start","start":{"media_format":{"sample_rate":"8k"}}}"#),
        "start.media_format.sample_rate"
    );
    assert_eq!(
        json_error_at(br#"{"event":"media","media":{"chunk":1.5}}"#),
        "media.chunk"
    );
    assert_eq!(json_error_at(br#"{"event":"media","media":[]}"#), "media");
    assert_eq!(
        json_error_at(br#"{"event":"dtmf","dtmf":{"digit":1}}"#),
        "dtmf.digit"
    );
}

#[test]
fn invalid_base64_audio_is_an_error() {
    for payload in ["AQID!", "AQI", "A===", "AQIDBA=", "AQIDBB==", "QUJD\n"] {
        let text = json!({"event": "media", "media": {"payload": payload}}).to_string();
        assert!(
            matches!(
                InboundFrame::from_slice(text.as_bytes()),
                Err(FrameError::InvalidPayload { .. })
            ),
            "{payload:?}"
        );
    }
    // the reason never repeats the audio
    let secret = "c2VjcmV0IGF1ZGlv!";
    let text = json!({"event": "media", "media": {"payload": secret}}).to_string();
    let err = InboundFrame::from_slice(text.as_bytes()).unwrap_err();
    assert!(!err.to_string().contains(secret), "{err}");
}

#[test]
fn a_huge_frame_is_refused_before_it_is_parsed() {
    let payload = "A".repeat(DEFAULT_MAX_FRAME_LEN);
    let text = json!({"event": "media", "media": {"payload": payload}}).to_string();
    match InboundFrame::from_slice(text.as_bytes()) {
        Err(FrameError::TooLarge { len, max }) => {
            assert_eq!((len, max), (text.len(), DEFAULT_MAX_FRAME_LEN));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        OutboundFrame::from_slice(text.as_bytes()),
        Err(FrameError::TooLarge { .. })
    ));
    // a large frame under a raised limit decodes (a 600 KiB chunk of audio)
    let audio = vec![0x55u8; 600 * 1024];
    let frame = OutboundFrame::media(&audio).to_json();
    let inbound = frame.replace(
        r#"{"event":"media","#,
        r#"{"event":"media","stream_id":"s","#,
    );
    match InboundFrame::from_slice_with_limit(inbound.as_bytes(), 2 * DEFAULT_MAX_FRAME_LEN) {
        Ok(InboundFrame::Media(media)) => assert_eq!(media.audio(), audio.as_slice()),
        other => panic!("{other:?}"),
    }
}

#[test]
fn json_cut_off_anywhere_is_an_error() {
    for (_, frame) in documented() {
        let text = serde_json::to_vec(&frame).unwrap();
        for end in 0..text.len() {
            let cut = &text[..end];
            assert!(
                InboundFrame::from_slice(cut).is_err(),
                "{}",
                String::from_utf8_lossy(cut)
            );
        }
        // and trailing garbage after a whole frame
        let mut trailing = text.clone();
        trailing.extend_from_slice(b"}");
        assert!(InboundFrame::from_slice(&trailing).is_err());
    }
}

#[test]
fn outbound_frames_are_written_as_telnyx_documents_them() {
    assert_eq!(
        OutboundFrame::media(&[0xff, 0x00, 0x7f]).to_json(),
        r#"{"event":"media","media":{"payload":"/wB/"}}"#
    );
    assert_eq!(
        OutboundFrame::mark("end of greeting").to_json(),
        r#"{"event":"mark","mark":{"name":"end of greeting"}}"#
    );
    assert_eq!(OutboundFrame::clear().to_json(), r#"{"event":"clear"}"#);
    assert_eq!(
        OutboundFrame::media(&[]).to_json(),
        r#"{"event":"media","media":{"payload":""}}"#
    );
    // and read back
    for frame in [
        OutboundFrame::media(b"audio"),
        OutboundFrame::mark("m"),
        OutboundFrame::clear(),
    ] {
        assert_eq!(
            OutboundFrame::from_slice(frame.to_json().as_bytes()).unwrap(),
            frame
        );
        assert_eq!(
            serde_json::from_str::<OutboundFrame>(&frame.to_json()).unwrap(),
            frame
        );
    }
    // what an application never sends
    assert!(matches!(
        OutboundFrame::from_slice(br#"{"event":"start"}"#),
        Err(FrameError::UnknownEvent { ref event }) if event == "start"
    ));
    assert!(matches!(
        OutboundFrame::from_slice(br#"{"event":"media","media":{"payload":"%%"}}"#),
        Err(FrameError::InvalidPayload { .. })
    ));
    let long = format!(r#"{{"event":"{}"}}"#, "x".repeat(10_000));
    match OutboundFrame::from_slice(long.as_bytes()) {
        Err(FrameError::UnknownEvent { event }) => assert_eq!(event.len(), 64),
        other => panic!("{other:?}"),
    }
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        "[a-z0-9 ]{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z]{1,6}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    /// Any members added to any documented frame (or to its inner objects) survive a decode
    /// and an encode.
    #[test]
    fn unknown_members_survive_a_round_trip(
        which in 0usize..8,
        extra in prop::collection::btree_map("x_[a-z]{1,6}", json_value(), 0..4),
        inner in prop::collection::btree_map("y_[a-z]{1,6}", json_value(), 0..3),
    ) {
        let (_, mut frame) = documented().swap_remove(which);
        let object = frame.as_object_mut().unwrap();
        // inner object of the frame: start / media / dtmf / mark / payload / stop
        for key in ["start", "media", "dtmf", "mark", "payload", "stop"] {
            if let Some(Value::Object(members)) = object.get_mut(key) {
                members.extend(inner.clone());
            }
        }
        object.extend(extra);
        let text = serde_json::to_vec(&frame).unwrap();
        let decoded = InboundFrame::from_slice(&text).unwrap();
        prop_assert_eq!(serde_json::to_value(&decoded).unwrap(), frame);
    }

    /// Arbitrary bytes never panic the decoder.
    #[test]
    fn arbitrary_input_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = InboundFrame::from_slice(&bytes);
        let _ = OutboundFrame::from_slice(&bytes);
    }

    /// Any audio goes out as base64 and comes back as the same bytes.
    #[test]
    fn any_audio_round_trips(audio in prop::collection::vec(any::<u8>(), 0..512)) {
        let frame = OutboundFrame::media(&audio);
        prop_assert_eq!(frame.audio(), Some(audio.clone()));
        let inbound = frame.to_json().replace(r#""media":{"#, r#""media":{"track":"inbound","#);
        match InboundFrame::from_slice(inbound.as_bytes()).unwrap() {
            InboundFrame::Media(media) => prop_assert_eq!(media.audio(), audio.as_slice()),
            other => prop_assert!(false, "{:?}", other),
        }
    }
}

#[test]
fn the_streaming_auth_token_never_shows_in_debug_output() {
    let text = r#"{"event":"connected","version":"1.0.0","connected":{"x-telnyx-streaming-auth-token":"tok-SECRET-123"}}"#;
    let frame: InboundFrame = serde_json::from_str(text).expect("connected frame");
    let shown = format!("{frame:?}");
    assert!(!shown.contains("tok-SECRET-123"), "{shown}");
    assert!(shown.contains("[redacted]"), "{shown}");
    // the frame itself keeps the token: it encodes back as received
    let back: Value = serde_json::to_value(&frame).expect("encodes");
    assert_eq!(
        back["connected"]["x-telnyx-streaming-auth-token"],
        "tok-SECRET-123"
    );
}
