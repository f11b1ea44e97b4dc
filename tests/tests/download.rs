//! `Client::download`: media from a storage host (a recording's `download_urls`) is fetched
//! with the client's retries and deadline but without any of the API's credentials. The
//! storage host here is an in-process server on another address than the API's.

use std::time::Duration;

use futures::TryStreamExt;
use telnyx_sdk::reqwest_middleware::{Middleware, Next};
use telnyx_sdk::{Client, Error};
use telnyx_sdk_test_server::{Recorded, Reply, Server};

const KEY: &str = "KEY0123456789SECRET-download";
const AUDIO: &[u8] = b"ID3\x04\x00fake mp3 frames of a call recording";

/// A middleware that would add a credential of its own to every API attempt.
struct AddsCredential;

#[async_trait::async_trait]
impl Middleware for AddsCredential {
    async fn handle(
        &self,
        mut request: reqwest::Request,
        extensions: &mut http::Extensions,
        next: Next<'_>,
    ) -> telnyx_sdk::reqwest_middleware::Result<reqwest::Response> {
        request.headers_mut().insert(
            "x-api-signature",
            reqwest::header::HeaderValue::from_static("from-middleware"),
        );
        next.run(request, extensions).await
    }
}

/// A client of the API at `api`, with a default header, a middleware and fast retries: all
/// of that is for the API only.
fn client(api: &Server) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(api.url("/v2"))
        .default_header("X-Tenant", "acme-call-centre")
        .middleware(AddsCredential)
        .max_retries(2)
        .backoff(Duration::from_millis(1), Duration::from_millis(2))
        .build()
        .expect("client")
}

/// The header names a storage host may see, lower case and sorted, and that none of the
/// API's credentials is among the values.
fn assert_no_credentials(request: &Recorded) {
    let mut names: Vec<String> = request
        .headers
        .iter()
        .map(|(name, _)| name.to_ascii_lowercase())
        .collect();
    names.sort();
    // `accept-encoding` comes from reqwest's compression features (on in this crate)
    names.retain(|name| name != "accept-encoding");
    assert_eq!(
        names,
        ["accept", "host", "user-agent"],
        "headers sent to the storage host: {:?}",
        request.headers
    );
    assert_eq!(request.header("accept"), Some("*/*"));
    assert!(
        request
            .header("user-agent")
            .is_some_and(|ua| ua.starts_with("telnyx-sdk-rust/")),
        "the SDK's user agent: {:?}",
        request.header("user-agent")
    );
    for (name, value) in &request.headers {
        assert!(
            !value.contains(KEY) && !value.contains("acme") && !value.contains("middleware"),
            "{name}: {value} carries an API credential"
        );
    }
}

#[tokio::test]
async fn a_download_retries_a_503_and_sends_no_api_credential() {
    let api = Server::script(vec![]).await;
    let storage = Server::script(vec![
        Reply::status(503).body("slow down"),
        Reply::status(200)
            .header("content-type", "audio/mpeg")
            .body(AUDIO),
    ])
    .await;
    let url = storage.url("/recordings/428c31b6.mp3?X-Amz-Signature=abc123&X-Amz-Expires=600");

    let audio = client(&api).download(&url).bytes().await.expect("download");

    assert_eq!(&audio[..], AUDIO);
    let requests = storage.requests();
    assert_eq!(requests.len(), 2, "one 503, then the retry");
    for request in &requests {
        assert_eq!(request.method, "GET");
        assert_eq!(
            request.target, "/recordings/428c31b6.mp3?X-Amz-Signature=abc123&X-Amz-Expires=600",
            "the signed URL is sent as given"
        );
        assert_no_credentials(request);
    }
    assert_eq!(api.request_count(), 0, "nothing reaches the API");
}

#[tokio::test]
async fn a_download_streams_its_chunks_after_a_retry() {
    let api = Server::script(vec![]).await;
    let storage = Server::script(vec![
        Reply::status(503).header("retry-after-ms", "1"),
        Reply::status(200).body(AUDIO),
    ])
    .await;

    let stream = client(&api)
        .download(&storage.url("/r.mp3"))
        .stream()
        .await
        .expect("the storage host answered");
    let chunks: Vec<_> = stream.try_collect().await.expect("every chunk");

    assert_eq!(chunks.concat(), AUDIO);
    assert_eq!(storage.request_count(), 2);
    storage.requests().iter().for_each(assert_no_credentials);
}

#[tokio::test]
async fn a_missing_object_is_an_error_with_its_status_and_body() {
    let api = Server::script(vec![]).await;
    let body = "<?xml version=\"1.0\"?><Error><Code>NoSuchKey</Code></Error>";
    let storage = Server::script(vec![
        Reply::status(404)
            .header("content-type", "application/xml")
            .body(body),
    ])
    .await;

    let result = client(&api)
        .download(&storage.url("/gone.mp3"))
        .bytes()
        .await;

    match result {
        Err(Error::Api(api_error)) => {
            assert_eq!(api_error.status.as_u16(), 404);
            assert_eq!(api_error.body.as_deref(), Some(body));
        }
        other => panic!("expected Error::Api(404), got {other:?}"),
    }
    assert_eq!(storage.request_count(), 1, "a 404 is not retried");
    let streamed = client(&api)
        .download(&storage.url("/gone.mp3"))
        .stream()
        .await;
    assert!(
        matches!(&streamed, Err(Error::Api(e)) if e.status.as_u16() == 404),
        "stream() reports the status too: {streamed:?}"
    );
}

