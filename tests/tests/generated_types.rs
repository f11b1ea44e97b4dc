//! What the generated types promise users: a tagged union decodes the member its tag names
//! and loses none of its fields, keeps a tag it does not know whole, and writes the tag
//! itself; shared concepts are one type; setters take `&str` and bare literals; a
//! string-or-list field takes a plain string.

use proptest::prelude::*;
use serde_json::{Value, json};
use telnyx_sdk::calls::types::{
    AwsVoiceSettings, CallRequestTo, Message, RecordFormat, TelnyxVoiceSettings, Tool,
    TranscriptionEngineConfig, TranscriptionEngineDeepgramConfig, UserMessage, VoiceSettings,
};
use telnyx_sdk::{CallControlId, Client};
use telnyx_sdk_test_server::{Reply, Server};

/// A client of `server` that sends each request once.
fn client_without_retries(server: &Server) -> Client {
    Client::builder()
        .api_key("k")
        .base_url(server.url("/v2"))
        .max_retries(0)
        .build()
        .expect("client")
}

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(input: &Value) -> Value {
    let decoded: T = serde_json::from_value(input.clone()).expect("decodes");
    serde_json::to_value(&decoded).expect("encodes")
}

#[test]
fn each_voice_provider_keeps_its_own_fields() {
    // the first provider (ElevenLabs) used to take every value and drop `voice_speed`
    let telnyx = json!({"type": "telnyx", "voice_speed": 1.25});
    let decoded: VoiceSettings = serde_json::from_value(telnyx.clone()).expect("decodes");
    let VoiceSettings::Telnyx(settings) = &decoded else {
        panic!("decoded as another provider: {decoded:?}");
    };
    assert_eq!(settings.voice_speed, Some(1.25));
    assert_eq!(decoded.tag(), Some("telnyx"));
    assert_eq!(serde_json::to_value(&decoded).expect("encodes"), telnyx);

    for provider in [
        "elevenlabs",
        "telnyx",
        "aws",
        "minimax",
        "azure",
        "rime",
        "resemble",
        "inworld",
        "xai",
    ] {
        let input = json!({"type": provider, "a_field_of_tomorrow": [1, null, "\\.."]});
        let decoded: VoiceSettings = serde_json::from_value(input.clone()).expect(provider);
        assert!(
            !matches!(decoded, VoiceSettings::Unknown(_)),
            "{provider} is known"
        );
        assert_eq!(decoded.tag(), Some(provider));
        assert_eq!(serde_json::to_value(&decoded).expect("encodes"), input);
    }
}

#[test]
fn the_tag_is_written_by_the_union_not_by_users() {
    let aws = AwsVoiceSettings(serde_json::Map::new());
    let settings = VoiceSettings::from(aws);
    assert_eq!(
        serde_json::to_string(&settings).expect("encodes"),
        r#"{"type":"aws"}"#
    );
    let telnyx = VoiceSettings::Telnyx(TelnyxVoiceSettings {
        voice_speed: Some(0.5),
        ..Default::default()
    });
    // the tag comes first on the wire, then the member's fields
    assert_eq!(
        serde_json::to_string(&telnyx).expect("encodes"),
        r#"{"type":"telnyx","voice_speed":0.5}"#
    );
}

#[test]
fn an_unknown_tag_is_kept_whole_and_sent_back_unchanged() {
    let input = json!({"type": "acme-tts", "pitch": 3, "nested": {"x": null}});
    let decoded: VoiceSettings = serde_json::from_value(input.clone()).expect("decodes");
    assert_eq!(decoded, VoiceSettings::Unknown(input.clone()));
    assert_eq!(decoded.tag(), Some("acme-tts"));
    assert_eq!(serde_json::to_value(&decoded).expect("encodes"), input);
    // no tag at all, or a tag that is not text: also kept whole
    for odd in [
        json!({"voice_speed": 1}),
        json!({"type": 7}),
        json!("text"),
        json!(null),
    ] {
        let decoded: VoiceSettings = serde_json::from_value(odd.clone()).expect("decodes");
        assert_eq!(decoded, VoiceSettings::Unknown(odd.clone()));
        assert_eq!(serde_json::to_value(&decoded).expect("encodes"), odd);
    }
}

