//! Rust SDK for the Telnyx API: video rooms, voice conferencing, call queues and verified
//! webhooks.
//!
//! One [`Client`] reaches every operation, organised by resource, with parent ids in the call
//! chain: `client.rooms().sessions(&room_id).list()`, `client.conferences().actions(&id).mute()`,
//! `client.queues().calls(&name).get(&call_id)`. Ids are typed ([`RoomId`], [`ConferenceId`],
//! ...), so one kind of id cannot be passed where another is expected. Every list request can
//! be sent for one page or turned into a [`Stream`](futures_core::Stream) over all items.
//! Every failure is a [`telnyx_sdk::Error`](Error).
//!
//! Each API domain is a cargo feature (`video`, `conferencing`, `queues`, `webhooks`); with
//! `default-features = false` and only the features you use, the other domains are not
//! compiled. `webhooks` alone pulls in no HTTP client.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]
#![forbid(unsafe_code)]

#[cfg(feature = "conferencing")]
pub use telnyx_sdk_conferencing as conferencing;
#[cfg(feature = "queues")]
pub use telnyx_sdk_queues as queues;
#[cfg(feature = "video")]
pub use telnyx_sdk_video as video;

#[cfg(feature = "webhooks")]
pub mod webhooks;

#[cfg(feature = "http-client")]
#[macro_use]
mod request;
#[cfg(feature = "http-client")]
mod client;
#[cfg(feature = "http-client")]
mod ids;
#[cfg(feature = "http-client")]
pub mod resources;

/// Dates used by list filters (`filter_date_created_at_gte(..)` and friends).
#[cfg(feature = "http-client")]
pub use chrono::NaiveDate;
#[cfg(feature = "http-client")]
pub use client::{API_KEY_ENV, BASE_URL_ENV, Client, ClientBuilder, DEFAULT_BASE_URL};
#[cfg(feature = "http-client")]
pub use ids::{
    CallControlId, ConferenceId, ConferenceParticipantId, IdParseError, QueueName,
    RoomCompositionId, RoomId, RoomParticipantId, RoomRecordingId, RoomSessionId,
};
/// The README's examples, compiled as doctests.
#[cfg(all(
    doctest,
    feature = "video",
    feature = "conferencing",
    feature = "queues"
))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// The HTTP client type accepted by [`ClientBuilder::http_client`].
#[cfg(feature = "http-client")]
pub use reqwest;
/// The one error type of the SDK (from `telnyx-sdk-core`), with its parts.
#[cfg(feature = "http-client")]
pub use telnyx_sdk_core::{
    ApiError, ApiErrorDetail, ApiErrorMeta, ApiErrorSource, ApiKey, DecodeError, Error, ErrorKind,
    Page, TransportError,
};
