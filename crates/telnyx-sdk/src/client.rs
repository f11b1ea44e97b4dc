//! The [`Client`] and its [`ClientBuilder`].

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use telnyx_sdk_core::{ApiKey, Runtime};

use crate::Error;
use crate::generated::clients::DomainClients;

/// Environment variable holding the API key.
pub const API_KEY_ENV: &str = "TELNYX_API_KEY";
/// Environment variable that overrides the base URL.
pub const BASE_URL_ENV: &str = "TELNYX_BASE_URL";
/// The base URL of the Telnyx API.
pub const DEFAULT_BASE_URL: &str = "https://api.telnyx.com/v2";

/// A client for the Telnyx API.
///
/// One client holds the credentials, the retry and timeout settings and one HTTP connection
/// pool shared by every domain (video, conferencing, queues). Cloning is cheap (an `Arc`
/// inside) and the client is `Send + Sync`: build it once and share it.
///
/// `Debug` never prints the API key.
///
/// ```no_run
/// # async fn demo() -> Result<(), telnyx_sdk::Error> {
/// use futures::TryStreamExt;
///
/// let client = telnyx_sdk::Client::from_env()?;
/// let rooms: Vec<_> = client.rooms().list().page_size(50).stream().try_collect().await?;
/// println!("{} rooms", rooms.len());
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) runtime: Runtime,
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: String,
    /// The default total deadline of one call (all attempts and waits), if any.
    pub(crate) deadline: Option<Duration>,
    /// The generated client of each enabled domain (`generated/clients.rs`).
    pub(crate) domains: DomainClients,
    /// The TLS backend of the SDK-built HTTP client (`None` for the caller's own client).
    #[cfg(any(feature = "rustls", feature = "rustls-ring", feature = "native-tls"))]
    pub(crate) tls_backend: Option<crate::TlsBackend>,
}

impl Client {
    /// A client configured from the environment: the key from `TELNYX_API_KEY` (required) and
    /// the base URL from `TELNYX_BASE_URL` (optional, default `https://api.telnyx.com/v2`).
    ///
    /// Fails with [`Error::Configuration`] when the key is missing or empty.
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::from_env().build()
    }

    /// Starts a [`ClientBuilder`].
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let client = telnyx_sdk::Client::builder()
    ///     .api_key("KEY_EXAMPLE")
    ///     .timeout(Duration::from_secs(10))
    ///     .max_retries(3)
    ///     .user_agent_suffix("my-app/1.0")
    ///     .build()?;
    /// assert_eq!(client.base_url(), "https://api.telnyx.com/v2");
    /// # Ok::<(), telnyx_sdk::Error>(())
    /// ```
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests are sent to (without a trailing `/`).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The per-attempt timeout.
    pub fn timeout(&self) -> Duration {
        self.inner.runtime.timeout()
    }

    /// The default total deadline of one call, over all its attempts and the waits between
    /// them (`None`: no limit beyond the per-attempt timeout and the retry count).
    pub fn deadline(&self) -> Option<Duration> {
        self.inner.deadline
    }

    /// The number of retries after the first attempt.
    pub fn max_retries(&self) -> u32 {
        self.inner.runtime.max_retries()
    }

    /// The `User-Agent` header sent with every request.
    pub fn user_agent(&self) -> &str {
        self.inner.runtime.user_agent()
    }

    /// The runtime shared by the generated clients (credentials, retries, timeout).
    pub fn runtime(&self) -> &Runtime {
        &self.inner.runtime
    }

    /// The HTTP client (and its connection pool) used for every request.
    pub fn http_client(&self) -> &reqwest::Client {
        &self.inner.http
    }

    /// The TLS backend of the HTTP client the SDK built, or `None` when the client came
    /// from [`ClientBuilder::http_client`].
    #[cfg(any(feature = "rustls", feature = "rustls-ring", feature = "native-tls"))]
    pub fn tls_backend(&self) -> Option<crate::TlsBackend> {
        self.inner.tls_backend
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("runtime", &self.inner.runtime)
            .finish_non_exhaustive()
    }
}

