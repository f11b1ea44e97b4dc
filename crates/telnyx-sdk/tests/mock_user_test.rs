//! How a user of this SDK tests their own code offline with the typed mocks
//! (`telnyx_sdk::mock`, feature `test-util`): the functions under test come first, written
//! as an application would, then their tests. The workspace's test crate turns `test-util`
//! on, so `cargo test --workspace` runs this file.
#![cfg(all(feature = "test-util", feature = "video", feature = "calls"))]

use std::time::Duration;

use futures::TryStreamExt;
use telnyx_sdk::calls::types::{
    CallControlCommandResponse, CallControlCommandResult, EnqueueRequest,
};
use telnyx_sdk::mock::prelude::*;
use telnyx_sdk::video::types::{PaginationMeta, Room, RoomPage};
use telnyx_sdk::{CallControlId, Client, Error, ErrorKind, NaiveDate};

// ---- the application code under test -------------------------------------------------

/// The names of the rooms created since `since`, across every page.
async fn room_names_since(client: &Client, since: NaiveDate) -> Result<Vec<String>, Error> {
    let rooms: Vec<Room> = client
        .rooms()
        .list()
        .filter_date_created_at_gte(since)
        .page_size(2)
        .stream()
        .try_collect()
        .await?;
    Ok(rooms.into_iter().filter_map(|r| r.unique_name).collect())
}

/// What the application makes of a failed enqueue.
#[derive(Debug, PartialEq)]
enum EnqueueOutcome {
    Queued,
    /// Gave up after `attempts` rate-limited attempts.
    RateLimited {
        attempts: u32,
    },
    /// Telnyx failed (5xx): report, do not retry.
    ServerError,
    TimedOut,
}

/// Puts a call into the support queue, waiting out up to 3 rate limits as the server asks.
async fn enqueue_for_support(client: &Client, call: &CallControlId) -> EnqueueOutcome {
    let mut attempts = 0;
    loop {
        attempts += 1;
        let sent = client
            .calls()
            .actions(call)
            .enqueue()
            .body_map(|b| b.queue_name("support"))
            .timeout(Duration::from_millis(300))
            .send()
            .await;
        let err = match sent {
            Ok(_) => return EnqueueOutcome::Queued,
            Err(e) => e,
        };
        if err.is_timeout() {
            return EnqueueOutcome::TimedOut;
        }
        match err.as_api() {
            Some(api) if api.kind == ErrorKind::RateLimited && attempts < 3 => {
                tokio::time::sleep(api.retry_after.unwrap_or(Duration::from_secs(1))).await;
            }
            Some(api) if api.kind == ErrorKind::RateLimited => {
                return EnqueueOutcome::RateLimited { attempts };
            }
            _ => return EnqueueOutcome::ServerError,
        }
    }
}

// ---- the tests ----------------------------------------------------------------------------

fn room(name: &str) -> Room {
    Room {
        unique_name: Some(name.to_owned()),
        ..Room::default()
    }
}

fn page(rooms: Vec<Room>, number: i64, total: i64) -> RoomPage {
    RoomPage {
        data: rooms,
        meta: Some(PaginationMeta {
            page_number: Some(number),
            page_size: Some(2),
            total_pages: Some(total),
            total_results: Some(3),
            ..PaginationMeta::default()
        }),
        ..RoomPage::default()
    }
}

fn queued() -> CallControlCommandResponse {
    CallControlCommandResponse {
        data: Some(CallControlCommandResult {
            result: Some("ok".to_owned()),
            ..CallControlCommandResult::default()
        }),
        ..CallControlCommandResponse::default()
    }
}

#[tokio::test]
async fn room_names_walk_every_page() {
    let server = MockServer::start_async().await;
    let since = NaiveDate::from_ymd_opt(2026, 11, 1).expect("date");
    // the stream asks for page[number]=1, then 2 (and keeps the filter and page size)
    let first = server.rooms_list(|when, then| {
        when.filter_date_created_at_gte(&since)
            .page_size(std::num::NonZeroU64::new(2))
            .page_number(std::num::NonZeroU64::new(1));
        then.ok(&page(vec![room("standup"), room("retro")], 1, 2));
    });
    let second = server.rooms_list(|when, then| {
        when.filter_date_created_at_gte(&since)
            .page_size(std::num::NonZeroU64::new(2))
            .page_number(std::num::NonZeroU64::new(2));
        then.ok(&page(vec![room("planning")], 2, 2));
    });

    let names = room_names_since(&telnyx_sdk::mock::client(&server), since)
        .await
        .expect("listed");

    assert_eq!(names, ["standup", "retro", "planning"]);
    first.assert_calls(1);
    second.assert_calls(1);
}

