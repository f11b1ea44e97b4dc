//! Drives the `webhook_server` example's router over real HTTP on 127.0.0.1.
#![cfg(all(feature = "test-util", feature = "axum"))]
#![allow(clippy::unwrap_used)]

#[allow(dead_code)]
#[path = "../examples/webhook_server.rs"]
mod webhook_server;

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::time::Duration;

use serde_json::{Value, json};
use telnyx_sdk::webhooks::TestSigner;

struct Reply {
    status: u16,
    body: String,
}

/// A minimal HTTP/1.1 client (blocking std socket on a blocking thread): no client crate.
async fn post(addr: SocketAddr, headers: Vec<(String, String)>, body: Vec<u8>) -> Reply {
    tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let mut request = format!(
            "POST {} HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
            webhook_server::WEBHOOK_PATH,
            body.len()
        );
        for (name, value) in &headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        stream.write_all(request.as_bytes()).unwrap();
        stream.write_all(&body).unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let text = String::from_utf8(response).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        let chunked = head.to_ascii_lowercase().contains("transfer-encoding: chunked");
        Reply {
            status,
            body: if chunked { dechunk(body) } else { body.to_owned() },
        }
    })
    .await
    .unwrap()
}

fn dechunk(mut rest: &str) -> String {
    let mut out = String::new();
    while let Some((size, tail)) = rest.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap();
        if size == 0 {
            break;
        }
        out.push_str(&tail[..size]);
        rest = &tail[size + 2..];
    }
    out
}

fn owned(pairs: [(&str, &str); 2]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

async fn serve(signer: &TestSigner) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = webhook_server::router(signer.verifier());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn receiver_over_http() {
    let signer = TestSigner::from_secret_key(&[21; 32]);
    let addr = serve(&signer).await;

    let body = json!({
        "data": {
            "event_type": "call.enqueued",
            "id": "00000000-0000-4000-8000-00000000beef",
            "occurred_at": "2026-02-03T04:05:06Z",
            "payload": {"queue": "billing", "current_position": 1, "call_control_id": "v3:q"},
            "record_type": "event",
        },
        "meta": {"attempt": 1},
    });
    let bytes = serde_json::to_vec(&body).unwrap();

    // Valid: 200 with the decoded event.
    let headers = signer.sign_now(&bytes);
    let reply = post(addr, owned(headers.pairs()), bytes.clone()).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let event: Value = serde_json::from_str(&reply.body).unwrap();
    assert_eq!(event, json!({"data": body["data"]}));

    // Mixed-case header names, as some proxies send them.
    let h = signer.sign_now(&bytes);
    let reply = post(
        addr,
        owned([
            ("Telnyx-Signature-Ed25519", h.signature()),
            ("TELNYX-TIMESTAMP", h.timestamp()),
        ]),
        bytes.clone(),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    // ... handled once only: the redelivery is acknowledged without the handler
    assert_eq!(
        reply.body,
        "event 00000000-0000-4000-8000-00000000beef was already handled"
    );

    // Tampered body: 401 with the reason.
    let mut tampered = bytes.clone();
    let pos = tampered.iter().position(|&b| b == b'1').unwrap();
    tampered[pos] = b'2';
    let reply = post(addr, owned(headers.pairs()), tampered).await;
    assert_eq!(reply.status, 401);
    assert_eq!(reply.body, "webhook signature does not match");

    // Missing signature header.
    let reply = post(
        addr,
        vec![("telnyx-timestamp".into(), headers.timestamp().into())],
        bytes.clone(),
    )
    .await;
    assert_eq!(reply.status, 401);
    assert_eq!(reply.body, "missing header `telnyx-signature-ed25519`");

    // Stale timestamp.
    let old = signer.sign(&bytes, 1_000_000_000);
    let reply = post(addr, owned(old.pairs()), bytes.clone()).await;
    assert_eq!(reply.status, 401);
    assert!(reply.body.contains("tolerance"), "{}", reply.body);

    // Another key.
    let other = TestSigner::from_secret_key(&[22; 32]).sign_now(&bytes);
    let reply = post(addr, owned(other.pairs()), bytes.clone()).await;
    assert_eq!(reply.status, 401);

    // Authentic but not an event: 400 naming the path.
    let junk = br#"{"data":{"event_type":"call.enqueued","payload":{"current_position":"first"}}}"#;
    let reply = post(addr, owned(signer.sign_now(junk).pairs()), junk.to_vec()).await;
    assert_eq!(reply.status, 400);
    assert!(
        reply.body.contains("data.payload.current_position"),
        "{}",
        reply.body
    );

    // A new event type is still 200.
    let new = br#"{"data":{"event_type":"queue.renamed","payload":{"to":"x"}}}"#;
    let reply = post(addr, owned(signer.sign_now(new).pairs()), new.to_vec()).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(
        serde_json::from_str::<Value>(&reply.body).unwrap(),
        serde_json::from_slice::<Value>(new).unwrap()
    );
}
