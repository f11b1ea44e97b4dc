//! Sending one request: headers, query rewriting, idempotency key, timeout and retries.

use std::borrow::Cow;
use std::future::Future;
use std::time::Duration;
#[cfg(feature = "metrics")]
use std::time::Instant;

use reqwest::header::{
    AUTHORIZATION, CONTENT_LENGTH, HeaderMap, HeaderName, HeaderValue, USER_AGENT,
};
use tracing::Instrument;
use tracing::field::Empty;

use crate::config::Runtime;
use crate::error::request_id_of;
use crate::operation::Operation;
use crate::retry::{RetryPolicy, should_retry_response};

/// Header added by progenitor from the spec's `info.version`; Telnyx does not use it.
const API_VERSION: HeaderName = HeaderName::from_static("api-version");

/// Name of the idempotency field in command bodies.
pub const COMMAND_ID: &str = "command_id";

/// Sends `request` with the runtime's credentials, timeout and retry policy.
///
/// Every attempt carries `Authorization: Bearer <key>` and the SDK's `User-Agent`;
/// progenitor's `api-version` header is removed and `%5B` / `%5D` in query keys are sent as
/// `[` / `]`. When `operation.accepts_command_id` and the JSON body has no `command_id`, a
/// fresh UUID is added once, so every retry repeats the same one.
///
/// Connection errors, timeouts and statuses 408, 409, 429 and >= 500 are retried up to
/// [`Runtime::max_retries`] times (`x-should-retry` overrides the status rule); a request
/// whose body cannot be cloned is sent once. The last response or error is returned as is.
///
/// A response that is not retried for its status is read whole before it is returned
/// (except on the last attempt): a body that breaks off before its end (a connection
/// closed mid-transfer, fewer bytes than `Content-Length` announced) is a connection
/// failure and retried like one, as the official Telnyx SDKs do.
///
/// The request is prepared when `execute` is called; the returned future sends it. That
/// future is not boxed (about 1.4 kB, in place in the caller's future): boxing it cost an
/// allocation per call, one above glibc's per-thread cache size, which under load from many
/// tasks was slower than the larger moves of the caller's future. What only a retry needs
/// is kept small (the retry copy) or boxed when it is used (the wait before a retry, a slot
/// of the concurrency limit, the middleware chain).
///
/// Each call is one `telnyx.request` span with the field names of OpenTelemetry's HTTP
/// client conventions: `http.request.method`, `url.template` (the operation's path
/// template, never an id), `server.address`, `server.port`, `http.response.status_code`,
/// `http.request.resend_count` (when retried), `error.type` (when it failed), and Telnyx's
/// `telnyx.request_id`, with `telnyx.operation_id`, `otel.name` and `otel.kind` for
/// `tracing-opentelemetry`. Every attempt waits for a slot of the runtime's concurrency
/// limit, if it has one, and passes through its middleware chain (feature `middleware`).
pub fn execute<'a>(
    runtime: &'a Runtime,
    http: &'a reqwest::Client,
    request: reqwest::Request,
    operation: Operation,
) -> impl Future<Output = reqwest::Result<reqwest::Response>> + Send + 'a {
    execute_with_template(
        runtime,
        http,
        request,
        operation,
        Cow::Borrowed(operation.path),
    )
}

/// [`execute`] for a request whose path template is not `'static` (a raw request's path
/// as its caller wrote it): `template` is its `url.template` in traces and metrics.
#[doc(hidden)]
pub fn execute_with_template<'a>(
    runtime: &'a Runtime,
    http: &'a reqwest::Client,
    mut request: reqwest::Request,
    operation: Operation,
    template: Cow<'static, str>,
) -> impl Future<Output = reqwest::Result<reqwest::Response>> + Send + 'a {
    prepare(runtime, &mut request, operation);
    let method = if operation.method.is_empty() {
        request.method().as_str()
    } else {
        operation.method
    };
    let url = request.url();
    let span = tracing::info_span!(
        "telnyx.request",
        otel.name = %format_args!("{method} {template}"),
        otel.kind = "client",
        otel.status_code = Empty,
        http.request.method = method,
        url.template = &*template,
        server.address = url.host_str(),
        server.port = url.port_or_known_default(),
        telnyx.operation_id = operation.id,
        http.response.status_code = Empty,
        http.request.resend_count = Empty,
        error.type = Empty,
        telnyx.request_id = Empty,
    );
    #[cfg(feature = "metrics")]
    let metrics = crate::transport::CallMetrics {
        method: crate::transport::method_label(method),
        template,
        started: Instant::now(),
    };
    #[cfg(not(feature = "metrics"))]
    drop(template);
    send_with_retries(
        runtime,
        http,
        request,
        operation,
        #[cfg(feature = "metrics")]
        metrics,
    )
    .instrument(span)
}

