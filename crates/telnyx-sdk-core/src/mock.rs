//! Support for the typed mocks of the generated crates (feature `mock`).
//!
//! Each generated client crate has a `mock` module (its own `mock` feature) with one typed
//! `When` / `Then` pair per operation, generated from the OpenAPI description. This module
//! holds what every operation shares: [`ErrorReply`], an error response in Telnyx's format
//! (status, `{"errors":[{code,title,detail}]}`, headers such as `Retry-After`), and the
//! escaping that makes a path matcher expect exactly what the client sends.

use std::fmt::{self, Write as _};
use std::time::Duration;

use serde_json::{Value, json};

/// The `httpmock` crate the generated mocks are built on.
pub use httpmock;

/// Expects the query pairs a generated client sends for parameter `name` with `value`: the
/// same encoding (`codegen::QueryUrl`: a scalar as one pair, a list as one pair per element,
/// an untagged value as what it holds), each pair matched decoded; no pair for a value the
/// client leaves out (an empty list, `None`). A value the client refuses to send matches no
/// request. The generated `When` methods of query parameters call it.
///
/// ```
/// use telnyx_sdk_core::mock::{httpmock::MockServer, query_param};
///
/// let server = MockServer::start();
/// let mock = server.mock(|when, then| {
///     query_param(when.path("/things"), "tag", &vec!["a", "b"]);
///     then.status(200);
/// });
/// # let _ = mock;
/// ```
pub fn query_param<T: serde::Serialize + ?Sized>(
    when: httpmock::When,
    name: &str,
    value: &T,
) -> httpmock::When {
    match crate::codegen::QueryUrl::new(String::new())
        .param(name, value)
        .finish()
    {
        Ok(query) => {
            let query = query.strip_prefix('?').unwrap_or(&query);
            let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect();
            if pairs.is_empty() {
                when.query_param_missing(name)
            } else {
                pairs
                    .into_iter()
                    .fold(when, |when, (key, value)| when.query_param(key, value))
            }
        }
        Err(_) => when.is_true(|_| false),
    }
}

#[cfg(feature = "multipart")]
mod multipart_form;
#[cfg(feature = "multipart")]
pub use multipart_form::MultipartForm;

/// An error response of the API, as the mock server should send it: a status, Telnyx's
/// error list and headers.
///
/// Pass it to the generated `then.error(..)` of any operation:
///
/// ```
/// use telnyx_sdk_core::mock::ErrorReply;
/// use std::time::Duration;
///
/// let busy = ErrorReply::too_many_requests(Duration::from_secs(2));
/// assert_eq!(busy.status(), 429);
/// let gone = ErrorReply::not_found().error("10005", "Resource not found", "No room with that id");
/// assert_eq!(gone.body()["errors"][0]["code"], "10005");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorReply {
    status: u16,
    errors: Vec<Value>,
    headers: Vec<(String, String)>,
    /// The one entry is a named constructor's default, replaced by the first `error(..)`.
    default_entry: bool,
}

impl ErrorReply {
    /// A reply with this status and an empty error list (add entries with
    /// [`error`](Self::error)). Statuses outside 100..=999 are sent as 500.
    pub fn new(status: u16) -> Self {
        let status = if (100..=999).contains(&status) {
            status
        } else {
            500
        };
        ErrorReply {
            status,
            errors: Vec::new(),
            headers: Vec::new(),
            default_entry: false,
        }
    }

    /// A reply with this status and one error entry.
    fn with(status: u16, code: &str, title: &str) -> Self {
        let mut reply = ErrorReply::new(status).error(code, title, "");
        reply.default_entry = true;
        reply
    }

    /// 400 Bad Request, code `10015`.
    pub fn bad_request() -> Self {
        ErrorReply::with(400, "10015", "Bad Request")
    }

    /// 401 Unauthorized, code `10009`.
    pub fn unauthorized() -> Self {
        ErrorReply::with(401, "10009", "Authentication failed")
    }

    /// 404 Not Found, code `10005`.
    pub fn not_found() -> Self {
        ErrorReply::with(404, "10005", "Resource not found")
    }

    /// 422 Unprocessable Entity, code `10015`.
    pub fn unprocessable_entity() -> Self {
        ErrorReply::with(422, "10015", "Invalid parameter")
    }

    /// 429 Too Many Requests, code `10011`, asking to retry after `retry_after` (sent as
    /// `Retry-After` in whole seconds, rounded up, and as `retry-after-ms`).
    pub fn too_many_requests(retry_after: Duration) -> Self {
        ErrorReply::with(429, "10011", "Too many requests").retry_after(retry_after)
    }

    /// 500 Internal Server Error, code `10007`.
    pub fn internal_server_error() -> Self {
        ErrorReply::with(500, "10007", "Unexpected error")
    }

    /// 503 Service Unavailable, code `10006`.
    pub fn service_unavailable() -> Self {
        ErrorReply::with(503, "10006", "Service unavailable")
    }

