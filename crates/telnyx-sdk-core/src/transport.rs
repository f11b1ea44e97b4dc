//! The optional parts of sending one attempt: a middleware chain (feature `middleware`), W3C
//! trace context (feature `otel`), metrics (feature `metrics`), and the names OpenTelemetry's
//! HTTP client conventions give to an outcome (`error.type`).

use std::borrow::Cow;

/// The `error.type` of a call's outcome, per OpenTelemetry's HTTP client conventions: the
/// status code for an error status, a short name for a transport failure, `None` for success.
pub(crate) fn error_type(result: &reqwest::Result<reqwest::Response>) -> Option<Cow<'static, str>> {
    match result {
        Ok(response) => {
            #[cfg(feature = "middleware")]
            if is_middleware_failure(response) {
                return Some(Cow::Borrowed("middleware"));
            }
            let status = response.status();
            (status.is_client_error() || status.is_server_error())
                .then(|| Cow::Owned(status.as_str().to_owned()))
        }
        Err(error) => Some(Cow::Borrowed(transport_error_type(error))),
    }
}

/// A low-cardinality name for a transport failure.
fn transport_error_type(error: &reqwest::Error) -> &'static str {
    if error.is_timeout() {
        "timeout"
    } else if error.is_connect() {
        "connect"
    } else if error.is_body() || error.is_decode() {
        "body"
    } else if error.is_redirect() {
        "redirect"
    } else if error.is_builder() {
        "builder"
    } else if error.is_request() {
        "request"
    } else {
        "_OTHER"
    }
}

/// The method as a label value; the common ones without an allocation.
#[cfg(feature = "metrics")]
pub(crate) fn method_label(method: &str) -> Cow<'static, str> {
    const KNOWN: &[&str] = &["GET", "POST", "PATCH", "PUT", "DELETE", "HEAD", "OPTIONS"];
    match KNOWN.iter().find(|known| **known == method) {
        Some(known) => Cow::Borrowed(known),
        None => Cow::Owned(method.to_owned()),
    }
}

/// What the metrics of one call are labelled with: never the API key, never an id.
#[cfg(feature = "metrics")]
pub(crate) struct CallMetrics {
    pub(crate) method: Cow<'static, str>,
    pub(crate) template: Cow<'static, str>,
    pub(crate) started: std::time::Instant,
}

#[cfg(feature = "metrics")]
impl CallMetrics {
    /// One retry of this call.
    pub(crate) fn retry(&self) {
        metrics::counter!(
            "telnyx.client.retries",
            "http.request.method" => self.method.clone(),
            "url.template" => self.template.clone(),
        )
        .increment(1);
    }

    /// The end of this call: one request counted, its duration (all attempts and waits).
    pub(crate) fn finish(&self, result: &reqwest::Result<reqwest::Response>) {
        let mut labels = vec![
            metrics::Label::new("http.request.method", self.method.clone()),
            metrics::Label::new("url.template", self.template.clone()),
        ];
        if let Ok(response) = result {
            #[cfg(feature = "middleware")]
            let real = !is_middleware_failure(response);
            #[cfg(not(feature = "middleware"))]
            let real = true;
            if real {
                labels.push(metrics::Label::new(
                    "http.response.status_code",
                    response.status().as_str().to_owned(),
                ));
            }
        }
        if let Some(error) = error_type(result) {
            labels.push(metrics::Label::new("error.type", error));
        }
        metrics::counter!("telnyx.client.requests", labels.iter()).increment(1);
        metrics::histogram!("telnyx.client.request.duration", labels)
            .record(self.started.elapsed().as_secs_f64());
    }
}

/// Adds `traceparent` (and `tracestate`, when not empty) for the OpenTelemetry context of
/// the current `tracing` span; nothing when that span has no valid OpenTelemetry context
/// (no `tracing-opentelemetry` layer, or a span that is not recorded).
#[cfg(feature = "otel")]
pub(crate) fn inject_trace_context(request: &mut reqwest::Request) {
    use opentelemetry::trace::TraceContextExt as _;
    use reqwest::header::{HeaderName, HeaderValue};
    use tracing_opentelemetry::OpenTelemetrySpanExt as _;

    const TRACEPARENT: HeaderName = HeaderName::from_static("traceparent");
    const TRACESTATE: HeaderName = HeaderName::from_static("tracestate");

    let span = tracing::Span::current();
    if span.is_disabled() {
        return;
    }
    let context = span.context();
    let otel_span = context.span();
    let span_context = otel_span.span_context();
    if !span_context.is_valid() {
        return;
    }
    let traceparent = format!(
        "00-{:032x}-{:016x}-{:02x}",
        span_context.trace_id(),
        span_context.span_id(),
        span_context.trace_flags().to_u8()
    );
    let headers = request.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&traceparent) {
        headers.insert(TRACEPARENT, value);
    }
    let state = span_context.trace_state().header();
    if !state.is_empty()
        && let Ok(value) = HeaderValue::from_str(&state)
    {
        headers.insert(TRACESTATE, value);
    }
}

