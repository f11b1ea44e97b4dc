//! Contract cases for the `texml` domain: the 34 TeXML REST commands under
//! `/texml/Accounts/{account_sid}/...` (calls, their recordings, SIPREC sessions and streams;
//! conferences and participants; queues; recordings; transcriptions), the AI call and secret
//! commands, and the 5 TeXML application operations.
//!
//! Most TeXML commands take a form body (`application/x-www-form-urlencoded`); the exact
//! bytes on the wire are checked after each of them.
//!
//! Seven operations end in `{sid}.json`; their request line is checked too, with the SID
//! (typed) inside the last segment.

use telnyx_sdk::texml::types::{
    DialConferenceParticipantRequestBeep, FindTexmlApplicationsSort, GetTexmlCallsStatus,
    InitiateCallRequest, MachineDetection, StreamStatus, StreamTrack, TexmlBidirectionalStreamMode,
    TexmlRecordingChannels, TexmlStatusCallbackMethod, TexmlUpdateCallRecordingRequestBodyStatus,
};
use telnyx_sdk::{
    AccountSid, CallSid, Client, ConferenceSid, ConnectionId, QueueSid, RecordingSid,
    RecordingTranscriptionSid, SiprecSid, StreamingSid, TexmlApplicationId, TexmlParticipant,
};

use super::Contract;

const ACCOUNT_SID: &str = "61bf923e-5e4d-4595-a110-56190ea18a1b";
const CALL_SID: &str = "v3:KBW7gH3uQ3pA0bZgrJ7QtdBvCPtA9pPnQ8Thbd2Y3sAjyLVJPVXC2w";
const CONFERENCE_SID: &str = "cd5a70f4-759b-4d5e-9c06-88c00f16f3c1";
const RECORDING_SID: &str = "6a09cdc3-8948-47f0-aa62-74ac943d6c58";
const SIPREC_SID: &str = "SR5f1d2c3b4a5968778695a4b3c2d1e0f9";
const STREAMING_SID: &str = "a7e3d1c2-90b4-4f6e-8d5a-1c2b3a4d5e6f";
const TRANSCRIPTION_SID: &str = "f0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d";
const QUEUE_SID: &str = "QU5ef6f3b3a6c5d8e7f9a0b1c2d3e4f5a6";
const APPLICATION_ID: &str = "1293384261075731499";
const CONNECTION_ID: &str = "1293384261075731499";
const CALLER: &str = "+18005550101";
const CALLEE: &str = "+18005550199";

/// Every operation of the `texml` domain, once.
pub(super) async fn texml(client: &Client, c: &mut Contract<'_>) {
    calls(client, c).await;
    conferences(client, c).await;
    queues_recordings_transcriptions(client, c).await;
    ai_calls_and_secrets(client, c).await;
    applications(client, c).await;
}

