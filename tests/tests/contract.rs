//! Contract tests: every operation of the video, conferencing and queues domains, called
//! through the `telnyx-sdk` facade with realistic arguments against Prism serving Telnyx's
//! published OpenAPI document.
//!
//! Prism validates each request (path, query, headers, body) against the vendor document and
//! answers an invalid one with `422`; the reasons (also logged by Prism, read back by the
//! harness) go into the failure message. Each response must decode into our types. One Prism
//! serves the whole binary; the operations run one after the other and every failure is
//! collected, so one run lists all broken operations. When `../shared/reference` is absent,
//! Prism serves the project's own `openapi/` documents instead (the test output says which);
//! `TELNYX_SKIP_PRISM=1` skips, and says so.
//!
//! Prism's list responses always say "page 2 of 3": streams here always set a limit.
//!
//! The SDK talks to Prism through a recording proxy, so a failure shows the request as sent,
//! and each decoded response is compared with the raw JSON to list fields our types drop.
//! `CONTRACT_SHOW_REQUESTS=1` prints every request.

use std::fmt::Display;
use std::future::Future;
use std::num::NonZeroU64;
use std::path::Path;
use std::time::Instant;

use futures::TryStreamExt;
use serde::Serialize;
use telnyx_sdk::{
    CallControlId, Client, ConferenceId, ConferenceParticipantId, NaiveDate, QueueName,
    RoomCompositionId, RoomId, RoomParticipantId, RoomRecordingId, RoomSessionId,
};
use telnyx_sdk_tests::capture::{self, RecordingProxy};
use telnyx_sdk_tests::prism::{self, Prism};

#[path = "contract/calls.rs"]
mod calls;

/// Every operation of the HTTP domains, from the generated tables: a new operation without
/// a contract case fails this test.
fn all_operations() -> Vec<&'static str> {
    let mut ids: Vec<&'static str> = telnyx_sdk::operations().map(|op| op.id).collect();
    ids.sort_unstable();
    ids
}

const ROOM_ID: &str = "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0";
const SESSION_ID: &str = "7b61621f-62e0-4aad-ab11-9fd19e272e74";
const PARTICIPANT_ID: &str = "5a7f3b2c-1d4e-4f6a-9b8c-7d6e5f4a3b2c";
const RECORDING_ID: &str = "6b1e1b3e-9f3b-4c1f-8d3a-2a1b0c9d8e7f";
const COMPOSITION_ID: &str = "5e2b4c6d-8f0a-4b2c-9d4e-6f8a0b2c4d6e";
const CONFERENCE_ID: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const CALL_CONTROL_ID: &str = "v3:MdI91X4lWFEs7IgbBEOT9M4AigoY08M0WWZFISt1Yw2axZ_IiE4pqg";
const OTHER_CALL_CONTROL_ID: &str = "v3:QEr0MmUNTX7tZvjsthFg7Bq5hT9ckOdJk4aUt8O4YXZ6EEmxP6qCEw";
const QUEUE_NAME: &str = "support";
const CLIENT_STATE: &str = "aGF2ZSBhIG5pY2UgZGF5ID1d";
const COMMAND_ID: &str = "891510ac-f3e4-11e8-af5b-de00688a4901";

/// Operations that fail because of a known, reported bug: (operation, text the failure must
/// contain, explanation). The test still calls them and prints the failure; it fails if one
/// of them starts passing (then remove it here) or fails for another reason. Empty: the one
/// bug found here (optional body fields with a spec `default` were always sent) is fixed by
/// the generator patch `optional_request_fields_without_defaults`.
const KNOWN_FAILURES: &[(&str, &str, &str)] = &[];

/// Failures that only the project's own `openapi/` documents cause (used when
/// `../shared/reference` is absent). Our room and composition schemas give
/// `webhook_event_failover_url` the default `''` with `format: uri`, as the vendor's do;
/// the vendor document also has response examples, ours do not, so Prism builds its answer
/// from the default and then flags its own answer. The requests themselves are valid.
const OWN_SPEC_FAILOVER: &str = "response.body.data.webhook_event_failover_url Response body property data.webhook_event_failover_url must match format \"uri\"";
const OWN_SPEC_FAILOVER_LIST: &str = "response.body.data.0.webhook_event_failover_url Response body property data.0.webhook_event_failover_url must match format \"uri\"";
const OWN_SPEC_WHY: &str =
    "Prism answers with the schema default '' for a `format: uri` field of our own document";