/// A middleware's own error (not one of `reqwest`), as the source of the
/// [`Error::Connection`](crate::Error::Connection) that ends the call.
#[cfg(feature = "middleware")]
#[derive(Clone, Debug)]
pub struct MiddlewareError(std::sync::Arc<reqwest_middleware::Error>);

#[cfg(feature = "middleware")]
impl MiddlewareError {
    /// The error the middleware returned.
    pub fn get_ref(&self) -> &reqwest_middleware::Error {
        &self.0
    }
}

#[cfg(feature = "middleware")]
impl std::fmt::Display for MiddlewareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.0, f)
    }
}

#[cfg(feature = "middleware")]
impl std::error::Error for MiddlewareError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&*self.0)
    }
}

/// The status of the stand-in response that carries a middleware's error out of
/// [`execute`](crate::execute), whose signature (progenitor's hook) returns only `reqwest`
/// errors. Outside the range servers use; the error mapping turns it into
/// [`Error::Connection`](crate::Error::Connection) before anyone sees it.
#[cfg(feature = "middleware")]
const MIDDLEWARE_FAILURE_STATUS: u16 = 599;

/// Sends one attempt through the middleware chain. A `reqwest` error comes back as it is;
/// a middleware's own error as a stand-in response that the error mapping recognizes.
#[cfg(feature = "middleware")]
pub(crate) async fn send_through(
    chain: &reqwest_middleware::ClientWithMiddleware,
    request: reqwest::Request,
    operation: crate::Operation,
) -> reqwest::Result<reqwest::Response> {
    let mut extensions = http::Extensions::new();
    extensions.insert(operation);
    match chain
        .execute_with_extensions(request, &mut extensions)
        .await
    {
        Ok(response) => Ok(response),
        Err(reqwest_middleware::Error::Reqwest(error)) => Err(error),
        Err(error) => {
            let mut response = http::Response::new(bytes::Bytes::new());
            if let Ok(status) = http::StatusCode::from_u16(MIDDLEWARE_FAILURE_STATUS) {
                *response.status_mut() = status;
            }
            response
                .extensions_mut()
                .insert(MiddlewareError(std::sync::Arc::new(error)));
            Ok(reqwest::Response::from(response))
        }
    }
}

/// Whether `response` is the stand-in for a middleware's error.
#[cfg(feature = "middleware")]
pub(crate) fn is_middleware_failure(response: &reqwest::Response) -> bool {
    response.status().as_u16() == MIDDLEWARE_FAILURE_STATUS
        && response.extensions().get::<MiddlewareError>().is_some()
}

/// The middleware error a stand-in response carries, if it is one.
#[cfg(feature = "middleware")]
pub(crate) fn middleware_failure(response: &reqwest::Response) -> Option<MiddlewareError> {
    if response.status().as_u16() != MIDDLEWARE_FAILURE_STATUS {
        return None;
    }
    response.extensions().get::<MiddlewareError>().cloned()
}

/// Percent-encodes one query key or value: every byte but the unreserved ones of RFC 3986
/// (`A-Z a-z 0-9 - . _ ~`), so a space is `%20` (never `+`, which a strict server reads as a
/// plus sign). Used by the per-call extra query parameters and `RawRequest::query`.
pub fn encode_query_component(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::encode_query_component;

    fn encoded(text: &str) -> String {
        let mut out = String::new();
        encode_query_component(text, &mut out);
        out
    }

    #[test]
    fn query_components_use_percent_twenty_for_spaces() {
        assert_eq!(encoded("a b+c"), "a%20b%2Bc");
        assert_eq!(encoded("filter[x]"), "filter%5Bx%5D");
        assert_eq!(encoded("Az09-._~"), "Az09-._~");
        assert_eq!(encoded("é&=#%"), "%C3%A9%26%3D%23%25");
        assert_eq!(encoded(""), "");
    }
}
