//! What every contract case shares: the IDs the cases send, the known failures, the
//! [`Contract`] runner that calls an operation against Prism and judges the outcome, and
//! small value helpers.

use std::fmt::Display;
use std::future::Future;
use std::num::NonZeroU64;

use serde::Serialize;
use telnyx_sdk::NaiveDate;
use telnyx_sdk_tests::capture::{self, RecordingProxy};
use telnyx_sdk_tests::prism::Prism;

pub(crate) const ROOM_ID: &str = "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0";
pub(crate) const SESSION_ID: &str = "7b61621f-62e0-4aad-ab11-9fd19e272e74";
pub(crate) const PARTICIPANT_ID: &str = "5a7f3b2c-1d4e-4f6a-9b8c-7d6e5f4a3b2c";
pub(crate) const RECORDING_ID: &str = "6b1e1b3e-9f3b-4c1f-8d3a-2a1b0c9d8e7f";
pub(crate) const COMPOSITION_ID: &str = "5e2b4c6d-8f0a-4b2c-9d4e-6f8a0b2c4d6e";
pub(crate) const CONFERENCE_ID: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
pub(crate) const CALL_CONTROL_ID: &str =
    "v3:MdI91X4lWFEs7IgbBEOT9M4AigoY08M0WWZFISt1Yw2axZ_IiE4pqg";
pub(crate) const OTHER_CALL_CONTROL_ID: &str =
    "v3:QEr0MmUNTX7tZvjsthFg7Bq5hT9ckOdJk4aUt8O4YXZ6EEmxP6qCEw";
pub(crate) const QUEUE_NAME: &str = "support";
pub(crate) const CLIENT_STATE: &str = "aGF2ZSBhIG5pY2UgZGF5ID1d";
pub(crate) const COMMAND_ID: &str = "891510ac-f3e4-11e8-af5b-de00688a4901";

/// Operations that fail because of a known, reported bug: (operation, text the failure must
/// contain, explanation). The test still calls them and prints the failure; it fails if one
/// of them starts passing (then remove it here) or fails for another reason. (The first bug
/// found here, optional body fields with a spec `default` always sent, is fixed by the
/// generator patch `optional_request_fields_without_defaults`.)
pub(crate) const KNOWN_FAILURES: &[(&str, &str, &str)] = &[];

/// Failures that only the project's own `openapi/` documents cause (used when
/// `../shared/reference` is absent). Our room and composition schemas give
/// `webhook_event_failover_url` the default `''` with `format: uri`, as the vendor's do;
/// the vendor document also has response examples, ours do not, so Prism builds its answer
/// from the default and then flags its own answer. The requests themselves are valid.
pub(crate) const OWN_SPEC_FAILOVER: &str = "response.body.data.webhook_event_failover_url Response body property data.webhook_event_failover_url must match format \"uri\"";
pub(crate) const OWN_SPEC_FAILOVER_LIST: &str = "response.body.data.0.webhook_event_failover_url Response body property data.0.webhook_event_failover_url must match format \"uri\"";
pub(crate) const OWN_SPEC_WHY: &str =
    "Prism answers with the schema default '' for a `format: uri` field of our own document";
/// More answers Prism makes up from our own documents (which, like the vendor's, have no
/// response examples here) and then flags or that our types refuse: the non-standard
/// `format: url` it cannot satisfy, a `default: null` on an integer or string field (kept
/// from the vendor's schemas), a made-up value that ignores the field's `pattern`.
pub(crate) const OWN_SPEC_URL: &str = "must match format \"url\"";
pub(crate) const OWN_SPEC_URL_WHY: &str =
    "Prism answers a `format: url` field of our own document with a value it then flags";
pub(crate) const OWN_SPEC_NULL_DEFAULT: &str = "must be integer";
pub(crate) const OWN_SPEC_NULL_DEFAULT_WHY: &str =
    "Prism answers with the schema default `null` of a non-nullable field of our own document";