#[tokio::test]
async fn a_download_url_must_be_http() {
    let api = Server::script(vec![]).await;
    let result = client(&api).download("file:///etc/passwd").bytes().await;
    assert!(
        matches!(&result, Err(Error::InvalidRequest(m)) if m.contains("http")),
        "{result:?}"
    );
}

#[tokio::test]
async fn a_download_keeps_the_deadline() {
    let api = Server::script(vec![]).await;
    let storage = Server::script(vec![
        Reply::status(200).body(AUDIO).delay(Duration::from_secs(5)),
    ])
    .await;
    let started = std::time::Instant::now();
    let result = client(&api)
        .download(&storage.url("/slow.mp3"))
        .deadline(Duration::from_millis(200))
        .bytes()
        .await;
    assert!(matches!(result, Err(Error::Timeout(_))), "{result:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
}

/// A report's CSV: the body of an API operation that answers with a file.
const REPORT_CSV: &str = "id,status,phone_numbers_count,country_code\n\
    1758d6ed-61a0-4d7a-bf57-b5dced413d33,success,1,US\n\
    8a2c1e3f-0b4d-4e5f-9a6b-7c8d9e0f1a2b,failure,0,\"CA, \\\"QC\\\"\"\n";
const REPORT_ID: &str = "5c0d1b7e-3a4f-4b2c-9d8e-7f6a5b4c3d2e";

#[tokio::test]
async fn an_operation_that_answers_with_a_file_streams_it_with_the_api_credential_and_retries() {
    let api = Server::script(vec![
        Reply::status(503).header("retry-after-ms", "1"),
        Reply::status(200)
            .header("content-type", "text/csv")
            .header("x-request-id", "req-csv-1")
            .body(REPORT_CSV),
    ])
    .await;
    let report: telnyx_sdk::SubNumberOrdersReportId = REPORT_ID.parse().expect("a UUID");

    let response = client(&api)
        .sub_number_orders_report()
        .download(&report)
        .send_with_response()
        .await
        .expect("the report");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.request_id(), Some("req-csv-1"));
    let chunks: Vec<_> = response
        .into_value()
        .try_collect()
        .await
        .expect("every chunk");

    assert_eq!(
        chunks.concat(),
        REPORT_CSV.as_bytes(),
        "the bytes as sent, unparsed"
    );
    let requests = api.requests();
    assert_eq!(requests.len(), 2, "one 503, then the retry");
    for request in &requests {
        assert_eq!(request.method, "GET");
        assert_eq!(
            request.target,
            format!("/v2/sub_number_orders_report/{REPORT_ID}/download")
        );
        assert_eq!(
            request.header("authorization"),
            Some(format!("Bearer {KEY}").as_str()),
            "an API operation carries the API key, unlike a storage download"
        );
    }
}

#[tokio::test]
async fn a_file_operation_that_fails_keeps_status_request_id_and_body() {
    let body =
        r#"{"errors":[{"code":"10005","title":"Resource not found","detail":"no such report"}]}"#;
    let api = Server::script(vec![
        Reply::json_text(404, body).header("x-request-id", "req-csv-404"),
    ])
    .await;
    let report: telnyx_sdk::SubNumberOrdersReportId = REPORT_ID.parse().expect("a UUID");

    let err = client(&api)
        .sub_number_orders_report()
        .download(&report)
        .send()
        .await
        .expect_err("a 404");

    let Error::Api(api_error) = &err else {
        panic!("an API error, got {err:?}");
    };
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(err.request_id(), Some("req-csv-404"));
    assert_eq!(
        api_error.errors.first().and_then(|e| e.code.as_deref()),
        Some("10005")
    );
    assert_eq!(
        api_error.errors.first().and_then(|e| e.detail.as_deref()),
        Some("no such report")
    );
    assert_eq!(api.request_count(), 1, "a 404 is not retried");
}

#[tokio::test]
async fn a_file_cut_off_mid_way_is_an_error_after_the_chunks_that_arrived() {
    // the server promises more bytes than it sends, then closes the connection
    let mut raw =
        b"HTTP/1.1 200 OK\r\ncontent-type: text/csv\r\ncontent-length: 4096\r\n\r\n".to_vec();
    raw.extend_from_slice(&REPORT_CSV.as_bytes()[..20]);
    let api = Server::script(vec![Reply::Raw(raw)]).await;
    let report: telnyx_sdk::SubNumberOrdersReportId = REPORT_ID.parse().expect("a UUID");

    let body = client(&api)
        .sub_number_orders_report()
        .download(&report)
        .send()
        .await
        .expect("the head of the report arrives");
    let err = body.collect_bytes().await.expect_err("a short body");

    assert!(
        matches!(err, Error::Connection(_) | Error::Decode(_)),
        "a transport error, got {err:?}"
    );
}
