//! Runtime configuration: credentials, user agent, timeout and retry policy.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;

use crate::error::Error;
use crate::retry::RetryPolicy;

/// Name of the environment variable holding the API key.
pub const API_KEY_ENV: &str = "TELNYX_API_KEY";

/// Default per-attempt timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Default number of retries after the first attempt.
pub const DEFAULT_MAX_RETRIES: u32 = 2;

/// The user agent product token sent with every request (`telnyx-sdk-rust/<version>`).
pub const USER_AGENT: &str = concat!("telnyx-sdk-rust/", env!("CARGO_PKG_VERSION"));

/// A Telnyx API key.
///
/// `Debug` and `Display` print `[redacted]`; the only way to read the key is
/// [`ApiKey::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps a key.
    pub fn new(key: impl Into<String>) -> Self {
        ApiKey(key.into())
    }

    /// Reads the key from `TELNYX_API_KEY`, if it is set.
    pub fn from_env() -> Option<Self> {
        std::env::var(API_KEY_ENV).ok().map(ApiKey)
    }

    /// Returns the key itself. Do not log the result.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the key is empty or only whitespace.
    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl From<String> for ApiKey {
    fn from(key: String) -> Self {
        ApiKey(key)
    }
}

impl From<&str> for ApiKey {
    fn from(key: &str) -> Self {
        ApiKey(key.to_owned())
    }
}

impl From<&String> for ApiKey {
    fn from(key: &String) -> Self {
        ApiKey(key.clone())
    }
}

/// Shared state of a [`Runtime`].
#[derive(Clone)]
struct Inner {
    api_key: ApiKey,
    authorization: HeaderValue,
    user_agent: HeaderValue,
    user_agent_suffix: Option<String>,
    timeout: Duration,
    /// The timeout the HTTP client itself applies to every request, if known.
    http_client_timeout: Option<Duration>,
    retry: RetryPolicy,
    /// Headers, query parameters and body fields added to every request (`None`: nothing).
    extras: Option<Arc<Extras>>,
    /// The limit of `limiter` (0 when there is none).
    max_concurrent: usize,
    /// How many attempts may be in flight at once (`None`: no limit).
    limiter: Option<Arc<tokio::sync::Semaphore>>,
    /// The middleware chain every attempt passes through (`None`: none).
    #[cfg(feature = "middleware")]
    middleware: Option<Arc<reqwest_middleware::ClientWithMiddleware>>,
}

/// What a request carries beyond what the SDK knows: extra headers, query parameters and
/// JSON body fields (for a parameter Telnyx shipped after this SDK version). Applied to
/// every attempt; a body field is set only on a JSON object body.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Extras {
    /// Headers appended to the request (`Authorization` and `User-Agent` stay the SDK's).
    pub headers: reqwest::header::HeaderMap,
    /// Query parameters appended, in order.
    pub query: Vec<(String, String)>,
    /// Fields set in the JSON body (replacing a field of the same name).
    pub body: serde_json::Map<String, serde_json::Value>,
}

impl Extras {
    /// Whether there is nothing to add.
    pub fn is_empty(&self) -> bool {
        self.headers.is_empty() && self.query.is_empty() && self.body.is_empty()
    }

    /// `self`, then `more` (headers and query appended, body fields replaced).
    fn merged(&self, more: &Extras) -> Extras {
        let mut out = self.clone();
        for (name, value) in &more.headers {
            out.headers.append(name.clone(), value.clone());
        }
        out.query.extend(more.query.iter().cloned());
        for (k, v) in &more.body {
            out.body.insert(k.clone(), v.clone());
        }
        out
    }
}

/// The runtime the generated clients call for every request: credentials, user agent,
/// timeout and retry policy.
///
/// Cloning is cheap (an `Arc` inside). `Debug` never shows the API key.
#[derive(Clone)]
pub struct Runtime {
    inner: Arc<Inner>,
}

impl Runtime {
    /// A runtime with default settings for `api_key`.
    ///
    /// Fails with [`Error::Configuration`] when the key is empty or not a valid header value.
    pub fn new(api_key: impl Into<ApiKey>) -> Result<Self, Error> {
        Self::builder(api_key).build()
    }

    /// A runtime with default settings and the key from `TELNYX_API_KEY`.
    pub fn from_env() -> Result<Self, Error> {
        match ApiKey::from_env() {
            Some(key) => Self::new(key),
            None => Err(Error::Configuration(format!(
                "the environment variable {API_KEY_ENV} is not set"
            ))),
        }
    }

    /// Starts a builder.
    pub fn builder(api_key: impl Into<ApiKey>) -> RuntimeBuilder {
        RuntimeBuilder::new(api_key)
    }