/// Builder for [`Client`]; see [`Client::builder`].
///
/// Defaults: base URL `https://api.telnyx.com/v2`, 60 s timeout per attempt, 2 retries.
/// `Debug` never prints the API key.
#[derive(Clone, Default)]
pub struct ClientBuilder {
    api_key: Option<ApiKey>,
    base_url: Option<String>,
    timeout: Option<Duration>,
    deadline: Option<Duration>,
    max_retries: Option<u32>,
    backoff: Option<(Duration, Duration)>,
    user_agent_suffix: Option<String>,
    default_headers: reqwest::header::HeaderMap,
    invalid_header: Option<String>,
    http: Option<reqwest::Client>,
    /// Settings of the SDK-built HTTP client (proxy, pool).
    transport: Transport,
    max_concurrent_requests: Option<usize>,
    /// The middleware chain, in the order added (feature `middleware`).
    #[cfg(feature = "middleware")]
    middleware: Vec<Arc<dyn telnyx_sdk_core::reqwest_middleware::Middleware>>,
    /// TLS backend and extra root certificates (`tls.rs`).
    #[cfg(any(feature = "rustls", feature = "rustls-ring", feature = "native-tls"))]
    pub(crate) tls: crate::tls::TlsOptions,
}

impl ClientBuilder {
    /// A builder pre-filled from `TELNYX_API_KEY` and `TELNYX_BASE_URL` (when set).
    pub fn from_env() -> Self {
        let mut builder = ClientBuilder::default();
        if let Ok(key) = std::env::var(API_KEY_ENV) {
            builder.api_key = Some(ApiKey::new(key));
        }
        if let Ok(url) = std::env::var(BASE_URL_ENV)
            && !url.trim().is_empty()
        {
            builder.base_url = Some(url);
        }
        builder
    }

    /// The API key (required).
    pub fn api_key(mut self, key: impl Into<ApiKey>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// The base URL, e.g. a mock server in tests (default `https://api.telnyx.com/v2`).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Timeout of each attempt, from connecting until the body is read (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// A total deadline for each call: all its attempts and the waits between them (default:
    /// none). Past it, the call fails with [`Error::Timeout`], whose
    /// [`is_deadline_exceeded`](Error::is_deadline_exceeded) tells it from a per-attempt
    /// timeout. For a stream, it applies to each page's request. Requests override it with
    /// `.deadline(..)`.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Retries after the first attempt for transient failures (default 2; 0 disables).
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = Some(max_retries);
        self
    }

    /// Base delay of the exponential backoff between retries and its cap (default 0.5 s,
    /// doubled after every retry, capped at 8 s). A server's `retry-after-ms` /
    /// `Retry-After` header takes precedence.
    pub fn backoff(mut self, base: Duration, cap: Duration) -> Self {
        self.backoff = Some((base, cap));
        self
    }

    /// A header sent with every request, after the SDK's own (`Authorization` and
    /// `User-Agent` stay the SDK's). An invalid name or value fails [`build`](Self::build).
    pub fn default_header(mut self, name: &str, value: &str) -> Self {
        match header(name, value) {
            Ok((n, v)) => {
                self.default_headers.append(n, v);
            }
            Err(_) => self.invalid_header = Some(name.to_owned()),
        }
        self
    }