    /// Adds an entry `{code, title, detail}` to the error list (an empty `detail` is left
    /// out). The first entry added replaces the one a named constructor starts with.
    pub fn error(mut self, code: &str, title: &str, detail: &str) -> Self {
        let mut entry = json!({ "code": code, "title": title });
        if !detail.is_empty() {
            entry["detail"] = Value::String(detail.to_owned());
        }
        self.replace_default();
        self.errors.push(entry);
        self
    }

    /// Adds an entry in full (any JSON object, e.g. with `source` and `meta`).
    pub fn error_value(mut self, entry: Value) -> Self {
        self.replace_default();
        self.errors.push(entry);
        self
    }

    fn replace_default(&mut self) {
        if std::mem::take(&mut self.default_entry) {
            self.errors.clear();
        }
    }

    /// Adds a response header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Sets `Retry-After` (whole seconds, rounded up) and `retry-after-ms`.
    pub fn retry_after(self, delay: Duration) -> Self {
        let secs = delay.as_secs() + u64::from(delay.subsec_nanos() > 0);
        self.header("retry-after", &secs.to_string())
            .header("retry-after-ms", &delay.as_millis().to_string())
    }

    /// Sets the `x-request-id` header, reported by the SDK's errors.
    pub fn request_id(self, id: &str) -> Self {
        self.header(crate::REQUEST_ID_HEADER, id)
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The JSON body: `{"errors": [...]}`.
    pub fn body(&self) -> Value {
        json!({ "errors": self.errors })
    }

    /// Writes this reply into an `httpmock` response.
    pub fn apply(self, then: httpmock::Then) -> httpmock::Then {
        let body = self.body();
        let mut then = then
            .status(self.status)
            .header("content-type", "application/json");
        for (name, value) in self.headers {
            then = then.header(name, value);
        }
        then.json_body(body)
    }
}

/// The reply of one operation's mock, the `then` of its `MockServerExt` method: the
/// operation's success response (`R`, sent with status `STATUS`), or an [`ErrorReply`],
/// optionally after [`delay`](Self::delay). Each generated `…Then` is this type for its
/// operation, so the reply takes exactly the type the client decodes.
///
/// ```
/// use telnyx_sdk_core::mock::{ErrorReply, Then, httpmock::MockServer};
///
/// #[derive(serde::Serialize)]
/// struct Room { id: String }
///
/// let server = MockServer::start();
/// let mock = server.mock(|when, then| {
///     when.path("/rooms/1");
///     Then::<Room, 200>::new(then).ok(&Room { id: "1".into() });
/// });
/// # let _ = (mock, ErrorReply::not_found());
/// ```
pub struct Then<R: ?Sized, const STATUS: u16> {
    inner: httpmock::Then,
    reply: std::marker::PhantomData<fn(&R)>,
}

impl<R: ?Sized, const STATUS: u16> Then<R, STATUS> {
    /// Wraps an [`httpmock::Then`].
    pub fn new(inner: httpmock::Then) -> Self {
        Self {
            inner,
            reply: std::marker::PhantomData,
        }
    }

    /// The underlying [`httpmock::Then`], for a reply this type has no method for.
    pub fn into_inner(self) -> httpmock::Then {
        self.inner
    }

    /// Replies with an error: its status, Telnyx's error list
    /// (`{"errors":[{code,title,detail}]}`) and headers such as `Retry-After`.
    pub fn error(self, reply: ErrorReply) -> Self {
        Self::new(reply.apply(self.inner))
    }

    /// Sends the reply only after `delay` (for testing timeouts).
    pub fn delay(self, delay: Duration) -> Self {
        Self::new(self.inner.delay(delay))
    }

    /// Adds a response header.
    pub fn header(self, name: &str, value: &str) -> Self {
        Self::new(self.inner.header(name, value))
    }

    fn json(self, value: &R) -> Self
    where
        R: serde::Serialize,
    {
        Self::new(
            self.inner
                .status(STATUS)
                .header("content-type", "application/json")
                .json_body_obj(value),
        )
    }
}

/// The body type of a `Then` whose success reply has no body (`then.no_content()`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NoBody;

impl<const STATUS: u16> Then<NoBody, STATUS> {
    fn status_only(self) -> Self {
        Self::new(self.inner.status(STATUS))
    }
}

/// The success replies, one per status the API documents: `ok` (200), `created` (201),
/// `accepted` (202), `multi_status` (207) with `&R` as the JSON body, or without a body when
/// `R` is [`NoBody`] (and `no_content`, 204).
macro_rules! replies {
    ($($status:literal $name:ident $doc:literal;)*) => {
        $(
            impl<R: serde::Serialize + ?Sized> Then<R, $status> {
                #[doc = concat!("Replies with status ", $doc, ", with `value` as its JSON body.")]
                pub fn $name(self, value: &R) -> Self {
                    self.json(value)
                }
            }
        )*
    };
    (no body: $($status:literal $name:ident $doc:literal;)*) => {
        $(
            impl Then<NoBody, $status> {
                #[doc = concat!("Replies with status ", $doc, " and no body.")]
                pub fn $name(self) -> Self {
                    self.status_only()
                }
            }
        )*
    };
}

replies! {
    200 ok "200";
    201 created "201";
    202 accepted "202";
    207 multi_status "207";
}

replies! {
    no body:
    200 ok "200";
    201 created "201";
    202 accepted "202";
    204 no_content "204";
}

impl<R: ?Sized, const STATUS: u16> fmt::Debug for Then<R, STATUS> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Then")
            .field("status", &STATUS)
            .field("reply", &std::any::type_name::<R>())
            .finish_non_exhaustive()
    }
}