    /// A copy of this runtime with per-call overrides of the retry count and the
    /// per-attempt timeout; `None` keeps the current value.
    pub fn with_overrides(&self, max_retries: Option<u32>, timeout: Option<Duration>) -> Runtime {
        if max_retries.is_none() && timeout.is_none() {
            return self.clone();
        }
        self.derived(|inner| {
            if let Some(n) = max_retries {
                inner.retry.max_retries = n;
            }
            if let Some(t) = timeout {
                inner.timeout = t;
            }
        })
    }

    /// A copy of this runtime with `change` applied to its settings.
    fn derived(&self, change: impl FnOnce(&mut Inner)) -> Runtime {
        let mut inner = (*self.inner).clone();
        change(&mut inner);
        Runtime {
            inner: Arc::new(inner),
        }
    }

    /// A copy of this runtime that also adds `extras` to every request (after the ones it
    /// already adds, such as a client's default headers).
    pub fn with_extras(&self, extras: &Extras) -> Runtime {
        if extras.is_empty() {
            return self.clone();
        }
        self.derived(|inner| {
            let merged = match &inner.extras {
                Some(mine) => mine.merged(extras),
                None => extras.clone(),
            };
            inner.extras = Some(Arc::new(merged));
        })
    }

    /// What this runtime adds to every request, if anything.
    pub fn extras(&self) -> Option<&Extras> {
        self.inner.extras.as_deref()
    }

    /// The API key.
    pub fn api_key(&self) -> &ApiKey {
        &self.inner.api_key
    }

    /// The per-attempt timeout.
    pub fn timeout(&self) -> Duration {
        self.inner.timeout
    }

    /// Whether each request must carry its own timeout, because the HTTP client does not
    /// already apply this runtime's timeout (see [`RuntimeBuilder::http_client_timeout`]).
    pub(crate) fn needs_request_timeout(&self) -> bool {
        self.inner.http_client_timeout != Some(self.inner.timeout)
    }

    /// The number of retries after the first attempt.
    pub fn max_retries(&self) -> u32 {
        self.inner.retry.max_retries
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The full `User-Agent` value sent with every request.
    pub fn user_agent(&self) -> &str {
        self.inner.user_agent.to_str().unwrap_or(USER_AGENT)
    }

    pub(crate) fn authorization_header(&self) -> &HeaderValue {
        &self.inner.authorization
    }

    pub(crate) fn user_agent_header(&self) -> &HeaderValue {
        &self.inner.user_agent
    }

    /// The most attempts this runtime lets be in flight at once, if limited.
    pub fn max_concurrent_requests(&self) -> Option<usize> {
        self.inner
            .limiter
            .as_ref()
            .map(|_| self.inner.max_concurrent)
    }

    pub(crate) fn limiter(&self) -> Option<&Arc<tokio::sync::Semaphore>> {
        self.inner.limiter.as_ref()
    }

    /// The middleware chain every attempt passes through, if any.
    #[cfg(feature = "middleware")]
    pub fn middleware(&self) -> Option<&reqwest_middleware::ClientWithMiddleware> {
        self.inner.middleware.as_deref()
    }
}

impl fmt::Debug for Runtime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Runtime")
            .field("api_key", &self.inner.api_key)
            .field("user_agent_suffix", &self.inner.user_agent_suffix)
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .field("max_concurrent_requests", &self.max_concurrent_requests())
            .finish()
    }
}

/// Builder for [`Runtime`].
#[derive(Clone, Debug)]
pub struct RuntimeBuilder {
    api_key: ApiKey,
    user_agent_suffix: Option<String>,
    timeout: Duration,
    http_client_timeout: Option<Duration>,
    retry: RetryPolicy,
    default_headers: reqwest::header::HeaderMap,
    max_concurrent: Option<usize>,
    #[cfg(feature = "middleware")]
    middleware: Option<Arc<reqwest_middleware::ClientWithMiddleware>>,
}

impl RuntimeBuilder {
    /// Starts from the defaults: 60 s timeout, 2 retries, 0.5 s base backoff capped at 8 s.
    pub fn new(api_key: impl Into<ApiKey>) -> Self {
        RuntimeBuilder {
            api_key: api_key.into(),
            user_agent_suffix: None,
            timeout: DEFAULT_TIMEOUT,
            http_client_timeout: None,
            retry: RetryPolicy::default(),
            default_headers: reqwest::header::HeaderMap::new(),
            max_concurrent: None,
            #[cfg(feature = "middleware")]
            middleware: None,
        }
    }

    /// At most `n` attempts in flight at once, over every request sent with this runtime
    /// and the runtimes derived from it (per-call overrides share the limit). An attempt
    /// past the limit waits for a free slot rather than failing; that wait is part of the
    /// call (a total deadline counts it), not of the attempt's own timeout. A slot is held
    /// from sending until the response (with its body) is dropped, or the attempt fails.
    /// `0` is refused by [`build`](Self::build). Default: no limit.
    pub fn max_concurrent_requests(mut self, n: usize) -> Self {
        self.max_concurrent = Some(n);
        self
    }

