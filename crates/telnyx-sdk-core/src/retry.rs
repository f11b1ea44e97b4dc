//! Retry decisions and delays. Pure functions, so they can be tested without a clock.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// Header with which the server says explicitly whether a retry makes sense.
pub const X_SHOULD_RETRY: &str = "x-should-retry";
/// Header with a retry delay in milliseconds.
pub const RETRY_AFTER_MS: &str = "retry-after-ms";
/// Standard `Retry-After` header (seconds or an HTTP date).
pub const RETRY_AFTER: &str = "retry-after";

/// When and how often a request is retried.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (attempts = 1 + `max_retries`).
    pub max_retries: u32,
    /// Backoff before the first retry; doubled for every further retry.
    pub base_delay: Duration,
    /// Upper bound of the computed backoff.
    pub max_delay: Duration,
    /// Longest server-requested delay that is honoured; longer ones fall back to the backoff.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: crate::config::DEFAULT_MAX_RETRIES,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// Whether a response with `status` and `headers` should be retried (ignoring the retry
    /// budget). `x-should-retry: true|false` wins; otherwise 408, 409, 429 and 5xx are retried.
    pub fn should_retry(&self, status: StatusCode, headers: &HeaderMap) -> bool {
        should_retry_response(status, headers)
    }

    /// Computed backoff before retry number `retry` (0 for the first retry):
    /// `base * 2^retry`, capped at `max_delay`, minus `jitter * 25 %`.
    /// `jitter` is clamped to `0.0..=1.0`.
    pub fn backoff(&self, retry: u32, jitter: f64) -> Duration {
        let factor = 2u32.checked_pow(retry).unwrap_or(u32::MAX);
        let raw = self
            .base_delay
            .checked_mul(factor)
            .unwrap_or(self.max_delay)
            .min(self.max_delay);
        let jitter = if jitter.is_finite() {
            jitter.clamp(0.0, 1.0)
        } else {
            0.0
        };
        raw.mul_f64(1.0 - 0.25 * jitter)
    }

    /// Delay before retry number `retry` (0 for the first retry).
    ///
    /// A server-requested delay (`retry-after-ms`, else `Retry-After` in seconds or as an
    /// HTTP date relative to `now`) is used when it is at most `max_retry_after`; otherwise
    /// the computed [`backoff`](Self::backoff).
    pub fn delay(
        &self,
        retry: u32,
        headers: Option<&HeaderMap>,
        jitter: f64,
        now: SystemTime,
    ) -> Duration {
        if let Some(requested) = headers.and_then(|h| retry_after(h, now))
            && requested <= self.max_retry_after
        {
            return requested;
        }
        self.backoff(retry, jitter)
    }

    /// The delay before retry number `retry` (0 for the first retry) after an attempt ended
    /// with `result`, or `None` when that outcome is not retried (a success, a status the
    /// rule does not retry, a transport error that is not transient). The retry budget is
    /// the caller's to check.
    pub fn delay_after(
        &self,
        retry: u32,
        result: &reqwest::Result<reqwest::Response>,
    ) -> Option<Duration> {
        let headers = match result {
            Ok(response) if self.should_retry(response.status(), response.headers()) => {
                Some(response.headers())
            }
            Err(error) if is_retryable_transport_error(error) => None,
            _ => return None,
        };
        Some(self.delay(retry, headers, random_jitter(), SystemTime::now()))
    }
}

/// The status rule, overridden by `x-should-retry`.
pub fn should_retry_response(status: StatusCode, headers: &HeaderMap) -> bool {
    // A pre-parsed name: looking up by `&str` would parse the name on every response.
    const NAME: reqwest::header::HeaderName =
        reqwest::header::HeaderName::from_static(X_SHOULD_RETRY);
    if let Some(value) = headers.get(NAME) {
        let value = value.as_bytes().trim_ascii();
        if value.eq_ignore_ascii_case(b"true") {
            return true;
        }
        if value.eq_ignore_ascii_case(b"false") {
            return false;
        }
    }
    is_retryable_status(status)
}

/// 408, 409, 429 and every status >= 500.
pub fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 409 | 429) || status.as_u16() >= 500
}

/// Whether a transport error is worth retrying: connection failures, timeouts, errors
/// while sending, and a response body that broke off before its end (reqwest reports that
/// as a "decode" error; the SDK decodes JSON itself, so reqwest never decodes a payload).
/// Errors in building the request or following redirects are not, nor a server
/// certificate the TLS backend refused ([`is_certificate_error`]): the next attempt meets
/// the same certificate.
pub fn is_retryable_transport_error(error: &reqwest::Error) -> bool {
    if error.is_builder() || error.is_redirect() || is_certificate_error(error) {
        return false;
    }
    error.is_timeout()
        || error.is_connect()
        || error.is_request()
        || error.is_body()
        || error.is_decode()
}

/// Whether the TLS backend refused the server's certificate (untrusted issuer, expired,
/// wrong host name, ...). reqwest has no typed test for it and the error types differ per
/// backend, so the messages of the error's causes are read: rustls says "invalid peer
/// certificate", OpenSSL "certificate verify failed", Secure Transport and SChannel name the
/// certificate too. reqwest's own message is skipped: it holds the URL, and a path may name a
/// certificate. A connection reset during the handshake names no certificate and stays
/// retryable.
pub fn is_certificate_error(error: &reqwest::Error) -> bool {
    let mut next = std::error::Error::source(error);
    while let Some(e) = next {
        if e.to_string().to_ascii_lowercase().contains("certificate") {
            return true;
        }
        next = e.source();
    }
    false
}

/// The delay the server asked for, if any: `retry-after-ms` (milliseconds, may be
/// fractional), else `Retry-After` (seconds, or an HTTP date; a date in the past gives zero).
/// Negative or unparsable values are ignored.
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    if let Some(ms) = headers
        .get(RETRY_AFTER_MS)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<f64>().ok())
        .and_then(|ms| Duration::try_from_secs_f64(ms / 1000.0).ok())
    {
        return Some(ms);
    }
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<f64>() {
        return Duration::try_from_secs_f64(seconds).ok();
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A random number in `0.0..1.0` for the backoff jitter.
pub fn random_jitter() -> f64 {
    let bits = (uuid::Uuid::new_v4().as_u128() >> 64) as u64;
    (bits >> 11) as f64 / (1u64 << 53) as f64
}
