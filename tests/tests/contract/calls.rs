//! Contract cases for the `calls` domain: the 41 call-control operations (dial, the call
//! commands under `/calls/{call_control_id}/actions/`, a call's status and a connection's
//! active calls), each with the fields a real application would send.
//!
//! `command_id` is left to the SDK (it fills one in for every command that accepts it) except
//! in one case that sets its own, so both paths reach Prism.

use telnyx_sdk::calls::types::{
    AiAssistantJoinParticipant, AiAssistantJoinParticipantRole, AnsweringMachineDetection,
    CallRequestTo, ConversationRelayStartRequest, CustomSipHeader, Language, Loopcount, Message,
    MuteDtmf, NoiseSuppressionDirection, PayloadType, PlayAudioUrlRequestAudioType, RecordChannels,
    RecordFormat, RejectRequestCause, ServiceLevel, StartForkingRequestStreamType,
    StartSiprecRequestSipTransport, StopForkingRequestStreamType, StreamTrack, SupervisorRole,
    TranscriptionEngineConfig, TranscriptionStartRequestTranscriptionEngine, UserMessage,
    VoiceSettings,
};
use telnyx_sdk::{CallControlId, Client, ConnectionId};

use super::{CALL_CONTROL_ID, CLIENT_STATE, COMMAND_ID, Contract, OTHER_CALL_CONTROL_ID, uuid};

const CONNECTION_ID: &str = "1293384261075731461";
const CALLER: &str = "+18005550101";
const CALLEE: &str = "+18005550199";
const RECORDING_ID: &str = "428c31b6-7af4-4bcb-b7f5-5013ef9657c1";
const STREAM_ID: &str = "1edb94f9-7ef0-4150-b502-e0ebadfd9491";

/// Every operation of the `calls` domain, once, then a few bodies with only the required
/// fields.
pub(super) async fn calls(client: &Client, c: &mut Contract<'_>) {
    every_operation(client, c).await;
    required_fields_only(client, c).await;
    every_union_member(client, c).await;
}

/// Each member of the tagged unions the calls domain sends, in the body of a real command:
/// the nine voice providers (speak), the five message roles (AI assistant messages) and the
/// transcription engines, Deepgram's two models among them (transcription start). Prism
/// checks each against the vendor's schema; the body must hold the member as written here,
/// tag and every field, byte for byte in the body's key order (the SDK writes a body's keys
/// sorted, the tag among them).
/// `json` with its keys sorted at every level, as compact text.
fn sorted(json: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(json).expect("test JSON");
    value.to_string()
}

