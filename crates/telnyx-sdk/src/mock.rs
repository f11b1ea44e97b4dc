//! Typed mocks for testing your own code that calls Telnyx (feature `test-util`).
//!
//! A [`MockServer`] (from [`httpmock`](mod@httpmock)) runs in your test; each HTTP domain
//! adds one method per operation to it (`server.rooms_list(|when, then| ..)`), generated
//! from the same OpenAPI description as the client. `when` matches the request with the
//! client's parameter names (`when.room_id(&uuid)` for a path parameter,
//! `when.page_number(NonZeroU64::new(2))` for the query key `page[number]`, keys exactly as
//! the client sends them, such as `filter[date_created_at][gte]`); `then` replies with the
//! operation's typed response
//! (`then.ok(&page)`), or with an [`ErrorReply`] (status, Telnyx's error list, headers such as
//! `Retry-After`), optionally after a [`delay`](httpmock::Then::delay). The returned
//! [`Mock`] counts the calls it answered (`mock.assert_calls(2)`).
//!
//! [`client`] points a [`Client`] at the server.
//!
//! ```no_run
//! # async fn demo() -> Result<(), telnyx_sdk::Error> {
//! use telnyx_sdk::mock::prelude::*;
//! use telnyx_sdk::video::types::RoomPage;
//!
//! let server = MockServer::start_async().await;
//! let list = server.rooms_list(|when, then| {
//!     when.page_size(std::num::NonZeroU64::new(50));
//!     then.error(ErrorReply::too_many_requests(std::time::Duration::from_secs(1)));
//! });
//! let client = telnyx_sdk::mock::client(&server);
//! let err = client.rooms().list().page_size(50).send().await.unwrap_err();
//! assert!(err.is_retryable());
//! list.assert_calls(1);
//! # Ok(()) }
//! ```
//!
//! Each domain's mocks are also reachable by name: [`video`], [`conferencing`], [`queues`]
//! (each with `MockServerExt` and the typed `operations::*When` / `*Then`).

pub use crate::generated::mock::*;
pub use telnyx_sdk_core::mock::httpmock;
pub use telnyx_sdk_core::mock::httpmock::{Mock, MockServer};
pub use telnyx_sdk_core::mock::{ErrorReply, path_segment};

use crate::{Client, ClientBuilder};

/// The API key the mock clients send (`Authorization: Bearer test-api-key`).
pub const TEST_API_KEY: &str = "test-api-key";

/// A [`ClientBuilder`] aimed at `server`, with a test API key and the default retry policy
/// and timeout (change them before `build()`).
pub fn client_builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .api_key(TEST_API_KEY)
        .base_url(server.base_url())
}

/// A [`Client`] aimed at `server`, with retries off, so each scripted reply (a 429, a 500)
/// reaches your code as it is. For the SDK's own retries, use [`client_builder`].
///
/// # Panics
///
/// If the HTTP client cannot be built (as `reqwest::Client::new` does): the mock server's
/// URL and the test key are always valid settings.
pub fn client(server: &MockServer) -> Client {
    match client_builder(server).max_retries(0).build() {
        Ok(client) => client,
        Err(e) => panic!("cannot build a client for the mock server: {e}"),
    }
}
