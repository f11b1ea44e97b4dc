//! Rust SDK for the Telnyx API.
//!
//! Placeholder facade: it re-exports the generated domain crates, one cargo feature each.
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "conferencing")]
pub use telnyx_sdk_conferencing as conferencing;
#[cfg(feature = "queues")]
pub use telnyx_sdk_queues as queues;
#[cfg(feature = "video")]
pub use telnyx_sdk_video as video;

#[cfg(feature = "webhooks")]
pub mod webhooks;