pub(crate) const OWN_SPEC_PATTERN: &str = "doesn't match pattern";
pub(crate) const OWN_SPEC_PATTERN_WHY: &str =
    "Prism makes up a `daily_spend_limit` that ignores the field's pattern; our types refuse it";
pub(crate) const KNOWN_FAILURES_OWN_SPEC: &[(&str, &str, &str)] = &[
    ("SendMessage", OWN_SPEC_URL, OWN_SPEC_URL_WHY),
    (
        "SendAlphanumericSenderIdMessage",
        OWN_SPEC_URL,
        OWN_SPEC_URL_WHY,
    ),
    ("CreateLongCodeMessage", OWN_SPEC_URL, OWN_SPEC_URL_WHY),
    ("CreateShortCodeMessage", OWN_SPEC_URL, OWN_SPEC_URL_WHY),
    ("CreateNumberPoolMessage", OWN_SPEC_URL, OWN_SPEC_URL_WHY),
    ("CreateGroupMmsMessage", OWN_SPEC_URL, OWN_SPEC_URL_WHY),
    ("ScheduleMessage", OWN_SPEC_URL, OWN_SPEC_URL_WHY),
    ("GetMessage", OWN_SPEC_URL, OWN_SPEC_URL_WHY),
    ("CancelMessage", OWN_SPEC_URL, OWN_SPEC_URL_WHY),
    ("GetGroupMmsMessages", OWN_SPEC_URL, OWN_SPEC_URL_WHY),
    (
        "CreateMessagingProfile",
        OWN_SPEC_PATTERN,
        OWN_SPEC_PATTERN_WHY,
    ),
    (
        "RetrieveMessagingProfile",
        OWN_SPEC_PATTERN,
        OWN_SPEC_PATTERN_WHY,
    ),
    (
        "UpdateMessagingProfile",
        OWN_SPEC_PATTERN,
        OWN_SPEC_PATTERN_WHY,
    ),
    (
        "DeleteMessagingProfile",
        OWN_SPEC_PATTERN,
        OWN_SPEC_PATTERN_WHY,
    ),
    (
        "ListCallControlApplications",
        OWN_SPEC_NULL_DEFAULT,
        OWN_SPEC_NULL_DEFAULT_WHY,
    ),
    (
        "CreateCallControlApplication",
        OWN_SPEC_NULL_DEFAULT,
        OWN_SPEC_NULL_DEFAULT_WHY,
    ),
    (
        "RetrieveCallControlApplication",
        OWN_SPEC_NULL_DEFAULT,
        OWN_SPEC_NULL_DEFAULT_WHY,
    ),
    (
        "UpdateCallControlApplication",
        OWN_SPEC_NULL_DEFAULT,
        OWN_SPEC_NULL_DEFAULT_WHY,
    ),
    (
        "DeleteCallControlApplication",
        OWN_SPEC_NULL_DEFAULT,
        OWN_SPEC_NULL_DEFAULT_WHY,
    ),
    ("ListConnections", OWN_SPEC_FAILOVER_LIST, OWN_SPEC_WHY),
    ("RetrieveConnection", OWN_SPEC_FAILOVER, OWN_SPEC_WHY),
    ("ListRooms", OWN_SPEC_FAILOVER_LIST, OWN_SPEC_WHY),
    ("CreateRoom", OWN_SPEC_FAILOVER, OWN_SPEC_WHY),
    ("ViewRoom", OWN_SPEC_FAILOVER, OWN_SPEC_WHY),
    ("UpdateRoom", OWN_SPEC_FAILOVER, OWN_SPEC_WHY),
    ("ListRoomCompositions", OWN_SPEC_FAILOVER_LIST, OWN_SPEC_WHY),
    ("CreateRoomComposition", OWN_SPEC_FAILOVER, OWN_SPEC_WHY),
    ("ViewRoomComposition", OWN_SPEC_FAILOVER, OWN_SPEC_WHY),
    (
        "CreateRoom (required fields only)",
        OWN_SPEC_FAILOVER,
        OWN_SPEC_WHY,
    ),
    (
        "CreateRoomComposition (required fields only)",
        OWN_SPEC_FAILOVER,
        OWN_SPEC_WHY,
    ),
];