/// Applies the per-request changes that are the same for every attempt.
fn prepare(runtime: &Runtime, request: &mut reqwest::Request, operation: Operation) {
    let headers = request.headers_mut();
    headers.remove(API_VERSION);
    headers.insert(AUTHORIZATION, runtime.authorization_header().clone());
    headers.insert(USER_AGENT, runtime.user_agent_header().clone());

    let url = request.url_mut();
    if let Some(query) = url.query()
        && let Cow::Owned(readable) = readable_query(query)
    {
        url.set_query(Some(&readable));
    }

    if let Some(extras) = runtime.extras() {
        add_extras(request, extras);
    }
    if operation.accepts_command_id {
        add_command_id(request);
    }
    if runtime.needs_request_timeout() {
        *request.timeout_mut() = Some(runtime.timeout());
    }
}

/// Un-escapes `%5B` / `%5D` in the keys of a query string; everything else is kept as is.
pub fn readable_query(query: &str) -> Cow<'_, str> {
    // the common case, generated code having written the brackets as they are
    if !query.as_bytes().contains(&b'%') {
        return Cow::Borrowed(query);
    }
    if !query
        .split('&')
        .any(|pair| has_escaped_bracket(key_of(pair)))
    {
        return Cow::Borrowed(query);
    }
    let mut out = String::with_capacity(query.len());
    for (i, pair) in query.split('&').enumerate() {
        if i > 0 {
            out.push('&');
        }
        let key = key_of(pair);
        unescape_brackets(key, &mut out);
        out.push_str(&pair[key.len()..]);
    }
    Cow::Owned(out)
}

/// The key of a `key=value` pair (the whole pair when it has no `=`).
fn key_of(pair: &str) -> &str {
    pair.split_once('=').map_or(pair, |(key, _)| key)
}

/// The bracket escape a `%` starts at the beginning of `s`, if any.
fn escaped_bracket(s: &[u8]) -> Option<char> {
    match s {
        [b'%', b'5', b'b' | b'B', ..] => Some('['),
        [b'%', b'5', b'd' | b'D', ..] => Some(']'),
        _ => None,
    }
}

fn has_escaped_bracket(key: &str) -> bool {
    let bytes = key.as_bytes();
    (0..bytes.len()).any(|i| escaped_bracket(&bytes[i..]).is_some())
}

