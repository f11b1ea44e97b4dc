//! The error type of the SDK, and the mapping from progenitor's and reqwest's errors.

use std::fmt;
use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::Deserialize;
use serde::de::DeserializeOwned;

/// Header carrying the server's id for a request.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// Longest raw body kept in an [`ApiError`] or [`DecodeError`] (in bytes).
pub const MAX_BODY_EXCERPT: usize = 4096;

type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Everything that can go wrong when calling the Telnyx API.
///
/// Every call returns `Result<T, telnyx_sdk::Error>`. Match on the variant, or ask:
/// [`is_not_found`](Error::is_not_found), [`is_retryable`](Error::is_retryable),
/// [`is_timeout`](Error::is_timeout), [`status`](Error::status),
/// [`request_id`](Error::request_id) (quote it to Telnyx support). The SDK already retried
/// what [`is_retryable`](Error::is_retryable) says, as often as the client allows.
///
/// ```
/// # use telnyx_sdk_core as telnyx_sdk;
/// use telnyx_sdk::{Error, ErrorKind};
///
/// fn explain(e: &Error) -> String {
///     match e {
///         Error::Api(api) if api.kind == ErrorKind::RateLimited => {
///             format!("rate limited; retry after {:?}", api.retry_after)
///         }
///         Error::Api(api) => {
///             let titles: Vec<_> = api.errors.iter().filter_map(|d| d.title.as_deref()).collect();
///             format!("{} {:?} (request {:?})", api.status, titles, api.request_id)
///         }
///         e if e.is_timeout() => "timed out".to_owned(),
///         e => format!("failed: {e}"),
///     }
/// }
/// # let _ = explain;
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with an error status.
    Api(ApiError),
    /// The request (or reading its response) took longer than the configured timeout.
    Timeout(TransportError),
    /// The connection could not be established or broke.
    Connection(TransportError),
    /// The response could not be decoded into the expected type.
    Decode(DecodeError),
    /// The SDK is misconfigured (for example, an empty API key).
    Configuration(String),
    /// The request was rejected before it was sent (for example, a page size out of range,
    /// or a path parameter that is empty, `.` or `..`).
    InvalidRequest(String),
    /// The server broke the API's protocol in a way no retry of the same request fixes
    /// (for example, a paginated list that returns the same page number twice). The
    /// request was sent and answered; the message says what was wrong with the answer.
    Protocol(String),
}

impl Error {
    /// Whether this is an API error with status 404.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
    }

    /// Whether retrying the same request later may succeed: timeouts, connection errors
    /// (but a refused server certificate, or a middleware's own error) and API errors with
    /// status 408, 409, 429 or >= 500.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(api) => crate::retry::is_retryable_status(api.status),
            Error::Timeout(_) => true,
            Error::Connection(t) => !t.is_certificate_error() && !t.is_middleware_error(),
            _ => false,
        }
    }

    /// Whether this is a timeout (of one attempt, or of the call's total deadline).
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout(_))
    }

    /// Whether the call's total deadline ran out (rather than one attempt's timeout).
    pub fn is_deadline_exceeded(&self) -> bool {
        matches!(self, Error::Timeout(t) if t.deadline().is_some())
    }

    /// The HTTP status, when a response was received.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(api) => Some(api.status),
            Error::Decode(decode) => decode.status,
            _ => None,
        }
    }

    /// The server's request id (`x-request-id`), when a response carried one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(api) => api.request_id.as_deref(),
            _ => None,
        }
    }

    /// The API error, if this is one.
    pub fn as_api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(api) => Some(api),
            _ => None,
        }
    }

    /// The error kind of an API error.
    pub fn kind(&self) -> Option<ErrorKind> {
        self.as_api().map(|api| api.kind)
    }

    /// Maps a transport error from reqwest.
    ///
    /// A reqwest "decode" error is a failure while reading the response body (the SDK
    /// decodes JSON itself, so reqwest never decodes a payload): the body broke off before
    /// its end, which is a [`Error::Connection`] failure (or a [`Error::Timeout`]), retried
    /// like one.
    pub fn from_reqwest(error: reqwest::Error) -> Error {
        if error.is_timeout() {
            Error::Timeout(TransportError::new(error))
        } else if error.is_builder() {
            Error::InvalidRequest(error.to_string())
        } else {
            Error::Connection(TransportError::new(error))
        }
    }

    /// Maps an error returned by a generated (progenitor) client method.
    ///
    /// For an unexpected response the body is read and parsed as Telnyx's error list; for a
    /// payload that failed to decode, the error names the path of the value that failed
    /// (found from where `serde_json` stopped, without decoding the body again).
    pub async fn from_progenitor(err: progenitor_client::Error<()>) -> Error {
        from_progenitor(err).await
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(api) => fmt::Display::fmt(api, f),
            Error::Timeout(t) => write!(f, "request timed out: {t}"),
            Error::Connection(t) => write!(f, "connection error: {t}"),
            Error::Decode(d) => fmt::Display::fmt(d, f),
            Error::Configuration(m) => write!(f, "configuration error: {m}"),
            Error::InvalidRequest(m) => write!(f, "invalid request: {m}"),
            Error::Protocol(m) => write!(f, "server protocol violation: {m}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Timeout(t) | Error::Connection(t) => t.source_error(),
            _ => None,
        }
    }
}