    /// Text appended to the `User-Agent` header, e.g. `"my-app/1.2"`.
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Uses your own `reqwest::Client` (proxy, TLS, connection pool settings).
    ///
    /// Its own timeout, if any, still applies; the SDK sets a per-request timeout as well.
    /// The SDK's TLS settings (`tls_backend`, `add_root_certificate`) are for the client it
    /// builds itself: combined with this, [`build`](Self::build) fails.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Sends every request through this proxy (an `http://` or `https://` URL; a user and
    /// password in it are sent to the proxy). Hosts listed in the `NO_PROXY`
    /// environment variable are still reached directly. An invalid URL fails
    /// [`build`](Self::build) with [`Error::Configuration`].
    ///
    /// Without it, the SDK's client uses the proxies of the environment: `HTTPS_PROXY` (and
    /// `HTTP_PROXY`, `ALL_PROXY`), except for the hosts in `NO_PROXY`.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.transport.proxy = Some(url.into());
        self
    }

    /// Connects directly, ignoring [`proxy`](Self::proxy) and the proxy environment
    /// variables.
    pub fn no_proxy(mut self) -> Self {
        self.transport.no_proxy = true;
        self
    }

    /// How long an idle pooled connection is kept open (`None`: for ever; reqwest's
    /// default is 90 s).
    pub fn pool_idle_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.transport.pool_idle_timeout = Some(timeout);
        self
    }

    /// The most idle connections kept open per host (reqwest's default: no limit).
    pub fn pool_max_idle_per_host(mut self, max: usize) -> Self {
        self.transport.pool_max_idle_per_host = Some(max);
        self
    }

    /// At most `n` requests in flight at once over this client (every attempt of every
    /// call, all clones of the client, per-call overrides included). A request past the limit
    /// waits for a free slot instead of failing; the wait counts against the call's
    /// [`deadline`](Self::deadline), not against the per-attempt timeout. A slot is freed
    /// when the response's body has been read (or the attempt failed). `0` fails
    /// [`build`](Self::build). Default: no limit.
    ///
    /// ```
    /// let client = telnyx_sdk::Client::builder()
    ///     .api_key("KEY_EXAMPLE")
    ///     .max_concurrent_requests(8)
    ///     .build()?;
    /// assert_eq!(client.runtime().max_concurrent_requests(), Some(8));
    /// # Ok::<(), telnyx_sdk::Error>(())
    /// ```
    pub fn max_concurrent_requests(mut self, n: usize) -> Self {
        self.max_concurrent_requests = Some(n);
        self
    }

    /// Adds a middleware of the `reqwest-middleware` ecosystem (`reqwest-tracing`,
    /// `http-cache-reqwest`, your own, ...); call it again to chain more, the first added
    /// running outermost. Every attempt passes through the chain, the SDK's retries
    /// included; the SDK's retry policy, timeout, deadline and `command_id` stay as they
    /// are. Each attempt's `http::Extensions` holds its [`Operation`](crate::Operation).
    ///
    /// A middleware that answers with its own error (not a `reqwest::Error`) ends the call
    /// with [`Error::Connection`], whose [`TransportError::is_middleware_error`] is true and
    /// whose source is a [`MiddlewareError`](telnyx_sdk_core::MiddlewareError); it is not
    /// retried. The `Authorization` header is marked sensitive: a middleware that prints
    /// the request with `{:?}` sees `Sensitive`, not the key.
    ///
    /// [`TransportError::is_middleware_error`]: crate::TransportError::is_middleware_error
    #[cfg(feature = "middleware")]
    #[cfg_attr(docsrs, doc(cfg(feature = "middleware")))]
    pub fn middleware<M: telnyx_sdk_core::reqwest_middleware::Middleware>(
        mut self,
        middleware: M,
    ) -> Self {
        self.middleware.push(Arc::new(middleware));
        self
    }

    /// Validates the settings and builds the client.
    ///
    /// Fails with [`Error::Configuration`] when the key is missing or empty, the timeout is
    /// zero, the base URL is not an absolute http(s) URL, a header value or the proxy URL is
    /// invalid, the concurrency limit is 0, or settings of the SDK's own HTTP client (TLS,
    /// proxy, pool) are combined with [`http_client`](Self::http_client).
    pub fn build(self) -> Result<Client, Error> {
        let Some(key) = self.api_key else {
            return Err(Error::Configuration(format!(
                "no API key: call `.api_key(..)` or set {API_KEY_ENV}"
            )));
        };
        if key.is_empty() {
            return Err(Error::Configuration("the API key is empty".to_owned()));
        }
        let base_url = normalize_base_url(self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL))?;
        let timeout = self.timeout.unwrap_or(telnyx_sdk_core::DEFAULT_TIMEOUT);
        let mut runtime = Runtime::builder(key).timeout(timeout);
        if self.http.is_none() {
            // the client built below applies the timeout to every request itself
            runtime = runtime.http_client_timeout(Some(timeout));
        }
        if let Some(n) = self.max_retries {
            runtime = runtime.max_retries(n);
        }
        if let Some((base, cap)) = self.backoff {
            runtime = runtime.backoff(base, cap);
        }
        if let Some(suffix) = self.user_agent_suffix {
            runtime = runtime.user_agent_suffix(suffix);
        }
        if let Some(name) = self.invalid_header {
            return Err(Error::Configuration(format!(
                "invalid default header `{name}`"
            )));
        }
        runtime = runtime.default_headers(self.default_headers);
        if let Some(n) = self.max_concurrent_requests {
            runtime = runtime.max_concurrent_requests(n);
        }
        if self.http.is_some() && self.transport.is_set() {
            return Err(Error::Configuration(
                "proxy and pool settings apply to the SDK's own HTTP client: set them on the \
                 `reqwest::Client` given to `http_client` instead"
                    .to_owned(),
            ));
        }
        #[cfg(any(feature = "rustls", feature = "rustls-ring", feature = "native-tls"))]
        if self.http.is_some() && self.tls.is_set() {
            return Err(Error::Configuration(
                "TLS settings apply to the SDK's own HTTP client: set them on the \
                 `reqwest::Client` given to `http_client` instead"
                    .to_owned(),
            ));
        }
        #[cfg(any(feature = "rustls", feature = "rustls-ring", feature = "native-tls"))]
        let tls_backend = self.http.is_none().then(|| self.tls.backend());
        let http = match self.http {
            Some(http) => http,
            None => {
                let builder = reqwest::Client::builder().timeout(timeout);
                let builder = self.transport.apply(builder)?;
                #[cfg(any(feature = "rustls", feature = "rustls-ring", feature = "native-tls"))]
                let builder = self.tls.apply(builder)?;
                builder.build().map_err(|e| {
                    Error::Configuration(format!("cannot build the HTTP client: {e}"))
                })?
            }
        };
        #[cfg(feature = "middleware")]
        if !self.middleware.is_empty() {
            runtime = runtime.middleware(
                telnyx_sdk_core::reqwest_middleware::ClientWithMiddleware::new(
                    http.clone(),
                    self.middleware,
                ),
            );
        }
        let runtime = runtime.build()?;
        Ok(Client {
            inner: Arc::new(Inner {
                domains: DomainClients::new(&base_url, &http, &runtime),
                runtime,
                http,
                base_url,
                deadline: self.deadline,
                #[cfg(any(feature = "rustls", feature = "rustls-ring", feature = "native-tls"))]
                tls_backend,
            }),
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut f = f.debug_struct("ClientBuilder");
        f.field("api_key", &self.api_key.as_ref().map(|_| "[redacted]"))
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("deadline", &self.deadline)
            .field("max_retries", &self.max_retries)
            .field("backoff", &self.backoff)
            .field("user_agent_suffix", &self.user_agent_suffix)
            .field(
                "default_headers",
                &self.default_headers.keys().collect::<Vec<_>>(),
            )
            .field("http_client", &self.http.is_some())
            .field("transport", &self.transport)
            .field("max_concurrent_requests", &self.max_concurrent_requests);
        #[cfg(feature = "middleware")]
        f.field("middleware", &self.middleware.len());
        #[cfg(any(feature = "rustls", feature = "rustls-ring", feature = "native-tls"))]
        f.field("tls", &self.tls);
        f.finish()
    }
}

