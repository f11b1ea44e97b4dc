//! Resource handles and request types, one module per API domain.

#[cfg(feature = "conferencing")]
pub mod conferencing;
#[cfg(feature = "queues")]
pub mod queues;
#[cfg(feature = "video")]
pub mod video;