pub(crate) type Outcome = Result<(), String>;

/// Runs operations against one Prism and keeps their outcomes.
pub(crate) struct Contract<'p> {
    pub(crate) prism: &'p Prism,
    pub(crate) proxy: &'p RecordingProxy,
    pub(crate) results: Vec<(&'static str, Outcome)>,
    /// Response fields (from Prism's examples) that our types do not know, by operation.
    pub(crate) dropped: Vec<(&'static str, Vec<String>)>,
    /// How many successful calls had their raw response recorded by the proxy.
    pub(crate) compared: usize,
    /// The request the last [`Contract::run`] sent, for [`Contract::expect_body`].
    pub(crate) last_sent: Option<capture::RawRequest>,
}

impl Contract<'_> {
    /// Sends one facade request and records whether Prism accepted it and the response
    /// decoded.
    pub(crate) async fn run<T, F>(&mut self, operation: &'static str, call: F)
    where
        T: Serialize,
        F: Future<Output = Result<T, telnyx_sdk::Error>>,
    {
        let mark = self.prism.log_mark();
        let _ = self.proxy.take_last();
        let _ = self.proxy.take_last_request();
        let result = call.await;
        let sent = self.proxy.take_last_request();
        if std::env::var_os("CONTRACT_SHOW_REQUESTS").is_some()
            && let Some(request) = &sent
        {
            eprintln!(
                "contract: sent {operation}: {} {}",
                request.line,
                String::from_utf8_lossy(&request.body)
            );
        }
        if let (Ok(value), Some(raw)) = (&result, self.proxy.take_last()) {
            let raw = serde_json::from_slice::<serde_json::Value>(&raw.body);
            let decoded = serde_json::to_value(value);
            if let (Ok(raw), Ok(decoded)) = (raw, decoded) {
                self.compared += 1;
                let dropped = capture::dropped_fields(&raw, &decoded);
                if !dropped.is_empty() {
                    eprintln!("contract: note {operation} drops {}", dropped.join(", "));
                    self.dropped.push((operation, dropped));
                }
            }
        }
        let outcome = self
            .judge(mark, result)
            .await
            .map_err(|reason| match &sent {
                Some(request) if request.body.is_empty() => {
                    format!("{reason}\n    sent: {}", request.line)
                }
                Some(request) => format!(
                    "{reason}\n    sent: {} {}",
                    request.line,
                    String::from_utf8_lossy(&request.body)
                ),
                None => reason,
            });
        self.record(operation, outcome);
        self.last_sent = sent;
    }

    /// Prints the outcome of `name` (an operation or an extra check) and keeps it.
    fn record(&mut self, name: &'static str, outcome: Outcome) {
        match &outcome {
            Ok(()) => eprintln!("contract: ok   {name}"),
            Err(reason) => eprintln!("contract: FAIL {name}: {reason}"),
        }
        self.results.push((name, outcome));
    }

    /// Checks the method and path (query included) of the request the last
    /// [`Contract::run`] sent, e.g. `"GET /texml/Accounts/AC1/Recordings/3a4b.json"`, as an
    /// extra check named `check`. The request stays for [`Contract::expect_body`].
    pub(crate) fn expect_request(&mut self, check: &'static str, expected: &str) {
        let outcome = match &self.last_sent {
            None => Err("no request was recorded".to_owned()),
            Some(request) if request.line == format!("{expected} HTTP/1.1") => Ok(()),
            Some(request) => Err(format!(
                "request line: {}\n    expected: {expected} HTTP/1.1",
                request.line
            )),
        };
        self.record(check, outcome);
    }

    /// Checks the exact body of the request the last [`Contract::run`] sent, as an extra
    /// check named `check` (`"<operation> (body)"`): a JSON body is compared as JSON (the
    /// whole body: no field more, none less), any other (a form) byte for byte. `expected`
    /// is a `serde_json::Value` or the text of the body.
    pub(crate) fn expect_body(&mut self, check: &'static str, expected: impl std::fmt::Display) {
        let expected = expected.to_string();
        let outcome = match self.last_sent.take() {
            None => Err("no request was recorded".to_owned()),
            Some(request) => {
                let sent_text = String::from_utf8_lossy(&request.body).into_owned();
                let same = match (
                    serde_json::from_slice::<serde_json::Value>(&request.body),
                    serde_json::from_str::<serde_json::Value>(&expected),
                ) {
                    (Ok(sent), Ok(expected)) => sent == expected,
                    _ => sent_text == expected,
                };
                if same {
                    Ok(())
                } else {
                    Err(format!(
                        "body on the wire: {sent_text}\n    expected: {expected}\n    request: {}",
                        request.line
                    ))
                }
            }
        };
        self.record(check, outcome);
    }

    /// [`run`](Self::run), and the request body must hold `wire` byte for byte (a union
    /// member as the SDK writes it: its tag first, then its fields).
    pub(crate) async fn run_sending<T, F>(&mut self, operation: &'static str, wire: &str, call: F)
    where
        T: Serialize,
        F: Future<Output = Result<T, telnyx_sdk::Error>>,
    {
        self.run(operation, call).await;
        let body = self.last_sent.take().map(|r| r.body).unwrap_or_default();
        let body = String::from_utf8_lossy(&body);
        if !body.contains(wire)
            && let Some((_, outcome)) = self.results.last_mut()
        {
            eprintln!("contract: FAIL {operation}: the body lacks {wire}");
            *outcome = Err(format!("the body lacks `{wire}`\n    sent: {body}"));
        }
    }

    async fn judge<T: Serialize>(
        &self,
        mark: u64,
        result: Result<T, telnyx_sdk::Error>,
    ) -> Outcome {
        let mut violations = self.prism.violations_since(mark);
        if result.is_err() && violations.is_empty() {
            // Prism may write its log a moment after it answered.
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            violations = self.prism.violations_since(mark);
        }
        let errors: Vec<&String> = violations
            .iter()
            .filter(|v| v.starts_with("error"))
            .collect();
        for warning in violations.iter().filter(|v| !v.starts_with("error")) {
            eprintln!("contract: note {warning}");
        }
        match result {
            Ok(value) => {
                if !errors.is_empty() {
                    return Err(format!("Prism reported violations: {}", join(&errors)));
                }
                // A body decoded into a type that knows none of its fields would be `{}`.
                match serde_json::to_value(value) {
                    Ok(serde_json::Value::Object(map)) if map.is_empty() => {
                        Err("the response decoded into an empty value".to_owned())
                    }
                    Ok(_) => Ok(()),
                    Err(e) => Err(format!("cannot re-encode the decoded response: {e}")),
                }
            }
            Err(telnyx_sdk::Error::Api(api)) if !errors.is_empty() => Err(format!(
                "Prism rejected the request ({}): {}",
                api.status,
                join(&errors)
            )),
            Err(telnyx_sdk::Error::Decode(decode)) => {
                Err(format!("response does not decode: {decode}"))
            }
            Err(other) => Err(format!("request failed: {other}")),
        }
    }
}

pub(crate) fn join<T: Display>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

pub(crate) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

pub(crate) fn non_zero(n: u64) -> NonZeroU64 {
    NonZeroU64::new(n).expect("non-zero")
}

pub(crate) fn uuid(text: &str) -> uuid::Uuid {
    text.parse().expect("a uuid")
}

pub(crate) fn runtime() -> telnyx_sdk_core::Runtime {
    telnyx_sdk_core::Runtime::builder("KEY_contract_test")
        .max_retries(0)
        .build()
        .expect("runtime")
}
