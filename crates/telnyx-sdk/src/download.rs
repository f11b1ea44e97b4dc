//! Downloading media from the storage URLs the API returns (a call recording's
//! `download_urls`, for instance): [`Client::download`]; and [`ByteStream`], the body of an
//! operation that answers with a file (a CSV report) instead of JSON.
//!
//! Such URLs point at a storage host, not at the API, and are usually signed themselves, so
//! the download carries **none of the API's credentials**: no `Authorization` header, none of
//! the client's [`default_header`](crate::ClientBuilder::default_header)s, no extra headers,
//! query parameters or body fields, and it skips the client's middleware chain (which may add
//! credentials of its own). What it shares with API calls is the HTTP client (TLS, proxy,
//! connection pool), the `User-Agent`, the timeout per attempt, the retry policy (connection
//! errors, 408, 409, 429 and 5xx, with `Retry-After`) and the total deadline.
//!
//! A caller-supplied `reqwest::Client` (`ClientBuilder::http_client`) sends its own default
//! headers everywhere: keep credentials off such a client.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use futures_core::Stream;
use reqwest::header::{ACCEPT, HeaderValue, USER_AGENT};
use telnyx_sdk_core::ApiError;

use crate::{Client, Error};

impl Client {
    /// Downloads `url` (a storage URL from a response, such as a recording's
    /// `download_urls.mp3`) without any of the API's credentials; see the
    /// [module docs](crate::download).
    ///
    /// ```no_run
    /// # async fn demo(client: telnyx_sdk::Client, url: String) -> Result<(), telnyx_sdk::Error> {
    /// use futures::TryStreamExt;
    ///
    /// // all at once
    /// let audio = client.download(&url).bytes().await?;
    /// // or chunk by chunk
    /// let mut chunks = client.download(&url).stream().await?;
    /// while let Some(chunk) = chunks.try_next().await? {
    ///     // write `chunk` to a file ...
    /// #   let _ = chunk;
    /// }
    /// # let _ = audio;
    /// # Ok(())
    /// # }
    /// ```
    pub fn download(&self, url: &str) -> Download {
        Download {
            client: self.clone(),
            url: url.to_owned(),
            timeout: None,
            max_retries: None,
            deadline: None,
        }
    }
}

/// A download from a storage URL: [`Client::download`].
#[derive(Clone, Debug)]
#[must_use = "a download does nothing until `.stream()` or `.bytes()` is awaited"]
pub struct Download {
    client: Client,
    url: String,
    timeout: Option<Duration>,
    max_retries: Option<u32>,
    deadline: Option<Duration>,
}

impl Download {
    /// Overrides the client's timeout of one attempt (until the whole body is read).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Overrides the client's number of retries.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = Some(max_retries);
        self
    }

    /// Overrides the client's total deadline (all attempts, waits and, for
    /// [`bytes`](Self::bytes), reading the body).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Sends the request (retrying as API calls do) and returns the body as a stream of
    /// chunks once the storage host answered with a success status. A status that is not
    /// retried, or the last attempt's, is an [`Error::Api`] keeping the status and body.
    ///
    /// The deadline covers the wait for the answer; the per-attempt timeout also bounds
    /// reading the stream. A body that breaks off is an error item of the stream (not
    /// retried: the chunks before it were already handed out).
    pub async fn stream(self) -> Result<DownloadStream, Error> {
        let deadline = self.deadline.or(self.client.deadline());
        let response = match deadline {
            None => self.response().await?,
            Some(deadline) => crate::request::within(deadline, self.response()).await?,
        };
        Ok(DownloadStream {
            state: State::Idle(Some(response)),
        })
    }

    /// Downloads the whole body into memory. A body that breaks off mid-transfer is retried
    /// like a connection failure; the deadline covers everything.
    pub async fn bytes(self) -> Result<Bytes, Error> {
        let deadline = self.deadline.or(self.client.deadline());
        match deadline {
            None => self.whole().await,
            Some(deadline) => crate::request::within(deadline, self.whole()).await,
        }
    }

    async fn whole(self) -> Result<Bytes, Error> {
        let policy = self.policy();
        let mut retry = 0u32;
        loop {
            let response = self.response().await?;
            match response.bytes().await {
                Ok(body) => return Ok(body),
                Err(error)
                    if retry < policy.max_retries
                        && telnyx_sdk_core::retry::is_retryable_transport_error(&error) =>
                {
                    let jitter = telnyx_sdk_core::retry::random_jitter();
                    tokio::time::sleep(policy.delay(retry, None, jitter, SystemTime::now())).await;
                    retry += 1;
                }
                Err(error) => return Err(Error::from_reqwest(error)),
            }
        }
    }

    fn policy(&self) -> telnyx_sdk_core::RetryPolicy {
        let mut policy = self.client.runtime().retry_policy().clone();
        if let Some(max_retries) = self.max_retries {
            policy.max_retries = max_retries;
        }
        policy
    }

    /// The first success response (body unread), after retries.
    async fn response(&self) -> Result<reqwest::Response, Error> {
        let policy = self.policy();
        let url = reqwest::Url::parse(&self.url)
            .map_err(|e| Error::InvalidRequest(format!("invalid download URL: {e}")))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Error::InvalidRequest(format!(
                "a download URL must be http or https, not `{}`",
                url.scheme()
            )));
        }
        let timeout = self.timeout.unwrap_or(self.client.timeout());
        let user_agent = HeaderValue::from_str(self.client.user_agent()).ok();
        let mut retry = 0u32;
        loop {
            // built afresh for every attempt: only these headers, nothing of the API's
            let mut request = reqwest::Request::new(reqwest::Method::GET, url.clone());
            request
                .headers_mut()
                .insert(ACCEPT, HeaderValue::from_static("*/*"));
            if let Some(user_agent) = &user_agent {
                request.headers_mut().insert(USER_AGENT, user_agent.clone());
            }
            *request.timeout_mut() = Some(timeout);
            let result = self.client.http_client().execute(request).await;
            let delay = if retry < policy.max_retries {
                policy.delay_after(retry, &result)
            } else {
                None
            };
            match (result, delay) {
                (Ok(response), None) if response.status().is_success() => return Ok(response),
                (Ok(response), None) => return Err(api_error(response).await),
                (Err(error), None) => return Err(Error::from_reqwest(error)),
                (_, Some(delay)) => {
                    tracing::warn!(
                        retry,
                        delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                        "retrying download"
                    );
                    tokio::time::sleep(delay).await;
                    retry += 1;
                }
            }
        }
    }
}

