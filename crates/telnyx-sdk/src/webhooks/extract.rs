//! Verified webhook events as an axum extractor (feature `axum`).

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::ops::Deref;
use std::sync::{Arc, Mutex, PoisonError};

use axum_core::body::Body;
use axum_core::extract::{FromRef, FromRequest, Request};
use axum_core::response::{IntoResponse, Response};
use bytes::Bytes;
use http::StatusCode;

use super::{Event, WebhookError, WebhookVerifier};

/// What [`VerifiedEvent`] needs from the router's state: the verifier, and optionally a
/// bounded memory of handled event ids.
///
/// Put it in the state (or make it reachable with axum's `FromRef`); it is cheap to clone.
///
/// ```
/// use telnyx_sdk::webhooks::{WebhookReceiver, WebhookVerifier};
///
/// let verifier = WebhookVerifier::new("GX9rI+FshTLGq8g4+s1ep4m+DHaykgM0A5v6iz02jWE=")?;
/// let receiver = WebhookReceiver::new(verifier).with_dedup(10_000);
/// # let _ = receiver;
/// # Ok::<(), telnyx_sdk::webhooks::WebhookError>(())
/// ```
#[derive(Clone, Debug)]
pub struct WebhookReceiver {
    verifier: WebhookVerifier,
    seen: Option<Arc<Seen>>,
}

impl WebhookReceiver {
    /// A receiver that verifies with `verifier` and remembers nothing.
    pub fn new(verifier: WebhookVerifier) -> Self {
        WebhookReceiver {
            verifier,
            seen: None,
        }
    }

    /// Remembers the ids of the last `capacity` events marked handled
    /// ([`VerifiedEvent::mark_handled`]); a later delivery of one of them is answered
    /// `200 OK` without calling the handler. Telnyx delivers at least once (again after a
    /// timeout or an error status), so this saves doing the work twice; the oldest ids are
    /// forgotten first. A `capacity` of 0 turns it off.
    #[must_use]
    pub fn with_dedup(mut self, capacity: usize) -> Self {
        self.seen = (capacity > 0).then(|| Arc::new(Seen::new(capacity)));
        self
    }

    /// The verifier.
    pub fn verifier(&self) -> &WebhookVerifier {
        &self.verifier
    }

    /// Whether an event with this id was marked handled (and is still remembered).
    pub fn was_handled(&self, id: &uuid::Uuid) -> bool {
        self.seen.as_ref().is_some_and(|s| s.contains(id))
    }

    /// Verifies and decodes a request: what the extractor does, for other frameworks too.
    ///
    /// # Errors
    ///
    /// The [`WebhookRejection`] the extractor would answer with.
    pub fn receive(
        &self,
        headers: &http::HeaderMap,
        body: &[u8],
    ) -> Result<VerifiedEvent, WebhookRejection> {
        self.verifier
            .verify(headers, body)
            .map_err(WebhookRejection::from_verify)?;
        let event = Event::from_slice(body).map_err(WebhookRejection::Undecodable)?;
        if let (Some(seen), Some(id)) = (&self.seen, event.id())
            && seen.contains(&id)
        {
            return Err(WebhookRejection::Duplicate { id });
        }
        Ok(VerifiedEvent {
            event,
            seen: self.seen.clone(),
        })
    }
}

/// An axum extractor: the request's webhook event, verified and decoded.
///
/// It reads the raw body (so it must be the last extractor of the handler), checks the
/// signature and timestamp with the state's [`WebhookReceiver`] and decodes the [`Event`].
/// A request that does not verify never reaches the handler: it is answered `401` (bad or
/// missing signature, stale or future timestamp) or `400` (verified but not an event),
/// with the reason as text; see [`WebhookRejection`].
///
/// ```
/// use axum::{Router, routing::post, http::StatusCode};
/// use telnyx_sdk::webhooks::{Event, VerifiedEvent, WebhookReceiver, WebhookVerifier};
///
/// async fn webhook(mut event: VerifiedEvent) -> StatusCode {
///     if let Event::CallHangup(hangup) = &*event {
///         println!("hang-up {:?}", hangup.id);
///     }
///     event.mark_handled(); // with dedup on: a redelivery is answered 200 at once
///     StatusCode::OK
/// }
///
/// let receiver = WebhookReceiver::new(WebhookVerifier::new("GX9rI+FshTLGq8g4+s1ep4m+DHaykgM0A5v6iz02jWE=")?)
///     .with_dedup(10_000);
/// let app: Router = Router::new().route("/webhooks/telnyx", post(webhook)).with_state(receiver);
/// # let _ = app;
/// # Ok::<(), telnyx_sdk::webhooks::WebhookError>(())
/// ```
#[derive(Debug)]
pub struct VerifiedEvent {
    event: Event,
    seen: Option<Arc<Seen>>,
}

impl VerifiedEvent {
    /// The event.
    pub fn into_inner(self) -> Event {
        self.event
    }