/// Appends `key` to `out` with `%5B` / `%5D` (any case) turned into `[` / `]`.
fn unescape_brackets(key: &str, out: &mut String) {
    let mut rest = key;
    while let Some(pos) = rest.find('%') {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos..];
        match escaped_bracket(tail.as_bytes()) {
            Some(bracket) => {
                out.push(bracket);
                rest = &tail[3..];
            }
            None => {
                out.push('%');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
}

/// Adds a call's extra headers, query parameters and JSON body fields.
fn add_extras(request: &mut reqwest::Request, extras: &crate::config::Extras) {
    for (name, value) in &extras.headers {
        if name != AUTHORIZATION && name != USER_AGENT {
            request.headers_mut().append(name.clone(), value.clone());
        }
    }
    if !extras.query.is_empty() {
        // encoded like `RawRequest::query` (a space is `%20`), brackets in keys readable
        let url = request.url_mut();
        let mut query = url.query().unwrap_or_default().to_owned();
        for (key, value) in &extras.query {
            if !query.is_empty() {
                query.push('&');
            }
            let start = query.len();
            crate::transport::encode_query_component(key, &mut query);
            let key = query.split_off(start);
            unescape_brackets(&key, &mut query);
            query.push('=');
            crate::transport::encode_query_component(value, &mut query);
        }
        url.set_query(Some(&query));
    }
    if extras.body.is_empty() {
        return;
    }
    let body = match request.body().and_then(reqwest::Body::as_bytes) {
        None => Some(serde_json::Map::new()),
        Some(bytes) => match serde_json::from_slice::<serde_json::Value>(bytes) {
            Ok(serde_json::Value::Object(body)) => Some(body),
            _ => None,
        },
    };
    let Some(mut body) = body else { return };
    for (key, value) in &extras.body {
        body.insert(key.clone(), value.clone());
    }
    let Ok(encoded) = serde_json::to_vec(&body) else {
        return;
    };
    request.headers_mut().remove(CONTENT_LENGTH);
    request.headers_mut().insert(
        reqwest::header::CONTENT_TYPE,
        reqwest::header::HeaderValue::from_static("application/json"),
    );
    *request.body_mut() = Some(reqwest::Body::from(encoded));
}

/// Inserts a fresh `command_id` into a JSON object body that has none.
fn add_command_id(request: &mut reqwest::Request) {
    let Some(bytes) = request.body().and_then(reqwest::Body::as_bytes) else {
        return;
    };
    let Ok(serde_json::Value::Object(mut body)) =
        serde_json::from_slice::<serde_json::Value>(bytes)
    else {
        return;
    };
    match body.get(COMMAND_ID) {
        Some(serde_json::Value::Null) | None => {}
        Some(_) => return,
    }
    let id = uuid::Uuid::new_v4().to_string();
    body.insert(COMMAND_ID.to_owned(), serde_json::Value::String(id));
    let Ok(encoded) = serde_json::to_vec(&body) else {
        return;
    };
    request.headers_mut().remove(CONTENT_LENGTH);
    *request.body_mut() = Some(reqwest::Body::from(encoded));
}

/// Headers kept in place for a retry: as many as a generated request carries (`Accept`,
/// `Content-Type`, and the SDK's `Authorization` and `User-Agent`).
const INLINE_HEADERS: usize = 4;

/// What a retry sends again: the request without its headers, and the headers apart.
///
/// Only the URL is copied on the heap (and, for a request with a body, what
/// `reqwest::Request::try_clone` copies besides the headers). The headers of a request
/// that has at most [`INLINE_HEADERS`], each name once, are kept in place, not as a map:
/// the runtime's `Authorization` and `User-Agent` as a mark (their values are taken from
/// the runtime again if a retry is sent, so that their shared bytes are not counted up and
/// down by every call), any other as its name and value (shared `Bytes`). Other header
/// sets are copied as a map.
struct Spare {
    /// The request with an empty header map.
    request: reqwest::Request,
    headers: SpareHeaders,
}

enum SpareHeaders {
    Inline([SpareHeader; INLINE_HEADERS]),
    Map(HeaderMap),
}

/// One header of [`SpareHeaders::Inline`], in the request's order.
#[derive(Default)]
enum SpareHeader {
    #[default]
    None,
    /// The runtime's `Authorization`.
    Authorization,
    /// The runtime's `User-Agent`.
    UserAgent,
    Other(HeaderName, HeaderValue),
}

/// Whether `value` is a copy of `of` sharing its bytes (a clone of the runtime's value).
fn shares(value: &HeaderValue, of: &HeaderValue) -> bool {
    value.as_bytes().as_ptr() == of.as_bytes().as_ptr() && value.len() == of.len()
}

impl SpareHeaders {
    fn of(runtime: &Runtime, headers: &HeaderMap) -> Self {
        // each name once, and few of them: kept in place
        if headers.len() > INLINE_HEADERS || headers.len() != headers.keys_len() {
            return SpareHeaders::Map(headers.clone());
        }
        let mut inline: [SpareHeader; INLINE_HEADERS] = Default::default();
        for (slot, (name, value)) in inline.iter_mut().zip(headers) {
            *slot = if name == AUTHORIZATION && shares(value, runtime.authorization_header()) {
                SpareHeader::Authorization
            } else if name == USER_AGENT && shares(value, runtime.user_agent_header()) {
                SpareHeader::UserAgent
            } else {
                SpareHeader::Other(name.clone(), value.clone())
            };
        }
        SpareHeaders::Inline(inline)
    }

    fn into_map(self, runtime: &Runtime) -> HeaderMap {
        let inline = match self {
            SpareHeaders::Map(map) => return map,
            SpareHeaders::Inline(inline) => inline,
        };
        let mut map = HeaderMap::with_capacity(INLINE_HEADERS);
        for header in inline {
            match header {
                SpareHeader::None => {}
                SpareHeader::Authorization => {
                    map.append(AUTHORIZATION, runtime.authorization_header().clone());
                }
                SpareHeader::UserAgent => {
                    map.append(USER_AGENT, runtime.user_agent_header().clone());
                }
                SpareHeader::Other(name, value) => {
                    map.append(name, value);
                }
            }
        }
        map
    }
}

impl Spare {
    /// The request to send again.
    fn into_request(self, runtime: &Runtime) -> reqwest::Request {
        let mut request = self.request;
        *request.headers_mut() = self.headers.into_map(runtime);
        request
    }
}

/// A copy of `request` to send again, or `None` when its body cannot be cloned (a stream).
///
/// A request with a body is copied with `try_clone`, its headers set apart first. A request
/// without one is copied part by part (method, URL, version, timeout), which skips the
/// extension map `try_clone` allocates even when the request has none; requests built with
/// reqwest's `RequestBuilder`, as generated code builds them, carry nothing else. Checked
/// against reqwest 0.13.5, whose only per-request extension is the timeout: on a reqwest
/// upgrade, check that `RequestBuilder` still stores nothing else in a request's
/// extensions.
fn retry_copy(runtime: &Runtime, request: &mut reqwest::Request) -> Option<Spare> {
    let copy = if request.body().is_some() {
        // the copy's headers are set on retry: `try_clone` copies an empty map
        let kept = std::mem::take(request.headers_mut());
        let copy = request.try_clone();
        *request.headers_mut() = kept;
        copy?
    } else {
        let mut copy = reqwest::Request::new(request.method().clone(), request.url().clone());
        *copy.version_mut() = request.version();
        if let Some(timeout) = request.timeout() {
            *copy.timeout_mut() = Some(*timeout);
        }
        copy
    };
    Some(Spare {
        request: copy,
        headers: SpareHeaders::of(runtime, request.headers()),
    })
}

/// The retry loop. Not an `async fn`: that would keep its request argument twice in the
/// future, once as the argument and once as the variable the loop sends and replaces.
#[allow(
    clippy::manual_async_fn,
    reason = "an `async fn` keeps its argument twice in the future"
)]
fn send_with_retries<'a>(
    runtime: &'a Runtime,
    http: &'a reqwest::Client,
    mut request: reqwest::Request,
    operation: Operation,
    #[cfg(feature = "metrics")] metrics: crate::transport::CallMetrics,
) -> impl Future<Output = reqwest::Result<reqwest::Response>> + Send + 'a {
    async move {
        let policy = runtime.retry_policy();
        let max_attempts = policy.max_retries.saturating_add(1);
        let span = tracing::Span::current();
        let mut attempt: u32 = 0;
        loop {
            attempt = attempt.saturating_add(1);
            // the copy for a retry (none on the last attempt, or when the body is a stream)
            let spare = if attempt < max_attempts {
                retry_copy(runtime, &mut request)
            } else {
                None
            };
            // a slot of the concurrency limit, held until this attempt's response is done
            let permit = match runtime.limiter() {
                // boxed: the wait takes room in the future that calls without a limit skip
                Some(limiter) => Box::pin(limiter.clone().acquire_owned()).await.ok(),
                None => None,
            };
            let mut result = send_attempt(runtime, http, request, operation).await;
            // `spare` is tested, not moved, so that it keeps one place in the future
            if spare.is_none() || ends_the_call(&result) {
                return finish(
                    &span,
                    attempt,
                    with_permit(result, permit),
                    #[cfg(feature = "metrics")]
                    &metrics,
                );
            }
            // A response kept (not retried for its status) is read whole here, so that a
            // body cut off mid-transfer is retried like the broken connection it is.
            result = match result {
                Ok(response) if !should_retry_response(response.status(), response.headers()) => {
                    read_whole(response).await
                }
                other => other,
            };
            let (Some(delay), Some(next)) = (retry_delay(policy, attempt, &result), spare) else {
                return finish(
                    &span,
                    attempt,
                    result,
                    #[cfg(feature = "metrics")]
                    &metrics,
                );
            };
            if let Ok(response) = &result {
                span.record("http.response.status_code", response.status().as_u16());
            }
            #[cfg(feature = "metrics")]
            metrics.retry();
            // The future keeps one request across the wait, not two.
            request = next.into_request(runtime);
            drop(result);
            drop(permit);
            if !delay.is_zero() {
                // boxed: a timer takes 112 bytes that only a retry needs
                Box::pin(tokio::time::sleep(delay)).await;
            }
        }
    }
}