/// An error status from the storage host, with its body (storage hosts answer in XML or
/// plain text; Telnyx's error list is parsed only when the body has one).
async fn api_error(response: reqwest::Response) -> Error {
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await.unwrap_or_default();
    Error::Api(ApiError::from_parts(status, &headers, &body))
}

type Chunk =
    Pin<Box<dyn Future<Output = (reqwest::Response, reqwest::Result<Option<Bytes>>)> + Send>>;

enum State {
    /// Between chunks (`None` once the body ended or failed).
    Idle(Option<reqwest::Response>),
    /// Reading the next chunk.
    Reading(Chunk),
}

/// The body of a download, chunk by chunk: a `futures::Stream` of
/// `Result<Bytes, telnyx_sdk::Error>`; [`DownloadStream::collect_bytes`] gathers it.
pub struct DownloadStream {
    state: State,
}

impl std::fmt::Debug for DownloadStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DownloadStream").finish_non_exhaustive()
    }
}

impl DownloadStream {
    /// The response's status and headers (`Content-Type`, `Content-Length`, ...), while the
    /// body has not been read.
    pub fn headers(&self) -> Option<&reqwest::header::HeaderMap> {
        match &self.state {
            State::Idle(Some(response)) => Some(response.headers()),
            _ => None,
        }
    }

    /// Reads the rest of the body into one buffer.
    pub async fn collect_bytes(self) -> Result<Bytes, Error> {
        collect(self).await
    }
}

impl Stream for DownloadStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            match &mut self.state {
                State::Idle(response) => {
                    let Some(mut response) = response.take() else {
                        return Poll::Ready(None);
                    };
                    self.state = State::Reading(Box::pin(async move {
                        let chunk = response.chunk().await;
                        (response, chunk)
                    }));
                }
                State::Reading(chunk) => {
                    let (response, result) = match chunk.as_mut().poll(cx) {
                        Poll::Pending => return Poll::Pending,
                        Poll::Ready(done) => done,
                    };
                    return Poll::Ready(match result {
                        Ok(Some(bytes)) => {
                            self.state = State::Idle(Some(response));
                            Some(Ok(bytes))
                        }
                        Ok(None) => {
                            self.state = State::Idle(None);
                            None
                        }
                        Err(error) => {
                            self.state = State::Idle(None);
                            Some(Err(Error::from_reqwest(error)))
                        }
                    });
                }
            }
        }
    }
}

/// The body of an operation that answers with a file instead of JSON (a sub number orders
/// report's CSV, for instance): a `futures::Stream` of `Result<Bytes, telnyx_sdk::Error>`,
/// read as it arrives; [`ByteStream::collect_bytes`] gathers it. The request itself was
/// sent with the client's credentials, retries and deadline, like any API call.
pub struct ByteStream {
    inner: Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send + Sync>>,
}

impl std::fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ByteStream").finish_non_exhaustive()
    }
}

impl From<telnyx_sdk_core::progenitor_client::ByteStream> for ByteStream {
    fn from(inner: telnyx_sdk_core::progenitor_client::ByteStream) -> Self {
        ByteStream {
            inner: inner.into_inner(),
        }
    }
}

impl ByteStream {
    /// Reads the rest of the body into one buffer.
    pub async fn collect_bytes(self) -> Result<Bytes, Error> {
        collect(self).await
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner
            .as_mut()
            .poll_next(cx)
            .map(|chunk| chunk.map(|r| r.map_err(Error::from_reqwest)))
    }
}

/// Every chunk of `stream`, in one buffer; the first error ends it.
async fn collect(
    mut stream: impl Stream<Item = Result<Bytes, Error>> + Unpin,
) -> Result<Bytes, Error> {
    let mut out = bytes::BytesMut::new();
    while let Some(chunk) = std::future::poll_fn(|cx| Pin::new(&mut stream).poll_next(cx)).await {
        out.extend_from_slice(&chunk?);
    }
    Ok(out.freeze())
}
