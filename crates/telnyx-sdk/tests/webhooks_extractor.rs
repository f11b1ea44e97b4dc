//! The axum extractor `VerifiedEvent` over real HTTP: verified events reach the handler,
//! anything else is answered 401 (not Telnyx's) or 400 (not an event) with the reason, and
//! events marked handled are de-duplicated within a bounded memory.
#![cfg(all(feature = "axum", feature = "test-util"))]
#![allow(clippy::unwrap_used)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRef, State};
use axum::http::StatusCode;
use axum::routing::post;
use telnyx_sdk::webhooks::{Event, TestSigner, VerifiedEvent, WebhookReceiver, WebhookRejection};

#[derive(Clone)]
struct App {
    receiver: WebhookReceiver,
    handled: Arc<AtomicUsize>,
}

impl FromRef<App> for WebhookReceiver {
    fn from_ref(app: &App) -> Self {
        app.receiver.clone()
    }
}

/// Marks `call.*` events handled; fails (500) on `conference.*` ones, which stay unmarked.
async fn handler(State(app): State<App>, mut event: VerifiedEvent) -> (StatusCode, String) {
    app.handled.fetch_add(1, Ordering::SeqCst);
    if event.event_type().starts_with("conference.") {
        return (StatusCode::INTERNAL_SERVER_ERROR, "try again".into());
    }
    event.mark_handled();
    (StatusCode::OK, event.event_type().to_owned())
}

async fn serve(
    signer: &TestSigner,
    dedup: usize,
    body_limit: usize,
) -> (SocketAddr, Arc<AtomicUsize>) {
    let app = App {
        receiver: WebhookReceiver::new(signer.verifier()).with_dedup(dedup),
        handled: Arc::new(AtomicUsize::new(0)),
    };
    let handled = app.handled.clone();
    let router = Router::new()
        .route("/hook", post(handler))
        .layer(DefaultBodyLimit::max(body_limit))
        .with_state(app);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    (addr, handled)
}

async fn post_raw(addr: SocketAddr, headers: &[(&str, &str)], body: Vec<u8>) -> (u16, String) {
    let mut request = telnyx_sdk::reqwest::Client::new()
        .post(format!("http://{addr}/hook"))
        .body(body);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let reply = request.send().await.unwrap();
    (reply.status().as_u16(), reply.text().await.unwrap())
}

async fn post_signed(addr: SocketAddr, signer: &TestSigner, body: &[u8]) -> (u16, String) {
    let signed = signer.sign_now(body);
    post_raw(addr, &signed.pairs(), body.to_vec()).await
}

fn event(event_type: &str, id: &str) -> Vec<u8> {
    format!(
        r#"{{"data":{{"event_type":"{event_type}","id":"{id}","payload":{{"call_control_id":"v3:x"}},"record_type":"event"}}}}"#
    )
    .into_bytes()
}

const ID_1: &str = "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0";
const ID_2: &str = "6b1e1b3e-9f3b-4c1f-8d3a-2a1b0c9d8e7f";

#[tokio::test]
async fn verified_events_reach_the_handler_and_others_are_refused_with_the_reason() {
    let signer = TestSigner::from_secret_key(&[5; 32]);
    let (addr, handled) = serve(&signer, 100, 1024).await;
    let body = event("call.hangup", ID_1);

    assert_eq!(
        post_signed(addr, &signer, &body).await,
        (200, "call.hangup".into())
    );

    // not Telnyx's: 401 with the reason, the handler not called
    let signed = signer.sign_now(&body);
    let mut tampered = body.clone();
    tampered[10] ^= 1;
    let (status, reason) = post_raw(addr, &signed.pairs(), tampered).await;
    assert_eq!(
        (status, reason.as_str()),
        (401, "webhook signature does not match")
    );
    let (status, reason) = post_raw(
        addr,
        &[("telnyx-timestamp", signed.timestamp())],
        body.clone(),
    )
    .await;
    assert_eq!(
        (status, reason.as_str()),
        (401, "missing header `telnyx-signature-ed25519`")
    );
    let stale = signer.sign(&body, 1_600_000_000);
    let (status, reason) = post_raw(addr, &stale.pairs(), body.clone()).await;
    assert_eq!(status, 401);
    assert!(reason.contains("tolerance"), "{reason}");
    let forged = TestSigner::from_secret_key(&[6; 32]).sign_now(&body);
    assert_eq!(post_raw(addr, &forged.pairs(), body.clone()).await.0, 401);
    let garbage = [
        ("telnyx-timestamp", "soon"),
        ("telnyx-signature-ed25519", "%%%"),
    ];
    assert_eq!(post_raw(addr, &garbage, body.clone()).await.0, 401);

    // Telnyx's, but not an event: 400 naming where
    let junk = br#"{"data":{"event_type":"call.enqueued","payload":{"current_position":"first"}}}"#;
    let (status, reason) = post_signed(addr, &signer, junk).await;
    assert_eq!(status, 400);
    assert!(reason.contains("data.payload.current_position"), "{reason}");
    for cut in [&b"{\"data\":{"[..], b"", b"[]"] {
        assert_eq!(post_signed(addr, &signer, cut).await.0, 400);
    }

    // a body over the router's limit: 413 before verification
    let huge = vec![b' '; 2048];
    assert_eq!(post_signed(addr, &signer, &huge).await.0, 413);

    assert_eq!(
        handled.load(Ordering::SeqCst),
        1,
        "only the genuine event was handled"
    );
}