impl From<reqwest::Error> for Error {
    fn from(error: reqwest::Error) -> Self {
        Error::from_reqwest(error)
    }
}

impl From<ApiError> for Error {
    fn from(error: ApiError) -> Self {
        Error::Api(error)
    }
}

impl From<DecodeError> for Error {
    fn from(error: DecodeError) -> Self {
        Error::Decode(error)
    }
}

/// A timeout or connection failure, with the underlying error as its source.
#[derive(Debug)]
pub struct TransportError {
    message: String,
    source: Option<BoxError>,
    deadline: Option<std::time::Duration>,
    certificate: bool,
    middleware: bool,
}

impl TransportError {
    fn new(error: reqwest::Error) -> Self {
        // reqwest's message names the URL only; the innermost cause says what went wrong
        // (a refused connection, an untrusted TLS certificate, ...)
        let mut message = error.to_string();
        let mut cause = std::error::Error::source(&error);
        let mut root = None;
        while let Some(e) = cause {
            root = Some(e);
            cause = e.source();
        }
        if let Some(root) = root.map(|e| e.to_string())
            && !root.is_empty()
            && !message.contains(&root)
        {
            message.push_str(": ");
            message.push_str(&root);
        }
        TransportError {
            message,
            certificate: crate::retry::is_certificate_error(&error),
            source: Some(Box::new(error)),
            deadline: None,
            middleware: false,
        }
    }

    /// A middleware's own error, which ends the call (feature `middleware`).
    #[cfg(feature = "middleware")]
    pub(crate) fn middleware(error: crate::transport::MiddlewareError) -> Self {
        TransportError {
            message: format!("middleware error: {error}"),
            source: Some(Box::new(error)),
            deadline: None,
            certificate: false,
            middleware: true,
        }
    }

    /// Whether a middleware (feature `middleware`) failed the call with an error of its
    /// own: the source is a `MiddlewareError`. Not retried, by the SDK nor by
    /// [`Error::is_retryable`].
    pub fn is_middleware_error(&self) -> bool {
        self.middleware
    }

    /// A transport error with a message only.
    pub fn from_message(message: impl Into<String>) -> Self {
        TransportError {
            message: message.into(),
            source: None,
            deadline: None,
            certificate: false,
            middleware: false,
        }
    }

    /// The call's total deadline (over all attempts and the waits between them) ran out.
    pub fn deadline_exceeded(deadline: std::time::Duration) -> Self {
        TransportError {
            message: format!(
                "the call's deadline of {:.3} s (all attempts and retry waits) ran out",
                deadline.as_secs_f64()
            ),
            source: None,
            deadline: Some(deadline),
            certificate: false,
            middleware: false,
        }
    }

    /// For a timeout: the total deadline that ran out, or `None` when one attempt hit the
    /// per-attempt timeout.
    pub fn deadline(&self) -> Option<std::time::Duration> {
        self.deadline
    }

    /// Whether the TLS backend refused the server's certificate (untrusted, expired, for
    /// another host): not retried, since every attempt meets the same certificate.
    pub fn is_certificate_error(&self) -> bool {
        self.certificate
    }

    /// The description of the failure.
    pub fn message(&self) -> &str {
        &self.message
    }

    fn source_error(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Coarse classification of an API error by status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// 400.
    BadRequest,
    /// 401.
    Authentication,
    /// 403.
    PermissionDenied,
    /// 404.
    NotFound,
    /// 409.
    Conflict,
    /// 422.
    UnprocessableEntity,
    /// 429.
    RateLimited,
    /// 500 and above.
    Server,
    /// Any other status.
    Other,
}

impl ErrorKind {
    /// The kind for a status.
    pub fn from_status(status: StatusCode) -> Self {
        match status.as_u16() {
            400 => ErrorKind::BadRequest,
            401 => ErrorKind::Authentication,
            403 => ErrorKind::PermissionDenied,
            404 => ErrorKind::NotFound,
            409 => ErrorKind::Conflict,
            422 => ErrorKind::UnprocessableEntity,
            429 => ErrorKind::RateLimited,
            s if s >= 500 => ErrorKind::Server,
            _ => ErrorKind::Other,
        }
    }
}

/// An error response from the API.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Classification of the status.
    pub kind: ErrorKind,
    /// The parsed `errors` list of the body (empty when the body had none).
    pub errors: Vec<ApiErrorDetail>,
    /// The `x-request-id` response header.
    pub request_id: Option<String>,
    /// The delay the server asked for (`retry-after-ms` / `Retry-After`).
    pub retry_after: Option<Duration>,
    /// The raw body (up to [`MAX_BODY_EXCERPT`] bytes) when it was not a Telnyx error list.
    pub body: Option<String>,
    /// The response headers ([`ApiError::headers`]); boxed, so that `Error` stays small.
    headers: Box<HeaderMap>,
}

