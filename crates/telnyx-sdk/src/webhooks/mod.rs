//! Verified, typed Telnyx webhooks (feature `webhooks`; pulls in no HTTP client).
//!
//! Telnyx signs each webhook request with Ed25519 over `"{telnyx-timestamp}|{raw body}"`
//! and sends the signature in the `telnyx-signature-ed25519` header. A [`WebhookVerifier`],
//! built from your account's public key, checks the signature and the timestamp (300 s either
//! way by default, against replays) and decodes the body into an [`Event`]:
//!
//! ```
//! use telnyx_sdk::webhooks::{Event, WebhookError, WebhookVerifier};
//!
//! fn handle(verifier: &WebhookVerifier, headers: &http::HeaderMap, body: &[u8]) -> Result<(), WebhookError> {
//!     match verifier.unwrap(headers, body)? {
//!         Event::ConferenceParticipantJoined(joined) => {
//!             println!("joined: {:?}", joined.payload.as_ref().and_then(|p| p.call_control_id.as_ref()));
//!         }
//!         Event::CallEnqueued(enqueued) => println!("queued: {:?}", enqueued.id),
//!         other => println!("ignored {} ({:?})", other.event_type(), other.id()),
//!     }
//!     Ok(())
//! }
//! # let _ = handle;
//! ```
//!
//! `headers` can be an `&http::HeaderMap` (axum, hyper, lambda), actix-web's header map, or
//! any iterator of `(name, value)` pairs: see [`WebhookHeaders`]. The body must be the raw
//! bytes as received, not JSON that was parsed and serialized again.
//!
//! With feature `axum`, the extractor `VerifiedEvent` does all of this before your handler
//! runs (`401` for a request that is not Telnyx's, `400` for one that is not an event), and
//! `WebhookReceiver::with_dedup` remembers the events you marked handled, so redeliveries are
//! acknowledged without doing the work twice. [`Event::client_state`] decodes the state your
//! commands set on the call ([`ClientState`](crate::ClientState)).
//!
//! With feature `test-util`, `TestSigner` signs bodies like Telnyx does, so you can
//! unit-test your handlers end to end.

pub(crate) mod decode;
mod error;
#[cfg(feature = "axum")]
mod extract;
mod headers;
#[cfg(feature = "test-util")]
mod signer;
mod state;
mod verifier;

pub use crate::generated::events::{EVENT_TYPES, Event};
pub use error::WebhookError;
#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub use extract::{VerifiedEvent, WebhookReceiver, WebhookRejection};
pub use headers::{HeaderPair, WebhookHeaders};
#[cfg(feature = "test-util")]
#[cfg_attr(docsrs, doc(cfg(feature = "test-util")))]
pub use signer::{SignedHeaders, TestSigner};
pub use verifier::{
    DEFAULT_TOLERANCE, PUBLIC_KEY_ENV, SIGNATURE_HEADER, TIMESTAMP_HEADER, WebhookVerifier,
};

/// The generated payload types of every webhook event (crate `telnyx-sdk-webhooks`).
pub use telnyx_sdk_webhooks::types;