async fn calls(client: &Client, c: &mut Contract<'_>) {
    let account = AccountSid::new(ACCOUNT_SID);
    let call = CallSid::new(CALL_SID);
    let calls = client.texml().calls(&account);

    c.run(
        "GetTexmlCalls",
        calls
            .list()
            .page(0)
            .page_size(50)
            .to(CALLEE)
            .from(CALLER)
            .status(GetTexmlCallsStatus::Completed)
            .send(),
    )
    .await;
    c.run(
        "InitiateTexmlCall",
        calls.create().body(initiate_call()).send(),
    )
    .await;
    c.expect_body(
        "InitiateTexmlCall (body)",
        r#"{"ApplicationSid":"1293384261075731499","From":"+18005550101","To":"+18005550199",
            "Url":"https://example.com/texml/welcome.xml","StatusCallback":"https://example.com/texml/status",
            "Timeout":30}"#,
    );
    // the other member of the start-call union: inline TeXML instead of a Url
    let inline: InitiateCallRequest = serde_json::from_value(serde_json::json!({
        "ApplicationSid": APPLICATION_ID,
        "From": CALLER,
        "To": CALLEE,
        "Texml": "<Response><Say>Please hold.</Say></Response>",
    }))
    .expect("a start-call body with inline TeXML");
    assert!(
        matches!(inline, InitiateCallRequest::Variant1 { .. }),
        "inline TeXML is the second member: {inline:?}"
    );
    c.run(
        "InitiateTexmlCall (inline texml)",
        calls.create().body(inline).send(),
    )
    .await;
    c.expect_body(
        "InitiateTexmlCall (inline texml, body)",
        r#"{"ApplicationSid":"1293384261075731499","From":"+18005550101","To":"+18005550199",
            "Texml":"<Response><Say>Please hold.</Say></Response>"}"#,
    );
    c.run("GetTexmlCall", calls.get(&call).send()).await;
    c.run(
        "UpdateTexmlCall",
        calls
            .update(&call)
            .body_map(|b| {
                b.url("https://example.com/texml/transfer.xml".to_owned())
                    .method(TexmlStatusCallbackMethod::Post)
            })
            .send(),
    )
    .await;
    c.expect_body(
        "UpdateTexmlCall (body)",
        "Method=POST&Url=https%3A%2F%2Fexample.com%2Ftexml%2Ftransfer.xml",
    );

    let recordings = calls.recordings(&call);
    c.run("FetchTeXMLCallRecordings", recordings.list().send())
        .await;
    c.run(
        "StartTeXMLCallRecording",
        recordings
            .start()
            .body_map(|b| {
                b.recording_channels(TexmlRecordingChannels::Dual)
                    .recording_status_callback("https://example.com/texml/recording".to_owned())
                    .play_beep(true)
            })
            .send(),
    )
    .await;
    c.expect_body(
        "StartTeXMLCallRecording (body)",
        "PlayBeep=true&RecordingChannels=dual&RecordingStatusCallback=https%3A%2F%2Fexample.com%2Ftexml%2Frecording",
    );
    let recording: RecordingSid = RECORDING_SID.parse().expect("a UUID");
    c.run(
        "UpdateTeXMLCallRecording",
        recordings
            .update(&recording)
            .body_map(|b| b.status(TexmlUpdateCallRecordingRequestBodyStatus::Paused))
            .send(),
    )
    .await;
    c.expect_request(
        "UpdateTeXMLCallRecording (request line)",
        &format!(
            "POST /texml/Accounts/{ACCOUNT_SID}/Calls/{CALL_SID}/Recordings/{RECORDING_SID}.json"
        ),
    );
    c.expect_body("UpdateTeXMLCallRecording (body)", "Status=paused");

    let siprec = calls.siprec(&call);
    c.run(
        "StartTeXMLSiprecSession",
        siprec
            .start()
            .body_map(|b| {
                b.connector_name("siprec-recorder".to_owned())
                    .track(StreamTrack::BothTracks)
            })
            .send(),
    )
    .await;
    c.expect_body(
        "StartTeXMLSiprecSession (body)",
        "ConnectorName=siprec-recorder&Track=both_tracks",
    );
    c.run(
        "UpdateTeXMLSiprecSession",
        siprec
            .update(&SiprecSid::new(SIPREC_SID))
            .body_map(|b| b.status(StreamStatus::Stopped))
            .send(),
    )
    .await;
    c.expect_request(
        "UpdateTeXMLSiprecSession (request line)",
        &format!("POST /texml/Accounts/{ACCOUNT_SID}/Calls/{CALL_SID}/Siprec/{SIPREC_SID}.json"),
    );
    c.expect_body("UpdateTeXMLSiprecSession (body)", "Status=stopped");

    let streams = calls.streams(&call);
    c.run(
        "StartTeXMLCallStreaming",
        streams
            .start()
            .body_map(|b| {
                b.url("wss://media.example.com/stream".to_owned())
                    .name("agent-assist".to_owned())
                    .bidirectional_mode(TexmlBidirectionalStreamMode::Rtp)
            })
            .send(),
    )
    .await;
    c.expect_body(
        "StartTeXMLCallStreaming (body)",
        "BidirectionalMode=rtp&Name=agent-assist&Url=wss%3A%2F%2Fmedia.example.com%2Fstream",
    );
    let stream: StreamingSid = STREAMING_SID.parse().expect("a UUID");
    c.run("UpdateTeXMLCallStreaming", streams.update(&stream).send())
        .await;
    c.expect_request(
        "UpdateTeXMLCallStreaming (request line)",
        &format!(
            "POST /texml/Accounts/{ACCOUNT_SID}/Calls/{CALL_SID}/Streams/{STREAMING_SID}.json"
        ),
    );
}