#[tokio::test]
async fn handled_events_are_deduplicated_and_failed_ones_handled_again() {
    let signer = TestSigner::from_secret_key(&[5; 32]);
    let (addr, handled) = serve(&signer, 100, 1024).await;

    let call = event("call.answered", ID_1);
    assert_eq!(post_signed(addr, &signer, &call).await.0, 200);
    // redelivered (signed again, as Telnyx does): acknowledged, handler not called
    let (status, reason) = post_signed(addr, &signer, &call).await;
    assert_eq!(
        (status, reason),
        (200, format!("event {ID_1} was already handled"))
    );
    assert_eq!(handled.load(Ordering::SeqCst), 1);

    // the handler failed: not remembered, so the redelivery is handled again
    let conference = event("conference.created", ID_2);
    assert_eq!(post_signed(addr, &signer, &conference).await.0, 500);
    assert_eq!(post_signed(addr, &signer, &conference).await.0, 500);
    assert_eq!(handled.load(Ordering::SeqCst), 3);

    // a bad signature on a known id is still a 401, never a "duplicate" 200
    let signed = signer.sign_now(&call);
    let forged = TestSigner::from_secret_key(&[1; 32]).sign_now(&call);
    assert_eq!(post_raw(addr, &forged.pairs(), call.clone()).await.0, 401);
    assert_eq!(post_raw(addr, &signed.pairs(), call).await.0, 200);
}

#[test]
fn the_memory_is_bounded_oldest_first() {
    let signer = TestSigner::from_secret_key(&[3; 32]);
    let receiver = WebhookReceiver::new(signer.verifier()).with_dedup(2);
    let ids = [
        "00000000-0000-4000-8000-000000000001",
        "00000000-0000-4000-8000-000000000002",
        "00000000-0000-4000-8000-000000000003",
    ];
    let receive = |id: &str| {
        let body = event("call.hangup", id);
        receiver.receive(&signer.sign_now(&body).to_header_map(), &body)
    };
    for id in ids {
        receive(id).unwrap().mark_handled();
    }
    assert!(receive(ids[0]).is_ok(), "the oldest was forgotten");
    assert!(matches!(
        receive(ids[1]),
        Err(WebhookRejection::Duplicate { .. })
    ));
    assert!(matches!(
        receive(ids[2]),
        Err(WebhookRejection::Duplicate { .. })
    ));
    assert!(receiver.was_handled(&ids[2].parse().unwrap()));

    // without dedup nothing is remembered; an event without an id is never a duplicate
    let plain = WebhookReceiver::new(signer.verifier());
    let body = event("call.hangup", ids[0]);
    for _ in 0..2 {
        let mut event = plain
            .receive(&signer.sign_now(&body).to_header_map(), &body)
            .unwrap();
        event.mark_handled();
    }
    let no_id = br#"{"data":{"event_type":"call.hangup","payload":{}}}"#;
    for _ in 0..2 {
        let mut event = receiver
            .receive(&signer.sign_now(no_id).to_header_map(), no_id)
            .unwrap();
        assert!(matches!(&*event, Event::CallHangup(_)));
        event.mark_handled();
    }
}

#[test]
fn rejections_answer_with_their_status() {
    use axum::response::IntoResponse;
    let signer = TestSigner::from_secret_key(&[3; 32]);
    let receiver = WebhookReceiver::new(signer.verifier());
    let body = event("call.hangup", ID_1);
    let rejection = receiver
        .receive(&http::HeaderMap::new(), &body)
        .unwrap_err();
    assert_eq!(rejection.status(), StatusCode::UNAUTHORIZED);
    assert!(rejection.webhook_error().is_some());
    let response = rejection.into_response();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        response.headers()["content-type"],
        "text/plain; charset=utf-8"
    );
}
