//! Contract tests: every operation of the video, conferencing, queues, calls, texml,
//! recordings, numbers, messaging and voice_apps domains, called through the `telnyx-sdk`
//! facade with realistic arguments against Prism serving Telnyx's published OpenAPI document.
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
//!
//! Layout: this file runs the test (and the probes that Prism really validates); the cases
//! of each domain are in `<domain>.rs`; the runner ([`support::Contract`]), the IDs the
//! cases send and the known failures are in `support.rs`.

use std::future::Future;
use std::path::Path;
use std::time::Instant;

use futures::TryStreamExt;
use telnyx_sdk::{CallControlId, Client, ConferenceId, QueueName, RoomId};
use telnyx_sdk_tests::capture::RecordingProxy;
use telnyx_sdk_tests::prism;

mod calls;
mod conferencing;
mod messaging;
mod numbers;
mod queues;
mod recordings;
mod support;
mod texml;
mod video;
mod voice_apps;

use support::*;

/// Every operation of the HTTP domains, from the generated tables: a new operation without
/// a contract case fails this test.
fn all_operations() -> Vec<&'static str> {
    let mut ids: Vec<&'static str> = telnyx_sdk::operations().map(|op| op.id).collect();
    ids.sort_unstable();
    ids
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
        last_sent: None,
    };
    tokio.block_on(async {
        prism_validates_requests(&base_url).await;
        video::video(&client, &mut contract).await;
        conferencing::conferencing(&client, &mut contract).await;
        queues::queues(&client, &mut contract).await;
        calls::calls(&client, &mut contract).await;
        texml::texml(&client, &mut contract).await;
        recordings::recordings(&client, &mut contract).await;
        numbers::numbers(&client, &mut contract).await;
        messaging::messaging(&client, &mut contract).await;
        voice_apps::voice_apps(&client, &mut contract).await;
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
    use telnyx_sdk::video::types::RoomCompositionStatus;
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
                    .filter_status(RoomCompositionStatus::from("exploded"))
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