/// Settings of the HTTP client the SDK builds itself.
#[derive(Clone, Default)]
struct Transport {
    proxy: Option<String>,
    no_proxy: bool,
    pool_idle_timeout: Option<Option<Duration>>,
    pool_max_idle_per_host: Option<usize>,
}

impl Transport {
    fn is_set(&self) -> bool {
        self.proxy.is_some()
            || self.no_proxy
            || self.pool_idle_timeout.is_some()
            || self.pool_max_idle_per_host.is_some()
    }

    fn apply(&self, mut builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, Error> {
        if self.no_proxy {
            builder = builder.no_proxy();
        } else if let Some(url) = &self.proxy {
            // the message names what is wrong, not the URL (it may hold a password)
            let url = reqwest::Url::parse(url.trim())
                .map_err(|e| Error::Configuration(format!("invalid proxy URL: {e}")))?;
            if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
                return Err(Error::Configuration(
                    "invalid proxy URL: an http:// or https:// URL with a host is expected"
                        .to_owned(),
                ));
            }
            let proxy = reqwest::Proxy::all(url).map_err(|e| {
                Error::Configuration(format!("invalid proxy URL: {}", e.without_url()))
            })?;
            builder = builder.proxy(proxy.no_proxy(reqwest::NoProxy::from_env()));
        }
        if let Some(timeout) = self.pool_idle_timeout {
            builder = builder.pool_idle_timeout(timeout);
        }
        if let Some(max) = self.pool_max_idle_per_host {
            builder = builder.pool_max_idle_per_host(max);
        }
        Ok(builder)
    }
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // a proxy URL may carry a password: only whether one is set
        f.debug_struct("Transport")
            .field("proxy", &self.proxy.as_ref().map(|_| "[set]"))
            .field("no_proxy", &self.no_proxy)
            .field("pool_idle_timeout", &self.pool_idle_timeout)
            .field("pool_max_idle_per_host", &self.pool_max_idle_per_host)
            .finish()
    }
}