/// Sends one attempt: through the middleware chain when the runtime has one (feature
/// `middleware`), with the current span's trace context (feature `otel`).
///
/// Not an `async fn`: the request goes straight into reqwest's future (which keeps it on
/// the heap), so the retry loop's future holds no second request while it waits.
fn send_attempt<'a>(
    runtime: &'a Runtime,
    http: &'a reqwest::Client,
    #[allow(unused_mut, reason = "changed by feature `otel` only")] mut request: reqwest::Request,
    operation: Operation,
) -> impl Future<Output = reqwest::Result<reqwest::Response>> + Send + 'a {
    #[cfg(feature = "otel")]
    crate::transport::inject_trace_context(&mut request);
    #[cfg(feature = "middleware")]
    if let Some(chain) = runtime.middleware() {
        return Attempt::Chain(Box::pin(crate::transport::send_through(
            chain, request, operation,
        )));
    }
    let _ = (runtime, operation);
    #[cfg(feature = "middleware")]
    return Attempt::Direct(http.execute(request));
    #[cfg(not(feature = "middleware"))]
    http.execute(request)
}

/// The future of one attempt: reqwest's own, or the middleware chain's (boxed).
#[cfg(feature = "middleware")]
enum Attempt<'a, F> {
    Direct(F),
    Chain(std::pin::Pin<Box<dyn Future<Output = reqwest::Result<reqwest::Response>> + Send + 'a>>),
}

