//! Escape hatches against the in-process server: a call's total deadline (over attempts and
//! retry waits) and the response metadata of `send_with_response`.
#![cfg(all(feature = "video", feature = "queues"))]

mod support;

use std::time::{Duration, Instant};

use serde_json::json;
use support::{Reply, Server, ServerExt};
use telnyx_sdk::RoomId;

const ROOM: &str = "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0";

fn room() -> serde_json::Value {
    json!({"data": {"id": ROOM, "unique_name": "standup"}})
}

/// A deadline stops a call in the middle of a retry wait: the server asks for a 30 s pause
/// (`Retry-After`), the deadline is 300 ms, so exactly one request is sent and the error says
/// the deadline ran out, long before the wait would have ended.
#[tokio::test]
async fn a_deadline_stops_retries_mid_backoff() {
    let server = Server::script(vec![
        Reply::json(503, json!({"errors": [{"code": "90001", "title": "busy"}]}))
            .header("retry-after", "30"),
        Reply::json(200, room()),
    ])
    .await;
    let client = server.client();
    let started = Instant::now();
    let err = client
        .rooms()
        .get(&ROOM.parse::<RoomId>().expect("id"))
        .deadline(Duration::from_millis(300))
        .send()
        .await
        .expect_err("deadline");
    assert!(err.is_timeout(), "{err:?}");
    assert!(err.is_deadline_exceeded(), "{err:?}");
    assert!(err.to_string().contains("deadline"), "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.request_count(), 1, "the retry never went out");
}

/// The client's default deadline applies to every call; a call's own overrides it.
#[tokio::test]
async fn the_client_deadline_is_a_default_a_call_can_override() {
    let server = Server::script(vec![
        Reply::json(200, room()).delay(Duration::from_millis(400)),
        Reply::json(200, room()).delay(Duration::from_millis(400)),
    ])
    .await;
    let client = server
        .builder()
        .deadline(Duration::from_millis(100))
        .build()
        .expect("client");
    assert_eq!(client.deadline(), Some(Duration::from_millis(100)));
    let id: RoomId = ROOM.parse().expect("id");
    let err = client
        .rooms()
        .get(&id)
        .send()
        .await
        .expect_err("client deadline");
    assert!(err.is_deadline_exceeded(), "{err:?}");
    let room = client
        .rooms()
        .get(&id)
        .deadline(Duration::from_secs(20))
        .send()
        .await
        .expect("the call's own deadline is longer");
    assert_eq!(
        room.data.and_then(|r| r.unique_name).as_deref(),
        Some("standup")
    );
}

/// A per-attempt timeout is not a deadline.
#[tokio::test]
async fn an_attempt_timeout_is_not_a_deadline() {
    let server = Server::script(vec![
        Reply::json(200, room()).delay(Duration::from_millis(500)),
    ])
    .await;
    let err = server
        .client()
        .rooms()
        .get(&ROOM.parse::<RoomId>().expect("id"))
        .timeout(Duration::from_millis(50))
        .max_retries(0)
        .send()
        .await
        .expect_err("attempt timeout");
    assert!(err.is_timeout(), "{err:?}");
    assert!(!err.is_deadline_exceeded(), "{err:?}");
}

/// `send_with_response` returns the decoded value with status, headers and request id.
#[tokio::test]
async fn send_with_response_keeps_status_headers_and_request_id() {
    let server = Server::script(vec![
        Reply::json(200, room())
            .header("x-request-id", "req-7f3c")
            .header("x-rate-limit-remaining", "41"),
        Reply::json(
            200,
            json!({"data": [{"id": ROOM}], "meta": {"page_number": 1, "total_pages": 1}}),
        ),
    ])
    .await;
    let client = server.client();
    let response = client
        .rooms()
        .get(&ROOM.parse::<RoomId>().expect("id"))
        .send_with_response()
        .await
        .expect("room");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.request_id(), Some("req-7f3c"));
    assert_eq!(
        response
            .headers()
            .get("x-rate-limit-remaining")
            .and_then(|v| v.to_str().ok()),
        Some("41")
    );
    assert_eq!(
        response
            .data
            .as_ref()
            .and_then(|r| r.unique_name.as_deref()),
        Some("standup"),
        "derefs to the value"
    );
    let page = client
        .rooms()
        .list()
        .send_with_response()
        .await
        .expect("list");
    assert_eq!(page.request_id(), None);
    assert_eq!(page.into_value().data.len(), 1);
}
