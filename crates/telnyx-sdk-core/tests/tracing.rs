//! Tracing output of `execute`: span fields, retry events, and never the API key.
//!
//! Kept in its own test binary with a single test: tracing caches per-callsite interest
//! process-wide, so a thread-local subscriber racing with other tests' threads could miss
//! events.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use telnyx_sdk_core::{Error, Operation, Runtime, execute, from_progenitor};
use telnyx_sdk_test_server::{Reply, Server};

const KEY: &str = "KEY-very-secret-abcdef987654";

const TELNYX_404: &str = r#"{"errors":[{"code":"10005","title":"Resource not found"}]}"#;

/// A `MakeWriter` appending to a shared buffer.
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(data);
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Buffer {
    type Writer = Buffer;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test(flavor = "current_thread")]
async fn tracing_output_has_fields_and_no_key() {
    let buffer = Buffer::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(buffer.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = Server::script(vec![
        Reply::status(503).header("x-request-id", "req-503"),
        Reply::Close,
        Reply::json_text(404, TELNYX_404).header("x-request-id", "req-404"),
    ])
    .await;
    let rt = Runtime::builder(KEY)
        .backoff(Duration::from_millis(1), Duration::from_millis(1))
        .build()
        .expect("runtime");
    let op = Operation::new("RetrieveRoom", "GET", "/rooms/{room_id}", false);
    let request = reqwest::Client::new()
        .get(server.url("/rooms/r-1?x=1"))
        .build()
        .expect("request");
    let response = execute(&rt, &reqwest::Client::new(), request, op)
        .await
        .expect("response");
    let error = map_unexpected_from(response).await;
    assert_eq!(server.request_count(), 3);
    tracing::info!(error = %error, debug = ?error, runtime = ?rt, "done");

    let text = String::from_utf8(buffer.0.lock().expect("lock").clone()).expect("utf8");
    assert!(
        !text.contains(KEY),
        "key leaked into tracing output:\n{text}"
    );
    assert!(!text.contains("very-secret"), "{text}");
    for needle in [
        "telnyx.request",
        "telnyx.operation_id=\"RetrieveRoom\"",
        "url.template=\"/rooms/{room_id}\"",
        "http.request.method=\"GET\"",
        "server.address=\"127.0.0.1\"",
        "http.request.resend_count=2",
        "http.response.status_code=404",
        "error.type=\"404\"",
        "telnyx.request_id=\"req-404\"",
        "otel.kind=\"client\"",
        "retrying request after error status",
        "status=503",
        "retrying request after transport error",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
    // the template, never the id of the path
    let templates: Vec<&str> = text
        .split("url.template=")
        .skip(1)
        .map(|rest| rest.split(' ').next().unwrap_or_default())
        .collect();
    assert!(!templates.is_empty());
    assert!(
        templates.iter().all(|t| *t == "\"/rooms/{room_id}\""),
        "{templates:?}"
    );
    // Errors never carry the key either.
    assert!(!format!("{error} {error:?}").contains(KEY));
}

async fn map_unexpected_from(response: reqwest::Response) -> Error {
    from_progenitor(progenitor_client::Error::UnexpectedResponse(response)).await
}
