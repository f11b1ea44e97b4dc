//! Error mapping, Display, redaction of the API key (including tracing output).

use std::time::Duration;

use reqwest::StatusCode;
use serde::Deserialize;
use telnyx_sdk_core::{
    ApiError, ApiKey, Error, ErrorKind, Operation, Runtime, decode, execute, from_progenitor,
};
use telnyx_sdk_test_server::{Reply, Server};

const KEY: &str = "KEY-very-secret-abcdef987654";

const TELNYX_404: &str = r#"{"errors":[{"code":"10005","title":"Resource not found","detail":"No room with that id.","source":{"pointer":"/room_id","parameter":"room_id"},"meta":{"url":"https://example.test/errors/10005"}}]}"#;

fn response(status: u16, headers: &[(&str, &str)], body: &str) -> reqwest::Response {
    let mut builder = http::Response::builder().status(status);
    for (n, v) in headers {
        builder = builder.header(*n, *v);
    }
    reqwest::Response::from(builder.body(body.to_owned()).expect("response"))
}

async fn map_unexpected(status: u16, headers: &[(&str, &str)], body: &str) -> Error {
    let err = progenitor_client::Error::<()>::UnexpectedResponse(response(status, headers, body));
    from_progenitor(err).await
}

#[tokio::test]
async fn telnyx_error_body_is_parsed() {
    let error = map_unexpected(
        404,
        &[
            ("x-request-id", "7f3c2a10-req"),
            ("content-type", "application/json"),
        ],
        TELNYX_404,
    )
    .await;
    assert!(error.is_not_found());
    assert!(!error.is_retryable());
    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(error.request_id(), Some("7f3c2a10-req"));
    assert_eq!(error.kind(), Some(ErrorKind::NotFound));
    let Error::Api(api) = &error else {
        panic!("expected an API error, got {error:?}");
    };
    assert_eq!(api.errors.len(), 1);
    let detail = &api.errors[0];
    assert_eq!(detail.code.as_deref(), Some("10005"));
    assert_eq!(detail.title.as_deref(), Some("Resource not found"));
    assert_eq!(detail.detail.as_deref(), Some("No room with that id."));
    let source = detail.source.as_ref().expect("source");
    assert_eq!(source.pointer.as_deref(), Some("/room_id"));
    assert_eq!(source.parameter.as_deref(), Some("room_id"));
    assert_eq!(
        detail.meta.as_ref().and_then(|m| m.url.as_deref()),
        Some("https://example.test/errors/10005")
    );
    assert_eq!(api.body, None);
    assert_eq!(
        error.to_string(),
        "404 Not Found: Resource not found (code 10005, request 7f3c2a10-req)"
    );
}