#[cfg(feature = "middleware")]
impl<F> Future for Attempt<'_, F>
where
    F: Future<Output = reqwest::Result<reqwest::Response>> + Unpin,
{
    type Output = reqwest::Result<reqwest::Response>;

    fn poll(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        match self.get_mut() {
            Attempt::Direct(future) => std::pin::Pin::new(future).poll(cx),
            Attempt::Chain(future) => future.as_mut().poll(cx),
        }
    }
}

/// Whether `result` ends the call whatever the retry budget: a middleware's own error.
fn ends_the_call(result: &reqwest::Result<reqwest::Response>) -> bool {
    #[cfg(feature = "middleware")]
    if let Ok(response) = result {
        return crate::transport::is_middleware_failure(response);
    }
    let _ = result;
    false
}

/// `result` holding `permit` (a slot of the concurrency limit) until the response is
/// dropped: its body is still to be read.
fn with_permit(
    result: reqwest::Result<reqwest::Response>,
    permit: Option<tokio::sync::OwnedSemaphorePermit>,
) -> reqwest::Result<reqwest::Response> {
    match (result, permit) {
        (Ok(mut response), Some(permit)) => {
            response
                .extensions_mut()
                .insert(std::sync::Arc::new(permit));
            Ok(response)
        }
        (result, _) => result,
    }
}

