//! The pure retry functions: which responses are retried and how long to wait.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderValue};
use telnyx_sdk_core::RetryPolicy;
use telnyx_sdk_core::retry::{is_retryable_status, retry_after, should_retry_response};

fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.insert(*name, HeaderValue::from_str(value).expect("header value"));
    }
    map
}

fn status(code: u16) -> StatusCode {
    StatusCode::from_u16(code).expect("status")
}

#[test]
fn status_rule() {
    for code in [408, 409, 429, 500, 501, 502, 503, 504, 599] {
        assert!(is_retryable_status(status(code)), "{code}");
    }
    for code in [200, 201, 204, 301, 400, 401, 403, 404, 410, 418, 422] {
        assert!(!is_retryable_status(status(code)), "{code}");
    }
}

#[test]
fn x_should_retry_overrides_the_status() {
    let none = HeaderMap::new();
    assert!(should_retry_response(status(500), &none));
    assert!(!should_retry_response(status(400), &none));
    assert!(!should_retry_response(
        status(500),
        &headers(&[("x-should-retry", "false")])
    ));
    assert!(should_retry_response(
        status(400),
        &headers(&[("x-should-retry", "true")])
    ));
    assert!(should_retry_response(
        status(404),
        &headers(&[("x-should-retry", "TRUE")])
    ));
    // Anything else falls back to the status rule.
    assert!(should_retry_response(
        status(503),
        &headers(&[("x-should-retry", "maybe")])
    ));
    assert!(!should_retry_response(
        status(404),
        &headers(&[("x-should-retry", "1")])
    ));
}

#[test]
fn backoff_doubles_caps_and_jitters() {
    let p = RetryPolicy::default();
    assert_eq!(p.backoff(0, 0.0), Duration::from_millis(500));
    assert_eq!(p.backoff(1, 0.0), Duration::from_secs(1));
    assert_eq!(p.backoff(2, 0.0), Duration::from_secs(2));
    assert_eq!(p.backoff(3, 0.0), Duration::from_secs(4));
    assert_eq!(p.backoff(4, 0.0), Duration::from_secs(8));
    assert_eq!(p.backoff(5, 0.0), Duration::from_secs(8));
    assert_eq!(p.backoff(100, 0.0), Duration::from_secs(8));
    // Up to 25 % less.
    assert_eq!(p.backoff(0, 1.0), Duration::from_millis(375));
    assert_eq!(p.backoff(4, 0.5), Duration::from_secs(7));
    // Out-of-range jitter is clamped.
    assert_eq!(p.backoff(0, 7.0), Duration::from_millis(375));
    assert_eq!(p.backoff(0, -1.0), Duration::from_millis(500));
    assert_eq!(p.backoff(0, f64::NAN), Duration::from_millis(500));
}

#[test]
fn retry_after_ms_wins() {
    let now = SystemTime::now();
    let p = RetryPolicy::default();
    let h = headers(&[("retry-after-ms", "1500"), ("retry-after", "9")]);
    assert_eq!(retry_after(&h, now), Some(Duration::from_millis(1500)));
    assert_eq!(p.delay(0, Some(&h), 0.0, now), Duration::from_millis(1500));
    // Fractional milliseconds.
    let h = headers(&[("retry-after-ms", "2.5")]);
    assert_eq!(p.delay(3, Some(&h), 1.0, now), Duration::from_micros(2500));
}

#[test]
fn retry_after_seconds_and_dates() {
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_470);
    let p = RetryPolicy::default();
    let h = headers(&[("retry-after", "3")]);
    assert_eq!(p.delay(0, Some(&h), 0.0, now), Duration::from_secs(3));
    // Wed, 21 Oct 2015 07:28:00 GMT = 1445412480, ten seconds after `now`.
    let h = headers(&[("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT")]);
    assert_eq!(retry_after(&h, now), Some(Duration::from_secs(10)));
    assert_eq!(p.delay(2, Some(&h), 0.0, now), Duration::from_secs(10));
    // A date in the past means no wait.
    let later = now + Duration::from_secs(100);
    assert_eq!(p.delay(2, Some(&h), 0.0, later), Duration::ZERO);
}

#[test]
fn long_or_invalid_requests_fall_back_to_backoff() {
    let now = SystemTime::now();
    let p = RetryPolicy::default();
    for pairs in [
        vec![("retry-after", "61")],
        vec![("retry-after-ms", "60001")],
        vec![("retry-after", "soon")],
        vec![("retry-after", "-5")],
        vec![("retry-after-ms", "abc")],
    ] {
        let h = headers(&pairs);
        assert_eq!(
            p.delay(1, Some(&h), 0.0, now),
            Duration::from_secs(1),
            "{pairs:?}"
        );
    }
    // Exactly 60 s is honoured.
    let h = headers(&[("retry-after", "60")]);
    assert_eq!(p.delay(1, Some(&h), 0.0, now), Duration::from_secs(60));
    // No headers: backoff.
    assert_eq!(p.delay(2, None, 0.0, now), Duration::from_secs(2));
    // An invalid retry-after-ms falls through to Retry-After.
    let h = headers(&[("retry-after-ms", "x"), ("retry-after", "4")]);
    assert_eq!(p.delay(0, Some(&h), 0.0, now), Duration::from_secs(4));
}

#[test]
fn custom_policy_limits() {
    let p = RetryPolicy {
        max_retries: 1,
        base_delay: Duration::from_millis(2),
        max_delay: Duration::from_millis(5),
        max_retry_after: Duration::from_millis(10),
    };
    assert_eq!(p.backoff(0, 0.0), Duration::from_millis(2));
    assert_eq!(p.backoff(1, 0.0), Duration::from_millis(4));
    assert_eq!(p.backoff(2, 0.0), Duration::from_millis(5));
    let h = headers(&[("retry-after-ms", "11")]);
    assert_eq!(
        p.delay(0, Some(&h), 0.0, SystemTime::now()),
        Duration::from_millis(2)
    );
}
