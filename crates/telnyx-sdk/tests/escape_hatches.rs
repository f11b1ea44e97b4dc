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

/// Any endpoint: exact bytes on the wire (method, escaped path, query, JSON body with one
/// `command_id` repeated by the retry, auth, user agent, extra header), `Retry-After` honoured,
/// and the decoded value in the caller's type.
#[tokio::test]
async fn any_endpoint_sends_exact_bytes_and_retries() {
    let server = Server::script(vec![
        Reply::json(
            429,
            json!({"errors": [{"code": "10011", "title": "slow down"}]}),
        )
        .header("retry-after-ms", "20"),
        Reply::json(200, json!({"data": {"result": "ok"}})).header("x-request-id", "req-9"),
    ])
    .await;
    let client = server.client();
    let response: telnyx_sdk::Response<serde_json::Value> = client
        .post("/calls/{call_control_id}/actions/answer")
        .path_param("call_control_id", "v3:EMEA\\Tier 2/..")
        .query("filter[kind]", "a b")
        .header("x-trace", "t-1")
        .json(json!({"client_state": "aGk="}))
        .command_id(true)
        .send_with_response()
        .await
        .expect("answered");
    assert_eq!(response.value()["data"]["result"], "ok");
    assert_eq!(response.request_id(), Some("req-9"));
    let sent = server.requests();
    assert_eq!(sent.len(), 2, "one retry after the 429");
    for r in &sent {
        assert_eq!(r.method, "POST");
        assert_eq!(
            r.target,
            "/v2/calls/v3:EMEA%5CTier%202%2F../actions/answer?filter[kind]=a%20b"
        );
        assert_eq!(
            r.header("authorization"),
            Some(format!("Bearer {}", support::KEY).as_str())
        );
        assert!(
            r.header("user-agent")
                .is_some_and(|ua| ua.starts_with("telnyx-sdk-rust/"))
        );
        assert_eq!(r.header("x-trace"), Some("t-1"));
        assert_eq!(r.header("content-type"), Some("application/json"));
    }
    let (first, second) = (sent[0].json(), sent[1].json());
    assert_eq!(first["client_state"], "aGk=");
    assert!(first["command_id"].is_string(), "{first}");
    assert_eq!(
        first["command_id"], second["command_id"],
        "the retry repeats it"
    );
}

/// Any endpoint maps errors like a generated call (status, Telnyx's error list, request id),
/// decodes an empty body into `()`, and refuses a dot segment before sending.
#[tokio::test]
async fn any_endpoint_maps_errors_and_refuses_dot_segments() {
    let server = Server::script(vec![
        Reply::json(
            404,
            json!({"errors": [{"code": "10005", "title": "Resource not found", "detail": "no such call"}]}),
        )
        .header("x-request-id", "req-404"),
        Reply::status(204),
    ])
    .await;
    let client = server.client();
    let err = client
        .get("/calls/{id}")
        .path_param("id", "v3:missing")
        .send::<serde_json::Value>()
        .await
        .expect_err("404");
    assert!(err.is_not_found(), "{err:?}");
    assert_eq!(err.request_id(), Some("req-404"));
    assert_eq!(err.as_api().and_then(|a| a.code()), Some("10005"));
    client
        .delete("/queues/{name}")
        .path_param("name", "support")
        .send::<()>()
        .await
        .expect("204 with no body");
    let refused = client
        .get("/queues/{name}/calls")
        .path_param("name", "..")
        .send::<serde_json::Value>()
        .await
        .expect_err("dot segment");
    assert!(
        matches!(refused, telnyx_sdk::Error::InvalidRequest(_)),
        "{refused:?}"
    );
    assert_eq!(
        server.request_count(),
        2,
        "the refused request was never sent"
    );
}