/// Records the call's outcome on its span (and its metrics) and returns it.
fn finish(
    span: &tracing::Span,
    attempt: u32,
    result: reqwest::Result<reqwest::Response>,
    #[cfg(feature = "metrics")] metrics: &crate::transport::CallMetrics,
) -> reqwest::Result<reqwest::Response> {
    #[cfg(feature = "metrics")]
    metrics.finish(&result);
    if span.is_disabled() {
        return result;
    }
    if attempt > 1 {
        span.record("http.request.resend_count", attempt - 1);
    }
    if let Ok(response) = &result {
        #[cfg(feature = "middleware")]
        let real = !crate::transport::is_middleware_failure(response);
        #[cfg(not(feature = "middleware"))]
        let real = true;
        if real {
            span.record("http.response.status_code", response.status().as_u16());
            if let Some(id) = request_id_of(response.headers()) {
                span.record("telnyx.request_id", id);
            }
        }
    }
    if let Some(error) = crate::transport::error_type(&result) {
        span.record("error.type", &*error);
        span.record("otel.status_code", "ERROR");
    }
    result
}

/// `response` with its whole body read into memory, or the error that cut the body off
/// (a body error, retried like a connection failure; a timeout while reading is a timeout).
/// Only attempts that can still be retried are read here: the last one is returned unread,
/// and a failure reading it is reported as `Error::Connection`.
///
/// A success keeps its own response, with the bytes read stashed in its extensions
/// ([`codegen::read_body`](crate::codegen::read_body) takes them from there): rebuilding a
/// `reqwest::Response` around them costs a URL copy, an extension map and a boxed body on
/// every call. Generated code hands an undocumented success status to the caller as
/// `Error::UnexpectedResponse`, through [`codegen::whole_response`](crate::codegen::whole_response),
/// which puts the bytes back as the body. Any other status is rebuilt here, since
/// generated code and users read error bodies by the usual `reqwest` methods.
///
/// Not an `async fn`, whose future would keep the response twice (as the argument and as
/// the variable read from).
#[allow(
    clippy::manual_async_fn,
    reason = "an `async fn` keeps its argument twice in the future"
)]
fn read_whole(
    mut response: reqwest::Response,
) -> impl Future<Output = reqwest::Result<reqwest::Response>> + Send {
    async move {
        let body = crate::codegen::read_body(&mut response).await?;
        if response.status().is_success() {
            response
                .extensions_mut()
                .insert(crate::codegen::BodyRead(body));
            return Ok(response);
        }
        Ok(crate::codegen::with_body(response, body))
    }
}

/// How long to wait before retrying after attempt number `attempt` (1-based) ended with
/// `result`; `None` when that outcome is not retried.
fn retry_delay(
    policy: &RetryPolicy,
    attempt: u32,
    result: &reqwest::Result<reqwest::Response>,
) -> Option<Duration> {
    let delay = policy.delay_after(attempt.saturating_sub(1), result)?;
    let delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
    match result {
        Ok(response) => tracing::warn!(
            attempt,
            status = response.status().as_u16(),
            delay_ms,
            "retrying request after error status"
        ),
        Err(error) => tracing::warn!(
            attempt,
            timeout = error.is_timeout(),
            error = %error,
            delay_ms,
            "retrying request after transport error"
        ),
    }
    Some(delay)
}

#[cfg(test)]
mod tests {
    use super::readable_query;

    #[test]
    fn brackets_in_keys_become_readable() {
        assert_eq!(
            readable_query("filter%5Ba%5D%5Bb%5D=x%20y&page%5bnumber%5d=2"),
            "filter[a][b]=x%20y&page[number]=2"
        );
    }

    #[test]
    fn values_and_other_escapes_are_untouched() {
        assert_eq!(readable_query("q=%5B1%5D&a%20b=%25"), "q=%5B1%5D&a%20b=%25");
        assert_eq!(readable_query("k%5=1&%"), "k%5=1&%");
        assert_eq!(readable_query("x%5B%=1"), "x[%=1");
    }

    fn runtime() -> crate::config::Runtime {
        crate::config::Runtime::builder("KEY_TEST")
            .build()
            .expect("runtime")
    }