#[tokio::test]
async fn display_variants() {
    // Several errors, numeric code, no request id.
    let body =
        r#"{"errors":[{"code":10015,"title":"Bad name"},{"code":"10016","title":"Bad size"}]}"#;
    let error = map_unexpected(422, &[], body).await;
    assert_eq!(
        error.to_string(),
        "422 Unprocessable Entity: Bad name (+1 more) (code 10015)"
    );
    // Only a detail.
    let error = map_unexpected(400, &[], r#"{"errors":[{"detail":"Missing field"}]}"#).await;
    assert_eq!(error.to_string(), "400 Bad Request: Missing field");
    // Empty body.
    let error = map_unexpected(401, &[("x-request-id", "r1")], "").await;
    assert_eq!(error.to_string(), "401 Unauthorized (request r1)");
    assert_eq!(error.kind(), Some(ErrorKind::Authentication));
}

#[tokio::test]
async fn non_json_body_is_kept_raw() {
    let html = "<html>\n<body>Bad gateway</body>\n</html>";
    let error = map_unexpected(502, &[("retry-after", "7")], html).await;
    let Error::Api(api) = &error else {
        panic!("expected an API error, got {error:?}");
    };
    assert!(api.errors.is_empty());
    assert_eq!(api.body.as_deref(), Some(html));
    assert_eq!(api.kind, ErrorKind::Server);
    assert_eq!(api.retry_after, Some(Duration::from_secs(7)));
    assert!(error.is_retryable());
    assert_eq!(
        error.to_string(),
        "502 Bad Gateway: <html> <body>Bad gateway</body> </html>"
    );

    // JSON without an `errors` list is kept raw as well.
    let error = map_unexpected(500, &[], r#"{"message":"boom"}"#).await;
    assert_eq!(
        error.as_api().and_then(|a| a.body.as_deref()),
        Some(r#"{"message":"boom"}"#)
    );
}

#[tokio::test]
async fn kinds_by_status() {
    let cases = [
        (400, ErrorKind::BadRequest),
        (401, ErrorKind::Authentication),
        (403, ErrorKind::PermissionDenied),
        (404, ErrorKind::NotFound),
        (409, ErrorKind::Conflict),
        (422, ErrorKind::UnprocessableEntity),
        (429, ErrorKind::RateLimited),
        (500, ErrorKind::Server),
        (503, ErrorKind::Server),
        (418, ErrorKind::Other),
    ];
    for (status, kind) in cases {
        let error = map_unexpected(status, &[], "").await;
        assert_eq!(error.kind(), Some(kind), "status {status}");
        let retryable = matches!(status, 409 | 429) || status >= 500;
        assert_eq!(error.is_retryable(), retryable, "status {status}");
    }
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Room {
    id: String,
    max_participants: u32,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Envelope {
    data: Vec<Room>,
}

#[test]
fn decode_reports_the_failing_path() {
    let body = br#"{"data":[{"id":"a","max_participants":5},{"id":"b","max_participants":"x"}]}"#;
    let error = decode::<Envelope>(StatusCode::OK, body).expect_err("bad payload");
    let Error::Decode(d) = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(d.path, "data[1].max_participants");
    assert_eq!(d.status, Some(StatusCode::OK));
    assert!(d.body_excerpt.starts_with(r#"{"data":[{"id":"a""#));
    assert_eq!(error.status(), Some(StatusCode::OK));
    assert!(
        error.to_string().contains("at `data[1].max_participants`"),
        "{error}"
    );

    let ok: Envelope = decode(StatusCode::OK, br#"{"data":[]}"#).expect("valid");
    assert!(ok.data.is_empty());
    assert!(decode::<Envelope>(StatusCode::OK, br#"{"data":[]} trailing"#).is_err());
}

#[tokio::test]
async fn invalid_payload_names_the_path_of_the_failing_value() {
    let body = bytes::Bytes::from_static(br#"{"data":[{"id":7,"max_participants":1}]}"#);
    let serde_error = serde_json::from_slice::<Envelope>(&body).expect_err("bad");
    let err = progenitor_client::Error::<()>::InvalidResponsePayload(body, serde_error);
    let error = from_progenitor(err).await;
    let Error::Decode(d) = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(d.path, "data[0].id");
}

#[tokio::test]
async fn other_progenitor_errors() {
    let error = from_progenitor(progenitor_client::Error::<()>::InvalidRequest("bad".into())).await;
    assert!(matches!(error, Error::InvalidRequest(ref m) if m == "bad"));

    let server = Server::script(vec![Reply::Close]).await;
    let reqwest_error = reqwest::Client::new()
        .get(server.url("/"))
        .send()
        .await
        .expect_err("dropped");
    let error = from_progenitor(progenitor_client::Error::CommunicationError(reqwest_error)).await;
    assert!(matches!(error, Error::Connection(_)), "{error:?}");
    assert!(std::error::Error::source(&error).is_some());
}

#[test]
fn configuration_errors() {
    for bad in ["", "   "] {
        let error = Runtime::new(bad).expect_err("empty key");
        assert!(matches!(error, Error::Configuration(_)), "{error:?}");
    }
    let secret = "line\nbreak-secret-part";
    let error = Runtime::new(secret).expect_err("invalid header");
    assert!(matches!(error, Error::Configuration(_)));
    assert!(!format!("{error} {error:?}").contains("secret-part"));

    let error = Runtime::builder(KEY)
        .user_agent_suffix("bad\r\nvalue")
        .build()
        .expect_err("bad suffix");
    assert!(matches!(error, Error::Configuration(_)));
}

#[test]
fn key_is_redacted_in_debug_and_display() {
    let key = ApiKey::new(KEY);
    assert_eq!(format!("{key}"), "[redacted]");
    assert_eq!(format!("{key:?}"), "[redacted]");
    assert_eq!(key.expose(), KEY);
    let rt = Runtime::builder(KEY)
        .user_agent_suffix("app/1")
        .build()
        .expect("runtime");
    let debug = format!(
        "{rt:?} {:?} {:?}",
        rt.api_key(),
        rt.with_overrides(Some(1), None)
    );
    assert!(!debug.contains(KEY), "{debug}");
    assert!(debug.contains("[redacted]"));
    let builder = format!("{:?}", Runtime::builder(KEY));
    assert!(!builder.contains(KEY), "{builder}");
}

fn assert_send_sync<T: Send + Sync + Clone + 'static>() {}

#[test]
fn runtime_and_error_are_thread_safe() {
    assert_send_sync::<Runtime>();
    fn send_sync<T: Send + Sync + 'static>() {}
    send_sync::<Error>();
}

#[tokio::test]
async fn transport_errors_do_not_carry_the_key() {
    let server = Server::script(vec![Reply::Close; 3]).await;
    let rt = Runtime::builder(KEY)
        .backoff(Duration::from_millis(1), Duration::from_millis(1))
        .build()
        .expect("runtime");
    let request = reqwest::Client::new()
        .get(server.url("/rooms"))
        .build()
        .expect("request");
    let error = execute(&rt, &reqwest::Client::new(), request, Operation::UNKNOWN)
        .await
        .expect_err("dropped");
    let mapped = Error::from(error);
    let text = format!("{mapped} {mapped:?}");
    assert!(!text.contains(KEY), "{text}");
}

#[test]
fn api_error_constructor() {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("retry-after-ms", "250".parse().expect("value"));
    let api = ApiError::from_parts(StatusCode::TOO_MANY_REQUESTS, &headers, b"  ");
    assert_eq!(api.kind, ErrorKind::RateLimited);
    assert_eq!(api.retry_after, Some(Duration::from_millis(250)));
    assert_eq!(api.body, None);
    assert_eq!(Error::from(api).to_string(), "429 Too Many Requests");
}

#[tokio::test]
async fn map_progenitor_passes_success_and_maps_errors() {
    let ok = progenitor_client::ResponseValue::new(
        5u32,
        StatusCode::OK,
        reqwest::header::HeaderMap::new(),
    );
    let value = telnyx_sdk_core::map_progenitor(Ok(ok)).await.expect("ok");
    assert_eq!(value.into_inner(), 5);

    let err = progenitor_client::Error::<()>::UnexpectedResponse(response(
        409,
        &[],
        r#"{"errors":[{"code":"10010","title":"Busy"}]}"#,
    ));
    let error = telnyx_sdk_core::map_progenitor::<u32>(Err(err))
        .await
        .expect_err("error");
    assert_eq!(error.kind(), Some(ErrorKind::Conflict));
    assert_eq!(error.to_string(), "409 Conflict: Busy (code 10010)");
}