#[test]
fn a_known_tag_with_a_bad_member_is_an_error_naming_the_tag() {
    let err =
        serde_json::from_value::<VoiceSettings>(json!({"type": "telnyx", "voice_speed": "fast"}))
            .expect_err("a string is no speed");
    let message = err.to_string();
    assert!(
        message.contains("type") && message.contains("telnyx"),
        "{message}"
    );
}

#[test]
fn messages_read_from_json_keep_their_role_and_tool_calls() {
    let assistant = json!({
        "role": "assistant",
        "content": "Let me look that up.",
        "tool_calls": [{"id": "call_1", "type": "function",
                        "function": {"name": "lookup", "arguments": "{}"}}]
    });
    let decoded: Message = serde_json::from_value(assistant.clone()).expect("decodes");
    assert!(matches!(decoded, Message::Assistant(_)), "{decoded:?}");
    assert_eq!(serde_json::to_value(&decoded).expect("encodes"), assistant);
    for role in ["user", "system", "developer"] {
        let m = json!({"role": role, "content": "hi"});
        assert_eq!(round_trip::<Message>(&m), m);
    }
    let tool = json!({"role": "tool", "content": "42", "tool_call_id": "call_1"});
    assert_eq!(round_trip::<Message>(&tool), tool);
    let user = Message::from(UserMessage {
        content: "hello".into(),
        metadata: None,
        extra: Default::default(),
    });
    assert_eq!(
        serde_json::to_value(&user).expect("encodes"),
        json!({"role": "user", "content": "hello"})
    );
}

#[test]
fn tools_and_transcription_engines_decode_by_their_tag() {
    let hangup = json!({"type": "hangup", "hangup": {"description": "end the call"}});
    let decoded: Tool = serde_json::from_value(hangup.clone()).expect("decodes");
    assert!(matches!(decoded, Tool::Hangup(_)), "{decoded:?}");
    assert_eq!(serde_json::to_value(&decoded).expect("encodes"), hangup);

    // a union inside a union: the engine, then Deepgram's model
    let nova3 = json!({"transcription_engine": "Deepgram", "transcription_model": "deepgram/nova-3",
                       "language": "en"});
    let decoded: TranscriptionEngineConfig =
        serde_json::from_value(nova3.clone()).expect("decodes");
    assert!(
        matches!(
            decoded,
            TranscriptionEngineConfig::Deepgram(TranscriptionEngineDeepgramConfig::Nova3(_))
        ),
        "{decoded:?}"
    );
    assert_eq!(serde_json::to_value(&decoded).expect("encodes"), nova3);
    for engine in [
        "Google",
        "Telnyx",
        "Azure",
        "xAI",
        "AssemblyAI",
        "Speechmatics",
        "Soniox",
        "Parakeet",
        "A",
        "B",
    ] {
        let config = json!({"transcription_engine": engine});
        match serde_json::from_value::<TranscriptionEngineConfig>(config.clone()) {
            Ok(decoded) => {
                assert_eq!(decoded.tag(), Some(engine));
                assert_eq!(serde_json::to_value(&decoded).expect("encodes"), config);
            }
            // an engine with required settings: the error names the engine
            Err(e) => assert!(e.to_string().contains(engine), "{e}"),
        }
    }
}