    /// Records that this event was handled, so that with [`WebhookReceiver::with_dedup`] a
    /// redelivery of it is not handled again. Call it once the work succeeded: an event not
    /// marked (its handler failed, answered an error, or panicked) is handled again when
    /// Telnyx delivers it again. Without dedup, or for an event without an id, it does
    /// nothing.
    pub fn mark_handled(&mut self) {
        if let (Some(seen), Some(id)) = (&self.seen, self.event.id()) {
            seen.insert(id);
        }
    }
}

impl Deref for VerifiedEvent {
    type Target = Event;

    fn deref(&self) -> &Event {
        &self.event
    }
}

impl<S> FromRequest<S> for VerifiedEvent
where
    S: Send + Sync,
    WebhookReceiver: FromRef<S>,
{
    type Rejection = WebhookRejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let receiver = WebhookReceiver::from_ref(state);
        let (parts, body) = req.into_parts();
        let bytes = Bytes::from_request(Request::from_parts(parts.clone(), body), state)
            .await
            .map_err(|e| WebhookRejection::Body {
                status: e.status(),
                reason: e.body_text(),
            })?;
        receiver.receive(&parts.headers, &bytes)
    }
}

/// Why [`VerifiedEvent`] did not let a request through; it answers with the status of
/// [`status`](Self::status) and its `Display` text (which never repeats the request's
/// headers or body).
#[derive(Debug)]
#[non_exhaustive]
pub enum WebhookRejection {
    /// `401 Unauthorized`: the request is not Telnyx's (a signature or timestamp header
    /// missing or malformed, a signature that does not match, a timestamp outside the
    /// tolerance).
    Unauthorized(WebhookError),
    /// `400 Bad Request`: the request is Telnyx's, but its body is not an event this SDK can
    /// decode.
    Undecodable(WebhookError),
    /// `200 OK`: an event already handled ([`WebhookReceiver::with_dedup`]); the handler was
    /// not called.
    Duplicate {
        /// The event's id.
        id: uuid::Uuid,
    },
    /// The body could not be read (too large for axum's body limit: `413`, or cut off).
    Body {
        /// The status axum gives the failure.
        status: StatusCode,
        /// axum's reason.
        reason: String,
    },
    /// `500 Internal Server Error`: the verifier itself is unusable (a configuration error).
    Misconfigured(WebhookError),
}

impl WebhookRejection {
    fn from_verify(error: WebhookError) -> Self {
        if error.is_authentication_failure() {
            WebhookRejection::Unauthorized(error)
        } else {
            WebhookRejection::Misconfigured(error)
        }
    }

    /// The status the rejection answers with.
    pub fn status(&self) -> StatusCode {
        match self {
            WebhookRejection::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            WebhookRejection::Undecodable(_) => StatusCode::BAD_REQUEST,
            WebhookRejection::Duplicate { .. } => StatusCode::OK,
            WebhookRejection::Body { status, .. } => *status,
            WebhookRejection::Misconfigured(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The verification or decoding error, if that is what it was.
    pub fn webhook_error(&self) -> Option<&WebhookError> {
        match self {
            WebhookRejection::Unauthorized(e)
            | WebhookRejection::Undecodable(e)
            | WebhookRejection::Misconfigured(e) => Some(e),
            _ => None,
        }
    }
}

impl fmt::Display for WebhookRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookRejection::Unauthorized(e) | WebhookRejection::Undecodable(e) => e.fmt(f),
            WebhookRejection::Duplicate { id } => {
                write!(f, "event {id} was already handled")
            }
            WebhookRejection::Body { reason, .. } => {
                write!(f, "could not read the webhook body: {reason}")
            }
            // the details are for the logs, not for the caller
            WebhookRejection::Misconfigured(_) => {
                f.write_str("webhook verification is not configured")
            }
        }
    }
}

impl std::error::Error for WebhookRejection {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.webhook_error()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

impl IntoResponse for WebhookRejection {
    fn into_response(self) -> Response {
        let mut response = Response::new(Body::from(self.to_string()));
        *response.status_mut() = self.status();
        response.headers_mut().insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        response
    }
}

/// The ids of the last `capacity` handled events, oldest forgotten first.
struct Seen {
    capacity: usize,
    inner: Mutex<SeenInner>,
}

#[derive(Default)]
struct SeenInner {
    ids: HashSet<uuid::Uuid>,
    order: VecDeque<uuid::Uuid>,
}

impl Seen {
    fn new(capacity: usize) -> Self {
        Seen {
            capacity,
            inner: Mutex::new(SeenInner::default()),
        }
    }

    fn contains(&self, id: &uuid::Uuid) -> bool {
        // a panic elsewhere while holding the lock leaves the sets consistent enough
        let inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        inner.ids.contains(id)
    }

    fn insert(&self, id: uuid::Uuid) {
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if !inner.ids.insert(id) {
            return;
        }
        inner.order.push_back(id);
        while inner.order.len() > self.capacity {
            if let Some(old) = inner.order.pop_front() {
                inner.ids.remove(&old);
            }
        }
    }
}

impl fmt::Debug for Seen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let len = self
            .inner
            .lock()
            .map(|i| i.ids.len())
            .unwrap_or_else(|p| p.into_inner().ids.len());
        f.debug_struct("Seen")
            .field("capacity", &self.capacity)
            .field("len", &len)
            .finish()
    }
}
