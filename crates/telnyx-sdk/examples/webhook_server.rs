//! A Telnyx webhook receiver on axum, with the SDK's extractor.
//!
//! [`VerifiedEvent`] verifies the signature and the timestamp and decodes the event before
//! the handler runs: a request that does not verify is answered `401 Unauthorized`, one
//! that verifies but is not a well-formed event `400 Bad Request`, each with the reason as
//! text. Events are de-duplicated by id (Telnyx delivers at least once): a redelivery of an
//! event already handled is answered `200 OK` at once. Otherwise the handler answers
//! `200 OK` with the decoded event as JSON.
//!
//! ```sh
//! TELNYX_PUBLIC_KEY=... cargo run -p telnyx-sdk --example webhook_server --features webhooks,axum,test-util
//! # listens on 127.0.0.1:3000 (or $BIND); point your Telnyx webhook URL at /webhooks/telnyx
//! ```
//!
//! `router` is a plain function so the tests (`tests/webhooks_server.rs`) drive this very
//! router over HTTP.

use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use telnyx_sdk::webhooks::{Event, VerifiedEvent, WebhookReceiver, WebhookVerifier};

/// Path the receiver listens on.
pub const WEBHOOK_PATH: &str = "/webhooks/telnyx";

/// How many handled event ids the receiver remembers.
pub const DEDUP_CAPACITY: usize = 10_000;

/// The receiver: `POST /webhooks/telnyx`.
pub fn router(verifier: WebhookVerifier) -> Router {
    let receiver = WebhookReceiver::new(verifier).with_dedup(DEDUP_CAPACITY);
    Router::new()
        .route(WEBHOOK_PATH, post(receive))
        .with_state(receiver)
}

/// Only verified events get here; the extractor read the raw body (the signature covers its
/// bytes exactly as sent, so never extract `Json<_>` before verifying).
async fn receive(mut event: VerifiedEvent) -> Response {
    handle(&event);
    event.mark_handled();
    Json(event.into_inner()).into_response()
}

/// Where an application would act on the event.
fn handle(event: &Event) {
    match event {
        Event::CallEnqueued(call) => {
            let queue = call.payload.as_ref().and_then(|p| p.queue.as_deref());
            println!("call queued in {queue:?}");
        }
        Event::ConferenceParticipantJoined(_) | Event::ConferenceParticipantLeft(_) => {
            println!("{} at {:?}", event.event_type(), event.occurred_at());
        }
        other => println!("{} ({:?})", other.event_type(), other.id()),
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let verifier = WebhookVerifier::from_env()?;
    let bind = std::env::var("BIND").unwrap_or_else(|_| "127.0.0.1:3000".to_owned());
    let listener = tokio::net::TcpListener::bind(&bind).await?;
    println!("listening on http://{bind}{WEBHOOK_PATH}");
    axum::serve(listener, router(verifier)).await?;
    Ok(())
}