/// Any JSON value: objects with keys that matter to the unions (`type`, `role`, ...) and
/// hostile text among the values.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-1.0e6f64..1.0e6).prop_map(Value::from),
        prop_oneof![
            Just(String::new()),
            Just("\\".to_owned()),
            Just("..".to_owned()),
            "[a-z_/.-]{0,12}"
        ]
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("[a-z_]{1,10}", inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// The tag values of each tagged union, and tags no union knows.
fn tagged(property: &'static str, tags: &'static [&'static str]) -> impl Strategy<Value = Value> {
    (
        prop::sample::select(tags),
        prop::collection::btree_map("[a-z_]{1,10}", any_json(), 0..4),
    )
        .prop_map(move |(tag, mut fields)| {
            fields.insert(property.to_owned(), Value::from(tag));
            Value::Object(fields.into_iter().collect())
        })
}

/// Whether every member of `input` is in `output` (objects may gain nothing they lack
/// here: a member present in the input must be present, equal, in the output).
fn keeps_all_of(input: &Value, output: &Value) -> bool {
    match (input, output) {
        (Value::Object(i), Value::Object(o)) => i
            .iter()
            .all(|(k, v)| o.get(k).is_some_and(|ov| keeps_all_of(v, ov))),
        (Value::Array(i), Value::Array(o)) => {
            i.len() == o.len() && i.iter().zip(o).all(|(a, b)| keeps_all_of(a, b))
        }
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (a, b) => a == b,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Whatever decodes re-encodes as a superset of the input: no member is dropped.
    #[test]
    fn voice_settings_never_drop_a_member(input in prop_oneof![
        tagged("type", &["elevenlabs", "telnyx", "aws", "minimax", "azure", "rime", "resemble",
                         "inworld", "xai", "acme", ""]),
        any_json(),
    ]) {
        if let Ok(decoded) = serde_json::from_value::<VoiceSettings>(input.clone()) {
            let output = serde_json::to_value(&decoded).expect("encodes");
            prop_assert!(keeps_all_of(&input, &output), "{input} -> {output}");
        }
    }

    #[test]
    fn messages_never_drop_a_member(input in prop_oneof![
        tagged("role", &["user", "assistant", "tool", "system", "developer", "moderator"]),
        any_json(),
    ]) {
        if let Ok(decoded) = serde_json::from_value::<Message>(input.clone()) {
            let output = serde_json::to_value(&decoded).expect("encodes");
            prop_assert!(keeps_all_of(&input, &output), "{input} -> {output}");
        }
    }

    #[test]
    fn tools_never_drop_a_member(input in prop_oneof![
        tagged("type", &["book_appointment", "check_availability", "webhook", "hangup",
                         "transfer", "retrieval", "mcp"]),
        any_json(),
    ]) {
        if let Ok(decoded) = serde_json::from_value::<Tool>(input.clone()) {
            let output = serde_json::to_value(&decoded).expect("encodes");
            prop_assert!(keeps_all_of(&input, &output), "{input} -> {output}");
        }
    }

    #[test]
    fn string_or_list_unions_never_drop_a_member(input in any_json()) {
        if let Ok(decoded) = serde_json::from_value::<CallRequestTo>(input.clone()) {
            let output = serde_json::to_value(&decoded).expect("encodes");
            prop_assert!(keeps_all_of(&input, &output), "{input} -> {output}");
        }
    }
}

#[test]
fn one_record_format_serves_dial_answer_and_recording() {
    // the same value goes to each operation that takes a recording format
    let client = Client::builder().api_key("k").build().expect("client");
    let call = CallControlId::from("v3:abc");
    let format = RecordFormat::Mp3;
    let _ = client
        .calls()
        .dial()
        .body_map(|b| b.record_format(format.clone()));
    let _ = client
        .calls()
        .actions(&call)
        .answer()
        .body_map(|b| b.record_format(format.clone()));
    let _ = client
        .calls()
        .actions(&call)
        .record_start()
        .body_map(|b| b.format(format.clone()));
}

#[tokio::test]
async fn setters_take_str_and_bare_literals_and_to_takes_a_plain_string() {
    let server = Server::script(vec![
        Reply::json(
            201,
            json!({"data": {"id": "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0"}}),
        ),
        Reply::json(
            200,
            json!({"data": {"call_control_id": "v3:abc", "call_leg_id": "leg",
                            "call_session_id": "session", "is_alive": true,
                            "record_type": "call"}}),
        ),
    ])
    .await;
    let client = Client::builder()
        .api_key("k")
        .base_url(server.url("/v2"))
        .build()
        .expect("client");
    client
        .rooms()
        .create()
        .body_map(|b| b.unique_name("standup").max_participants(10))
        .send()
        .await
        .expect("room created");
    client
        .calls()
        .dial()
        .body_map(|b| {
            b.connection_id("1293384261075731461")
                .from("+15550100")
                .to("+15550199")
                .client_state("aGk=")
                .time_limit_secs(600)
        })
        .send()
        .await
        .expect("dialled");
    let requests = server.requests();
    assert_eq!(
        requests[0].json(),
        json!({"unique_name": "standup", "max_participants": 10})
    );
    let dial = requests[1].json();
    assert_eq!(dial["to"], json!("+15550199"));
    assert_eq!(dial["client_state"], json!("aGk="));
    assert_eq!(dial["time_limit_secs"], json!(600));
}

#[test]
fn call_transcription_is_a_typed_event() {
    let body = json!({"data": {
        "event_type": "call.transcription",
        "id": "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0",
        "occurred_at": "2026-12-04T10:00:00.000000Z",
        "record_type": "event",
        "payload": {
            "call_control_id": "v3:abc",
            "transcription_data": {"confidence": 0.97, "is_final": true,
                                   "transcript": "I need help with my bill",
                                   "transcription_track": "inbound"}
        }
    }});
    let event =
        telnyx_sdk::webhooks::Event::from_slice(body.to_string().as_bytes()).expect("decodes");
    let telnyx_sdk::webhooks::Event::CallTranscription(record) = &event else {
        panic!("not typed: {event:?}");
    };
    let data = record
        .payload
        .as_ref()
        .and_then(|p| p.transcription_data.as_ref())
        .expect("transcription data");
    assert_eq!(data.transcript.as_deref(), Some("I need help with my bill"));
    assert_eq!(data.is_final, Some(true));
    assert_eq!(event.event_type(), "call.transcription");
}

#[tokio::test]
async fn nested_objects_take_their_builder_and_bad_text_is_refused_at_send_naming_the_field() {
    use telnyx_sdk::calls::types::AnsweringMachineDetectionConfig;
    let server = Server::script(vec![Reply::json(
        200,
        json!({"data": {"call_control_id": "v3:abc", "call_leg_id": "leg",
                        "call_session_id": "session", "is_alive": true, "record_type": "call"}}),
    )])
    .await;
    let client = client_without_retries(&server);
    // a nested object given as its builder, and text within its limits
    client
        .calls()
        .dial()
        .body_map(|b| {
            b.connection_id("1293384261075731461")
                .from("+15550100")
                .to("+15550199")
                .record_custom_file_name("support-call")
                .answering_machine_detection_config(
                    AnsweringMachineDetectionConfig::builder().after_greeting_silence_millis(900),
                )
        })
        .send()
        .await
        .expect("dialled");
    let sent = server.requests()[0].json();
    assert_eq!(sent["record_custom_file_name"], json!("support-call"));
    assert_eq!(
        sent["answering_machine_detection_config"]["after_greeting_silence_millis"],
        json!(900)
    );
    // text over its 40-character limit: refused before anything is sent, naming the field
    let err = client
        .calls()
        .dial()
        .body_map(|b| {
            b.connection_id("1293384261075731461")
                .from("+15550100")
                .to("+15550199")
                .record_custom_file_name("x".repeat(41))
        })
        .send()
        .await
        .expect_err("too long");
    assert!(
        matches!(&err, telnyx_sdk::Error::InvalidRequest(m) if m.contains("record_custom_file_name")),
        "{err:?}"
    );
    assert_eq!(server.requests().len(), 1, "nothing more was sent");
}

#[tokio::test]
async fn page_size_is_one_type_on_lists_and_on_the_other_calls_that_take_pages() {
    let server = Server::script(vec![
        Reply::json(
            200,
            json!({"data": [], "meta": {"page_number": 2, "page_size": 25,
                   "total_pages": 2, "total_results": 30}}),
        ),
        Reply::json(201, json!({"data": {"room_recordings": 3}})),
    ])
    .await;
    let client = Client::builder()
        .api_key("k")
        .base_url(server.url("/v2"))
        .build()
        .expect("client");
    // the same `u32` goes to a list and to a bulk delete
    let size: u32 = 25;
    client
        .room_recordings()
        .list()
        .page_size(size)
        .page_number(2)
        .send()
        .await
        .expect("listed");
    client
        .room_recordings()
        .delete_many()
        .filter_status("completed")
        .page_size(size)
        .page_number(2)
        .send()
        .await
        .expect("deleted");
    // out of range: refused before anything is sent, as on a list
    for bad in [
        client.room_recordings().delete_many().page_size(0),
        client.room_recordings().delete_many().page_size(251),
        client.room_recordings().delete_many().page_number(0),
    ] {
        let err = bad.send().await.expect_err("out of range");
        assert!(
            matches!(err, telnyx_sdk::Error::InvalidRequest(_)),
            "{err:?}"
        );
    }
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "nothing sent for the refused calls");
    assert_eq!(requests[0].query(), "page[number]=2&page[size]=25");
    assert_eq!(requests[1].method, "DELETE");
    assert_eq!(
        requests[1].query(),
        "filter[status]=completed&page[number]=2&page[size]=25"
    );
}

#[tokio::test]
async fn a_missing_required_value_is_refused_at_send_naming_it() {
    let server = Server::start(|_, _| Reply::json(200, json!({"data": {}}))).await;
    let client = client_without_retries(&server);
    // a body missing a required field: the builder's own message, nothing sent
    let err = client
        .calls()
        .dial()
        .body_map(|b| b.from("+15550100").to("+15550199"))
        .send()
        .await
        .expect_err("no connection_id");
    assert!(
        matches!(&err, telnyx_sdk::Error::InvalidRequest(m)
            if m.contains("no value supplied for connection_id")),
        "{err:?}"
    );

    // a domain crate's operation builder without its required path parameter, then with a
    // value that does not convert, then with a good one
    use telnyx_sdk_video::ClientRoomsExt as _;
    let video = telnyx_sdk_video::Client::new_with_client(
        &server.url("/v2"),
        client.http_client().clone(),
        client.runtime().clone(),
    );
    let unset = video.view_room().send().await.expect_err("no room_id");
    assert!(
        matches!(&unset, telnyx_sdk_core::progenitor_client::Error::InvalidRequest(m)
            if m == "room_id was not initialized"),
        "{unset:?}"
    );
    let bad = video
        .view_room()
        .room_id("not-a-uuid")
        .send()
        .await
        .expect_err("not a UUID");
    assert!(
        matches!(&bad, telnyx_sdk_core::progenitor_client::Error::InvalidRequest(m)
            if m.contains("room_id") && !m.contains("not initialized")),
        "{bad:?}"
    );
    assert!(server.requests().is_empty(), "nothing was sent");
    // a later setter call replaces an earlier failure
    video
        .view_room()
        .room_id("not-a-uuid")
        .room_id(uuid::Uuid::from_u128(7))
        .send()
        .await
        .expect("sent");
    assert_eq!(
        server.requests()[0].path(),
        "/v2/rooms/00000000-0000-0000-0000-000000000007"
    );
}

/// Every `types::Name` a domain crate's README lists is a type of that crate under that
/// name (the README once listed schema names, `CallAIGatherEndedEvent`, where the type is
/// `CallAiGatherEndedEvent`).
#[test]
fn every_type_a_domain_readme_names_exists() {
    let crates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates");
    let mut checked = 0;
    for entry in std::fs::read_dir(&crates).expect("crates/") {
        let dir = entry.expect("entry").path();
        let (Ok(readme), Ok(source)) = (
            std::fs::read_to_string(dir.join("README.md")),
            std::fs::read_to_string(dir.join("src/generated.rs")),
        ) else {
            continue;
        };
        for name in readme
            .split("`types::")
            .skip(1)
            .filter_map(|rest| rest.split('`').next())
        {
            let defined = ["struct", "enum", "type"]
                .iter()
                .any(|kind| source.contains(&format!("pub {kind} {name}")));
            assert!(defined, "{}: README names `types::{name}`", dir.display());
            checked += 1;
        }
    }
    assert!(
        checked >= 59,
        "the webhooks README alone lists 59 events; saw {checked}"
    );
}
