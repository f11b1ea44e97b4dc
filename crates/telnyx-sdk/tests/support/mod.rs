//! Facade-only additions to the shared test server (`telnyx-sdk-test-server`): the API key
//! the tests use and `telnyx_sdk` clients pointed at a [`Server`].
#![allow(dead_code)] // each test binary uses a different part

use std::time::Duration;

pub use telnyx_sdk_test_server::*;

/// The API key of every test client.
pub const KEY: &str = "KEY0123456789SECRET";

/// Facade clients for a test server.
pub trait ServerExt {
    /// A client for this server with fast retries.
    fn client(&self) -> telnyx_sdk::Client;
    /// The builder behind [`ServerExt::client`], to adjust before building.
    fn builder(&self) -> telnyx_sdk::ClientBuilder;
}

impl ServerExt for Server {
    fn client(&self) -> telnyx_sdk::Client {
        self.builder().build().expect("client")
    }

    fn builder(&self) -> telnyx_sdk::ClientBuilder {
        telnyx_sdk::Client::builder()
            .api_key(KEY)
            .base_url(self.url("/v2"))
            .backoff(Duration::from_millis(1), Duration::from_millis(5))
    }
}