impl ApiError {
    /// Builds the error from a response's status, headers and body.
    pub fn from_parts(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Self {
        let errors = serde_json::from_slice::<ErrorBody>(body)
            .map(|b| b.errors)
            .unwrap_or_default();
        let raw = if errors.is_empty() && !body.iter().all(u8::is_ascii_whitespace) {
            Some(excerpt(body, MAX_BODY_EXCERPT))
        } else {
            None
        };
        ApiError {
            status,
            kind: ErrorKind::from_status(status),
            errors,
            request_id: request_id(headers),
            retry_after: crate::retry::retry_after(headers, SystemTime::now()),
            body: raw,
            headers: Box::new(headers.clone()),
        }
    }

    /// The response's headers, e.g. rate-limit headers next to [`retry_after`](Self::retry_after).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The first error detail, if any.
    pub fn first(&self) -> Option<&ApiErrorDetail> {
        self.errors.first()
    }

    /// The `code` of the first error detail, if any.
    pub fn code(&self) -> Option<&str> {
        self.first().and_then(|d| d.code.as_deref())
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.status.canonical_reason() {
            Some(reason) => write!(f, "{} {}", self.status.as_u16(), reason)?,
            None => write!(f, "{}", self.status.as_u16())?,
        }
        let first = self.first();
        let summary = first
            .and_then(|d| d.title.as_deref().or(d.detail.as_deref()))
            .map(str::to_owned)
            .or_else(|| self.body.as_deref().map(|b| one_line(b, 200)));
        if let Some(summary) = summary.filter(|s| !s.is_empty()) {
            write!(f, ": {summary}")?;
        }
        if self.errors.len() > 1 {
            write!(f, " (+{} more)", self.errors.len() - 1)?;
        }
        let mut extra = Vec::new();
        if let Some(code) = first.and_then(|d| d.code.as_deref()) {
            extra.push(format!("code {code}"));
        }
        if let Some(id) = &self.request_id {
            extra.push(format!("request {id}"));
        }
        if !extra.is_empty() {
            write!(f, " ({})", extra.join(", "))?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// One entry of Telnyx's `errors` list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ApiErrorDetail {
    /// Telnyx error code (numbers are kept as their decimal text).
    #[serde(default, deserialize_with = "lenient_string")]
    pub code: Option<String>,
    /// Short summary.
    #[serde(default, deserialize_with = "lenient_string")]
    pub title: Option<String>,
    /// Longer explanation.
    #[serde(default, deserialize_with = "lenient_string")]
    pub detail: Option<String>,
    /// Which part of the request caused the error.
    #[serde(default, deserialize_with = "lenient_struct")]
    pub source: Option<ApiErrorSource>,
    /// Extra information.
    #[serde(default, deserialize_with = "lenient_struct")]
    pub meta: Option<ApiErrorMeta>,
}

/// The `source` of an [`ApiErrorDetail`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ApiErrorSource {
    /// JSON pointer into the request body.
    #[serde(default, deserialize_with = "lenient_string")]
    pub pointer: Option<String>,
    /// Name of the query or path parameter.
    #[serde(default, deserialize_with = "lenient_string")]
    pub parameter: Option<String>,
}

/// The `meta` of an [`ApiErrorDetail`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ApiErrorMeta {
    /// Link to the documentation of the error code.
    #[serde(default, deserialize_with = "lenient_string")]
    pub url: Option<String>,
}

#[derive(Deserialize)]
struct ErrorBody {
    #[serde(default, deserialize_with = "lenient_details")]
    errors: Vec<ApiErrorDetail>,
}

fn lenient_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Null => None,
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        other => Some(other.to_string()),
    })
}

fn lenient_struct<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: DeserializeOwned,
{
    let value = serde_json::Value::deserialize(d)?;
    Ok(serde_json::from_value(value).ok())
}

fn lenient_details<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Vec<ApiErrorDetail>, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::Array(items) => items
            .into_iter()
            .filter_map(|item| serde_json::from_value(item).ok())
            .collect(),
        _ => Vec::new(),
    })
}

/// A response body that did not match the expected type.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecodeError {
    /// HTTP status, when known.
    pub status: Option<StatusCode>,
    /// Path of the value that failed, e.g. `data[0].status` (empty when unknown).
    pub path: String,
    /// What was wrong.
    pub message: String,
    /// The start of the body (up to [`MAX_BODY_EXCERPT`] bytes).
    pub body_excerpt: String,
}

