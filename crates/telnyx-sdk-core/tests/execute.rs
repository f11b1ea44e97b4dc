//! `execute` against the scripted in-process server: retries, timeouts, headers, idempotency.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use telnyx_sdk_core::{Error, Operation, Runtime, execute};
use telnyx_sdk_test_server::{Recorded, Reply, Server};

const KEY: &str = "KEY-super-secret-0123456789";

const GET_ROOMS: Operation = Operation::new("ListRooms", "GET", "/rooms", false);
const CREATE_ROOM: Operation = Operation::new("CreateRoom", "POST", "/rooms", false);
const MUTE: Operation = Operation::new(
    "MuteConferenceParticipants",
    "POST",
    "/conferences/{id}/actions/mute",
    true,
);

fn runtime() -> Runtime {
    Runtime::builder(KEY)
        .backoff(Duration::from_millis(1), Duration::from_millis(4))
        .build()
        .expect("runtime")
}

fn http() -> reqwest::Client {
    reqwest::Client::new()
}

fn request(method: Method, url: &str, body: Option<serde_json::Value>) -> reqwest::Request {
    let mut builder = http()
        .request(method, url)
        .header("api-version", "2.0.0")
        .header("accept", "application/json");
    if let Some(body) = body {
        builder = builder.json(&body);
    }
    builder.build().expect("request")
}

async fn get(rt: &Runtime, server: &Server) -> reqwest::Result<reqwest::Response> {
    execute(
        rt,
        &http(),
        request(Method::GET, &server.url("/rooms"), None),
        GET_ROOMS,
    )
    .await
}

/// Scripts `replies`, sends one GET and returns the final status (or the error) and the
/// number of attempts the server saw.
async fn run(rt: &Runtime, replies: Vec<Reply>) -> (reqwest::Result<StatusCode>, usize) {
    let server = Server::script(replies).await;
    let result = get(rt, &server).await.map(|r| r.status());
    (result, server.request_count())
}

fn http_date_in_past() -> String {
    httpdate::fmt_http_date(std::time::SystemTime::now() - Duration::from_secs(30))
}

/// The four ways a retried response may ask for a delay.
fn with_delay_header(reply: Reply, variant: usize) -> Reply {
    match variant {
        0 => reply,
        1 => reply.header("retry-after-ms", "2"),
        2 => reply.header("Retry-After", "0"),
        _ => reply.header("Retry-After", &http_date_in_past()),
    }
}

async fn check_retried_status(status: u16) {
    let rt = runtime();
    for variant in 0..4 {
        // Fails twice, then succeeds: 3 attempts, final 200.
        let replies = vec![
            with_delay_header(Reply::status(status), variant),
            with_delay_header(Reply::status(status), variant),
            Reply::json_text(200, "{}"),
        ];
        let (result, attempts) = run(&rt, replies).await;
        assert_eq!(
            result.expect("response"),
            StatusCode::OK,
            "{status} v{variant}"
        );
        assert_eq!(attempts, 3, "{status} variant {variant}");

        // Always fails: 1 + 2 retries, the last response is returned as is.
        let replies = vec![with_delay_header(Reply::status(status), variant); 4];
        let (result, attempts) = run(&rt, replies).await;
        assert_eq!(result.expect("response").as_u16(), status, "v{variant}");
        assert_eq!(attempts, 3, "{status} variant {variant}");
    }
}

#[tokio::test]
async fn retries_408() {
    check_retried_status(408).await;
}

#[tokio::test]
async fn retries_409() {
    check_retried_status(409).await;
}

#[tokio::test]
async fn retries_429() {
    check_retried_status(429).await;
}

#[tokio::test]
async fn retries_500() {
    check_retried_status(500).await;
}

#[tokio::test]
async fn retries_502() {
    check_retried_status(502).await;
}

#[tokio::test]
async fn retries_503() {
    check_retried_status(503).await;
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let rt = runtime();
    for status in [400u16, 401, 403, 404, 422] {
        let (result, attempts) = run(&rt, vec![Reply::status(status), Reply::status(200)]).await;
        assert_eq!(result.expect("response").as_u16(), status);
        assert_eq!(attempts, 1, "status {status}");
    }
}