#[tokio::test]
async fn enqueue_waits_out_a_rate_limit_then_succeeds() {
    let server = MockServer::start_async().await;
    let call: CallControlId = "v3:abc-123".parse().expect("id");
    let expected_body = EnqueueRequest {
        queue_name: "support".to_owned(),
        client_state: None,
        command_id: None,
        keep_after_hangup: None,
        max_size: None,
        max_wait_time_secs: None,
    };
    let limited = server.calls_actions_enqueue(|when, then| {
        when.call_control_id("v3:abc-123").body(&expected_body);
        then.error(ErrorReply::too_many_requests(Duration::from_millis(200)));
    });
    let client = telnyx_sdk::mock::client(&server);
    let worker = tokio::spawn(async move { enqueue_for_support(&client, &call).await });

    // once the worker has been turned away, the server accepts the call
    while limited.calls_async().await == 0 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    limited.delete_async().await;
    let accepted = server.calls_actions_enqueue(|when, then| {
        when.call_control_id("v3:abc-123").body(&expected_body);
        then.ok(&queued());
    });

    assert_eq!(worker.await.expect("worker"), EnqueueOutcome::Queued);
    accepted.assert_calls_async(1).await;
}

#[tokio::test]
async fn enqueue_gives_up_after_three_rate_limits() {
    let server = MockServer::start_async().await;
    let limited = server.calls_actions_enqueue(|_, then| {
        then.error(
            ErrorReply::too_many_requests(Duration::from_millis(10))
                .error("10011", "Too many requests", "Slow down")
                .request_id("req-429"),
        );
    });
    let call: CallControlId = "v3:abc-123".parse().expect("id");

    let outcome = enqueue_for_support(&telnyx_sdk::mock::client(&server), &call).await;

    assert_eq!(outcome, EnqueueOutcome::RateLimited { attempts: 3 });
    limited.assert_calls(3);
}

#[tokio::test]
async fn a_server_error_is_reported_not_retried() {
    let server = MockServer::start_async().await;
    let failing = server.calls_actions_enqueue(|_, then| {
        then.error(ErrorReply::internal_server_error());
    });
    let call: CallControlId = "v3:abc-123".parse().expect("id");

    let outcome = enqueue_for_support(&telnyx_sdk::mock::client(&server), &call).await;

    assert_eq!(outcome, EnqueueOutcome::ServerError);
    failing.assert_calls(1);
}

#[tokio::test]
async fn a_slow_server_times_out() {
    let server = MockServer::start_async().await;
    server.calls_actions_enqueue(|_, then| {
        then.ok(&queued()).delay(Duration::from_secs(2));
    });
    let call: CallControlId = "v3:abc-123".parse().expect("id");

    let outcome = enqueue_for_support(&telnyx_sdk::mock::client(&server), &call).await;

    assert_eq!(outcome, EnqueueOutcome::TimedOut);
}

#[tokio::test]
async fn errors_carry_the_scripted_error_list_and_request_id() {
    let server = MockServer::start_async().await;
    let room_id = telnyx_sdk::RoomId::from(uuid_of(7));
    server.rooms_get(|when, then| {
        // the matcher takes the client's typed id
        when.room_id(&room_id);
        then.error(
            ErrorReply::not_found()
                .error("10005", "Resource not found", "No room with that id")
                .request_id("req-404"),
        );
    });

    let err = telnyx_sdk::mock::client(&server)
        .rooms()
        .get(&room_id)
        .send()
        .await
        .expect_err("404");

    assert!(err.is_not_found());
    assert_eq!(err.request_id(), Some("req-404"));
    let api = err.as_api().expect("api error");
    assert_eq!(api.code(), Some("10005"));
    assert_eq!(
        api.first().and_then(|d| d.detail.as_deref()),
        Some("No room with that id")
    );
}

fn uuid_of(n: u128) -> uuid::Uuid {
    uuid::Uuid::from_u128(n)
}

#[tokio::test]
async fn path_values_are_matched_as_the_client_sends_them() {
    use telnyx_sdk::queues::types::QueueCallPage;
    let server = MockServer::start_async().await;
    // sent as `/queues/support%20team.eu/calls`: encoded, and `.` is no regex wildcard
    let dotted_name: telnyx_sdk::QueueName = "support team.eu".parse().expect("name");
    let dotted = server.queues_calls_list(|when, then| {
        // the client's typed name, or plain text: the path holds the same text
        when.queue_name(&dotted_name);
        then.ok(&QueueCallPage::default());
    });
    let dashed = server.queues_calls_list(|when, then| {
        when.queue_name("support team-eu");
        then.error(ErrorReply::not_found());
    });
    let client = telnyx_sdk::mock::client(&server);
    let list = |name: &'static str| {
        let client = client.clone();
        async move {
            let queue: telnyx_sdk::QueueName = name.parse().expect("name");
            client.queues().calls(&queue).list().send().await
        }
    };

    let page = list("support team.eu").await.expect("listed");
    let err = list("support team-eu").await.expect_err("not found");

    assert!(page.data.is_empty());
    assert!(err.is_not_found());
    dotted.assert_calls_async(1).await;
    dashed.assert_calls_async(1).await;
}