async fn every_union_member(client: &Client, c: &mut Contract<'_>) {
    let call = CallControlId::new(CALL_CONTROL_ID);
    let actions = client.calls().actions(&call);
    let voices: [(&'static str, &str); 9] = [
        (
            "SpeakCall (voice elevenlabs)",
            r#"{"type":"elevenlabs","api_key_ref":"my_elevenlabs_key"}"#,
        ),
        (
            "SpeakCall (voice telnyx)",
            r#"{"type":"telnyx","voice_speed":1.25}"#,
        ),
        ("SpeakCall (voice aws)", r#"{"type":"aws"}"#),
        (
            "SpeakCall (voice minimax)",
            r#"{"type":"minimax","pitch":2,"speed":1.1}"#,
        ),
        (
            "SpeakCall (voice azure)",
            r#"{"type":"azure","gender":"Female","region":"eastus"}"#,
        ),
        (
            "SpeakCall (voice rime)",
            r#"{"type":"rime","voice_speed":0.9}"#,
        ),
        (
            "SpeakCall (voice resemble)",
            r#"{"type":"resemble","format":"mp3"}"#,
        ),
        (
            "SpeakCall (voice inworld)",
            r#"{"type":"inworld","delivery_mode":"BALANCED"}"#,
        ),
        ("SpeakCall (voice xai)", r#"{"type":"xai","language":"en"}"#),
    ];
    for (operation, wire) in voices {
        let settings: VoiceSettings = serde_json::from_str(wire).expect(operation);
        assert!(
            !matches!(settings, VoiceSettings::Unknown(_)),
            "{operation}"
        );
        c.run_sending(
            operation,
            &format!(r#""voice_settings":{}"#, sorted(wire)),
            actions
                .speak()
                .body_map(|b| {
                    b.payload("Your call is important to us.")
                        .voice("Telnyx.KokoroTTS.af")
                        .voice_settings(settings)
                })
                .send(),
        )
        .await;
    }
    let messages: [(&'static str, &str); 5] = [
        (
            "CallAddMessagesToAIAssistant (user)",
            r#"{"role":"user","content":"My order number is 12345."}"#,
        ),
        (
            "CallAddMessagesToAIAssistant (assistant)",
            r#"{"role":"assistant","content":"Let me check.","tool_calls":[{"function":{"arguments":"{\"order\":\"12345\"}","name":"lookup_order"},"id":"call_1","type":"function"}]}"#,
        ),
        (
            "CallAddMessagesToAIAssistant (tool)",
            r#"{"role":"tool","content":"Shipped on Monday.","tool_call_id":"call_1"}"#,
        ),
        (
            "CallAddMessagesToAIAssistant (system)",
            r#"{"role":"system","content":"Answer in one sentence."}"#,
        ),
        (
            "CallAddMessagesToAIAssistant (developer)",
            r#"{"role":"developer","content":"Never read out card numbers."}"#,
        ),
    ];
    for (operation, wire) in messages {
        let message: Message = serde_json::from_str(wire).expect(operation);
        assert!(!matches!(message, Message::Unknown(_)), "{operation}");
        c.run_sending(
            operation,
            &format!(r#""messages":[{}]"#, sorted(wire)),
            actions
                .ai_assistant_add_messages()
                .body_map(|b| b.messages(vec![message]))
                .send(),
        )
        .await;
    }
    let engines: [(
        &'static str,
        TranscriptionStartRequestTranscriptionEngine,
        &str,
    ); 12] = [
        (
            "StartCallTranscription (Google)",
            TranscriptionStartRequestTranscriptionEngine::Google,
            r#"{"transcription_engine":"Google","interim_results":true,"language":"en"}"#,
        ),
        (
            "StartCallTranscription (Telnyx)",
            TranscriptionStartRequestTranscriptionEngine::Telnyx,
            r#"{"transcription_engine":"Telnyx","transcription_model":"openai/whisper-large-v3-turbo"}"#,
        ),
        (
            "StartCallTranscription (Deepgram nova-2)",
            TranscriptionStartRequestTranscriptionEngine::Deepgram,
            r#"{"transcription_engine":"Deepgram","transcription_model":"deepgram/nova-2","smart_format":true}"#,
        ),
        (
            "StartCallTranscription (Deepgram nova-3)",
            TranscriptionStartRequestTranscriptionEngine::Deepgram,
            r#"{"transcription_engine":"Deepgram","transcription_model":"deepgram/nova-3","keyterms":["refund"]}"#,
        ),
        (
            "StartCallTranscription (Azure)",
            TranscriptionStartRequestTranscriptionEngine::Azure,
            r#"{"transcription_engine":"Azure","region":"eastus"}"#,
        ),
        (
            "StartCallTranscription (xAI)",
            TranscriptionStartRequestTranscriptionEngine::XAi,
            r#"{"transcription_engine":"xAI","interim_results":false}"#,
        ),
        (
            "StartCallTranscription (AssemblyAI)",
            TranscriptionStartRequestTranscriptionEngine::AssemblyAi,
            r#"{"transcription_engine":"AssemblyAI","interim_results":true}"#,
        ),
        (
            "StartCallTranscription (Speechmatics)",
            TranscriptionStartRequestTranscriptionEngine::Speechmatics,
            r#"{"transcription_engine":"Speechmatics","interim_results":true}"#,
        ),
        (
            "StartCallTranscription (Soniox)",
            TranscriptionStartRequestTranscriptionEngine::Soniox,
            r#"{"transcription_engine":"Soniox","language":"en"}"#,
        ),
        (
            "StartCallTranscription (Parakeet)",
            TranscriptionStartRequestTranscriptionEngine::Parakeet,
            r#"{"transcription_engine":"Parakeet","interim_results":true}"#,
        ),
        (
            "StartCallTranscription (A)",
            TranscriptionStartRequestTranscriptionEngine::A,
            r#"{"transcription_engine":"A","interim_results":true}"#,
        ),
        (
            "StartCallTranscription (B)",
            TranscriptionStartRequestTranscriptionEngine::B,
            r#"{"transcription_engine":"B","transcription_model":"openai/whisper-tiny"}"#,
        ),
    ];
    for (operation, engine, wire) in engines {
        let config: TranscriptionEngineConfig = serde_json::from_str(wire).expect(operation);
        assert!(
            !matches!(config, TranscriptionEngineConfig::Unknown(_)),
            "{operation}"
        );
        c.run_sending(
            operation,
            &format!(r#""transcription_engine_config":{}"#, sorted(wire)),
            actions
                .transcription_start()
                .body_map(|b| {
                    b.transcription_engine(engine)
                        .transcription_engine_config(config)
                        .transcription_tracks("inbound")
                })
                .send(),
        )
        .await;
    }
}

async fn every_operation(client: &Client, c: &mut Contract<'_>) {
    let call = CallControlId::new(CALL_CONTROL_ID);
    let connection = ConnectionId::new(CONNECTION_ID);
    let actions = client.calls().actions(&call);

    // Dial, status, active calls
    c.run(
        "DialCall",
        client
            .calls()
            .dial()
            .body_map(|b| {
                b.connection_id(CONNECTION_ID)
                    .to(CallRequestTo::String(CALLEE.to_owned()))
                    .from(CALLER)
                    .from_display_name("Support".to_owned())
                    .timeout_secs(30)
                    .time_limit_secs(14_400)
                    .answering_machine_detection(AnsweringMachineDetection::Detect)
                    .custom_headers(vec![CustomSipHeader {
                        name: "head_1".to_owned(),
                        value: "val_1".to_owned(),
                    }])
                    .webhook_url("https://example.com/webhooks".to_owned())
                    .client_state(CLIENT_STATE.to_owned())
                    .command_id(COMMAND_ID.to_owned())
            })
            .send(),
    )
    .await;
    c.run("RetrieveCallStatus", client.calls().get(&call).send())
        .await;
    c.run(
        "ListConnectionActiveCalls",
        client
            .connections()
            .active_calls(&connection)
            .list()
            .page_after("v1:cursor")
            .send(),
    )
    .await;

    // Answer, reject, hang up, bridge, transfer, refer
    c.run(
        "AnswerCall",
        actions
            .answer()
            .body_map(|b| {
                b.client_state(CLIENT_STATE.to_owned())
                    .webhook_url("https://example.com/webhooks".to_owned())
                    .send_silence_when_idle(true)
            })
            .send(),
    )
    .await;
    c.run(
        "RejectCall",
        actions
            .reject()
            .body_map(|b| {
                b.cause(RejectRequestCause::UserBusy)
                    .client_state(CLIENT_STATE.to_owned())
            })
            .send(),
    )
    .await;
    c.run(
        "HangupCall",
        actions
            .hangup()
            .body_map(|b| b.client_state(CLIENT_STATE.to_owned()))
            .send(),
    )
    .await;
    c.run(
        "BridgeCall",
        actions
            .bridge()
            .body_map(|b| {
                b.call_control_id(OTHER_CALL_CONTROL_ID)
                    .park_after_unbridge("self".to_owned())
                    .play_ringtone(false)
                    .mute_dtmf(MuteDtmf::None)
                    .client_state(CLIENT_STATE.to_owned())
            })
            .send(),
    )
    .await;
    c.run(
        "TransferCall",
        actions
            .transfer()
            .body_map(|b| {
                b.to(CALLEE)
                    .from(CALLER.to_owned())
                    .timeout_secs(30)
                    .target_leg_client_state(CLIENT_STATE.to_owned())
                    .client_state(CLIENT_STATE.to_owned())
            })
            .send(),
    )
    .await;
    c.run(
        "ReferCall",
        actions
            .refer()
            .body_map(|b| {
                b.sip_address("sip:agent@sip.example.com")
                    .client_state(CLIENT_STATE.to_owned())
            })
            .send(),
    )
    .await;
    c.run(
        "UpdateClientState",
        actions
            .client_state_update()
            .body_map(|b| b.client_state(CLIENT_STATE))
            .send(),
    )
    .await;
    c.run(
        "SwitchSupervisorRole",
        actions
            .switch_supervisor_role()
            .body_map(|b| b.role(SupervisorRole::Whisper))
            .send(),
    )
    .await;

    // Audio: playback, speak, DTMF, SIP INFO
    c.run(
        "StartCallPlayback",
        actions
            .playback_start()
            .body_map(|b| {
                b.audio_url("https://example.com/hold-music.mp3".to_owned())
                    .audio_type(PlayAudioUrlRequestAudioType::Mp3)
                    .loop_(Loopcount::Integer(3))
                    .overlay(false)
                    .target_legs("self".to_owned())
                    .cache_audio(true)
            })
            .send(),
    )
    .await;
    c.run(
        "StopCallPlayback",
        actions
            .playback_stop()
            .body_map(|b| b.stop("all".to_owned()).overlay(false))
            .send(),
    )
    .await;
    c.run(
        "SpeakCall",
        actions
            .speak()
            .body_map(|b| {
                b.payload("Thank you for calling. An agent will be with you shortly.")
                    .voice("female")
                    .language(Language::EnUs)
                    .payload_type(PayloadType::Text)
                    .service_level(ServiceLevel::Premium)
            })
            .send(),
    )
    .await;
    c.run(
        "SendDTMF",
        actions
            .send_dtmf()
            .body_map(|b| b.digits("1www2WABCDw9").duration_millis(250))
            .send(),
    )
    .await;
    c.run(
        "SendSIPInfo",
        actions
            .send_sip_info()
            .body_map(|b| {
                b.content_type("application/json")
                    .body(r#"{"key": "value", "numValue": 100}"#)
            })
            .send(),
    )
    .await;

    // Gather
    c.run(
        "GatherCall",
        actions
            .gather()
            .body_map(|b| {
                b.minimum_digits(1)
                    .maximum_digits(4)
                    .terminating_digit("#".to_owned())
                    .valid_digits("0123456789".to_owned())
                    .timeout_millis(60_000)
                    .inter_digit_timeout_millis(5_000)
            })
            .send(),
    )
    .await;
    c.run(
        "StopCallGather",
        actions
            .gather_stop()
            .body_map(|b| b.client_state(CLIENT_STATE.to_owned()))
            .send(),
    )
    .await;
    c.run(
        "GatherUsingAudio",
        actions
            .gather_using_audio()
            .body_map(|b| {
                b.audio_url("https://example.com/menu.mp3".to_owned())
                    .invalid_audio_url("https://example.com/invalid.mp3".to_owned())
                    .minimum_digits(1)
                    .maximum_digits(1)
                    .maximum_tries(3)
                    .valid_digits("123".to_owned())
                    .terminating_digit("#".to_owned())
            })
            .send(),
    )
    .await;
    c.run(
        "GatherUsingSpeak",
        actions
            .gather_using_speak()
            .body_map(|b| {
                b.payload("Press 1 for sales, 2 for support.")
                    .voice("female")
                    .language(Language::EnUs)
                    .payload_type(PayloadType::Text)
                    .invalid_payload("Sorry, that is not an option.".to_owned())
                    .minimum_digits(1)
                    .maximum_digits(1)
                    .maximum_tries(3)
                    .valid_digits("12".to_owned())
            })
            .send(),
    )
    .await;
    c.run(
        "callGatherUsingAI",
        actions
            .gather_using_ai()
            .body_map(|b| {
                b.parameters(gather_parameters())
                    .greeting("Hello, may I have your account number?".to_owned())
                    .send_partial_results(false)
                    .user_response_timeout_ms(10_000)
            })
            .send(),
    )
    .await;

    // Recording
    c.run(
        "StartCallRecord",
        actions
            .record_start()
            .body_map(|b| {
                b.format(RecordFormat::Mp3)
                    .channels(RecordChannels::Single)
                    .play_beep(true)
                    .max_length(3_600)
                    .timeout_secs(0)
            })
            .send(),
    )
    .await;
    c.run(
        "PauseCallRecording",
        actions
            .record_pause()
            .body_map(|b| b.recording_id(uuid(RECORDING_ID)))
            .send(),
    )
    .await;
    c.run(
        "ResumeCallRecording",
        actions
            .record_resume()
            .body_map(|b| b.recording_id(uuid(RECORDING_ID)))
            .send(),
    )
    .await;
    c.run(
        "StopCallRecording",
        actions
            .record_stop()
            .body_map(|b| {
                b.recording_id(uuid(RECORDING_ID))
                    .client_state(CLIENT_STATE.to_owned())
            })
            .send(),
    )
    .await;

    // Media forking, streaming, SIPREC, transcription, noise suppression
    c.run(
        "StartCallFork",
        actions
            .fork_start()
            .body_map(|b| {
                b.rx("udp:192.0.2.1:9000".to_owned())
                    .tx("udp:192.0.2.1:9001".to_owned())
                    .stream_type(StartForkingRequestStreamType::Decrypted)
            })
            .send(),
    )
    .await;
    c.run(
        "StopCallFork",
        actions
            .fork_stop()
            .body_map(|b| b.stream_type(StopForkingRequestStreamType::Decrypted))
            .send(),
    )
    .await;
    c.run(
        "StartCallStreaming",
        actions
            .streaming_start()
            .body_map(|b| {
                b.stream_url("wss://stream.example.com/audio".to_owned())
                    .stream_track(StreamTrack::BothTracks)
                    .enable_dialogflow(false)
            })
            .send(),
    )
    .await;
    c.run(
        "StopCallStreaming",
        actions
            .streaming_stop()
            .body_map(|b| b.stream_id(uuid(STREAM_ID)))
            .send(),
    )
    .await;
    c.run(
        "StartSiprecSession",
        actions
            .siprec_start()
            .body_map(|b| {
                b.connector_name("my-siprec-connector".to_owned())
                    .siprec_track(StreamTrack::BothTracks)
                    .sip_transport(StartSiprecRequestSipTransport::Tcp)
                    .session_timeout_secs(900)
                    .secure(true)
                    .client_state(CLIENT_STATE.to_owned())
            })
            .send(),
    )
    .await;
    c.run(
        "StopSiprecSession",
        actions
            .siprec_stop()
            .body_map(|b| b.client_state(CLIENT_STATE.to_owned()))
            .send(),
    )
    .await;
    c.run(
        "StartCallTranscription",
        actions
            .transcription_start()
            .body_map(|b| {
                b.transcription_engine(TranscriptionStartRequestTranscriptionEngine::Google)
                    .transcription_tracks("both".to_owned())
                    .client_state(CLIENT_STATE.to_owned())
            })
            .send(),
    )
    .await;
    c.run(
        "StopCallTranscription",
        actions
            .transcription_stop()
            .body_map(|b| b.client_state(CLIENT_STATE.to_owned()))
            .send(),
    )
    .await;
    c.run(
        "noiseSuppressionStart",
        actions
            .suppression_start()
            .body_map(|b| b.direction(NoiseSuppressionDirection::Both))
            .send(),
    )
    .await;
    c.run(
        "noiseSuppressionStop",
        actions
            .suppression_stop()
            .body_map(|b| b.client_state(CLIENT_STATE.to_owned()))
            .send(),
    )
    .await;

    // AI assistant and Conversation Relay
    c.run(
        "CallStartAIAssistant",
        actions
            .ai_assistant_start()
            .body_map(|b| {
                b.greeting("Hi, I am the support assistant. How can I help?".to_owned())
                    .send_message_history_updates(false)
            })
            .send(),
    )
    .await;
    c.run(
        "CallJoinAIAssistant",
        actions
            .ai_assistant_join()
            .body_map(|b| {
                b.conversation_id("v3:abc123")
                    .participant(AiAssistantJoinParticipant {
                        id: OTHER_CALL_CONTROL_ID.to_owned(),
                        name: Some("Jane Agent".to_owned()),
                        on_hangup: None,
                        role: AiAssistantJoinParticipantRole::User,
                    })
            })
            .send(),
    )
    .await;
    c.run(
        "CallAddMessagesToAIAssistant",
        actions
            .ai_assistant_add_messages()
            .body_map(|b| {
                b.messages(vec![Message::User(UserMessage {
                    content: "The caller's account number is 12345.".to_owned(),
                    metadata: None,
                    extra: Default::default(),
                })])
            })
            .send(),
    )
    .await;
    c.run(
        "CallStopAIAssistant",
        actions
            .ai_assistant_stop()
            .body_map(|b| b.client_state(CLIENT_STATE.to_owned()))
            .send(),
    )
    .await;
    c.run(
        "CallStartConversationRelay",
        actions
            .conversation_relay_start()
            .body(conversation_relay_start())
            .send(),
    )
    .await;
    c.run(
        "CallStopConversationRelay",
        actions
            .conversation_relay_stop()
            .body_map(|b| b.client_state(CLIENT_STATE.to_owned()))
            .send(),
    )
    .await;
}

/// Bodies with only the fields the vendor document requires: what the SDK adds on its own
/// (`command_id`) must be valid too.
async fn required_fields_only(client: &Client, c: &mut Contract<'_>) {
    let call = CallControlId::new(CALL_CONTROL_ID);
    let actions = client.calls().actions(&call);
    c.run(
        "DialCall (required fields only)",
        client
            .calls()
            .dial()
            .body_map(|b| {
                b.connection_id(CONNECTION_ID)
                    .to(CallRequestTo::String(CALLEE.to_owned()))
                    .from(CALLER)
            })
            .send(),
    )
    .await;
    c.run("AnswerCall (required fields only)", actions.answer().send())
        .await;
    c.run(
        "BridgeCall (required fields only)",
        actions
            .bridge()
            .body_map(|b| b.call_control_id(OTHER_CALL_CONTROL_ID))
            .send(),
    )
    .await;
    c.run("HangupCall (required fields only)", actions.hangup().send())
        .await;
}

/// The JSON Schema of what the AI gather asks the caller for.
fn gather_parameters() -> serde_json::Map<String, serde_json::Value> {
    let schema = serde_json::json!({
        "type": "object",
        "properties": {
            "account_number": {
                "type": "string",
                "description": "The caller's account number."
            },
            "reason": {
                "type": "string",
                "description": "Why the caller is calling."
            }
        },
        "required": ["account_number"]
    });
    match schema {
        serde_json::Value::Object(map) => map,
        _ => unreachable!("a JSON object"),
    }
}

/// The Conversation Relay body is a union (`url`, `conversation_relay_url` or
/// `conversation_relay_settings`); the variant with `url` is built from its JSON form.
fn conversation_relay_start() -> ConversationRelayStartRequest {
    serde_json::from_value(serde_json::json!({
        "url": "wss://relay.example.com/session",
        "greeting": "Hello, how can I help you today?",
        "language": "en-US",
        "client_state": CLIENT_STATE,
    }))
    .expect("a Conversation Relay start body")
}