const KNOWN_FAILURES_OWN_SPEC: &[(&str, &str, &str)] = &[
    ("ListRooms", OWN_SPEC_FAILOVER_LIST, OWN_SPEC_WHY),
    ("CreateRoom", OWN_SPEC_FAILOVER, OWN_SPEC_WHY),
    ("ViewRoom", OWN_SPEC_FAILOVER, OWN_SPEC_WHY),
    ("UpdateRoom", OWN_SPEC_FAILOVER, OWN_SPEC_WHY),
    ("ListRoomCompositions", OWN_SPEC_FAILOVER_LIST, OWN_SPEC_WHY),
    ("CreateRoomComposition", OWN_SPEC_FAILOVER, OWN_SPEC_WHY),
    ("ViewRoomComposition", OWN_SPEC_FAILOVER, OWN_SPEC_WHY),
    (
        "CreateRoom (required fields only)",
        OWN_SPEC_FAILOVER,
        OWN_SPEC_WHY,
    ),
    (
        "CreateRoomComposition (required fields only)",
        OWN_SPEC_FAILOVER,
        OWN_SPEC_WHY,
    ),
];

type Outcome = Result<(), String>;

/// Runs operations against one Prism and keeps their outcomes.
struct Contract<'p> {
    prism: &'p Prism,
    proxy: &'p RecordingProxy,
    results: Vec<(&'static str, Outcome)>,
    /// Response fields (from Prism's examples) that our types do not know, by operation.
    dropped: Vec<(&'static str, Vec<String>)>,
    /// How many successful calls had their raw response recorded by the proxy.
    compared: usize,
}

impl Contract<'_> {
    /// Sends one facade request and records whether Prism accepted it and the response
    /// decoded.
    async fn run<T, F>(&mut self, operation: &'static str, call: F)
    where
        T: Serialize,
        F: Future<Output = Result<T, telnyx_sdk::Error>>,
    {
        let mark = self.prism.log_mark();
        let _ = self.proxy.take_last();
        let _ = self.proxy.take_last_request();
        let result = call.await;
        let sent = self.proxy.take_last_request();
        if std::env::var_os("CONTRACT_SHOW_REQUESTS").is_some()
            && let Some(request) = &sent
        {
            eprintln!(
                "contract: sent {operation}: {} {}",
                request.line,
                String::from_utf8_lossy(&request.body)
            );
        }
        if let (Ok(value), Some(raw)) = (&result, self.proxy.take_last()) {
            let raw = serde_json::from_slice::<serde_json::Value>(&raw.body);
            let decoded = serde_json::to_value(value);
            if let (Ok(raw), Ok(decoded)) = (raw, decoded) {
                self.compared += 1;
                let dropped = capture::dropped_fields(&raw, &decoded);
                if !dropped.is_empty() {
                    eprintln!("contract: note {operation} drops {}", dropped.join(", "));
                    self.dropped.push((operation, dropped));
                }
            }
        }
        let outcome = self
            .judge(mark, result)
            .await
            .map_err(|reason| match &sent {
                Some(request) if request.body.is_empty() => {
                    format!("{reason}\n    sent: {}", request.line)
                }
                Some(request) => format!(
                    "{reason}\n    sent: {} {}",
                    request.line,
                    String::from_utf8_lossy(&request.body)
                ),
                None => reason,
            });
        match &outcome {
            Ok(()) => eprintln!("contract: ok   {operation}"),
            Err(reason) => eprintln!("contract: FAIL {operation}: {reason}"),
        }
        self.results.push((operation, outcome));
    }

    async fn judge<T: Serialize>(
        &self,
        mark: u64,
        result: Result<T, telnyx_sdk::Error>,
    ) -> Outcome {
        let mut violations = self.prism.violations_since(mark);
        if result.is_err() && violations.is_empty() {
            // Prism may write its log a moment after it answered.
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            violations = self.prism.violations_since(mark);
        }
        let errors: Vec<&String> = violations
            .iter()
            .filter(|v| v.starts_with("error"))
            .collect();
        for warning in violations.iter().filter(|v| !v.starts_with("error")) {
            eprintln!("contract: note {warning}");
        }
        match result {
            Ok(value) => {
                if !errors.is_empty() {
                    return Err(format!("Prism reported violations: {}", join(&errors)));
                }
                // A body decoded into a type that knows none of its fields would be `{}`.
                match serde_json::to_value(value) {
                    Ok(serde_json::Value::Object(map)) if map.is_empty() => {
                        Err("the response decoded into an empty value".to_owned())
                    }
                    Ok(_) => Ok(()),
                    Err(e) => Err(format!("cannot re-encode the decoded response: {e}")),
                }
            }
            Err(telnyx_sdk::Error::Api(api)) if !errors.is_empty() => Err(format!(
                "Prism rejected the request ({}): {}",
                api.status,
                join(&errors)
            )),
            Err(telnyx_sdk::Error::Decode(decode)) => {
                Err(format!("response does not decode: {decode}"))
            }
            Err(other) => Err(format!("request failed: {other}")),
        }
    }
}

fn join<T: Display>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

fn non_zero(n: u64) -> NonZeroU64 {
    NonZeroU64::new(n).expect("non-zero")
}

fn uuid(text: &str) -> uuid::Uuid {
    text.parse().expect("a uuid")
}

fn runtime() -> telnyx_sdk_core::Runtime {
    telnyx_sdk_core::Runtime::builder("KEY_contract_test")
        .max_retries(0)
        .build()
        .expect("runtime")
}

#[test]
fn all_operations_against_prism() {
    let started = Instant::now();
    let Some((mut prism, source)) = prism::start_for_test(Path::new(env!("CARGO_TARGET_TMPDIR")))
    else {
        return;
    };
    let base_url = prism.base_url();
    let proxy = RecordingProxy::start(prism.addr()).expect("start the recording proxy");
    let client = Client::builder()
        .api_key("KEY_contract_test")
        .base_url(proxy.base_url())
        .max_retries(0)
        .build()
        .expect("client");

    let tokio = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let mut contract = Contract {
        prism: &prism,
        proxy: &proxy,
        results: Vec::new(),
        dropped: Vec::new(),
        compared: 0,
    };
    tokio.block_on(async {
        prism_validates_requests(&base_url).await;
        video(&client, &mut contract).await;
        conferencing(&client, &mut contract).await;
        queues(&client, &mut contract).await;
        calls::calls(&client, &mut contract).await;
        required_fields_only(&client, &mut contract).await;
        streams(&client).await;
    });

    let known_failures = match source {
        prism::SpecSource::Vendor(_) => KNOWN_FAILURES,
        prism::SpecSource::Own(_) => KNOWN_FAILURES_OWN_SPEC,
    };
    let results = std::mem::take(&mut contract.results);
    let dropped = std::mem::take(&mut contract.dropped);
    eprintln!(
        "contract: {} decoded responses compared field by field with the raw JSON",
        contract.compared
    );
    if !dropped.is_empty() {
        eprintln!(
            "contract: {} operations decode responses whose example has fields our types lack:",
            dropped.len()
        );
        for (op, fields) in &dropped {
            eprintln!("contract:   {op}: {}", fields.join(", "));
        }
    }
    // Calls named "<operation> (<variant>)" are extra checks, not counted as operations.
    let is_operation = |op: &str| !op.contains(" (");
    let passed = results
        .iter()
        .filter(|(op, r)| is_operation(op) && r.is_ok())
        .count();
    let mut failed = Vec::new();
    for (op, outcome) in &results {
        let known = known_failures.iter().find(|(known, _, _)| known == op);
        match (outcome, known) {
            (Ok(()), None) => {}
            (Ok(()), Some(_)) => {
                failed.push(format!("{op}: passes now; remove it from KNOWN_FAILURES"));
            }
            (Err(reason), Some((_, expected, why))) if reason.contains(expected) => {
                eprintln!("contract: known failure {op}: {why}");
            }
            (Err(reason), _) => failed.push(format!("{op}: {reason}")),
        }
    }
    prism::announce(&format!(
        "contract: {passed}/{} operations passed ({} known failures; {:.1} s; Prism log, kept on failure: {})",
        all_operations().len(),
        known_failures
            .iter()
            .filter(|(op, _, _)| is_operation(op))
            .count(),
        started.elapsed().as_secs_f64(),
        prism.log_path().display()
    ));
    drop(proxy);
    prism.keep_log(!failed.is_empty());
    drop(prism);
    let mut names: Vec<&str> = results
        .iter()
        .map(|(op, _)| *op)
        .filter(|op| is_operation(op))
        .collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(
        results.iter().filter(|(op, _)| is_operation(op)).count(),
        names.len(),
        "the contract test must call every operation exactly once"
    );
    assert_eq!(
        names,
        all_operations(),
        "the contract test must call every operation of the generated tables"
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
/// each probe sends one invalid value and must be rejected (`422` with an `sl-violations`
/// reason naming the parameter), which proves Prism saw it under the documented name. The
/// probes use the generated clients: the facade refuses some of these values itself.
async fn prism_validates_requests(base_url: &str) {
    use telnyx_sdk::conferencing::types::ConferenceRegion;
    use telnyx_sdk::video::types::ListRoomCompositionsFilterStatus;
    use telnyx_sdk_conferencing::ClientConferenceCommandsExt;
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
            rejection(video.list_rooms().page_size(251u64).send()).await,
        ),
        (
            "filter[status]=exploded on GET /room_compositions",
            "request.query.filter.status",
            rejection(
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
            rejection(
                conferencing
                    .list_conferences()
                    .region(ConferenceRegion::from("Mars"))
                    .send(),
            )
            .await,
        ),
    ];
    for (probe, location, reason) in probes {
        let reason = reason.unwrap_or_else(|| {
            panic!(
                "Prism accepted {probe}: is request validation on, is the parameter sent under its documented name?"
            )
        });
        assert!(
            reason.contains("422") && reason.contains(location),
            "{probe}: unexpected rejection: {reason}"
        );
        eprintln!("contract: probe ok ({probe} rejected)");
    }
}

/// The status and `sl-violations` reasons of a rejected generated-client call; `None` when
/// the call succeeded.
async fn rejection<T>(
    call: impl Future<Output = Result<telnyx_sdk_video::ResponseValue<T>, telnyx_sdk_video::Error<()>>>,
) -> Option<String> {
    match call.await {
        Ok(_) => None,
        Err(telnyx_sdk_video::Error::UnexpectedResponse(response)) => {
            let violations = response
                .headers()
                .get(prism::VIOLATIONS_HEADER)
                .map(|v| prism::parse_violations(&String::from_utf8_lossy(v.as_bytes())))
                .unwrap_or_default();
            Some(format!(
                "{}: {}",
                response.status(),
                prism::describe_violations(&violations)
            ))
        }
        Err(other) => Some(other.to_string()),
    }
}

/// List streams against Prism. Prism says "page 2 of 3" on every page and the paginator
/// (rightly) refuses a page other than the one it asked for, so the streams start at page 2
/// and stop after one item.
async fn streams(client: &Client) {
    let rooms: Vec<_> = client
        .rooms()
        .list()
        .filter_date_created_at_gte(date(2026, 1, 1))
        .page_number(2)
        .page_size(10)
        .limit(1)
        .stream()
        .try_collect()
        .await
        .expect("stream of rooms");
    assert_eq!(rooms.len(), 1, "limit(1) yields one room");
    let calls: Vec<_> = client
        .queues()
        .calls(&QueueName::new(QUEUE_NAME))
        .list()
        .page_number(2)
        .page_size(5)
        .limit(1)
        .stream()
        .try_collect()
        .await
        .expect("stream of queue calls");
    assert_eq!(calls.len(), 1, "limit(1) yields one queue call");
    eprintln!("contract: streams ok");
}

/// Bodies with only the required fields: what the SDK adds on its own must be valid too.
async fn required_fields_only(client: &Client, c: &mut Contract<'_>) {
    let room: RoomId = ROOM_ID.parse().expect("room id");
    let conference: ConferenceId = CONFERENCE_ID.parse().expect("conference id");
    let call = CallControlId::new(CALL_CONTROL_ID);
    c.run(
        "CreateRoom (required fields only)",
        client.rooms().create().send(),
    )
    .await;
    c.run(
        "CreateRoomComposition (required fields only)",
        client.room_compositions().create().send(),
    )
    .await;
    c.run(
        "CreateRoomClientToken (required fields only)",
        client.rooms().client_tokens(&room).generate().send(),
    )
    .await;
    c.run(
        "CreateConference (required fields only)",
        client
            .conferences()
            .create()
            .body_map(|b| b.call_control_id(CALL_CONTROL_ID).name("weekly-sync"))
            .send(),
    )
    .await;
    c.run(
        "ConferenceGatherUsingAudio (required fields only)",
        client
            .conferences()
            .actions(&conference)
            .gather_using_audio()
            .body_map(|b| b.call_control_id(CALL_CONTROL_ID))
            .send(),
    )
    .await;
    c.run(
        "JoinConference (required fields only)",
        client
            .conferences()
            .actions(&conference)
            .join()
            .body_map(|b| b.call_control_id(CALL_CONTROL_ID))
            .send(),
    )
    .await;
    c.run(
        "EnqueueCall (required fields only)",
        client
            .calls()
            .actions(&call)
            .enqueue()
            .body_map(|b| b.queue_name(QUEUE_NAME))
            .send(),
    )
    .await;
}

async fn video(client: &Client, c: &mut Contract<'_>) {
    use telnyx_sdk::video::types::{
        ActionsParticipantsRequestParticipants, ActionsParticipantsRequestParticipantsString,
        ListRoomCompositionsFilterStatus, VideoRegion,
    };
    let room: RoomId = ROOM_ID.parse().expect("room id");
    let session: RoomSessionId = SESSION_ID.parse().expect("session id");
    let participant: RoomParticipantId = PARTICIPANT_ID.parse().expect("participant id");
    let recording: RoomRecordingId = RECORDING_ID.parse().expect("recording id");
    let composition: RoomCompositionId = COMPOSITION_ID.parse().expect("composition id");

    // Rooms
    c.run(
        "ListRooms",
        client
            .rooms()
            .list()
            .filter_date_created_at_gte(date(2026, 1, 1))
            .filter_date_created_at_lte(date(2026, 7, 31))
            .filter_date_updated_at_eq(date(2026, 7, 1))
            .filter_unique_name("standup")
            .include_sessions(true)
            .page_number(2)
            .page_size(25)
            .send(),
    )
    .await;
    c.run(
        "CreateRoom",
        client
            .rooms()
            .create()
            .body_map(|b| {
                b.unique_name("standup".to_owned())
                    .max_participants(10)
                    .enable_recording(true)
                    .webhook_event_url("https://example.com/webhooks".to_owned())
                    .webhook_event_failover_url(Some(
                        "https://failover.example.com/webhooks".to_string(),
                    ))
                    .webhook_timeout_secs(25)
            })
            .send(),
    )
    .await;
    c.run(
        "ViewRoom",
        client.rooms().get(&room).include_sessions(true).send(),
    )
    .await;
    c.run(
        "UpdateRoom",
        client
            .rooms()
            .update(&room)
            .body_map(|b| {
                b.unique_name("standup-2".to_owned())
                    .max_participants(20)
                    .webhook_event_url("https://example.com/webhooks".to_owned())
                    .webhook_timeout_secs(10)
            })
            .send(),
    )
    .await;
    c.run("DeleteRoom", client.rooms().delete(&room).send())
        .await;
    c.run(
        "RetrieveListRoomSessions",
        client
            .rooms()
            .sessions(&room)
            .list()
            .filter_active(true)
            .filter_date_created_at_gte(date(2026, 1, 1))
            .filter_date_ended_at_lte(date(2026, 7, 31))
            .filter_date_updated_at_eq(date(2026, 7, 1))
            .include_participants(true)
            .page_number(1)
            .page_size(10)
            .send(),
    )
    .await;

    // Client tokens
    c.run(
        "CreateRoomClientToken",
        client
            .rooms()
            .client_tokens(&room)
            .generate()
            .body_map(|b| b.token_ttl_secs(600).refresh_token_ttl_secs(3600))
            .send(),
    )
    .await;
    c.run(
        "RefreshRoomClientToken",
        client
            .rooms()
            .client_tokens(&room)
            .refresh()
            .body_map(|b| {
                b.refresh_token("eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJyZWZyZXNoIn0.c2lnbmF0dXJl")
                    .token_ttl_secs(600)
            })
            .send(),
    )
    .await;

    // Sessions
    c.run(
        "ListRoomSessions",
        client
            .room_sessions()
            .list()
            .filter_active(false)
            .filter_room_id(ROOM_ID)
            .filter_date_created_at_eq(date(2026, 7, 1))
            .filter_date_ended_at_gte(date(2026, 7, 1))
            .filter_date_updated_at_lte(date(2026, 7, 31))
            .include_participants(true)
            .page_number(2)
            .page_size(50)
            .send(),
    )
    .await;
    c.run(
        "ViewRoomSession",
        client
            .room_sessions()
            .get(&session)
            .include_participants(true)
            .send(),
    )
    .await;
    c.run("EndSession", client.room_sessions().end(&session).send())
        .await;
    let everyone = || {
        Some(ActionsParticipantsRequestParticipants::String(
            ActionsParticipantsRequestParticipantsString::All,
        ))
    };
    c.run(
        "KickParticipantInSession",
        client
            .room_sessions()
            .kick(&session)
            .body_map(|b| {
                b.participants(everyone())
                    .exclude(vec![uuid(PARTICIPANT_ID)])
            })
            .send(),
    )
    .await;
    c.run(
        "MuteParticipantInSession",
        client
            .room_sessions()
            .mute(&session)
            .body_map(|b| {
                b.participants(Some(ActionsParticipantsRequestParticipants::Array(vec![
                    uuid(PARTICIPANT_ID),
                ])))
            })
            .send(),
    )
    .await;
    c.run(
        "UnmuteParticipantInSession",
        client
            .room_sessions()
            .unmute(&session)
            .body_map(|b| b.participants(everyone()))
            .send(),
    )
    .await;
    c.run(
        "RetrieveListRoomParticipants",
        client
            .room_sessions()
            .participants(&session)
            .list()
            .filter_context("Alice")
            .filter_date_joined_at_gte(date(2026, 7, 1))
            .filter_date_left_at_lte(date(2026, 7, 31))
            .filter_date_updated_at_eq(date(2026, 7, 2))
            .page_number(1)
            .page_size(20)
            .send(),
    )
    .await;

    // Participants
    c.run(
        "ListRoomParticipants",
        client
            .room_participants()
            .list()
            .filter_context("Alice")
            .filter_session_id(SESSION_ID)
            .filter_date_joined_at_eq(date(2026, 7, 1))
            .filter_date_left_at_gte(date(2026, 7, 1))
            .filter_date_updated_at_lte(date(2026, 7, 31))
            .page_number(2)
            .page_size(20)
            .send(),
    )
    .await;
    c.run(
        "ViewRoomParticipant",
        client.room_participants().get(&participant).send(),
    )
    .await;

    // Recordings
    c.run(
        "ListRoomRecordings",
        client
            .room_recordings()
            .list()
            .filter_date_started_at_gte(date(2026, 7, 1))
            .filter_date_ended_at_lte(date(2026, 7, 31))
            .filter_duration_secs(60)
            .filter_room_id(uuid(ROOM_ID))
            .filter_session_id(uuid(SESSION_ID))
            .filter_participant_id(uuid(PARTICIPANT_ID))
            .filter_status("completed")
            .filter_type("audio")
            .page_number(2)
            .page_size(20)
            .send(),
    )
    .await;
    c.run(
        "DeleteRoomRecordings",
        client
            .room_recordings()
            .delete_many()
            .filter_date_started_at_eq(date(2026, 7, 1))
            .filter_date_ended_at_gte(date(2026, 7, 1))
            .filter_room_id(uuid(ROOM_ID))
            .filter_status("completed")
            .filter_type("video")
            .page_number(non_zero(1))
            .page_size(non_zero(20))
            .send(),
    )
    .await;
    c.run(
        "ViewRoomRecording",
        client.room_recordings().get(&recording).send(),
    )
    .await;
    c.run(
        "DeleteRoomRecording",
        client.room_recordings().delete(&recording).send(),
    )
    .await;

    // Compositions
    c.run(
        "ListRoomCompositions",
        client
            .room_compositions()
            .list()
            .filter_date_created_at_gte(date(2026, 7, 1))
            .filter_date_created_at_lte(date(2026, 7, 31))
            .filter_session_id(uuid(SESSION_ID))
            .filter_status(ListRoomCompositionsFilterStatus::Completed)
            .page_number(2)
            .page_size(20)
            .send(),
    )
    .await;
    let region = VideoRegion::try_from(
        VideoRegion::builder()
            .x_pos(0)
            .y_pos(0)
            .z_pos(1)
            .height(720)
            .width(1280)
            .max_columns(Some(non_zero(2)))
            .max_rows(Some(non_zero(2)))
            .video_sources(vec![uuid(PARTICIPANT_ID)]),
    )
    .expect("video region");
    c.run(
        "CreateRoomComposition",
        client
            .room_compositions()
            .create()
            .body_map(|b| {
                b.session_id(uuid(SESSION_ID))
                    .format(Some("mp4".to_string()))
                    .resolution(Some("1280x720".to_string()))
                    .video_layout(
                        [("first".to_owned(), region)]
                            .into_iter()
                            .collect::<std::collections::HashMap<_, _>>(),
                    )
                    .webhook_event_url("https://example.com/webhooks".to_owned())
                    .webhook_event_failover_url(Some(
                        "https://failover.example.com/webhooks".to_string(),
                    ))
                    .webhook_timeout_secs(25)
            })
            .send(),
    )
    .await;
    c.run(
        "ViewRoomComposition",
        client.room_compositions().get(&composition).send(),
    )
    .await;
    c.run(
        "DeleteRoomComposition",
        client.room_compositions().delete(&composition).send(),
    )
    .await;
}

async fn conferencing(client: &Client, c: &mut Contract<'_>) {
    use telnyx_sdk::conferencing::types::{
        ConferenceRegion, ConferenceSpeakRequestLanguage, ConferenceSpeakRequestPayloadType,
        CreateConferenceRequestBeepEnabled, JoinConferenceRequestBeepEnabled,
        JoinConferenceRequestSupervisorRole, LeaveConferenceRequestBeepEnabled,
        ListConferencesFilterProduct, ListConferencesFilterStatus, ListConferencesFilterType,
        Loopcount, StartConferenceRecordingRequestChannels, StartConferenceRecordingRequestFormat,
        StartConferenceRecordingRequestTrim, UpdateConferenceParticipantRequestBeepEnabled,
        UpdateConferenceRequestSupervisorRole,
    };
    let conference: ConferenceId = CONFERENCE_ID.parse().expect("conference id");
    let participant = ConferenceParticipantId::new(CALL_CONTROL_ID);
    let calls = || vec![CALL_CONTROL_ID.to_owned(), OTHER_CALL_CONTROL_ID.to_owned()];
    let actions = client.conferences().actions(&conference);

    c.run(
        "ListConferences",
        client
            .conferences()
            .list()
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
            .page_number(2)
            .page_size(20)
            .send(),
    )
    .await;
    c.run(
        "CreateConference",
        client
            .conferences()
            .create()
            .body_map(|b| {
                b.call_control_id(CALL_CONTROL_ID)
                    .name("weekly-sync")
                    .beep_enabled(CreateConferenceRequestBeepEnabled::OnEnter)
                    .client_state(CLIENT_STATE.to_owned())
                    .comfort_noise(false)
                    .command_id(COMMAND_ID.to_owned())
                    .duration_minutes(60)
                    .hold_audio_url("https://example.com/hold.wav".to_owned())
                    .max_participants(50)
                    .start_conference_on_create(true)
                    .region(ConferenceRegion::Us)
            })
            .send(),
    )
    .await;
    c.run(
        "ListConferenceParticipants",
        client
            .conferences()
            .participants(&conference)
            .list()
            .filter_muted(false)
            .filter_on_hold(false)
            .filter_whispering(false)
            .region(ConferenceRegion::Us)
            .page_number(2)
            .page_size(20)
            .send(),
    )
    .await;
    c.run(
        "RetrieveConference",
        client
            .conferences()
            .get(&conference)
            .region(ConferenceRegion::Europe)
            .send(),
    )
    .await;
    c.run(
        "EndConference",
        actions
            .end()
            .body_map(|b| b.command_id(COMMAND_ID.to_owned()))
            .send(),
    )
    .await;
    c.run(
        "ConferenceGatherUsingAudio",
        actions
            .gather_using_audio()
            .body_map(|b| {
                b.call_control_id(CALL_CONTROL_ID)
                    .audio_url("https://example.com/menu.wav".to_owned())
                    .invalid_audio_url("https://example.com/invalid.wav".to_owned())
                    .minimum_digits(non_zero(1))
                    .maximum_digits(non_zero(4))
                    .maximum_tries(non_zero(3))
                    .timeout_millis(60000)
                    .initial_timeout_millis(10000)
                    .inter_digit_timeout_millis(5000)
                    .terminating_digit(Some("#".to_string()))
                    .valid_digits(Some("123".to_string()))
                    .stop_playback_on_dtmf(true)
                    .client_state(CLIENT_STATE.to_owned())
            })
            .send(),
    )
    .await;
    c.run(
        "HoldConferenceParticipants",
        actions
            .hold()
            .body_map(|b| {
                b.call_control_ids(calls())
                    .audio_url("https://example.com/hold.wav".to_owned())
                    .region(ConferenceRegion::Us)
            })
            .send(),
    )
    .await;
    c.run(
        "UnholdConferenceParticipants",
        actions
            .unhold()
            .body_map(|b| b.call_control_ids(calls()).region(ConferenceRegion::Us))
            .send(),
    )
    .await;
    c.run(
        "JoinConference",
        actions
            .join()
            .body_map(|b| {
                b.call_control_id(CALL_CONTROL_ID)
                    .beep_enabled(JoinConferenceRequestBeepEnabled::Always)
                    .client_state(CLIENT_STATE.to_owned())
                    .command_id(COMMAND_ID.to_owned())
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
    .await;
    c.run(
        "LeaveConference",
        actions
            .leave()
            .body_map(|b| {
                b.call_control_id(CALL_CONTROL_ID)
                    .beep_enabled(LeaveConferenceRequestBeepEnabled::Never)
                    .command_id(COMMAND_ID.to_owned())
                    .region(ConferenceRegion::Us)
            })
            .send(),
    )
    .await;
    c.run(
        "MuteConferenceParticipants",
        actions
            .mute()
            .body_map(|b| b.call_control_ids(calls()).region(ConferenceRegion::Us))
            .send(),
    )
    .await;
    c.run(
        "UnmuteConferenceParticipants",
        actions
            .unmute()
            .body_map(|b| b.call_control_ids(calls()))
            .send(),
    )
    .await;
    c.run(
        "PlayConferenceAudio",
        actions
            .play()
            .body_map(|b| {
                b.audio_url("https://example.com/announcement.wav".to_owned())
                    .call_control_ids(calls())
                    .loop_(Loopcount::Integer(3))
                    .region(ConferenceRegion::Us)
            })
            .send(),
    )
    .await;
    c.run(
        "StopConferenceAudio",
        actions
            .stop()
            .body_map(|b| b.call_control_ids(calls()).region(ConferenceRegion::Us))
            .send(),
    )
    .await;
    c.run(
        "StartConferenceRecording",
        actions
            .record_start()
            .body_map(|b| {
                b.format(StartConferenceRecordingRequestFormat::Mp3)
                    .channels(StartConferenceRecordingRequestChannels::Dual)
                    .command_id(COMMAND_ID.to_owned())
                    .custom_file_name(Some(
                        "weekly-sync".parse().expect("a valid custom file name"),
                    ))
                    .play_beep(true)
                    .trim(StartConferenceRecordingRequestTrim::TrimSilence)
                    .region(ConferenceRegion::Us)
            })
            .send(),
    )
    .await;
    c.run(
        "PauseConferenceRecording",
        actions
            .record_pause()
            .body_map(|b| {
                b.command_id(COMMAND_ID.to_owned())
                    .recording_id(RECORDING_ID.to_owned())
                    .region(ConferenceRegion::Us)
            })
            .send(),
    )
    .await;
    c.run(
        "ResumeConferenceRecording",
        actions
            .record_resume()
            .body_map(|b| {
                b.command_id(COMMAND_ID.to_owned())
                    .recording_id(RECORDING_ID.to_owned())
            })
            .send(),
    )
    .await;
    c.run(
        "StopConferenceRecording",
        actions
            .record_stop()
            .body_map(|b| {
                b.client_state(CLIENT_STATE.to_owned())
                    .command_id(COMMAND_ID.to_owned())
                    .recording_id(Some(uuid(RECORDING_ID)))
                    .region(ConferenceRegion::Us)
            })
            .send(),
    )
    .await;
    c.run(
        "ConferenceSendDTMF",
        actions
            .send_dtmf()
            .body_map(|b| {
                b.digits("1234#")
                    .call_control_ids(calls())
                    .duration_millis(250)
                    .client_state(CLIENT_STATE.to_owned())
            })
            .send(),
    )
    .await;
    c.run(
        "SpeakTextToConference",
        actions
            .speak()
            .body_map(|b| {
                b.payload("The meeting starts in five minutes.")
                    .payload_type(ConferenceSpeakRequestPayloadType::Text)
                    .voice("Telnyx.KokoroTTS.af")
                    .language(ConferenceSpeakRequestLanguage::EnUs)
                    .call_control_ids(calls())
                    .command_id(COMMAND_ID.to_owned())
                    .region(ConferenceRegion::Us)
            })
            .send(),
    )
    .await;
    c.run(
        "UpdateConference",
        actions
            .update()
            .body_map(|b| {
                b.call_control_id(CALL_CONTROL_ID)
                    .supervisor_role(UpdateConferenceRequestSupervisorRole::Whisper)
                    .whisper_call_control_ids(vec![OTHER_CALL_CONTROL_ID.to_owned()])
                    .command_id(COMMAND_ID.to_owned())
                    .region(ConferenceRegion::Us)
            })
            .send(),
    )
    .await;
    c.run(
        "RetrieveConferenceParticipant",
        client
            .conferences()
            .participants(&conference)
            .get(&participant)
            .send(),
    )
    .await;
    c.run(
        "UpdateConferenceParticipant",
        client
            .conferences()
            .participants(&conference)
            .update(&participant)
            .body_map(|b| {
                b.beep_enabled(UpdateConferenceParticipantRequestBeepEnabled::OnExit)
                    .end_conference_on_exit(false)
                    .soft_end_conference_on_exit(true)
            })
            .send(),
    )
    .await;
}

async fn queues(client: &Client, c: &mut Contract<'_>) {
    let queue = QueueName::new(QUEUE_NAME);
    let call = CallControlId::new(CALL_CONTROL_ID);

    c.run(
        "ListQueues",
        client.queues().list().page_number(2).page_size(20).send(),
    )
    .await;
    c.run(
        "CreateQueue",
        client
            .queues()
            .create()
            .body_map(|b| b.queue_name(QUEUE_NAME).max_size(non_zero(50)))
            .send(),
    )
    .await;
    c.run("RetrieveCallQueue", client.queues().get(&queue).send())
        .await;
    c.run(
        "UpdateQueue",
        client
            .queues()
            .update(&queue)
            .body_map(|b| b.max_size(non_zero(100)))
            .send(),
    )
    .await;
    c.run("DeleteQueue", client.queues().delete(&queue).send())
        .await;
    c.run(
        "ListQueueCalls",
        client
            .queues()
            .calls(&queue)
            .list()
            .page_number(2)
            .page_size(20)
            .send(),
    )
    .await;
    c.run(
        "RetrieveCallFromQueue",
        client.queues().calls(&queue).get(&call).send(),
    )
    .await;
    c.run(
        "UpdateCallInQueue",
        client
            .queues()
            .calls(&queue)
            .update(&call)
            .body_map(|b| b.keep_after_hangup(true))
            .send(),
    )
    .await;
    c.run(
        "RemoveQueueCall",
        client.queues().calls(&queue).remove(&call).send(),
    )
    .await;
    c.run(
        "EnqueueCall",
        client
            .calls()
            .actions(&call)
            .enqueue()
            .body_map(|b| {
                b.queue_name(QUEUE_NAME)
                    .max_size(50)
                    .max_wait_time_secs(600)
                    .keep_after_hangup(true)
                    .client_state(CLIENT_STATE.to_owned())
                    .command_id(COMMAND_ID.to_owned())
            })
            .send(),
    )
    .await;
    c.run(
        "LeaveQueue",
        client
            .calls()
            .actions(&call)
            .leave_queue()
            .body_map(|b| {
                b.client_state(CLIENT_STATE.to_owned())
                    .command_id(COMMAND_ID.to_owned())
            })
            .send(),
    )
    .await;
}
