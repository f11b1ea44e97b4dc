//! Runtime shared by the generated Telnyx SDK crates.
//!
//! The generated clients (`telnyx-sdk-video`, `telnyx-sdk-calls` and the other domain crates)
//! hold a [`Runtime`] and send every request through [`execute`], which adds credentials and
//! the user agent, applies the timeout, retries transient failures and adds idempotency keys.
//! [`Error`] is the one error type of the SDK, and [`Paginator`] turns page-number list calls
//! into streams.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod call_control;
#[doc(hidden)]
pub mod codegen;
mod config;
mod error;
mod execute;
#[cfg(feature = "mock")]
pub mod mock;
#[cfg(feature = "multipart")]
pub mod multipart;
mod operation;
mod optional;
pub mod pagination;
pub mod retry;
mod transport;

pub use call_control::CallControlError;
pub use config::{
    API_KEY_ENV, ApiKey, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, Extras, Runtime, RuntimeBuilder,
    USER_AGENT,
};
pub use error::{
    ApiError, ApiErrorDetail, ApiErrorMeta, ApiErrorSource, DecodeError, Error, ErrorKind,
    MAX_BODY_EXCERPT, REQUEST_ID_HEADER, TransportError, decode, from_progenitor, map_progenitor,
    request_id_of,
};
pub use execute::{COMMAND_ID, execute, execute_with_template, readable_query};
pub use operation::Operation;
pub use optional::{
    IntoOptional, first_builder_error, operation_param, optional_field, optional_operation_param,
    required_field, required_operation_param, unset_operation_param,
};
pub use pagination::{ItemStream, Page, PageStream, Paginator, paginate};
pub use retry::RetryPolicy;
#[cfg(feature = "middleware")]
pub use transport::MiddlewareError;
#[doc(hidden)]
pub use transport::encode_query_component;

/// Re-export: the middleware trait and chain that [`RuntimeBuilder::middleware`] takes.
#[cfg(feature = "middleware")]
pub use reqwest_middleware;

/// Re-export so the generated crates and the facade use the same versions.
pub use progenitor_client;
pub use reqwest;

/// Compiles the README example as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