    #[test]
    fn retry_copies_keep_what_the_request_carries() {
        use std::time::Duration;
        let runtime = runtime();
        let http = reqwest::Client::new();
        let mut get = http
            .get("http://example.test/v2/rooms?page[number]=2#f")
            .header("x-one", "1")
            .header("x-many", "a")
            .header("x-many", "b")
            .timeout(Duration::from_secs(3))
            .version(reqwest::Version::HTTP_10)
            .build()
            .expect("request");
        let spare = super::retry_copy(&runtime, &mut get).expect("copy");
        assert!(matches!(spare.headers, super::SpareHeaders::Map(_)));
        let copy = spare.into_request(&runtime);
        assert_eq!(copy.method(), get.method());
        assert_eq!(copy.url(), get.url());
        assert_eq!(copy.headers(), get.headers());
        assert_eq!(copy.version(), reqwest::Version::HTTP_10);
        assert_eq!(copy.timeout(), Some(&Duration::from_secs(3)));
        assert!(copy.body().is_none());

        let mut untimed = http
            .delete("http://example.test/x")
            .build()
            .expect("request");
        let copy = super::retry_copy(&runtime, &mut untimed)
            .expect("copy")
            .into_request(&runtime);
        assert_eq!(copy.timeout(), None);
        assert!(copy.headers().is_empty());

        let mut post = http
            .post("http://example.test/v2/rooms")
            .header("content-type", "application/json")
            .header("x-many", "a")
            .header("x-many", "b")
            .timeout(Duration::from_secs(4))
            .body("{\"a\":1}")
            .build()
            .expect("request");
        let copy = super::retry_copy(&runtime, &mut post)
            .expect("copy")
            .into_request(&runtime);
        assert_eq!(
            copy.body().and_then(reqwest::Body::as_bytes),
            Some(&b"{\"a\":1}"[..])
        );
        assert_eq!(copy.headers(), post.headers());
        assert_eq!(post.headers().len(), 3, "the original keeps its headers");
        assert_eq!(copy.timeout(), Some(&Duration::from_secs(4)));
    }

    #[test]
    fn few_headers_are_kept_in_place_in_order_and_sensitive() {
        use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue, USER_AGENT};
        let runtime = runtime();
        let mut get = reqwest::Client::new()
            .get("http://example.test/v2/rooms/1")
            .header(ACCEPT, "application/json")
            .header(AUTHORIZATION, runtime.authorization_header().clone())
            .header(USER_AGENT, runtime.user_agent_header().clone())
            .header(CONTENT_TYPE, "text/plain")
            .build()
            .expect("request");
        let spare = super::retry_copy(&runtime, &mut get).expect("copy");
        let super::SpareHeaders::Inline(inline) = &spare.headers else {
            panic!("copied as a map");
        };
        assert!(matches!(inline[1], super::SpareHeader::Authorization));
        assert!(matches!(inline[2], super::SpareHeader::UserAgent));
        let copy = spare.into_request(&runtime);
        assert_eq!(copy.headers(), get.headers());
        let names = |r: &reqwest::Request| {
            r.headers()
                .keys()
                .map(|n| n.as_str().to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&copy), names(&get));
        assert!(
            copy.headers()
                .get(AUTHORIZATION)
                .is_some_and(HeaderValue::is_sensitive)
        );

        // an `Authorization` that is not the runtime's is kept as it is
        let mut own = reqwest::Client::new()
            .get("http://example.test/v2/rooms/1")
            .header(AUTHORIZATION, "Bearer other")
            .build()
            .expect("request");
        let copy = super::retry_copy(&runtime, &mut own)
            .expect("copy")
            .into_request(&runtime);
        assert_eq!(copy.headers(), own.headers());

        // one more header, or a name twice: copied as a map
        get.headers_mut()
            .insert("x-five", HeaderValue::from_static("5"));
        let spare = super::retry_copy(&runtime, &mut get).expect("copy");
        assert!(matches!(spare.headers, super::SpareHeaders::Map(_)));
        assert_eq!(spare.into_request(&runtime).headers(), get.headers());
    }
}
