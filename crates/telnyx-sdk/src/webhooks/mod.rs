//! Webhook verification and typed events (being written).
#[cfg(feature = "webhooks")]
pub use telnyx_sdk_webhooks::types;