impl DecodeError {
    /// Builds a decode error.
    pub fn new(
        status: Option<StatusCode>,
        path: impl Into<String>,
        message: impl Into<String>,
        body: &[u8],
    ) -> Self {
        DecodeError {
            status,
            path: path.into(),
            message: message.into(),
            body_excerpt: excerpt(body, MAX_BODY_EXCERPT),
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("could not decode the response")?;
        if let Some(status) = self.status {
            write!(f, " (status {})", status.as_u16())?;
        }
        if !self.path.is_empty() && self.path != "." {
            write!(f, " at `{}`", self.path)?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for DecodeError {}

/// Decodes a JSON body as `T`; on failure the error names the path of the failing value.
pub fn decode<T: DeserializeOwned>(status: StatusCode, bytes: &[u8]) -> Result<T, Error> {
    telnyx_sdk_json::from_slice(bytes).map_err(|e| {
        let (path, source) = e.into_parts();
        Error::Decode(DecodeError::new(
            Some(status),
            path,
            source.to_string(),
            bytes,
        ))
    })
}

/// Maps an error returned by a generated (progenitor) client method; see
/// [`Error::from_progenitor`].
pub async fn from_progenitor(err: progenitor_client::Error<()>) -> Error {
    use progenitor_client::Error as P;
    match err {
        P::InvalidRequest(message) => Error::InvalidRequest(message),
        P::Custom(message) => Error::InvalidRequest(message),
        P::CommunicationError(e) | P::InvalidUpgrade(e) => Error::from_reqwest(e),
        P::ResponseBodyError(e) => Error::from_reqwest(e),
        P::ErrorResponse(rv) => Error::Api(ApiError::from_parts(rv.status(), rv.headers(), &[])),
        // the path comes from where serde_json stopped: the body is not decoded again
        P::InvalidResponsePayload(bytes, original) => Error::Decode(DecodeError::new(
            None,
            telnyx_sdk_json::path_of(&bytes, &original),
            original.to_string(),
            &bytes,
        )),
        // Boxed: reading the body takes a large future, which would otherwise make every
        // request's future (of which this is one branch) that much larger.
        P::UnexpectedResponse(response) => Box::pin(from_unexpected_response(response)).await,
    }
}

/// Reads an error response's body and parses Telnyx's error list from it.
async fn from_unexpected_response(mut response: reqwest::Response) -> Error {
    #[cfg(feature = "middleware")]
    if let Some(failure) = crate::transport::middleware_failure(&response) {
        return Error::Connection(TransportError::middleware(failure));
    }
    let status = response.status();
    let headers = response.headers().clone();
    match crate::codegen::read_body(&mut response).await {
        Ok(body) if status.is_success() => {
            let message = format!("unexpected status {}", status.as_u16());
            Error::Decode(DecodeError::new(Some(status), "", message, &body))
        }
        Ok(body) => Error::Api(ApiError::from_parts(status, &headers, &body)),
        Err(e) if status.is_success() => Error::from_reqwest(e),
        Err(_) => Error::Api(ApiError::from_parts(status, &headers, &[])),
    }
}

/// Maps the result of a generated client method: success passes through, errors go
/// through [`from_progenitor`].
pub async fn map_progenitor<T>(
    result: Result<progenitor_client::ResponseValue<T>, progenitor_client::Error<()>>,
) -> Result<progenitor_client::ResponseValue<T>, Error> {
    match result {
        Ok(value) => Ok(value),
        Err(err) => Err(from_progenitor(err).await),
    }
}

/// Telnyx's request id: the `x-request-id` header of a response, as text.
pub fn request_id_of(headers: &HeaderMap) -> Option<&str> {
    // A pre-parsed name: looking up by `&str` would parse the name on every response.
    const NAME: http::HeaderName = http::HeaderName::from_static(REQUEST_ID_HEADER);
    headers.get(NAME).and_then(|v| v.to_str().ok())
}

/// [`request_id_of`], owned.
pub(crate) fn request_id(headers: &HeaderMap) -> Option<String> {
    request_id_of(headers).map(str::to_owned)
}

/// At most `max` bytes of `body` as text, cut at a character boundary.
fn excerpt(body: &[u8], max: usize) -> String {
    let text = String::from_utf8_lossy(body);
    if text.len() <= max {
        return text.into_owned();
    }
    let mut end = max;
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut out = text[..end].to_owned();
    out.push('…');
    out
}

/// `text` on one line, at most `max` characters.
fn one_line(text: &str, max: usize) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if joined.chars().count() <= max {
        joined
    } else {
        let mut out: String = joined.chars().take(max).collect();
        out.push('…');
        out
    }
}