fn normalize_base_url(url: &str) -> Result<String, Error> {
    let trimmed = url.trim().trim_end_matches('/');
    let parsed = reqwest::Url::parse(trimmed)
        .map_err(|e| Error::Configuration(format!("invalid base URL: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.cannot_be_a_base() {
        return Err(Error::Configuration(
            "the base URL must be an absolute http(s) URL".to_owned(),
        ));
    }
    Ok(trimmed.to_owned())
}

/// A header given as text, checked; the error names what is wrong.
pub(crate) fn header(
    name: &str,
    value: &str,
) -> Result<(reqwest::header::HeaderName, reqwest::header::HeaderValue), String> {
    let parsed = reqwest::header::HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| format!("invalid header name `{name}`"))?;
    let value = reqwest::header::HeaderValue::from_str(value)
        .map_err(|_| format!("invalid value for header `{name}`"))?;
    Ok((parsed, value))
}

/// Per-call overrides of the client's retry count, per-attempt timeout and deadline, and
/// what the call adds to the request (extra headers, query parameters, body fields).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overrides {
    pub(crate) max_retries: Option<u32>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) deadline: Option<Duration>,
    /// Boxed: most calls have none.
    pub(crate) extras: Option<Box<telnyx_sdk_core::Extras>>,
}

impl Overrides {
    /// Whether the generated client needs another runtime (the deadline does not).
    fn changes_runtime(&self) -> bool {
        self.max_retries.is_some() || self.timeout.is_some() || self.extras.is_some()
    }

    /// The call's extras, created on first use.
    pub(crate) fn extras(&mut self) -> &mut telnyx_sdk_core::Extras {
        self.extras.get_or_insert_with(Default::default)
    }

    /// Adds an extra header; an invalid name or value is the request's error.
    pub(crate) fn extra_header(&mut self, name: &str, value: &str) -> Result<(), String> {
        let (name, value) = header(name, value)?;
        self.extras().headers.append(name, value);
        Ok(())
    }

    /// Sets an extra JSON body field; a value that does not serialize is the request's error.
    pub(crate) fn extra_body_field(
        &mut self,
        key: &str,
        value: impl serde::Serialize,
    ) -> Result<(), String> {
        let value = serde_json::to_value(value)
            .map_err(|e| format!("invalid value for body field `{key}`: {e}"))?;
        self.extras().body.insert(key.to_owned(), value);
        Ok(())
    }

    /// The deadline of one call: this call's, else the client's.
    pub(crate) fn deadline(&self, client: &Client) -> Option<Duration> {
        self.deadline.or(client.inner.deadline)
    }
}

/// The generated client of a domain (impls in `generated/clients.rs`).
pub trait Domain: Clone + Sized + Send + Sync {
    /// The client shared by every call.
    fn shared(clients: &DomainClients) -> &Self;

    /// A client on the same connection pool with another runtime.
    fn with_runtime(base_url: &str, http: &reqwest::Client, runtime: Runtime) -> Self;

    /// Picks the client for one call: the shared one, or a copy with the per-call overrides
    /// applied to its runtime (same connection pool).
    fn select(client: &Client, overrides: Overrides) -> Cow<'_, Self> {
        let inner = &client.inner;
        if !overrides.changes_runtime() {
            return Cow::Borrowed(Self::shared(&inner.domains));
        }
        let mut runtime = inner
            .runtime
            .with_overrides(overrides.max_retries, overrides.timeout);
        if let Some(extras) = &overrides.extras {
            runtime = runtime.with_extras(extras);
        }
        Cow::Owned(Self::with_runtime(&inner.base_url, &inner.http, runtime))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync + Clone>() {}

    #[test]
    fn client_is_send_sync_clone() {
        assert_send_sync::<Client>();
    }

    #[test]
    fn missing_or_empty_key_is_a_configuration_error() {
        let missing = Client::builder().build().expect_err("no key");
        assert!(matches!(missing, Error::Configuration(_)), "{missing:?}");
        let empty = Client::builder().api_key("  ").build().expect_err("empty");
        assert!(matches!(empty, Error::Configuration(_)), "{empty:?}");
    }

    #[test]
    fn base_url_is_validated_and_trimmed() {
        let c = Client::builder()
            .api_key("k")
            .base_url("http://127.0.0.1:9/v2/")
            .build()
            .expect("client");
        assert_eq!(c.base_url(), "http://127.0.0.1:9/v2");
        let bad = Client::builder().api_key("k").base_url("nope").build();
        assert!(matches!(bad, Err(Error::Configuration(_))));
    }

    #[test]
    fn defaults() {
        let c = Client::builder().api_key("k").build().expect("client");
        assert_eq!(c.timeout(), Duration::from_secs(60));
        assert_eq!(c.max_retries(), 2);
        assert_eq!(c.base_url(), DEFAULT_BASE_URL);
    }
}