#[tokio::test]
async fn x_should_retry_false_stops_a_500() {
    let replies = vec![
        Reply::status(500).header("x-should-retry", "false"),
        Reply::status(200),
    ];
    let (result, attempts) = run(&runtime(), replies).await;
    assert_eq!(result.expect("response"), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(attempts, 1);
}

#[tokio::test]
async fn x_should_retry_true_retries_a_400() {
    let replies = vec![
        Reply::status(400).header("x-should-retry", "true"),
        Reply::status(200),
    ];
    let (result, attempts) = run(&runtime(), replies).await;
    assert_eq!(result.expect("response"), StatusCode::OK);
    assert_eq!(attempts, 2);

    let replies = vec![Reply::status(400).header("x-should-retry", "true"); 5];
    let (result, attempts) = run(&runtime(), replies).await;
    assert_eq!(result.expect("response"), StatusCode::BAD_REQUEST);
    assert_eq!(attempts, 3);
}

#[tokio::test]
async fn dropped_connections_are_retried() {
    let (result, attempts) = run(&runtime(), vec![Reply::Close, Reply::status(200)]).await;
    assert_eq!(result.expect("response"), StatusCode::OK);
    assert_eq!(attempts, 2);

    let (result, attempts) = run(&runtime(), vec![Reply::Close; 3]).await;
    let error = result.expect_err("all attempts dropped");
    assert!(!error.is_timeout());
    assert_eq!(attempts, 3);
    let mapped = Error::from(error);
    assert!(matches!(mapped, Error::Connection(_)), "{mapped:?}");
    assert!(mapped.is_retryable());
}

#[tokio::test]
async fn a_path_naming_a_certificate_does_not_make_a_dropped_connection_permanent() {
    // reqwest's message holds the URL; only the causes are read for a refused certificate
    let server = Server::script(vec![Reply::Close; 3]).await;
    let url = server.url("/storage/buckets/b/ssl_certificate");
    let error = execute(
        &runtime(),
        &http(),
        request(Method::GET, &url, None),
        GET_ROOMS,
    )
    .await
    .expect_err("all attempts dropped");
    assert!(error.to_string().contains("ssl_certificate"), "{error}");
    assert!(!telnyx_sdk_core::retry::is_certificate_error(&error));
    assert_eq!(server.request_count(), 3);
    let mapped = Error::from(error);
    assert!(
        matches!(&mapped, Error::Connection(t) if !t.is_certificate_error()),
        "{mapped:?}"
    );
    assert!(mapped.is_retryable());
}

#[tokio::test]
async fn slow_responses_time_out_per_attempt() {
    let rt = Runtime::builder(KEY)
        .timeout(Duration::from_millis(100))
        .max_retries(1)
        .backoff(Duration::from_millis(1), Duration::from_millis(1))
        .build()
        .expect("runtime");
    let slow = Reply::status(200).delay(Duration::from_secs(10));
    let (result, attempts) = run(&rt, vec![slow.clone(), slow]).await;
    let error = result.expect_err("timed out");
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(attempts, 2);
    let mapped = Error::from(error);
    assert!(mapped.is_timeout() && mapped.is_retryable(), "{mapped:?}");

    // A slow first attempt followed by a fast one succeeds.
    let slow = Reply::status(200).delay(Duration::from_secs(10));
    let (result, attempts) = run(&rt, vec![slow, Reply::status(204)]).await;
    assert_eq!(result.expect("response"), StatusCode::NO_CONTENT);
    assert_eq!(attempts, 2);
}

#[tokio::test]
async fn retry_budget_and_overrides() {
    let none = Runtime::builder(KEY)
        .max_retries(0)
        .build()
        .expect("runtime");
    let (_, attempts) = run(&none, vec![Reply::status(503); 3]).await;
    assert_eq!(attempts, 1);

    let rt = runtime();
    let (_, attempts) = run(
        &rt.with_overrides(Some(0), None),
        vec![Reply::status(503); 3],
    )
    .await;
    assert_eq!(attempts, 1);
    let (_, attempts) = run(
        &rt.with_overrides(Some(4), None),
        vec![Reply::status(503); 9],
    )
    .await;
    assert_eq!(attempts, 5);

    let short = rt.with_overrides(None, Some(Duration::from_millis(50)));
    assert_eq!(short.timeout(), Duration::from_millis(50));
    assert_eq!(short.max_retries(), rt.max_retries());
    let slow = Reply::status(200).delay(Duration::from_secs(10));
    let (result, attempts) = run(&short.with_overrides(Some(0), None), vec![slow]).await;
    assert!(result.expect_err("timeout").is_timeout());
    assert_eq!(attempts, 1);
    // The original runtime is unchanged.
    assert_eq!(rt.timeout(), Duration::from_secs(60));
    assert_eq!(rt.max_retries(), 2);
}

#[tokio::test]
async fn streaming_bodies_are_sent_once() {
    let server = Server::script(vec![Reply::status(503); 3]).await;
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        vec![Ok(b"{\"a\":".to_vec()), Ok(b"1}".to_vec())];
    let mut req = request(Method::POST, &server.url("/rooms"), None);
    *req.body_mut() = Some(reqwest::Body::wrap_stream(futures::stream::iter(chunks)));
    let response = execute(&runtime(), &http(), req, CREATE_ROOM)
        .await
        .expect("response");
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(server.request_count(), 1);
    assert_eq!(server.requests()[0].body, b"{\"a\":1}");
}

#[tokio::test]
async fn bytes_on_the_wire() {
    let rt = Runtime::builder(KEY)
        .user_agent_suffix("my-app/1.2")
        .build()
        .expect("runtime");
    let server = Server::script(vec![Reply::json_text(200, "{}")]).await;
    let url = server.url(
        "/rooms?filter%5Bdate_created_at%5D%5Beq%5D=2024-01-01&filter%5Bname%5D=a%20b&page%5Bnumber%5D=2&q=%5Bx%5D",
    );
    execute(&rt, &http(), request(Method::GET, &url, None), GET_ROOMS)
        .await
        .expect("response");
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let sent: &Recorded = &requests[0];
    assert_eq!(sent.method, "GET");
    assert_eq!(
        sent.target,
        "/rooms?filter[date_created_at][eq]=2024-01-01&filter[name]=a%20b&page[number]=2&q=%5Bx%5D"
    );
    assert_eq!(
        sent.header_values("authorization"),
        vec![format!("Bearer {KEY}")]
    );
    assert_eq!(
        sent.header("user-agent"),
        Some(format!("telnyx-sdk-rust/{} my-app/1.2", env!("CARGO_PKG_VERSION")).as_str())
    );
    assert_eq!(sent.header("api-version"), None);
    assert!(!sent.head.to_ascii_lowercase().contains("api-version"));
    assert_eq!(sent.header("accept"), Some("application/json"));
}

#[tokio::test]
async fn caller_headers_cannot_override_auth() {
    let server = Server::script(vec![Reply::status(200)]).await;
    let mut req = request(Method::GET, &server.url("/rooms"), None);
    req.headers_mut().insert(
        "authorization",
        reqwest::header::HeaderValue::from_static("Bearer other"),
    );
    execute(&runtime(), &http(), req, GET_ROOMS)
        .await
        .expect("response");
    assert_eq!(
        server.requests()[0].header_values("authorization"),
        vec![format!("Bearer {KEY}")]
    );
}

fn command_ids(requests: &[Recorded]) -> Vec<String> {
    requests
        .iter()
        .map(|r| {
            r.json()["command_id"]
                .as_str()
                .expect("command_id is a string")
                .to_owned()
        })
        .collect()
}

#[tokio::test]
async fn command_id_is_added_once_and_repeated_on_retries() {
    let server = Server::script(vec![
        Reply::status(500),
        Reply::Close,
        Reply::json_text(200, "{}"),
    ])
    .await;
    let body = serde_json::json!({"participants": "all"});
    let req = request(
        Method::POST,
        &server.url("/conferences/c1/actions/mute"),
        Some(body),
    );
    let response = execute(&runtime(), &http(), req, MUTE)
        .await
        .expect("response");
    assert_eq!(response.status(), StatusCode::OK);
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let ids = command_ids(&requests);
    assert!(ids.iter().all(|id| id == &ids[0]), "{ids:?}");
    let id = uuid::Uuid::parse_str(&ids[0]).expect("a UUID");
    assert_eq!(id.get_version_num(), 4);
    for r in &requests {
        assert_eq!(r.json()["participants"], "all");
        assert_eq!(
            r.header("content-length")
                .map(|v| v.parse::<usize>().expect("number")),
            Some(r.body.len())
        );
    }

    // A second call gets a different id.
    let server2 = Server::script(vec![Reply::status(200)]).await;
    let req = request(
        Method::POST,
        &server2.url("/conferences/c1/actions/mute"),
        Some(serde_json::json!({})),
    );
    execute(&runtime(), &http(), req, MUTE)
        .await
        .expect("response");
    let other = command_ids(&server2.requests());
    assert_ne!(other[0], ids[0]);
}

#[tokio::test]
async fn caller_command_id_is_kept() {
    let server = Server::script(vec![Reply::status(503), Reply::status(200)]).await;
    let body = serde_json::json!({"command_id": "mine-1"});
    let req = request(
        Method::POST,
        &server.url("/conferences/c1/actions/mute"),
        Some(body),
    );
    execute(&runtime(), &http(), req, MUTE)
        .await
        .expect("response");
    assert_eq!(command_ids(&server.requests()), vec!["mine-1", "mine-1"]);
}

#[tokio::test]
async fn command_id_only_for_operations_that_accept_it() {
    let server = Server::script(vec![Reply::status(200), Reply::status(200)]).await;
    let body = serde_json::json!({"name": "room"});
    let req = request(Method::POST, &server.url("/rooms"), Some(body));
    execute(&runtime(), &http(), req, CREATE_ROOM)
        .await
        .expect("response");
    assert_eq!(
        server.requests()[0].json(),
        serde_json::json!({"name": "room"})
    );

    // A body that is not a JSON object is left alone.
    let mut req = request(
        Method::POST,
        &server.url("/conferences/c1/actions/mute"),
        None,
    );
    *req.body_mut() = Some(reqwest::Body::from("[1,2]"));
    execute(&runtime(), &http(), req, MUTE)
        .await
        .expect("response");
    assert_eq!(server.requests()[1].body, b"[1,2]");
}

/// The query built exactly as progenitor's generated code builds it.
#[tokio::test]
async fn progenitor_query_params_go_out_readable() {
    let server = Server::script(vec![Reply::json_text(200, "{}")]).await;
    let eq = Some("2024-01-01");
    let name = Some("a b&c");
    let number = Some(2u64);
    let none: Option<String> = None;
    let req = http()
        .get(server.url("/room_compositions"))
        .query(&progenitor_client::QueryParam::new(
            "filter[date_created_at][eq]",
            &eq,
        ))
        .query(&progenitor_client::QueryParam::new("filter[name]", &name))
        .query(&progenitor_client::QueryParam::new(
            "filter[session_id]",
            &none,
        ))
        .query(&progenitor_client::QueryParam::new("page[number]", &number))
        .build()
        .expect("request");
    assert!(
        req.url()
            .as_str()
            .contains("filter%5Bdate_created_at%5D%5Beq%5D=")
    );
    execute(&runtime(), &http(), req, GET_ROOMS)
        .await
        .expect("response");
    // Brackets are readable; the value keeps its form encoding (`+` for the space, `%26`).
    assert_eq!(
        server.requests()[0].target,
        "/room_compositions?filter[date_created_at][eq]=2024-01-01&filter[name]=a+b%26c&page[number]=2"
    );
}

/// Every attempt of a retried call sends the same request: line, headers (in their order)
/// and body, whether the retry copy kept the headers in place (a GET with a few) or as a
/// map (a POST with more, one of them twice).
#[tokio::test]
async fn retried_attempts_send_the_same_request() {
    use reqwest::header::{HeaderName, HeaderValue};
    let rt = Runtime::builder(KEY)
        .backoff(Duration::from_millis(1), Duration::from_millis(4))
        .user_agent_suffix("my-app/1.2")
        .build()
        .expect("runtime");
    for (method, body, extra) in [
        (Method::GET, None, 0),
        (Method::POST, Some(serde_json::json!({"name": "r"})), 3),
    ] {
        let server = Server::script(vec![
            Reply::status(503),
            Reply::status(500),
            Reply::json_text(200, "{}"),
        ])
        .await;
        let mut req = request(method.clone(), &server.url("/rooms?page[size]=2"), body);
        for i in 0..extra {
            let name = HeaderName::from_bytes(format!("x-extra-{i}").as_bytes()).expect("name");
            req.headers_mut().append(name, HeaderValue::from(i));
        }
        if extra > 0 {
            req.headers_mut()
                .append("x-extra-0", HeaderValue::from_static("again"));
        }
        let operation = if method == Method::GET {
            GET_ROOMS
        } else {
            CREATE_ROOM
        };
        let response = execute(&rt, &http(), req, operation)
            .await
            .expect("response");
        assert_eq!(response.status(), StatusCode::OK);
        let requests = server.requests();
        assert_eq!(requests.len(), 3, "{method}");
        let first = &requests[0];
        assert_eq!(
            first.header_values("authorization"),
            vec![format!("Bearer {KEY}")]
        );
        assert_eq!(
            first.header_values("x-extra-0").len(),
            usize::from(extra > 0) * 2
        );
        for again in &requests[1..] {
            assert_eq!(again.head, first.head, "{method}");
            assert_eq!(again.body, first.body, "{method}");
        }
    }
}
