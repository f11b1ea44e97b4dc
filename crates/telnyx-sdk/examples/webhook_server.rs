//! A Telnyx webhook receiver on axum.
//!
//! It answers `400 Bad Request` with the reason when a request does not verify (or is not a
//! well-formed event), and `200 OK` with the decoded event as JSON otherwise.
//!
//! ```sh
//! TELNYX_PUBLIC_KEY=... cargo run -p telnyx-sdk --example webhook_server --features webhooks,test-util
//! # listens on 127.0.0.1:3000 (or $BIND); point your Telnyx webhook URL at /webhooks/telnyx
//! ```
//!
//! `router` is a plain function so the tests (`tests/webhooks_server.rs`) drive this very
//! router over HTTP.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use telnyx_sdk::webhooks::{Event, WebhookVerifier};

/// Path the receiver listens on.
pub const WEBHOOK_PATH: &str = "/webhooks/telnyx";

/// The receiver: `POST /webhooks/telnyx`.
pub fn router(verifier: WebhookVerifier) -> Router {
    Router::new()
        .route(WEBHOOK_PATH, post(receive))
        .with_state(Arc::new(verifier))
}

/// Takes the body as raw `Bytes`: the signature covers the bytes exactly as sent, so never
/// extract `Json<_>` before verifying.
async fn receive(
    State(verifier): State<Arc<WebhookVerifier>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match verifier.unwrap(&headers, &body) {
        Ok(event) => {
            handle(&event);
            (StatusCode::OK, Json(event)).into_response()
        }
        Err(error) => (StatusCode::BAD_REQUEST, error.to_string()).into_response(),
    }
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
