//! Contract tests: every operation of the video, conferencing and queues crates, called with
//! realistic arguments against Prism serving Telnyx's published OpenAPI document.
//!
//! Prism validates each request (path, query, headers, body) against the vendor document
//! and answers an invalid one with `422` plus the reasons in the `sl-violations` header;
//! each response must decode into our generated types. One Prism serves the whole binary;
//! the operations run one after the other and every failure is collected, so one run lists
//! all broken operations. Skipped (passes) when `../shared/reference` is absent.
//!
//! Prism's list responses always say "page 2 of 3": tests ask for one page, never "all".

use std::fmt::Debug;
use std::future::Future;
use std::path::Path;
use std::time::Instant;

use chrono::NaiveDate;
use serde::Serialize;
use telnyx_sdk_tests::prism::{self, Prism};

/// Operations in the three HTTP domains (25 video, 23 conferencing, 11 queues).
const TOTAL_OPERATIONS: usize = 59;

const ROOM_ID: &str = "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0";
const SESSION_ID: &str = "7b61621f-62e0-4aad-ab11-9fd19e272e74";
const PARTICIPANT_ID: &str = "5a7f3b2c-1d4e-4f6a-9b8c-7d6e5f4a3b2c";
const RECORDING_ID: &str = "6b1e1b3e-9f3b-4c1f-8d3a-2a1b0c9d8e7f";
const COMPOSITION_ID: &str = "5e2b4c6d-8f0a-4b2c-9d4e-6f8a0b2c4d6e";
const CONFERENCE_ID: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const CALL_CONTROL_ID: &str = "v3:MdI91X4lWFEs7IgbBEOT9M4AigoY08M0WWZFISt1Yw2axZ_IiE4pqg";
const OTHER_CALL_CONTROL_ID: &str = "v3:QEr0MmUNTX7tZvjsthFg7Bq5hT9ckOdJk4aUt8O4YXZ6EEmxP6qCEw";
const QUEUE_NAME: &str = "support";

type Outcome = Result<(), String>;

/// Operations that fail because of a known, reported bug, with the reason. The test still
/// calls them and prints the failure; it fails if one of them starts passing (then remove
/// it from this list) or fails for another reason than the one named here.
const KNOWN_FAILURES: &[(&str, &str, &str)] = &[(
    "UpdateRoom",
    "request.body.webhook_event_failover_url",
    "PatchRoomRequest turns optional fields with a `default` into plain fields that are \
     always sent: an update that sets only some fields also sends enable_recording=false, \
     max_participants=10 and webhook_event_failover_url=\"\" (not a uri, so Prism rejects it)",
)];