async fn conferences(client: &Client, c: &mut Contract<'_>) {
    let account = AccountSid::new(ACCOUNT_SID);
    let conference = ConferenceSid::new(CONFERENCE_SID);
    let participant = TexmlParticipant::from(CallSid::new(CALL_SID));
    let conferences = client.texml().conferences(&account);

    c.run(
        "GetTexmlConferences",
        conferences
            .list()
            .friendly_name("weekly-sync")
            .page_size(20)
            .send(),
    )
    .await;
    c.run("GetTexmlConference", conferences.get(&conference).send())
        .await;
    c.run(
        "UpdateTexmlConference",
        conferences
            .update(&conference)
            .body_map(|b| b.status("completed".to_owned()))
            .send(),
    )
    .await;
    c.expect_body("UpdateTexmlConference (body)", "Status=completed");

    let participants = conferences.participants(&conference);
    c.run("GetTexmlConferenceParticipants", participants.list().send())
        .await;
    c.run(
        "DialTexmlConferenceParticipant",
        participants
            .dial()
            .body_map(|b| {
                b.to(CALLEE.to_owned())
                    .from(CALLER.to_owned())
                    .label("agent-1".to_owned())
                    .beep(DialConferenceParticipantRequestBeep::OnEnter)
                    .start_conference_on_enter(true)
            })
            .send(),
    )
    .await;
    c.expect_body(
        "DialTexmlConferenceParticipant (body)",
        "Beep=onEnter&From=%2B18005550101&Label=agent-1&StartConferenceOnEnter=true&To=%2B18005550199",
    );
    c.run(
        "GetTexmlConferenceParticipant",
        participants.get(&participant).send(),
    )
    .await;
    c.run(
        "UpdateTexmlConferenceParticipant",
        participants
            .update(&participant)
            .body_map(|b| b.muted(true).hold(false))
            .send(),
    )
    .await;
    c.expect_body(
        "UpdateTexmlConferenceParticipant (body)",
        "Hold=false&Muted=true",
    );
    c.run(
        "DeleteTexmlConferenceParticipant",
        participants
            .delete(&TexmlParticipant::new("agent-1"))
            .send(),
    )
    .await;

    let recordings = conferences.recordings(&conference);
    c.run("GetTexmlConferenceRecordings", recordings.list().send())
        .await;
    c.run(
        "FetchTeXMLConferenceRecordings",
        recordings.list_json().send(),
    )
    .await;
}

async fn queues_recordings_transcriptions(client: &Client, c: &mut Contract<'_>) {
    let account = AccountSid::new(ACCOUNT_SID);
    let queue = QueueSid::new(QUEUE_SID);
    let queues = client.texml().queues(&account);

    c.run("GetTexmlQueues", queues.list().page_size(20).send())
        .await;
    c.run(
        "CreateTexmlQueue",
        queues
            .create()
            .body_map(|b| b.friendly_name("support".to_owned()).max_size(50))
            .send(),
    )
    .await;
    c.expect_body("CreateTexmlQueue (body)", "FriendlyName=support&MaxSize=50");
    c.run("GetTexmlQueue", queues.get(&queue).send()).await;
    c.run(
        "UpdateTexmlQueue",
        queues.update(&queue).body_map(|b| b.max_size(100)).send(),
    )
    .await;
    c.expect_body("UpdateTexmlQueue (body)", "MaxSize=100");
    c.run("DeleteTexmlQueue", queues.delete(&queue).send())
        .await;

    let recordings = client.texml().recordings(&account);
    c.run(
        "GetTeXMLCallRecordings",
        recordings.list().page(0).page_size(20).send(),
    )
    .await;
    let recording: RecordingSid = RECORDING_SID.parse().expect("a UUID");
    c.run("GetTeXMLCallRecording", recordings.get(&recording).send())
        .await;
    c.expect_request(
        "GetTeXMLCallRecording (request line)",
        &format!("GET /texml/Accounts/{ACCOUNT_SID}/Recordings/{RECORDING_SID}.json"),
    );
    c.run(
        "DeleteTeXMLCallRecording",
        recordings.delete(&recording).send(),
    )
    .await;
    c.expect_request(
        "DeleteTeXMLCallRecording (request line)",
        &format!("DELETE /texml/Accounts/{ACCOUNT_SID}/Recordings/{RECORDING_SID}.json"),
    );

    let transcriptions = client.texml().transcriptions(&account);
    c.run(
        "GetTeXMLRecordingTranscriptions",
        transcriptions.list().page_size(20).send(),
    )
    .await;
    let transcription: RecordingTranscriptionSid = TRANSCRIPTION_SID.parse().expect("a UUID");
    c.run(
        "GetTeXMLRecordingTranscription",
        transcriptions.get(&transcription).send(),
    )
    .await;
    c.expect_request(
        "GetTeXMLRecordingTranscription (request line)",
        &format!("GET /texml/Accounts/{ACCOUNT_SID}/Transcriptions/{TRANSCRIPTION_SID}.json"),
    );
    c.run(
        "DeleteTeXMLRecordingTranscription",
        transcriptions.delete(&transcription).send(),
    )
    .await;
    c.expect_request(
        "DeleteTeXMLRecordingTranscription (request line)",
        &format!("DELETE /texml/Accounts/{ACCOUNT_SID}/Transcriptions/{TRANSCRIPTION_SID}.json"),
    );
}