/// Per-call extras and client default headers reach the wire: a header, a query parameter
/// after the SDK's own, and a JSON body field merged into the generated body (`end` takes a
/// `command_id`: it is still added once and repeated by the retry).
#[tokio::test]
async fn extras_and_default_headers_are_sent_on_every_attempt() {
    let server = Server::script(vec![
        Reply::status(500),
        Reply::json(200, json!({"data": {"result": "ok"}})),
        Reply::json(200, room()),
    ])
    .await;
    let client = server
        .builder()
        .default_header("x-tenant", "acme")
        .build()
        .expect("client");
    let conference: telnyx_sdk::ConferenceId =
        "3fa85f64-5717-4562-b3fc-2c963f66afa6".parse().expect("id");
    client
        .conferences()
        .actions(&conference)
        .end()
        .extra_header("x-feature", "beta")
        .extra_query("dry_run", true)
        .extra_body_field("mute_reason", json!({"by": "supervisor"}))
        .send()
        .await
        .expect("ended after one retry");
    let sent = server.requests();
    assert_eq!(sent.len(), 2);
    for r in &sent {
        assert_eq!(r.header("x-tenant"), Some("acme"));
        assert_eq!(r.header("x-feature"), Some("beta"));
        assert_eq!(
            r.target,
            "/v2/conferences/3fa85f64-5717-4562-b3fc-2c963f66afa6/actions/end?dry_run=true"
        );
        let body = r.json();
        assert_eq!(body["mute_reason"], json!({"by": "supervisor"}));
        assert!(body["command_id"].is_string(), "{body}");
    }
    assert_eq!(sent[0].json()["command_id"], sent[1].json()["command_id"]);
    // the next call carries the default header only
    client
        .rooms()
        .get(&ROOM.parse::<RoomId>().expect("id"))
        .send()
        .await
        .expect("room");
    let last = server.requests().pop().expect("request");
    assert_eq!(last.header("x-tenant"), Some("acme"));
    assert_eq!(last.header("x-feature"), None);
    assert_eq!(last.query(), "");
}

/// A header that cannot be sent is an invalid request, found before anything is sent.
#[tokio::test]
async fn an_invalid_extra_header_is_refused_before_sending() {
    let server = Server::script(vec![Reply::json(200, room())]).await;
    let err = server
        .client()
        .rooms()
        .get(&ROOM.parse::<RoomId>().expect("id"))
        .extra_header("bad header", "x")
        .send()
        .await
        .expect_err("invalid");
    assert!(
        matches!(err, telnyx_sdk::Error::InvalidRequest(_)),
        "{err:?}"
    );
    assert_eq!(server.request_count(), 0);
    let bad = server.builder().default_header("x", "line\nbreak").build();
    assert!(matches!(bad, Err(telnyx_sdk::Error::Configuration(_))));
}

/// A response member this version does not know is readable from `extra`, on the object and
/// on nested ones, and re-serializing the value loses nothing.
#[tokio::test]
async fn unknown_response_fields_are_kept() {
    let body = json!({"data": {
        "id": ROOM,
        "unique_name": "standup",
        "noise_profile": "studio",
        "sessions": [{"id": "7b61621f-62e0-4aad-ab11-9fd19e272e73", "room_id": ROOM, "vendor_score": 0.5}],
    }, "served_by": "edge-7"});
    let server = Server::script(vec![Reply::json(200, body.clone())]).await;
    let response = server
        .client()
        .rooms()
        .get(&ROOM.parse::<RoomId>().expect("id"))
        .send()
        .await
        .expect("get");
    assert_eq!(response.extra.get("served_by"), Some(&json!("edge-7")));
    let room = response.data.as_ref().expect("data");
    assert_eq!(room.unique_name.as_deref(), Some("standup"));
    assert_eq!(room.extra.get("noise_profile"), Some(&json!("studio")));
    assert_eq!(
        room.sessions[0].extra.get("vendor_score"),
        Some(&json!(0.5))
    );
    assert!(
        !room.extra.contains_key("unique_name"),
        "known members stay typed"
    );
    let encoded = serde_json::to_value(&response).expect("encode");
    // re-serializing loses nothing (members with defaults are written out as well)
    assert!(covers(&encoded, &body), "{encoded:#} lost part of {body:#}");
    let decoded: telnyx_sdk::video::types::RoomResponse =
        serde_json::from_value(encoded).expect("decode again");
    assert_eq!(decoded, response);
}

/// Whether `outer` has every member of `inner`, with the same values (objects compared member
/// by member, recursively; arrays item by item).
fn covers(outer: &serde_json::Value, inner: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (outer, inner) {
        (Value::Object(o), Value::Object(i)) => i
            .iter()
            .all(|(k, v)| o.get(k).is_some_and(|ov| covers(ov, v))),
        (Value::Array(o), Value::Array(i)) => {
            o.len() == i.len() && o.iter().zip(i).all(|(a, b)| covers(a, b))
        }
        (o, i) => o == i,
    }
}