/// The outcome of one operation, by operation id.
struct Report {
    results: Vec<(&'static str, Outcome)>,
}

impl Report {
    fn record(&mut self, operation: &'static str, outcome: Outcome) {
        match &outcome {
            Ok(()) => eprintln!("contract: ok   {operation}"),
            Err(reason) => eprintln!("contract: FAIL {operation}: {reason}"),
        }
        self.results.push((operation, outcome));
    }
}

/// Awaits one generated-client call and checks what Prism said about it.
async fn check<T, F>(call: F) -> Outcome
where
    T: Serialize + Debug,
    F: Future<Output = Result<telnyx_sdk_video::ResponseValue<T>, telnyx_sdk_video::Error<()>>>,
{
    match call.await {
        Ok(response) => {
            let status = response.status();
            let warnings = response
                .headers()
                .get(prism::VIOLATIONS_HEADER)
                .map(|v| prism::parse_violations(&String::from_utf8_lossy(v.as_bytes())))
                .unwrap_or_default();
            if warnings
                .iter()
                .any(|v| v.severity.eq_ignore_ascii_case("error"))
            {
                return Err(format!(
                    "{status} with violations: {}",
                    prism::describe_violations(&warnings)
                ));
            }
            if !warnings.is_empty() {
                eprintln!("contract: note {}", prism::describe_violations(&warnings));
            }
            if !status.is_success() {
                return Err(format!("unexpected status {status}"));
            }
            // A body decoded into a type that knows none of its fields would be `{}`.
            let decoded = serde_json::to_value(response.into_inner())
                .map_err(|e| format!("cannot re-encode the decoded response: {e}"))?;
            match &decoded {
                serde_json::Value::Object(map) if map.is_empty() => {
                    Err("the response decoded into an empty value".to_owned())
                }
                _ => Ok(()),
            }
        }
        Err(telnyx_sdk_video::Error::UnexpectedResponse(response)) => {
            let status = response.status();
            let violations = response
                .headers()
                .get(prism::VIOLATIONS_HEADER)
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
            let body = response.text().await.unwrap_or_default();
            match violations {
                Some(v) => Err(format!(
                    "Prism rejected the request ({status}): {}",
                    prism::describe_violations(&prism::parse_violations(&v))
                )),
                None => Err(format!("unexpected status {status}: {}", truncate(&body))),
            }
        }
        Err(telnyx_sdk_video::Error::InvalidResponsePayload(body, error)) => Err(format!(
            "response does not decode: {error}; body: {}",
            truncate(&String::from_utf8_lossy(&body))
        )),
        Err(other) => Err(format!("request failed: {other}")),
    }
}

fn truncate(text: &str) -> String {
    const MAX: usize = 600;
    if text.len() <= MAX {
        return text.to_owned();
    }
    let mut end = MAX;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", &text[..end])
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

fn runtime() -> telnyx_sdk_core::Runtime {
    telnyx_sdk_core::Runtime::builder("KEY_contract_test")
        .max_retries(0)
        .build()
        .expect("runtime")
}

#[test]
fn all_operations_against_prism() {
    let Some(spec) = prism::reference_spec() else {
        eprintln!(
            "skipped: ../shared/reference not found (looked for {})",
            prism::reference_dir().join(prism::REFERENCE_SPEC).display()
        );
        return;
    };
    let started = Instant::now();
    let prism = Prism::start(&spec, Path::new(env!("CARGO_TARGET_TMPDIR"))).expect("start Prism");
    let base_url = prism.base_url();

    let tokio = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let mut report = Report {
        results: Vec::new(),
    };
    tokio.block_on(async {
        prism_validates_requests(&base_url).await;
        video(&base_url, &mut report).await;
        conferencing(&base_url, &mut report).await;
        queues(&base_url, &mut report).await;
    });

    let passed = report.results.iter().filter(|(_, r)| r.is_ok()).count();
    let mut failed = Vec::new();
    for (op, outcome) in &report.results {
        let known = KNOWN_FAILURES.iter().find(|(known, _, _)| known == op);
        match (outcome, known) {
            (Ok(()), None) => {}
            (Ok(()), Some(_)) => {
                failed.push(format!("{op}: passes now; remove it from KNOWN_FAILURES"))
            }
            (Err(reason), Some((_, expected, why))) if reason.contains(expected) => {
                eprintln!("contract: known failure {op}: {why}");
            }
            (Err(reason), _) => failed.push(format!("{op}: {reason}")),
        }
    }
    eprintln!(
        "contract: {passed}/{TOTAL_OPERATIONS} operations passed ({} known failures; {:.1} s; Prism log: {})",
        KNOWN_FAILURES.len(),
        started.elapsed().as_secs_f64(),
        prism.log_path().display()
    );
    drop(prism);
    assert_eq!(
        report.results.len(),
        TOTAL_OPERATIONS,
        "the contract test must call every operation once"
    );
    assert!(
        failed.is_empty(),
        "{} operations failed:\n{}",
        failed.len(),
        failed.join("\n")
    );
}

/// The harness is only useful if Prism really validates requests, and Prism ignores query
/// parameters it does not know: a parameter sent under a wrong name would pass unseen. So
/// each probe sends one invalid value and must be rejected with a reason naming the
/// parameter, which proves Prism saw it under the documented name.
async fn prism_validates_requests(base_url: &str) {
    use telnyx_sdk_conferencing::ClientConferenceCommandsExt;
    use telnyx_sdk_conferencing::types::ConferenceRegion;
    use telnyx_sdk_video::types::ListRoomCompositionsFilterStatus;
    use telnyx_sdk_video::{ClientRoomCompositionsExt, ClientRoomsExt};
    let video =
        telnyx_sdk_video::Client::new_with_client(base_url, reqwest::Client::new(), runtime());
    let conferencing = telnyx_sdk_conferencing::Client::new_with_client(
        base_url,
        reqwest::Client::new(),
        runtime(),
    );
    let probes = [
        (
            "page[size]=251 on GET /rooms",
            "request.query.page.size",
            check(video.list_rooms().page_size(251u64).send()).await,
        ),
        (
            "filter[status]=exploded on GET /room_compositions",
            "request.query.filter.status",
            check(
                video
                    .list_room_compositions()
                    .filter_status(ListRoomCompositionsFilterStatus::from("exploded"))
                    .send(),
            )
            .await,
        ),
        (
            "region=Mars on GET /conferences",
            "request.query.region",
            check(
                conferencing
                    .list_conferences()
                    .region(ConferenceRegion::from("Mars"))
                    .send(),
            )
            .await,
        ),
    ];
    for (probe, location, outcome) in probes {
        let reason = outcome.expect_err(&format!(
            "Prism accepted {probe}: is request validation on, is the parameter sent under its documented name?"
        ));
        assert!(
            reason.contains("422") && reason.contains(location),
            "{probe}: unexpected rejection: {reason}"
        );
        eprintln!("contract: probe ok ({probe} rejected)");
    }
}

async fn video(base_url: &str, report: &mut Report) {
    use telnyx_sdk_video::types::{
        ActionsParticipantsRequestParticipants, ActionsParticipantsRequestParticipantsString,
        ListRoomCompositionsFilterStatus, VideoRegion,
    };
    use telnyx_sdk_video::{
        ClientRoomCompositionsExt, ClientRoomParticipantsExt, ClientRoomRecordingsExt,
        ClientRoomSessionsExt, ClientRoomsClientTokensExt, ClientRoomsExt,
    };
    let client =
        telnyx_sdk_video::Client::new_with_client(base_url, reqwest::Client::new(), runtime());
    let room: uuid::Uuid = ROOM_ID.parse().expect("uuid");
    let session: uuid::Uuid = SESSION_ID.parse().expect("uuid");
    let participant: uuid::Uuid = PARTICIPANT_ID.parse().expect("uuid");

    // Rooms
    report.record(
        "ListRooms",
        check(
            client
                .list_rooms()
                .filter_date_created_at_gte(date(2026, 1, 1))
                .filter_date_created_at_lte(date(2026, 7, 31))
                .filter_date_updated_at_eq(date(2026, 7, 1))
                .filter_unique_name("standup")
                .include_sessions(true)
                .page_number(2u64)
                .page_size(25u64)
                .send(),
        )
        .await,
    );
    report.record(
        "CreateRoom",
        check(
            client
                .create_room()
                .body_map(|b| {
                    b.unique_name("standup".to_owned())
                        .max_participants(10)
                        .enable_recording(true)
                        .webhook_event_url("https://example.com/webhooks".to_owned())
                        .webhook_event_failover_url("https://failover.example.com/webhooks")
                        .webhook_timeout_secs(25)
                })
                .send(),
        )
        .await,
    );
    report.record(
        "ViewRoom",
        check(
            client
                .view_room()
                .room_id(room)
                .include_sessions(true)
                .send(),
        )
        .await,
    );
    report.record(
        "UpdateRoom",
        check(
            client
                .update_room()
                .room_id(room)
                .body_map(|b| {
                    b.unique_name("standup-2".to_owned())
                        .max_participants(20)
                        .enable_recording(false)
                        .webhook_event_url("https://example.com/webhooks".to_owned())
                        .webhook_timeout_secs(10)
                })
                .send(),
        )
        .await,
    );
    report.record(
        "DeleteRoom",
        check(client.delete_room().room_id(room).send()).await,
    );
    report.record(
        "RetrieveListRoomSessions",
        check(
            client
                .retrieve_list_room_sessions()
                .room_id(room)
                .filter_active(true)
                .filter_date_created_at_gte(date(2026, 1, 1))
                .filter_date_ended_at_lte(date(2026, 7, 31))
                .filter_date_updated_at_eq(date(2026, 7, 1))
                .include_participants(true)
                .page_number(1u64)
                .page_size(10u64)
                .send(),
        )
        .await,
    );

    // Client tokens
    report.record(
        "CreateRoomClientToken",
        check(
            client
                .create_room_client_token()
                .room_id(room)
                .body_map(|b| b.token_ttl_secs(600).refresh_token_ttl_secs(3600))
                .send(),
        )
        .await,
    );
    report.record(
        "RefreshRoomClientToken",
        check(
            client
                .refresh_room_client_token()
                .room_id(room)
                .body_map(|b| {
                    b.refresh_token("eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJyZWZyZXNoIn0.c2lnbmF0dXJl")
                        .token_ttl_secs(600)
                })
                .send(),
        )
        .await,
    );

    // Sessions
    report.record(
        "ListRoomSessions",
        check(
            client
                .list_room_sessions()
                .filter_active(false)
                .filter_room_id(ROOM_ID)
                .filter_date_created_at_eq(date(2026, 7, 1))
                .filter_date_ended_at_gte(date(2026, 7, 1))
                .filter_date_updated_at_lte(date(2026, 7, 31))
                .include_participants(true)
                .page_number(2u64)
                .page_size(50u64)
                .send(),
        )
        .await,
    );
    report.record(
        "ViewRoomSession",
        check(
            client
                .view_room_session()
                .room_session_id(session)
                .include_participants(true)
                .send(),
        )
        .await,
    );
    report.record(
        "EndSession",
        check(client.end_session().room_session_id(session).send()).await,
    );
    report.record(
        "KickParticipantInSession",
        check(
            client
                .kick_participant_in_session()
                .room_session_id(session)
                .body_map(|b| {
                    b.participants(Some(ActionsParticipantsRequestParticipants::String(
                        ActionsParticipantsRequestParticipantsString::All,
                    )))
                    .exclude(vec![participant])
                })
                .send(),
        )
        .await,
    );
    report.record(
        "MuteParticipantInSession",
        check(
            client
                .mute_participant_in_session()
                .room_session_id(session)
                .body_map(|b| {
                    b.participants(Some(ActionsParticipantsRequestParticipants::Array(vec![
                        participant,
                    ])))
                })
                .send(),
        )
        .await,
    );
    report.record(
        "UnmuteParticipantInSession",
        check(
            client
                .unmute_participant_in_session()
                .room_session_id(session)
                .body_map(|b| {
                    b.participants(Some(ActionsParticipantsRequestParticipants::String(
                        ActionsParticipantsRequestParticipantsString::All,
                    )))
                })
                .send(),
        )
        .await,
    );
    report.record(
        "RetrieveListRoomParticipants",
        check(
            client
                .retrieve_list_room_participants()
                .room_session_id(session)
                .filter_context("Alice")
                .filter_date_joined_at_gte(date(2026, 7, 1))
                .filter_date_left_at_lte(date(2026, 7, 31))
                .filter_date_updated_at_eq(date(2026, 7, 2))
                .page_number(1u64)
                .page_size(20u64)
                .send(),
        )
        .await,
    );

    // Participants
    report.record(
        "ListRoomParticipants",
        check(
            client
                .list_room_participants()
                .filter_context("Alice")
                .filter_session_id(SESSION_ID)
                .filter_date_joined_at_eq(date(2026, 7, 1))
                .filter_date_left_at_gte(date(2026, 7, 1))
                .filter_date_updated_at_lte(date(2026, 7, 31))
                .page_number(2u64)
                .page_size(20u64)
                .send(),
        )
        .await,
    );
    report.record(
        "ViewRoomParticipant",
        check(
            client
                .view_room_participant()
                .room_participant_id(participant)
                .send(),
        )
        .await,
    );

    // Recordings
    report.record(
        "ListRoomRecordings",
        check(
            client
                .list_room_recordings()
                .filter_date_started_at_gte(date(2026, 7, 1))
                .filter_date_ended_at_lte(date(2026, 7, 31))
                .filter_duration_secs(60)
                .filter_room_id(room)
                .filter_session_id(session)
                .filter_participant_id(participant)
                .filter_status("completed")
                .filter_type("audio")
                .page_number(2u64)
                .page_size(20u64)
                .send(),
        )
        .await,
    );
    report.record(
        "DeleteRoomRecordings",
        check(
            client
                .delete_room_recordings()
                .filter_date_started_at_eq(date(2026, 7, 1))
                .filter_date_ended_at_gte(date(2026, 7, 1))
                .filter_room_id(room)
                .filter_status("completed")
                .filter_type("video")
                .page_number(1u64)
                .page_size(20u64)
                .send(),
        )
        .await,
    );
    let recording: uuid::Uuid = RECORDING_ID.parse().expect("uuid");
    report.record(
        "ViewRoomRecording",
        check(
            client
                .view_room_recording()
                .room_recording_id(recording)
                .send(),
        )
        .await,
    );
    report.record(
        "DeleteRoomRecording",
        check(
            client
                .delete_room_recording()
                .room_recording_id(recording)
                .send(),
        )
        .await,
    );

    // Compositions
    let composition: uuid::Uuid = COMPOSITION_ID.parse().expect("uuid");
    report.record(
        "ListRoomCompositions",
        check(
            client
                .list_room_compositions()
                .filter_date_created_at_gte(date(2026, 7, 1))
                .filter_date_created_at_lte(date(2026, 7, 31))
                .filter_session_id(session)
                .filter_status(ListRoomCompositionsFilterStatus::Completed)
                .page_number(2u64)
                .page_size(20u64)
                .send(),
        )
        .await,
    );
    report.record(
        "CreateRoomComposition",
        check(
            client
                .create_room_composition()
                .body_map(|b| {
                    let region = VideoRegion::builder()
                        .x_pos(0)
                        .y_pos(0)
                        .z_pos(1)
                        .height(720)
                        .width(1280)
                        .max_columns(Some(std::num::NonZeroU64::MIN.saturating_add(1)))
                        .max_rows(Some(std::num::NonZeroU64::MIN.saturating_add(1)))
                        .video_sources(vec![participant]);
                    let region = VideoRegion::try_from(region).expect("video region");
                    b.session_id(session)
                        .format("mp4")
                        .resolution("1280x720")
                        .video_layout(
                            [("first".to_owned(), region)]
                                .into_iter()
                                .collect::<std::collections::HashMap<_, _>>(),
                        )
                        .webhook_event_url("https://example.com/webhooks".to_owned())
                        .webhook_event_failover_url("https://failover.example.com/webhooks")
                        .webhook_timeout_secs(25)
                })
                .send(),
        )
        .await,
    );
    report.record(
        "ViewRoomComposition",
        check(
            client
                .view_room_composition()
                .room_composition_id(composition)
                .send(),
        )
        .await,
    );
    report.record(
        "DeleteRoomComposition",
        check(
            client
                .delete_room_composition()
                .room_composition_id(composition)
                .send(),
        )
        .await,
    );
}

async fn conferencing(base_url: &str, report: &mut Report) {
    use telnyx_sdk_conferencing::ClientConferenceCommandsExt;
    use telnyx_sdk_conferencing::types::{
        ConferenceRegion, ConferenceSpeakRequestLanguage, ConferenceSpeakRequestPayloadType,
        CreateConferenceRequestBeepEnabled, JoinConferenceRequestBeepEnabled,
        JoinConferenceRequestSupervisorRole, LeaveConferenceRequestBeepEnabled,
        ListConferencesFilterProduct, ListConferencesFilterStatus, ListConferencesFilterType,
        Loopcount, StartConferenceRecordingRequestChannels, StartConferenceRecordingRequestFormat,
        StartConferenceRecordingRequestTrim, UpdateConferenceParticipantRequestBeepEnabled,
        UpdateConferenceRequestSupervisorRole,
    };
    let client = telnyx_sdk_conferencing::Client::new_with_client(
        base_url,
        reqwest::Client::new(),
        runtime(),
    );
    let conference: uuid::Uuid = CONFERENCE_ID.parse().expect("uuid");
    let calls = || vec![CALL_CONTROL_ID.to_owned(), OTHER_CALL_CONTROL_ID.to_owned()];

    report.record(
        "ListConferences",
        check(
            client
                .list_conferences()
                .filter_name("weekly-sync")
                .filter_status(ListConferencesFilterStatus::InProgress)
                .filter_product(ListConferencesFilterProduct::CallControl)
                .filter_type(ListConferencesFilterType::Command)
                .filter_failed(false)
                .filter_from("+13125550100")
                .filter_to("+13125550101")
                .filter_occurred_at_gte("2026-07-01T00:00:00Z")
                .filter_occurred_at_lt("2026-08-01T00:00:00Z")
                .filter_connection_id("1234567890")
                .filter_application_name_contains("support")
                .region(ConferenceRegion::Us)
                .page_number(2u64)
                .page_size(20u64)
                .send(),
        )
        .await,
    );
    report.record(
        "CreateConference",
        check(
            client
                .create_conference()
                .body_map(|b| {
                    b.call_control_id(CALL_CONTROL_ID)
                        .name("weekly-sync")
                        .beep_enabled(CreateConferenceRequestBeepEnabled::OnEnter)
                        .client_state("aGF2ZSBhIG5pY2UgZGF5ID1d".to_owned())
                        .comfort_noise(false)
                        .command_id("891510ac-f3e4-11e8-af5b-de00688a4901".to_owned())
                        .duration_minutes(60)
                        .hold_audio_url("https://example.com/hold.wav".to_owned())
                        .max_participants(50)
                        .start_conference_on_create(true)
                        .region(ConferenceRegion::Us)
                })
                .send(),
        )
        .await,
    );
    report.record(
        "ListConferenceParticipants",
        check(
            client
                .list_conference_participants()
                .conference_id(CONFERENCE_ID)
                .filter_muted(false)
                .filter_on_hold(false)
                .filter_whispering(false)
                .region(ConferenceRegion::Us)
                .page_number(2u64)
                .page_size(20u64)
                .send(),
        )
        .await,
    );
    report.record(
        "RetrieveConference",
        check(
            client
                .retrieve_conference()
                .id(CONFERENCE_ID)
                .region(ConferenceRegion::Europe)
                .send(),
        )
        .await,
    );
    report.record(
        "EndConference",
        check(
            client
                .end_conference()
                .id(conference)
                .body_map(|b| b.command_id("891510ac-f3e4-11e8-af5b-de00688a4901".to_owned()))
                .send(),
        )
        .await,
    );
    report.record(
        "ConferenceGatherUsingAudio",
        check(
            client
                .conference_gather_using_audio()
                .id(conference)
                .body_map(|b| {
                    b.call_control_id(CALL_CONTROL_ID)
                        .audio_url("https://example.com/menu.wav".to_owned())
                        .invalid_audio_url("https://example.com/invalid.wav".to_owned())
                        .minimum_digits(std::num::NonZeroU64::MIN)
                        .maximum_digits(std::num::NonZeroU64::MIN.saturating_add(3))
                        .maximum_tries(std::num::NonZeroU64::MIN.saturating_add(2))
                        .timeout_millis(60000)
                        .initial_timeout_millis(10000)
                        .inter_digit_timeout_millis(5000)
                        .terminating_digit("#")
                        .valid_digits("123")
                        .stop_playback_on_dtmf(true)
                        .client_state("aGF2ZSBhIG5pY2UgZGF5ID1d".to_owned())
                })
                .send(),
        )
        .await,
    );
    report.record(
        "HoldConferenceParticipants",
        check(
            client
                .hold_conference_participants()
                .id(CONFERENCE_ID)
                .body_map(|b| {
                    b.call_control_ids(calls())
                        .audio_url("https://example.com/hold.wav".to_owned())
                        .region(ConferenceRegion::Us)
                })
                .send(),
        )
        .await,
    );
    report.record(
        "UnholdConferenceParticipants",
        check(
            client
                .unhold_conference_participants()
                .id(CONFERENCE_ID)
                .body_map(|b| b.call_control_ids(calls()).region(ConferenceRegion::Us))
                .send(),
        )
        .await,
    );
    report.record(
        "JoinConference",
        check(
            client
                .join_conference()
                .id(CONFERENCE_ID)
                .body_map(|b| {
                    b.call_control_id(CALL_CONTROL_ID)
                        .beep_enabled(JoinConferenceRequestBeepEnabled::Always)
                        .client_state("aGF2ZSBhIG5pY2UgZGF5ID1d".to_owned())
                        .command_id("891510ac-f3e4-11e8-af5b-de00688a4901".to_owned())
                        .end_conference_on_exit(true)
                        .soft_end_conference_on_exit(false)
                        .hold(false)
                        .mute(false)
                        .start_conference_on_enter(true)
                        .supervisor_role(JoinConferenceRequestSupervisorRole::Whisper)
                        .whisper_call_control_ids(vec![OTHER_CALL_CONTROL_ID.to_owned()])
                        .region(ConferenceRegion::Us)
                })
                .send(),
        )
        .await,
    );
    report.record(
        "LeaveConference",
        check(
            client
                .leave_conference()
                .id(CONFERENCE_ID)
                .body_map(|b| {
                    b.call_control_id(CALL_CONTROL_ID)
                        .beep_enabled(LeaveConferenceRequestBeepEnabled::Never)
                        .command_id("891510ac-f3e4-11e8-af5b-de00688a4901".to_owned())
                        .region(ConferenceRegion::Us)
                })
                .send(),
        )
        .await,
    );
    report.record(
        "MuteConferenceParticipants",
        check(
            client
                .mute_conference_participants()
                .id(CONFERENCE_ID)
                .body_map(|b| b.call_control_ids(calls()).region(ConferenceRegion::Us))
                .send(),
        )
        .await,
    );
    report.record(
        "UnmuteConferenceParticipants",
        check(
            client
                .unmute_conference_participants()
                .id(CONFERENCE_ID)
                .body_map(|b| b.call_control_ids(calls()))
                .send(),
        )
        .await,
    );
    report.record(
        "PlayConferenceAudio",
        check(
            client
                .play_conference_audio()
                .id(CONFERENCE_ID)
                .body_map(|b| {
                    b.audio_url("https://example.com/announcement.wav".to_owned())
                        .call_control_ids(calls())
                        .loop_(Loopcount::Integer(3))
                        .region(ConferenceRegion::Us)
                })
                .send(),
        )
        .await,
    );
    report.record(
        "StopConferenceAudio",
        check(
            client
                .stop_conference_audio()
                .id(CONFERENCE_ID)
                .body_map(|b| b.call_control_ids(calls()).region(ConferenceRegion::Us))
                .send(),
        )
        .await,
    );
    report.record(
        "StartConferenceRecording",
        check(
            client
                .start_conference_recording()
                .id(CONFERENCE_ID)
                .body_map(|b| {
                    b.format(StartConferenceRecordingRequestFormat::Mp3)
                        .channels(StartConferenceRecordingRequestChannels::Dual)
                        .command_id("891510ac-f3e4-11e8-af5b-de00688a4901".to_owned())
                        .custom_file_name(Some(
                            "weekly-sync".parse().expect("a valid custom file name"),
                        ))
                        .play_beep(true)
                        .trim(StartConferenceRecordingRequestTrim::TrimSilence)
                        .region(ConferenceRegion::Us)
                })
                .send(),
        )
        .await,
    );
    report.record(
        "PauseConferenceRecording",
        check(
            client
                .pause_conference_recording()
                .id(CONFERENCE_ID)
                .body_map(|b| {
                    b.command_id("891510ac-f3e4-11e8-af5b-de00688a4901".to_owned())
                        .recording_id(RECORDING_ID.to_owned())
                        .region(ConferenceRegion::Us)
                })
                .send(),
        )
        .await,
    );
    report.record(
        "ResumeConferenceRecording",
        check(
            client
                .resume_conference_recording()
                .id(CONFERENCE_ID)
                .body_map(|b| {
                    b.command_id("891510ac-f3e4-11e8-af5b-de00688a4901".to_owned())
                        .recording_id(RECORDING_ID.to_owned())
                })
                .send(),
        )
        .await,
    );
    report.record(
        "StopConferenceRecording",
        check(
            client
                .stop_conference_recording()
                .id(CONFERENCE_ID)
                .body_map(|b| {
                    b.client_state("aGF2ZSBhIG5pY2UgZGF5ID1d".to_owned())
                        .command_id("891510ac-f3e4-11e8-af5b-de00688a4901".to_owned())
                        .recording_id(Some(RECORDING_ID.parse::<uuid::Uuid>().expect("uuid")))
                        .region(ConferenceRegion::Us)
                })
                .send(),
        )
        .await,
    );
    report.record(
        "ConferenceSendDTMF",
        check(
            client
                .conference_send_dtmf()
                .id(conference)
                .body_map(|b| {
                    b.digits("1234#")
                        .call_control_ids(calls())
                        .duration_millis(250)
                        .client_state("aGF2ZSBhIG5pY2UgZGF5ID1d".to_owned())
                })
                .send(),
        )
        .await,
    );
    report.record(
        "SpeakTextToConference",
        check(
            client
                .speak_text_to_conference()
                .id(CONFERENCE_ID)
                .body_map(|b| {
                    b.payload("The meeting starts in five minutes.")
                        .payload_type(ConferenceSpeakRequestPayloadType::Text)
                        .voice("Telnyx.KokoroTTS.af")
                        .language(ConferenceSpeakRequestLanguage::EnUs)
                        .call_control_ids(calls())
                        .command_id("891510ac-f3e4-11e8-af5b-de00688a4901".to_owned())
                        .region(ConferenceRegion::Us)
                })
                .send(),
        )
        .await,
    );
    report.record(
        "UpdateConference",
        check(
            client
                .update_conference()
                .id(CONFERENCE_ID)
                .body_map(|b| {
                    b.call_control_id(CALL_CONTROL_ID)
                        .supervisor_role(UpdateConferenceRequestSupervisorRole::Whisper)
                        .whisper_call_control_ids(vec![OTHER_CALL_CONTROL_ID.to_owned()])
                        .command_id("891510ac-f3e4-11e8-af5b-de00688a4901".to_owned())
                        .region(ConferenceRegion::Us)
                })
                .send(),
        )
        .await,
    );
    report.record(
        "RetrieveConferenceParticipant",
        check(
            client
                .retrieve_conference_participant()
                .id(conference)
                .participant_id(CALL_CONTROL_ID)
                .send(),
        )
        .await,
    );
    report.record(
        "UpdateConferenceParticipant",
        check(
            client
                .update_conference_participant()
                .id(conference)
                .participant_id(CALL_CONTROL_ID)
                .body_map(|b| {
                    b.beep_enabled(UpdateConferenceParticipantRequestBeepEnabled::OnExit)
                        .end_conference_on_exit(false)
                        .soft_end_conference_on_exit(true)
                })
                .send(),
        )
        .await,
    );
}

async fn queues(base_url: &str, report: &mut Report) {
    use telnyx_sdk_queues::{ClientCallCommandsExt, ClientQueueCommandsExt};
    let client =
        telnyx_sdk_queues::Client::new_with_client(base_url, reqwest::Client::new(), runtime());

    report.record(
        "ListQueues",
        check(
            client
                .list_queues()
                .page_number(2u64)
                .page_size(20u64)
                .send(),
        )
        .await,
    );
    report.record(
        "CreateQueue",
        check(
            client
                .create_queue()
                .body_map(|b| {
                    b.queue_name(QUEUE_NAME)
                        .max_size(std::num::NonZeroU64::new(50).expect("non-zero"))
                })
                .send(),
        )
        .await,
    );
    report.record(
        "RetrieveCallQueue",
        check(client.retrieve_call_queue().queue_name(QUEUE_NAME).send()).await,
    );
    report.record(
        "UpdateQueue",
        check(
            client
                .update_queue()
                .queue_name(QUEUE_NAME)
                .body_map(|b| b.max_size(std::num::NonZeroU64::new(100).expect("non-zero")))
                .send(),
        )
        .await,
    );
    report.record(
        "DeleteQueue",
        check(client.delete_queue().queue_name(QUEUE_NAME).send()).await,
    );
    report.record(
        "ListQueueCalls",
        check(
            client
                .list_queue_calls()
                .queue_name(QUEUE_NAME)
                .page_number(2u64)
                .page_size(20u64)
                .send(),
        )
        .await,
    );
    report.record(
        "RetrieveCallFromQueue",
        check(
            client
                .retrieve_call_from_queue()
                .queue_name(QUEUE_NAME)
                .call_control_id(CALL_CONTROL_ID)
                .send(),
        )
        .await,
    );
    report.record(
        "UpdateCallInQueue",
        check(
            client
                .update_call_in_queue()
                .queue_name(QUEUE_NAME)
                .call_control_id(CALL_CONTROL_ID)
                .body_map(|b| b.keep_after_hangup(true))
                .send(),
        )
        .await,
    );
    report.record(
        "RemoveQueueCall",
        check(
            client
                .remove_queue_call()
                .queue_name(QUEUE_NAME)
                .call_control_id(CALL_CONTROL_ID)
                .send(),
        )
        .await,
    );
    report.record(
        "EnqueueCall",
        check(
            client
                .enqueue_call()
                .call_control_id(CALL_CONTROL_ID)
                .body_map(|b| {
                    b.queue_name(QUEUE_NAME)
                        .max_size(50)
                        .max_wait_time_secs(600)
                        .keep_after_hangup(true)
                        .client_state("aGF2ZSBhIG5pY2UgZGF5ID1d".to_owned())
                        .command_id("891510ac-f3e4-11e8-af5b-de00688a4901".to_owned())
                })
                .send(),
        )
        .await,
    );
    report.record(
        "LeaveQueue",
        check(
            client
                .leave_queue()
                .call_control_id(CALL_CONTROL_ID)
                .body_map(|b| {
                    b.client_state("aGF2ZSBhIG5pY2UgZGF5ID1d".to_owned())
                        .command_id("891510ac-f3e4-11e8-af5b-de00688a4901".to_owned())
                })
                .send(),
        )
        .await,
    );
}