/// For generated crates: the `MockServerExt` trait of a domain and its impl on
/// [`httpmock::MockServer`], from one line per operation: the method's docs, its name, and
/// the operation's `When` and `Then` types. Each method hands its closure the typed request
/// matcher and reply, and returns the [`httpmock::Mock`].
#[doc(hidden)]
#[macro_export]
macro_rules! mock_server_ext {
    ($(#[$trait_attr:meta])* { $($(#[$attr:meta])* $name:ident($when:ty, $then:ty);)* }) => {
        $(#[$trait_attr])*
        pub trait MockServerExt {
            $(
                $(#[$attr])*
                fn $name<F>(&self, config_fn: F) -> $crate::mock::httpmock::Mock<'_>
                where
                    F: FnOnce($when, $then);
            )*
        }
        impl MockServerExt for $crate::mock::httpmock::MockServer {
            $(
                fn $name<F>(&self, config_fn: F) -> $crate::mock::httpmock::Mock<'_>
                where
                    F: FnOnce($when, $then),
                {
                    self.mock(|when, then| config_fn(<$when>::new(when), <$then>::new(then)))
                }
            )*
        }
    };
}

/// The regular expression matching one path segment exactly as the client sends it: the
/// value percent-encoded like the generated client does, then escaped for a regex.
///
/// ```
/// assert_eq!(telnyx_sdk_core::mock::path_segment("a.b c"), r"a\.b%20c");
/// ```
pub fn path_segment(value: &(impl fmt::Display + ?Sized)) -> String {
    let encoded = crate::codegen::PathParam(value).to_string();
    let mut out = String::with_capacity(encoded.len());
    for c in encoded.chars() {
        if matches!(
            c,
            '\\' | '.'
                | '+'
                | '*'
                | '?'
                | '('
                | ')'
                | '|'
                | '['
                | ']'
                | '{'
                | '}'
                | '^'
                | '$'
                | '#'
                | '&'
                | '-'
                | '~'
        ) {
            out.push('\\');
        }
        let _ = out.write_char(c);
    }
    out
}

/// Matches a JSON request body equal to `value`, ignoring the `command_id` the client adds
/// to the body of every command (unless `value` sets one itself). The generated `body(..)`
/// matcher of such operations calls this.
pub fn json_body_without_command_id<T: serde::Serialize + ?Sized>(
    when: httpmock::When,
    value: &T,
) -> httpmock::When {
    let expected = match serde_json::to_value(value) {
        Ok(v) => v,
        // a body that does not serialize cannot be sent either: match nothing
        Err(_) => return when.is_true(|_| false),
    };
    if expected.get(crate::COMMAND_ID).is_some() {
        return when.json_body(expected);
    }
    when.is_true(move |req| {
        let Ok(mut sent) = serde_json::from_slice::<Value>(req.body_ref()) else {
            return false;
        };
        if let Some(object) = sent.as_object_mut() {
            object.remove(crate::COMMAND_ID);
        }
        sent == expected
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_limit_asks_for_the_delay_in_both_headers() {
        let reply = ErrorReply::too_many_requests(Duration::from_millis(1500)).request_id("r-1");
        assert_eq!(reply.status(), 429);
        assert_eq!(
            reply.headers,
            [
                ("retry-after".to_owned(), "2".to_owned()),
                ("retry-after-ms".to_owned(), "1500".to_owned()),
                ("x-request-id".to_owned(), "r-1".to_owned()),
            ]
        );
        assert_eq!(reply.body()["errors"][0]["code"], "10011");
    }

    #[test]
    fn the_first_added_entry_replaces_the_default_one() {
        let reply = ErrorReply::not_found()
            .error("1", "a", "")
            .error_value(json!({"code": "2", "source": {"pointer": "/x"}}));
        assert_eq!(
            reply.body(),
            json!({"errors": [{"code": "1", "title": "a"}, {"code": "2", "source": {"pointer": "/x"}}]})
        );
        assert_eq!(ErrorReply::new(42).status(), 500, "not an HTTP status");
        assert_eq!(ErrorReply::new(503).body(), json!({"errors": []}));
    }

    #[test]
    fn path_segments_are_encoded_then_escaped() {
        assert_eq!(path_segment("0ccc7b54-4df3"), r"0ccc7b54\-4df3");
        assert_eq!(path_segment("v3:a+b"), r"v3:a\+b");
        assert_eq!(path_segment("a/b?c"), "a%2Fb%3Fc");
        assert_eq!(path_segment("x(y)*$"), r"x\(y\)\*\$");
        assert_eq!(path_segment(&42), "42");
    }
}
