//! Traces of the production transport (issue 26): the `telnyx.request` span's OpenTelemetry
//! HTTP client fields, the W3C `traceparent` of feature `otel`, and `reqwest-tracing` in the
//! middleware chain.
//!
//! One test in its own binary: tracing caches per-callsite interest process-wide, so a
//! subscriber set for one thread while other tests run could miss events.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use opentelemetry::trace::{TraceContextExt as _, TracerProvider as _};
use telnyx_sdk::{Client, RoomId};
use telnyx_sdk_test_server::{Reply, Server};
use tracing::Instrument as _;
use tracing_opentelemetry::OpenTelemetrySpanExt as _;
use tracing_subscriber::layer::SubscriberExt as _;

const KEY: &str = "KEY0123456789SECRET-observability";
const ROOM: &str = "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0";

fn room_json() -> serde_json::Value {
    serde_json::json!({"data": {"id": ROOM, "record_type": "room"}})
}

/// A `MakeWriter` appending to a shared buffer.
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Buffer {
    fn take(&self) -> String {
        let bytes = std::mem::take(&mut *self.0.lock().expect("lock"));
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

impl std::io::Write for Buffer {
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

/// The values of `field=` in `text`: a quoted string with its quotes, or up to the next
/// space or `}`.
fn values<'a>(text: &'a str, field: &str) -> Vec<&'a str> {
    text.split(&format!(" {field}="))
        .skip(1)
        .map(
            |rest| match rest.strip_prefix('"').and_then(|r| r.find('"')) {
                Some(end) => &rest[..end + 2],
                None => rest.split([' ', '}']).next().unwrap_or_default(),
            },
        )
        .collect()
}

#[tokio::test(flavor = "current_thread")]
async fn spans_follow_the_http_client_conventions_and_carry_trace_context() {
    let buffer = Buffer::default();
    let provider = opentelemetry_sdk::trace::SdkTracerProvider::builder().build();
    let subscriber = tracing_subscriber::registry()
        .with(tracing_opentelemetry::layer().with_tracer(provider.tracer("tests")))
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(buffer.clone())
                .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE),
        );
    let _guard = tracing::subscriber::set_default(subscriber);
    let id: RoomId = ROOM.parse().expect("id");

    // 1. the SDK's span: fields, a retry, and `traceparent` from its context
    let server = Server::script(vec![
        Reply::status(503),
        Reply::json(200, room_json()).header("x-request-id", "req-ok-1"),
    ])
    .await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.url("/v2"))
        .backoff(Duration::from_millis(1), Duration::from_millis(1))
        .build()
        .expect("client");
    let job = tracing::info_span!("job");
    let job_context = job.context();
    let job_span = job_context.span();
    let parent = job_span.span_context();
    assert!(parent.is_valid());
    client
        .rooms()
        .get(&id)
        .send()
        .instrument(job.clone())
        .await
        .expect("room");
    let text = buffer.take();
    assert!(!text.contains(KEY) && !text.contains("SECRET"), "{text}");
    let close = text
        .lines()
        .find(|l| l.contains("telnyx.request{") && l.contains("close"))
        .unwrap_or_else(|| panic!("no span close in:\n{text}"));
    for needle in [
        "http.request.method=\"GET\"",
        "url.template=\"/rooms/{room_id}\"",
        "server.address=\"127.0.0.1\"",
        "http.response.status_code=200",
        "http.request.resend_count=1",
        "telnyx.request_id=\"req-ok-1\"",
        "telnyx.operation_id=",
    ] {
        assert!(close.contains(needle), "missing {needle} in {close}");
    }
    assert!(!close.contains("error.type"), "{close}");
    for template in values(&text, "url.template") {
        assert_eq!(template, "\"/rooms/{room_id}\"");
    }
    // every attempt carries the W3C trace context of the SDK's span: the job's trace, a
    // span of its own, sampled
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let mut span_ids = Vec::new();
    for request in &requests {
        let traceparent = request.header("traceparent").expect("traceparent");
        let parts: Vec<&str> = traceparent.split('-').collect();
        assert_eq!(parts.len(), 4, "{traceparent}");
        assert_eq!(parts[0], "00");
        assert_eq!(parts[1], format!("{:032x}", parent.trace_id()));
        assert_eq!(parts[2].len(), 16);
        assert_ne!(parts[2], format!("{:016x}", parent.span_id()));
        assert_eq!(parts[3], "01");
        span_ids.push(parts[2].to_owned());
    }
    // one span for the call, so both attempts name the same parent
    assert_eq!(span_ids[0], span_ids[1]);

    // 2. an error: `error.type` is the status, the id stays out of the template
    let server = Server::script(vec![Reply::json_text(
        404,
        r#"{"errors":[{"code":"10005"}]}"#,
    )])
    .await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.url("/v2"))
        .max_retries(0)
        .build()
        .expect("client");
    client.rooms().get(&id).send().await.expect_err("404");
    let text = buffer.take();
    assert_eq!(values(&text, "error.type"), vec!["\"404\""], "{text}");
    assert_eq!(
        values(&text, "otel.status_code"),
        vec!["\"ERROR\""],
        "{text}"
    );
    assert!(
        values(&text, "url.template")
            .iter()
            .all(|t| !t.contains(ROOM)),
        "{text}"
    );
    // a transport failure is named, not numbered
    let closed = Server::script(vec![Reply::Close]).await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(closed.url("/v2"))
        .max_retries(0)
        .build()
        .expect("client");
    client.rooms().get(&id).send().await.expect_err("closed");
    let text = buffer.take();
    let kinds = values(&text, "error.type");
    assert_eq!(kinds.len(), 1, "{text}");
    assert!(
        ["\"request\"", "\"body\"", "\"connect\""].contains(&kinds[0]),
        "{text}"
    );

    // 3. reqwest-tracing in the chain: one span per attempt, inside the SDK's span
    let server = Server::script(vec![Reply::status(502), Reply::json(200, room_json())]).await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.url("/v2"))
        .backoff(Duration::from_millis(1), Duration::from_millis(1))
        .middleware(reqwest_tracing::TracingMiddleware::default())
        .build()
        .expect("client");
    client.rooms().get(&id).send().await.expect("room");
    let text = buffer.take();
    let attempts: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("HTTP request{") && l.contains("close"))
        .collect();
    assert_eq!(attempts.len(), 2, "{text}");
    for line in attempts {
        let sdk = line.find("telnyx.request{").expect("inside the SDK span");
        assert!(sdk < line.find("HTTP request{").unwrap_or(0), "{line}");
    }
    assert!(!text.contains(KEY), "{text}");
}
