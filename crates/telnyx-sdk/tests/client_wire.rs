//! Wire-level tests of the facade client against an in-process HTTP server: the exact bytes
//! sent, decoding, error mapping, retries (with the exact number of attempts), timeouts,
//! pagination and idempotency keys.
#![cfg(all(feature = "video", feature = "conferencing", feature = "queues"))]

mod support;

use std::time::Duration;

use futures::TryStreamExt;
use serde_json::json;
use support::{KEY, Recorded, Reply, Server, ServerExt};
use telnyx_sdk::video::types::RoomCompositionStatus;
use telnyx_sdk::{
    CallControlId, ConferenceId, Error, ErrorKind, NaiveDate, QueueName, RoomCompositionId, RoomId,
};

const ROOM: &str = "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0";
const CONF: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

fn room_json(n: u64) -> serde_json::Value {
    json!({"id": ROOM, "unique_name": format!("room-{n}"), "max_participants": 10})
}

fn page_json(page: u64, total: u64, per_page: u64) -> serde_json::Value {
    let items: Vec<_> = (0..per_page)
        .map(|i| room_json((page - 1) * per_page + i))
        .collect();
    json!({"data": items, "meta": {"page_number": page, "page_size": per_page, "total_pages": total, "total_results": total * per_page}})
}

fn query_pairs(r: &Recorded) -> Vec<String> {
    let mut pairs: Vec<String> = r
        .query()
        .split('&')
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect();
    pairs.sort();
    pairs
}