    /// Sends every attempt, retries included, through `client`'s middleware chain (the
    /// `reqwest::Client` inside it sends them; the one given to
    /// [`execute`](crate::execute) is then not used). The SDK's own retries, timeout and
    /// `command_id` stay as they are; each attempt's `http::Extensions` carries the
    /// [`Operation`](crate::Operation). A middleware's own error (not a `reqwest` one)
    /// ends the call with [`Error::Connection`], not retried.
    #[cfg(feature = "middleware")]
    pub fn middleware(mut self, client: reqwest_middleware::ClientWithMiddleware) -> Self {
        self.middleware = Some(Arc::new(client));
        self
    }

    /// Headers sent with every request (after the SDK's own; `Authorization` and
    /// `User-Agent` cannot be replaced).
    pub fn default_headers(mut self, headers: reqwest::header::HeaderMap) -> Self {
        self.default_headers = headers;
        self
    }

    /// Appends `suffix` (e.g. `"my-app/1.2"`) to the `User-Agent` header.
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        let suffix = suffix.into();
        self.user_agent_suffix = if suffix.trim().is_empty() {
            None
        } else {
            Some(suffix)
        };
        self
    }

    /// Per-attempt timeout (from connecting until the response body has been read).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Declares the timeout that the `reqwest::Client` used with this runtime was built
    /// with (`reqwest::ClientBuilder::timeout`). While it equals the runtime's timeout,
    /// requests rely on it instead of each carrying its own, which spares an allocation
    /// per request; a per-call override still sets its own. Default: unknown.
    pub fn http_client_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.http_client_timeout = timeout;
        self
    }

    /// Number of retries after the first attempt (0 disables retries).
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.retry.max_retries = max_retries;
        self
    }

    /// Base delay of the exponential backoff (doubled after every retry) and its cap.
    pub fn backoff(mut self, base: Duration, cap: Duration) -> Self {
        self.retry.base_delay = base;
        self.retry.max_delay = cap;
        self
    }

    /// Longest server-requested delay (`retry-after-ms` / `Retry-After`) that is honoured;
    /// longer requests fall back to the computed backoff. Default 60 s.
    pub fn max_retry_after(mut self, max: Duration) -> Self {
        self.retry.max_retry_after = max;
        self
    }

    /// Replaces the whole retry policy.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Validates the settings and builds the runtime.
    pub fn build(self) -> Result<Runtime, Error> {
        if self.api_key.is_empty() {
            return Err(Error::Configuration("the API key is empty".to_owned()));
        }
        if self.timeout.is_zero() {
            return Err(Error::Configuration(
                "the timeout must be positive".to_owned(),
            ));
        }
        let mut authorization = HeaderValue::from_str(&format!(
            "Bearer {}",
            self.api_key.expose().trim()
        ))
        .map_err(|_| {
            Error::Configuration(
                "the API key contains characters that are not allowed in an HTTP header".to_owned(),
            )
        })?;
        authorization.set_sensitive(true);
        if self.max_concurrent == Some(0) {
            return Err(Error::Configuration(
                "the limit of concurrent requests must be at least 1".to_owned(),
            ));
        }
        // the default is static: each request's copy of it is a pointer, where a value built
        // at run time is reference-counted, and its count is shared by every thread sending
        let user_agent = match &self.user_agent_suffix {
            Some(suffix) => HeaderValue::from_str(&format!("{USER_AGENT} {}", suffix.trim()))
                .map_err(|_| {
                    Error::Configuration(
                        "the user agent suffix contains characters that are not allowed in an \
                         HTTP header"
                            .to_owned(),
                    )
                })?,
            None => HeaderValue::from_static(USER_AGENT),
        };
        Ok(Runtime {
            inner: Arc::new(Inner {
                api_key: self.api_key,
                authorization,
                user_agent,
                user_agent_suffix: self.user_agent_suffix,
                timeout: self.timeout,
                http_client_timeout: self.http_client_timeout,
                extras: (!self.default_headers.is_empty()).then(|| {
                    Arc::new(Extras {
                        headers: self.default_headers,
                        ..Extras::default()
                    })
                }),
                retry: self.retry,
                max_concurrent: self.max_concurrent.unwrap_or(0),
                limiter: self
                    .max_concurrent
                    // tokio panics above MAX_PERMITS; any limit that high is no limit
                    .map(|n| {
                        Arc::new(tokio::sync::Semaphore::new(
                            n.min(tokio::sync::Semaphore::MAX_PERMITS),
                        ))
                    }),
                #[cfg(feature = "middleware")]
                middleware: self.middleware,
            }),
        })
    }
}