async fn ai_calls_and_secrets(client: &Client, c: &mut Contract<'_>) {
    let connection = ConnectionId::new(CONNECTION_ID);
    c.run(
        "InitiateTexmlAICall",
        client
            .texml()
            .ai_calls()
            .create(&connection)
            .body_map(|b| {
                b.from(CALLER)
                    .to(CALLEE)
                    .ai_assistant_id("assistant-2a8f6c1e".to_owned())
                    .machine_detection(MachineDetection::Enable)
                    .status_callback("https://example.com/texml/status".to_owned())
            })
            .send(),
    )
    .await;
    c.expect_body(
        "InitiateTexmlAICall (body)",
        r#"{"AIAssistantId":"assistant-2a8f6c1e","From":"+18005550101","To":"+18005550199",
            "MachineDetection":"Enable","StatusCallback":"https://example.com/texml/status"}"#,
    );
    c.run(
        "CreateTexmlSecret",
        client
            .texml()
            .secrets()
            .create()
            .body_map(|b| b.name("crm_token").value("s3cr3t-crm-token"))
            .send(),
    )
    .await;
    c.expect_body(
        "CreateTexmlSecret (body)",
        r#"{"name":"crm_token","value":"s3cr3t-crm-token"}"#,
    );
}

async fn applications(client: &Client, c: &mut Contract<'_>) {
    let app = TexmlApplicationId::new(APPLICATION_ID);
    let apps = client.texml_applications();

    c.run(
        "FindTexmlApplications",
        apps.list()
            .filter_friendly_name("call-centre")
            .sort(FindTexmlApplicationsSort::FriendlyName)
            .page_number(2)
            .page_size(20)
            .send(),
    )
    .await;
    c.run(
        "CreateTexmlApplication",
        apps.create()
            .body_map(|b| {
                b.friendly_name("call-centre")
                    .voice_url("https://example.com/texml/inbound.xml")
                    .status_callback("https://example.com/texml/status".to_owned())
                    .tags(vec!["support".to_owned()])
            })
            .send(),
    )
    .await;
    c.expect_body(
        "CreateTexmlApplication (body)",
        r#"{"friendly_name":"call-centre","voice_url":"https://example.com/texml/inbound.xml",
            "status_callback":"https://example.com/texml/status","tags":["support"]}"#,
    );
    c.run("GetTexmlApplication", apps.get(&app).send()).await;
    c.run(
        "UpdateTexmlApplication",
        apps.update(&app)
            .body_map(|b| {
                b.friendly_name("call-centre")
                    .voice_url("https://example.com/texml/inbound-v2.xml")
                    .active(true)
            })
            .send(),
    )
    .await;
    c.expect_body(
        "UpdateTexmlApplication (body)",
        r#"{"friendly_name":"call-centre","voice_url":"https://example.com/texml/inbound-v2.xml","active":true}"#,
    );
    c.run("DeleteTexmlApplication", apps.delete(&app).send())
        .await;
}

/// The start-call body is a union (Url or Texml); the variant with `Url` is built from its
/// JSON form.
fn initiate_call() -> InitiateCallRequest {
    serde_json::from_value(serde_json::json!({
        "ApplicationSid": APPLICATION_ID,
        "From": CALLER,
        "To": CALLEE,
        "Url": "https://example.com/texml/welcome.xml",
        "StatusCallback": "https://example.com/texml/status",
        "Timeout": 30,
    }))
    .expect("a start-call body")
}