#[tokio::test]
async fn list_rooms_wire_bytes() {
    let server = Server::script(vec![Reply::json(200, page_json(2, 3, 1))]).await;
    let client = server
        .builder()
        .user_agent_suffix("wire-test/1")
        .build()
        .expect("client");
    let response = client
        .rooms()
        .list()
        .filter_unique_name("standup")
        .filter_date_created_at_gte(NaiveDate::from_ymd_opt(2021, 4, 25).expect("date"))
        .page_number(2)
        .page_size(25)
        .send()
        .await
        .expect("list");
    assert_eq!(response.data.len(), 1);
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!(r.method, "GET");
    assert_eq!(r.path(), "/v2/rooms");
    assert_eq!(
        query_pairs(r),
        vec![
            "filter[date_created_at][gte]=2021-04-25",
            "filter[unique_name]=standup",
            "page[number]=2",
            "page[size]=25",
        ]
    );
    assert_eq!(
        r.header("authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
    let ua = r.header("user-agent").expect("user agent");
    assert!(ua.starts_with("telnyx-sdk-rust/"), "{ua}");
    assert!(ua.ends_with(" wire-test/1"), "{ua}");
    assert_eq!(r.header("api-version"), None);
}

#[tokio::test]
async fn delete_204_is_success() {
    let server = Server::script(vec![Reply::status(204)]).await;
    let id: RoomId = ROOM.parse().expect("id");
    server
        .client()
        .rooms()
        .delete(&id)
        .send()
        .await
        .expect("204 is success");
    let r = &server.requests()[0];
    assert_eq!(r.method, "DELETE");
    assert_eq!(r.target, format!("/v2/rooms/{ROOM}"));
}

#[tokio::test]
async fn path_ids_are_percent_encoded() {
    let server = Server::script(vec![Reply::json(200, json!({"data": {}}))]).await;
    let client = server.client();
    let queue = QueueName::from("support line/1");
    let call = CallControlId::from("v3:a b?c");
    // the answer does not matter here, only the path sent
    let _ = client.queues().calls(&queue).get(&call).send().await;
    let target = &server.requests()[0].target;
    assert_eq!(target, "/v2/queues/support%20line%2F1/calls/v3:a%20b%3Fc");
}

#[tokio::test]
async fn invalid_uuid_id_fails_before_sending() {
    let server = Server::script(vec![Reply::status(204)]).await;
    let not_uuid = RoomCompositionId::from(uuid::Uuid::nil());
    // a nil uuid is still a uuid: this one is sent
    server
        .client()
        .room_compositions()
        .delete(&not_uuid)
        .send()
        .await
        .expect("sent");
    assert_eq!(server.request_count(), 1);
    // a conference id that is not a uuid cannot be built with FromStr
    assert!("nope".parse::<ConferenceId>().is_err());
}

#[tokio::test]
async fn page_size_out_of_range_fails_before_any_request() {
    let server = Server::script(vec![Reply::json(200, page_json(1, 1, 1))]).await;
    let client = server.client();
    for size in [0, 251] {
        let err = client
            .rooms()
            .list()
            .page_size(size)
            .send()
            .await
            .expect_err("range");
        assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
        let err = client
            .rooms()
            .list()
            .page_size(size)
            .stream()
            .try_collect::<Vec<_>>()
            .await
            .expect_err("range");
        assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    }
    assert_eq!(server.request_count(), 0);
    client
        .rooms()
        .list()
        .page_size(250)
        .send()
        .await
        .expect("250 ok");
    client
        .rooms()
        .list()
        .page_size(1)
        .send()
        .await
        .expect("1 ok");
    assert_eq!(server.request_count(), 2);
}

async fn get_room(server: &Server) -> Result<telnyx_sdk::video::types::RoomResponse, Error> {
    let id: RoomId = ROOM.parse().expect("id");
    server.client().rooms().get(&id).send().await
}

fn ok_room() -> Reply {
    Reply::json(200, json!({"data": room_json(1)}))
}

#[tokio::test]
async fn retried_statuses_without_headers_retry_twice() {
    for status in [408u16, 409, 429, 500, 502, 503] {
        // fails every time: 1 attempt + 2 retries, then the error
        let server = Server::script(vec![Reply::json(
            status,
            json!({"errors": [{"code": "10000", "title": "nope"}]}),
        )])
        .await;
        let err = get_room(&server).await.expect_err("error");
        assert_eq!(server.request_count(), 3, "status {status}");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(err.as_api().and_then(|a| a.code()), Some("10000"));
        // fails once, then succeeds: 2 attempts
        let server = Server::script(vec![Reply::status(status), ok_room()]).await;
        let room = get_room(&server).await.expect("recovered");
        assert_eq!(
            room.data.and_then(|r| r.unique_name).as_deref(),
            Some("room-1")
        );
        assert_eq!(server.request_count(), 2, "status {status}");
    }
}

#[tokio::test]
async fn retried_statuses_with_retry_headers() {
    for status in [408u16, 409, 429, 500, 502, 503] {
        for (name, value) in [("retry-after-ms", "5"), ("retry-after", "0")] {
            let server =
                Server::script(vec![Reply::status(status).header(name, value), ok_room()]).await;
            get_room(&server).await.expect("recovered");
            assert_eq!(server.request_count(), 2, "status {status} {name}");
            let server = Server::script(vec![Reply::status(status).header(name, value)]).await;
            let err = get_room(&server).await.expect_err("gives up");
            assert_eq!(server.request_count(), 3, "status {status} {name}");
            assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        }
    }
}

#[tokio::test]
async fn kinds_by_status() {
    for (status, kind) in [
        (400u16, ErrorKind::BadRequest),
        (401, ErrorKind::Authentication),
        (403, ErrorKind::PermissionDenied),
        (404, ErrorKind::NotFound),
        (422, ErrorKind::UnprocessableEntity),
        (429, ErrorKind::RateLimited),
        (500, ErrorKind::Server),
    ] {
        let server = Server::script(vec![Reply::json(status, json!({"errors": [{"code": 1, "title": "t", "detail": "d", "source": {"pointer": "/x"}}]})).header("x-request-id", "req-1")]).await;
        let client = server.builder().max_retries(0).build().expect("client");
        let id: RoomId = ROOM.parse().expect("id");
        let err = client.rooms().get(&id).send().await.expect_err("error");
        assert_eq!(err.kind(), Some(kind), "{status}");
        assert_eq!(err.request_id(), Some("req-1"));
        assert_eq!(server.request_count(), 1);
    }
}

#[tokio::test]
async fn should_retry_header_overrides_status() {
    let server = Server::script(vec![
        Reply::status(500).header("x-should-retry", "false"),
        ok_room(),
    ])
    .await;
    let err = get_room(&server).await.expect_err("not retried");
    assert_eq!(err.kind(), Some(ErrorKind::Server));
    assert_eq!(server.request_count(), 1);

    let server = Server::script(vec![
        Reply::status(400).header("x-should-retry", "true"),
        ok_room(),
    ])
    .await;
    get_room(&server).await.expect("retried and recovered");
    assert_eq!(server.request_count(), 2);

    let server = Server::script(vec![Reply::status(400)]).await;
    let err = get_room(&server).await.expect_err("400 not retried");
    assert_eq!(err.kind(), Some(ErrorKind::BadRequest));
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn connection_reset_is_retried() {
    let server = Server::script(vec![Reply::Close]).await;
    let err = get_room(&server).await.expect_err("reset");
    assert!(matches!(err, Error::Connection(_)), "{err:?}");
    assert_eq!(server.request_count(), 3);

    let server = Server::script(vec![Reply::Close, ok_room()]).await;
    get_room(&server).await.expect("recovered");
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn slow_response_times_out_per_attempt() {
    let slow = ok_room().delay(Duration::from_millis(400));
    let server = Server::script(vec![slow]).await;
    let client = server
        .builder()
        .timeout(Duration::from_millis(100))
        .max_retries(1)
        .build()
        .expect("client");
    let id: RoomId = ROOM.parse().expect("id");
    let err = client.rooms().get(&id).send().await.expect_err("timeout");
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn per_call_overrides() {
    // per-call max_retries(0): one attempt although the client retries twice
    let server = Server::script(vec![Reply::status(503)]).await;
    let id: RoomId = ROOM.parse().expect("id");
    let client = server.client();
    client
        .rooms()
        .get(&id)
        .max_retries(0)
        .send()
        .await
        .expect_err("503");
    assert_eq!(server.request_count(), 1);
    // per-call timeout
    let server = Server::script(vec![ok_room().delay(Duration::from_millis(400))]).await;
    let client = server.builder().max_retries(0).build().expect("client");
    let err = client
        .rooms()
        .get(&id)
        .timeout(Duration::from_millis(50))
        .send()
        .await
        .expect_err("timeout");
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(server.request_count(), 1);
}

/// A per-call timeout longer than the client's replaces it (the client's own HTTP client
/// carries the shorter one), and a caller's own `reqwest::Client` still gets the SDK's.
#[tokio::test]
async fn per_call_timeout_can_be_longer_and_own_http_clients_get_the_sdk_timeout() {
    let id: RoomId = ROOM.parse().expect("id");
    let server = Server::script(vec![ok_room().delay(Duration::from_millis(300))]).await;
    let client = server
        .builder()
        .timeout(Duration::from_millis(50))
        .max_retries(0)
        .build()
        .expect("client");
    let room = client
        .rooms()
        .get(&id)
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .expect("the longer per-call timeout applies");
    assert!(room.data.is_some());
    assert_eq!(server.request_count(), 1);

    let server = Server::script(vec![ok_room().delay(Duration::from_millis(400))]).await;
    let client = server
        .builder()
        .http_client(reqwest::Client::new())
        .timeout(Duration::from_millis(50))
        .max_retries(0)
        .build()
        .expect("client");
    let err = client.rooms().get(&id).send().await.expect_err("timeout");
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn malformed_and_truncated_json_are_decode_errors_without_retry() {
    for body in [r#"{"data": {"id": "#, r#"{"data": [}"#, "not json"] {
        let server = Server::script(vec![Reply::json_text(200, body), ok_room()]).await;
        let err = get_room(&server).await.expect_err("decode");
        assert!(matches!(err, Error::Decode(_)), "{body}: {err:?}");
        assert_eq!(server.request_count(), 1, "{body}");
    }
    // wrong type: the error names the path
    let server = Server::script(vec![Reply::json(
        200,
        json!({"data": {"max_participants": "ten"}}),
    )])
    .await;
    let err = get_room(&server).await.expect_err("decode");
    match &err {
        Error::Decode(d) => assert_eq!(d.path, "data.max_participants"),
        other => panic!("{other:?}"),
    }
}

/// A body that ends before its announced `Content-Length`, then the connection closes.
fn truncated_body() -> Reply {
    Reply::Raw(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\nconnection: close\r\n\r\n{\"data\":".to_vec(),
    )
}

#[tokio::test]
async fn a_body_cut_off_mid_transfer_is_a_connection_failure_and_retried() {
    // retried like a broken connection: the second attempt's whole body is decoded
    let server = Server::script(vec![truncated_body(), ok_room()]).await;
    let room = get_room(&server)
        .await
        .expect("retried after the cut-off body");
    assert!(room.data.is_some());
    assert_eq!(server.request_count(), 2);

    // every attempt cut off: a connection error after the configured retries
    let server = Server::script(vec![truncated_body()]).await;
    let client = server.builder().max_retries(2).build().expect("client");
    let err = client
        .rooms()
        .get(&ROOM.parse().expect("uuid"))
        .send()
        .await
        .expect_err("truncated");
    assert!(matches!(err, Error::Connection(_)), "{err:?}");
    assert!(err.is_retryable());
    assert_eq!(server.request_count(), 3);

    // without retries, the same error after one attempt
    let server = Server::script(vec![truncated_body(), ok_room()]).await;
    let client = server.builder().max_retries(0).build().expect("client");
    let err = client
        .rooms()
        .get(&ROOM.parse().expect("uuid"))
        .send()
        .await
        .expect_err("truncated");
    assert!(matches!(err, Error::Connection(_)), "{err:?}");
    assert_eq!(server.request_count(), 1);

    // a cut-off page of a list is retried too, and the stream goes on
    let server = Server::script(vec![truncated_body(), Reply::json(200, page_json(1, 1, 2))]).await;
    let rooms: Vec<_> = server
        .client()
        .rooms()
        .list()
        .stream()
        .try_collect()
        .await
        .expect("stream");
    assert_eq!(rooms.len(), 2);
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn lenient_decoding_of_unknowns_and_nulls() {
    let server = Server::script(vec![Reply::json(
        200,
        json!({"data": {"id": ROOM, "status": "rendering_in_8k", "format": null, "brand_new_field": {"x": 1}, "duration_secs": null}}),
    )])
    .await;
    let id = RoomCompositionId::from(uuid::Uuid::nil());
    let composition = server
        .client()
        .room_compositions()
        .get(&id)
        .send()
        .await
        .expect("lenient")
        .data
        .expect("data");
    assert_eq!(
        composition.status,
        Some(RoomCompositionStatus::Unknown("rendering_in_8k".into()))
    );
    assert_eq!(composition.format, None);
    assert_eq!(composition.duration_secs, None);
    assert_eq!(server.request_count(), 1);
}

/// Servers send `null` in fields the spec does not mark nullable.
#[tokio::test]
async fn null_in_non_nullable_fields_decodes_as_empty() {
    let server = Server::script(vec![Reply::json(
        200,
        json!({"data": {"id": ROOM, "enable_recording": null, "webhook_event_failover_url": null,
                        "sessions": null, "max_participants": null, "unique_name": null}}),
    )])
    .await;
    let room = get_room(&server)
        .await
        .expect("null fields decode")
        .data
        .expect("data");
    assert!(!room.enable_recording);
    assert_eq!(room.webhook_event_failover_url, "");
    assert!(room.sessions.is_empty());
    assert_eq!(room.max_participants, None);
    assert_eq!(room.unique_name, None);
    // decoding tolerates null; encoding a response type again sends no null it did not get
    let sent = serde_json::to_value(&room).expect("encode");
    assert!(!sent.to_string().contains("null"), "{sent}");
}

fn paged_server(
    total: u64,
    per_page: u64,
) -> impl Fn(&Recorded, usize) -> Reply + Send + Sync + 'static {
    move |r, _| {
        let page: u64 = r
            .query()
            .split('&')
            .find_map(|p| p.strip_prefix("page[number]="))
            .and_then(|n| n.parse().ok())
            .unwrap_or(1);
        if page > total {
            return Reply::json(
                200,
                json!({"data": [], "meta": {"page_number": page, "total_pages": total}}),
            );
        }
        Reply::json(200, page_json(page, total, per_page))
    }
}

#[tokio::test]
async fn stream_walks_all_pages() {
    let server = Server::start(paged_server(3, 2)).await;
    let rooms: Vec<_> = server
        .client()
        .rooms()
        .list()
        .page_size(2)
        .stream()
        .try_collect()
        .await
        .expect("stream");
    let names: Vec<_> = rooms.iter().filter_map(|r| r.unique_name.clone()).collect();
    assert_eq!(
        names,
        ["room-0", "room-1", "room-2", "room-3", "room-4", "room-5"]
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 3, "stops at total_pages");
    for (i, r) in requests.iter().enumerate() {
        assert!(
            r.query().contains(&format!("page[number]={}", i + 1)),
            "{}",
            r.query()
        );
        assert!(r.query().contains("page[size]=2"), "{}", r.query());
    }
    // with prefetch, the same items
    let server = Server::start(paged_server(3, 2)).await;
    let rooms: Vec<_> = server
        .client()
        .rooms()
        .list()
        .page_size(2)
        .prefetch(true)
        .stream()
        .try_collect()
        .await
        .expect("stream");
    assert_eq!(rooms.len(), 6);
    assert_eq!(server.request_count(), 3);
}

#[tokio::test]
async fn stream_stops_at_empty_page_and_honours_limit() {
    // no total_pages in meta: stops at the first empty page
    let server = Server::start(|r, _| {
        if r.query().contains("page[number]=3") {
            Reply::json(200, json!({"data": []}))
        } else {
            Reply::json(200, json!({"data": [room_json(1), room_json(2)]}))
        }
    })
    .await;
    let rooms: Vec<_> = server
        .client()
        .rooms()
        .list()
        .stream()
        .try_collect()
        .await
        .expect("stream");
    assert_eq!(rooms.len(), 4);
    assert_eq!(server.request_count(), 3);

    let server = Server::start(paged_server(10, 2)).await;
    let rooms: Vec<_> = server
        .client()
        .rooms()
        .list()
        .page_size(2)
        .limit(3)
        .stream()
        .try_collect()
        .await
        .expect("stream");
    assert_eq!(rooms.len(), 3);
    assert_eq!(server.request_count(), 2, "no page after the limit");

    let server = Server::start(paged_server(10, 2)).await;
    let pages: Vec<_> = server
        .client()
        .rooms()
        .list()
        .page_size(2)
        .page_number(9)
        .pages()
        .try_collect()
        .await
        .expect("pages");
    assert_eq!(
        pages.iter().map(|p| p.page_number).collect::<Vec<_>>(),
        [Some(9), Some(10)]
    );
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn repeated_page_is_an_error() {
    // the server ignores page[number] and always answers page 1 of 5
    let server = Server::script(vec![Reply::json(200, page_json(1, 5, 2))]).await;
    let mut stream = server.client().rooms().list().page_size(2).stream();
    let mut items = 0;
    let err = loop {
        match stream.try_next().await {
            Ok(Some(_)) => items += 1,
            Ok(None) => panic!("stream ended without error"),
            Err(e) => break e,
        }
    };
    assert_eq!(items, 2);
    assert!(matches!(err, Error::Protocol(_)), "{err:?}");
    assert_eq!(server.request_count(), 2);
    assert!(stream.try_next().await.expect("ended").is_none());
}

#[tokio::test]
async fn stream_error_mid_way_is_returned_once() {
    let server = Server::start(|r, _| {
        if r.query().contains("page[number]=2") {
            Reply::json(404, json!({"errors": [{"title": "gone"}]}))
        } else {
            Reply::json(200, page_json(1, 3, 2))
        }
    })
    .await;
    let result: Result<Vec<_>, _> = server
        .client()
        .rooms()
        .list()
        .page_size(2)
        .stream()
        .try_collect()
        .await;
    assert!(result.expect_err("404").is_not_found());
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn command_id_injected_once_and_stable_across_retries() {
    let server = Server::script(vec![
        Reply::status(500),
        Reply::status(503),
        Reply::json(200, json!({"data": {"result": "ok"}})),
    ])
    .await;
    let id: ConferenceId = CONF.parse().expect("id");
    server
        .client()
        .conferences()
        .actions(&id)
        .record_pause()
        .body_map(|b| b.recording_id("rec-1".to_string()))
        .send()
        .await
        .expect("recovered");
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let ids: Vec<String> = requests
        .iter()
        .map(|r| {
            assert_eq!(
                r.target,
                format!("/v2/conferences/{CONF}/actions/record_pause")
            );
            let body = r.json();
            assert_eq!(body["recording_id"], "rec-1");
            assert_eq!(
                String::from_utf8_lossy(&r.body)
                    .matches("command_id")
                    .count(),
                1
            );
            body["command_id"].as_str().expect("command_id").to_owned()
        })
        .collect();
    assert!(uuid::Uuid::parse_str(&ids[0]).is_ok(), "{}", ids[0]);
    assert!(ids.iter().all(|i| i == &ids[0]), "{ids:?}");

    // a caller's own command_id is kept
    let server = Server::script(vec![Reply::json(200, json!({"data": {"result": "ok"}}))]).await;
    server
        .client()
        .conferences()
        .actions(&id)
        .record_pause()
        .body_map(|b| b.command_id("mine".to_string()))
        .send()
        .await
        .expect("ok");
    assert_eq!(server.requests()[0].json()["command_id"], "mine");
}

#[tokio::test]
async fn every_domain_reaches_the_right_path() {
    let server = Server::start(|_, _| Reply::json(200, json!({"data": {}}))).await;
    let client = server.client();
    let room: RoomId = ROOM.parse().expect("id");
    let conf: ConferenceId = CONF.parse().expect("id");
    let queue = QueueName::from("q1");
    let call = CallControlId::from("call-1");
    let participant = telnyx_sdk::ConferenceParticipantId::from("leg-1");
    // only the method and path matter here
    let _ = client.rooms().sessions(&room).list().send().await;
    let _ = client.rooms().client_tokens(&room).generate().send().await;
    let _ = client
        .conferences()
        .participants(&conf)
        .get(&participant)
        .send()
        .await;
    let _ = client.conferences().actions(&conf).mute().send().await;
    let _ = client
        .calls()
        .actions(&call)
        .enqueue()
        .body_map(|b| b.queue_name("q1".to_string()))
        .send()
        .await;
    let _ = client.queues().calls(&queue).list().send().await;
    let got: Vec<(String, String)> = server
        .requests()
        .into_iter()
        .map(|r| (r.method.clone(), r.path().to_owned()))
        .collect();
    let want = [
        ("GET", format!("/v2/rooms/{ROOM}/sessions")),
        (
            "POST",
            format!("/v2/rooms/{ROOM}/actions/generate_join_client_token"),
        ),
        ("GET", format!("/v2/conferences/{CONF}/participants/leg-1")),
        ("POST", format!("/v2/conferences/{CONF}/actions/mute")),
        ("POST", "/v2/calls/call-1/actions/enqueue".to_owned()),
        ("GET", "/v2/queues/q1/calls".to_owned()),
    ];
    let want: Vec<(String, String)> = want.into_iter().map(|(m, p)| (m.to_owned(), p)).collect();
    assert_eq!(got, want);
}

/// The retry loop reads a success whole before handing it on; a success status the spec
/// does not document still reaches the error with its body (the stashed bytes are put back).
#[tokio::test]
async fn undocumented_success_status_keeps_its_body() {
    let body = json!({"data": room_json(7)});
    let server = Server::script(vec![Reply::json(203, body.clone())]).await;
    let err = get_room(&server).await.expect_err("203 is not documented");
    let Error::Decode(decode) = &err else {
        panic!("expected a decode error, got {err:?}");
    };
    assert_eq!(decode.status.map(|s| s.as_u16()), Some(203));
    assert!(decode.body_excerpt.contains("room-7"), "{decode:?}");
    assert_eq!(server.request_count(), 1);
}

/// The same through a domain crate's client alone: `Error::UnexpectedResponse` hands the
/// caller a response whose `.text()` is the body sent, though the retry loop read it first.
#[tokio::test]
async fn domain_crate_unexpected_response_body_is_readable() {
    use telnyx_sdk_video::ClientRoomsExt as _;
    let server = Server::script(vec![Reply::json(203, json!({"data": room_json(3)}))]).await;
    let runtime = telnyx_sdk_core::Runtime::builder(KEY)
        .build()
        .expect("runtime");
    let client =
        telnyx_sdk_video::Client::new_with_client(&server.url(""), reqwest::Client::new(), runtime);
    let id: uuid::Uuid = ROOM.parse().expect("uuid");
    let err = client
        .view_room()
        .room_id(id)
        .send()
        .await
        .expect_err("203 is not documented");
    let telnyx_sdk_video::Error::UnexpectedResponse(response) = err else {
        panic!("expected UnexpectedResponse, got {err:?}");
    };
    assert_eq!(response.status().as_u16(), 203);
    assert!(response.url().path().ends_with(&format!("/rooms/{ROOM}")));
    let text = response.text().await.expect("body");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&text).expect("json"),
        json!({"data": room_json(3)})
    );
}

/// Each page of `.pages()` carries the status, headers and request id of its own response.
#[tokio::test]
async fn each_page_keeps_its_response_metadata() {
    let server = Server::script(vec![
        Reply::json(200, page_json(1, 2, 1)).header("x-request-id", "req-page-1"),
        Reply::json(200, page_json(2, 2, 1))
            .header("x-request-id", "req-page-2")
            .header("x-rate-limit-remaining", "41"),
    ])
    .await;
    let pages: Vec<_> = server
        .client()
        .rooms()
        .list()
        .page_size(1)
        .pages()
        .try_collect()
        .await
        .expect("pages");
    assert_eq!(pages.len(), 2);
    let ids: Vec<_> = pages.iter().map(|p| p.request_id()).collect();
    assert_eq!(ids, [Some("req-page-1"), Some("req-page-2")]);
    assert!(
        pages
            .iter()
            .all(|p| p.status.map(|s| s.as_u16()) == Some(200))
    );
    assert_eq!(
        pages[1]
            .headers
            .get("x-rate-limit-remaining")
            .and_then(|v| v.to_str().ok()),
        Some("41")
    );
    assert_eq!(pages[0].headers.get("x-rate-limit-remaining"), None);
}
