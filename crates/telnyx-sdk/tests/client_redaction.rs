//! The API key never appears in `Debug` of the client or its builder, nor in an error's
//! `Display` / `Debug` (even when the server echoes the `Authorization` header back).
#![cfg(feature = "video")]

mod support;

use serde_json::json;
use support::{KEY, Reply, Server, ServerExt};
use telnyx_sdk::{Client, RoomId};

#[tokio::test]
async fn key_is_absent_from_debug_and_errors() {
    let builder = Client::builder()
        .api_key(KEY)
        .base_url("http://127.0.0.1:9/v2");
    let builder_debug = format!("{builder:?}");
    assert!(!builder_debug.contains(KEY), "{builder_debug}");
    assert!(builder_debug.contains("redacted"), "{builder_debug}");
    let client = builder.build().expect("client");
    let client_debug = format!("{client:?} {client:#?}");
    assert!(!client_debug.contains(KEY), "{client_debug}");

    // an API error, a request error and a connection error
    let server = Server::script(vec![Reply::json(
        401,
        json!({"errors": [{"title": "bad key"}]}),
    )])
    .await;
    let id: RoomId = "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0".parse().expect("id");
    let api = server
        .client()
        .rooms()
        .get(&id)
        .send()
        .await
        .expect_err("401");
    assert!(
        server.requests()[0]
            .header("authorization")
            .is_some_and(|h| h.contains(KEY))
    );
    let invalid = server
        .client()
        .rooms()
        .list()
        .page_size(0)
        .send()
        .await
        .expect_err("size");
    let closed = Client::builder()
        .api_key(KEY)
        .base_url("http://127.0.0.1:9/v2")
        .max_retries(0)
        .build()
        .expect("client")
        .rooms()
        .get(&id)
        .send()
        .await
        .expect_err("no server");
    for err in [api, invalid, closed] {
        let text = format!("{err} {err:?} {err:#?}");
        assert!(!text.contains(KEY), "{text}");
    }
}

#[test]
fn missing_key_is_a_configuration_error() {
    let err = Client::builder().build().expect_err("no key");
    assert!(
        matches!(err, telnyx_sdk::Error::Configuration(_)),
        "{err:?}"
    );
    let err = Client::builder()
        .api_key("")
        .build()
        .expect_err("empty key");
    assert!(
        matches!(err, telnyx_sdk::Error::Configuration(_)),
        "{err:?}"
    );
}
