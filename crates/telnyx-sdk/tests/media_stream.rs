//! The media-stream example (`examples/media_stream.rs`) end to end, in-process: a signed
//! `call.initiated` webhook makes it answer the call (against a typed mock of the API) with a
//! `stream_url` to itself and bidirectional RTP; then a real WebSocket client
//! (tokio-tungstenite) plays Telnyx's part on that URL: `connected`, `start`, audio,
//! a returned mark, a key press, an error, a frame it cannot read, an unknown event and
//! `stop`, checking the echo and the marks the example sends back.
#![cfg(all(
    feature = "test-util",
    feature = "axum",
    feature = "media-stream",
    feature = "calls"
))]
#![allow(clippy::unwrap_used)]

#[allow(dead_code)]
#[path = "../examples/media_stream.rs"]
mod media_stream;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use futures::{SinkExt, StreamExt};
use media_stream::{CallNote, EchoApp, MEDIA_PATH, StreamSummary, WEBHOOK_PATH};
use serde_json::json;
use telnyx_sdk::ClientState;
use telnyx_sdk::calls::types::{
    AnswerRequest, StreamBidirectionalCodec, StreamBidirectionalMode, StreamTrack,
};
use telnyx_sdk::media_stream::OutboundFrame;
use telnyx_sdk::mock::prelude::*;
use telnyx_sdk::webhooks::TestSigner;
use tokio_tungstenite::tungstenite::Message;

const CALL: &str = "v3:media-leg-2f1c5e7a9b3d4c6e8f0a1b2c3d4e5f60";
const CALLER: &str = "+13125550147";
/// Guards against a hang only (a broken server); never an assertion on speed.
const PATIENCE: Duration = Duration::from_secs(20);

async fn serve(app: Arc<EchoApp>, listener: tokio::net::TcpListener) {
    tokio::spawn(async move {
        let _ = axum::serve(listener, media_stream::router(app)).await;
    });
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Sends one text frame, as Telnyx does.
async fn send(socket: &mut Socket, text: &str) {
    socket.send(Message::text(text)).await.unwrap();
}

/// The next frame the example sends (text frames only).
async fn next_frame(socket: &mut Socket) -> OutboundFrame {
    loop {
        let message = tokio::time::timeout(PATIENCE, socket.next())
            .await
            .expect("the example answers")
            .expect("the socket is open")
            .unwrap();
        match message {
            Message::Text(text) => return OutboundFrame::from_slice(text.as_bytes()).unwrap(),
            Message::Ping(_) | Message::Pong(_) => continue,
            other => panic!("expected a text frame, got {other:?}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn echoes_a_call_streamed_over_a_real_websocket() {
    // the example's server, on an address known before the app is built
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let api = MockServer::start_async().await;
    let signer = TestSigner::from_secret_key(&[9; 32]);
    let app = Arc::new(EchoApp::new(
        telnyx_sdk::mock::client(&api),
        signer.verifier(),
        &format!("ws://{addr}"),
    ));
    serve(app.clone(), listener).await;

    // 1. Telnyx posts call.initiated: the example answers with a stream to itself.
    let note = CallNote {
        caller: CALLER.to_owned(),
    };
    let state = ClientState::encode(&note).unwrap();
    let answer = api.answer_call(|when, then| {
        when.call_control_id(CALL).body(&AnswerRequest {
            stream_url: Some(format!("ws://{addr}{MEDIA_PATH}")),
            stream_track: Some(StreamTrack::InboundTrack),
            stream_bidirectional_mode: Some(StreamBidirectionalMode::Rtp),
            stream_bidirectional_codec: Some(StreamBidirectionalCodec::Pcmu),
            client_state: Some(state.clone()),
            ..Default::default()
        });
        then.ok(&Default::default());
    });
    let webhook = serde_json::to_vec(&json!({"data": {
        "event_type": "call.initiated",
        "id": "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0",
        "occurred_at": "2026-03-01T10:00:00.000000Z",
        "record_type": "event",
        "payload": {
            "call_control_id": CALL,
            "direction": "incoming",
            "from": CALLER,
            "to": "+18005550123",
            "state": "parked"
        }
    }}))
    .unwrap();
    let signed = signer.sign_now(&webhook);
    let reply = telnyx_sdk::reqwest::Client::new()
        .post(format!("http://{addr}{WEBHOOK_PATH}"))
        .header("content-type", "application/json")
        .header("telnyx-timestamp", signed.timestamp())
        .header("telnyx-signature-ed25519", signed.signature())
        .body(webhook)
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 200, "{:?}", reply.text().await);
    answer.assert_calls_async(1).await;

    // 2. Telnyx connects to the stream URL and streams the call.
    let (mut socket, _) = tokio_tungstenite::connect_async(format!("ws://{addr}{MEDIA_PATH}"))
        .await
        .unwrap();
    send(&mut socket, r#"{"event":"connected","version":"1.0.0"}"#).await;
    let start = json!({
        "event": "start",
        "sequence_number": "1",
        "stream_id": "32de0dea-53cb-4b21-89a4-9e1819c043bc",
        "start": {
            "user_id": "3e6f995f-85f7-4705-9741-53b116d28237",
            "call_control_id": CALL,
            "call_session_id": "ff55a038-6f5d-11ef-9692-02420aeffb1f",
            "from": CALLER,
            "to": "+18005550123",
            "client_state": state,
            "media_format": {"encoding": "PCMU", "sample_rate": 8000, "channels": 1}
        }
    });
    send(&mut socket, &start.to_string()).await;

    // two chunks of caller audio (base64 of 160 and 3 bytes): each echoed, then marked
    let chunk_one: Vec<u8> = (0u8..160).collect();
    let chunks = [
        (
            "2",
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5fYGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6e3x9fn+AgYKDhIWGh4iJiouMjY6PkJGSk5SVlpeYmZqbnJ2enw==",
            chunk_one.clone(),
        ),
        ("3", "/wB/", vec![0xff, 0x00, 0x7f]),
    ];
    for (i, (sequence, payload, audio)) in chunks.iter().enumerate() {
        let frame = format!(
            r#"{{"event":"media","sequence_number":"{sequence}","stream_id":"32de0dea-53cb-4b21-89a4-9e1819c043bc","media":{{"track":"inbound","chunk":"{}","timestamp":"{}","payload":"{payload}"}}}}"#,
            i + 1,
            20 * i
        );
        send(&mut socket, &frame).await;
        let echo = next_frame(&mut socket).await;
        assert_eq!(echo.event(), "media");
        assert_eq!(echo.audio().as_ref(), Some(audio));
        assert_eq!(
            echo.to_json(),
            format!(r#"{{"event":"media","media":{{"payload":"{payload}"}}}}"#)
        );
        let mark = next_frame(&mut socket).await;
        assert_eq!(mark.mark_name(), Some(format!("echo-{}", i + 1).as_str()));
    }

    // Telnyx returns the first mark (its echo was played), a key press, an error report;
    // then a frame cut off in transit and one of an event this SDK does not know: the
    // example logs and goes on
    for frame in [
        r#"{"event":"mark","sequence_number":"4","stream_id":"32de0dea-53cb-4b21-89a4-9e1819c043bc","mark":{"name":"echo-1"}}"#,
        r#"{"event":"dtmf","sequence_number":"5","stream_id":"32de0dea-53cb-4b21-89a4-9e1819c043bc","occurred_at":"2026-03-01T10:00:01.000000Z","dtmf":{"digit":"1"}}"#,
        r#"{"event":"error","sequence_number":"6","stream_id":"32de0dea-53cb-4b21-89a4-9e1819c043bc","payload":{"code":100003,"title":"Malformed frame","detail":"d"}}"#,
        r#"{"event":"media","sequence_number":"7","media":{"payload":"AAEC"#,
        r#"{"event":"transcript","sequence_number":"8","text":"hello"}"#,
    ] {
        send(&mut socket, frame).await;
    }
    // `#` clears the queued echo
    send(
        &mut socket,
        r##"{"event":"dtmf","sequence_number":"9","stream_id":"32de0dea-53cb-4b21-89a4-9e1819c043bc","dtmf":{"digit":"#"}}"##,
    )
    .await;
    assert_eq!(next_frame(&mut socket).await, OutboundFrame::clear());
    send(
        &mut socket,
        r#"{"event":"stop","sequence_number":"10","stream_id":"32de0dea-53cb-4b21-89a4-9e1819c043bc","stop":{"user_id":"3e6f995f-85f7-4705-9741-53b116d28237","call_control_id":"v3:media-leg-2f1c5e7a9b3d4c6e8f0a1b2c3d4e5f60"}}"#,
    )
    .await;

    // 3. After `stop` the example records the stream, then closes the socket.
    match tokio::time::timeout(PATIENCE, socket.next())
        .await
        .expect("the example closes the socket")
    {
        None | Some(Err(_)) | Some(Ok(Message::Close(_))) => {}
        Some(Ok(other)) => panic!("nothing more after stop, got {other:?}"),
    }
    assert_eq!(
        app.finished_streams(),
        vec![StreamSummary {
            stream_id: Some("32de0dea-53cb-4b21-89a4-9e1819c043bc".into()),
            call_control_id: Some(CALL.into()),
            note: Some(note),
            encoding: Some("PCMU".into()),
            chunks: 2,
            audio_bytes: 163,
            digits: "1#".into(),
            marks: vec!["echo-1".into()],
            errors: vec!["100003 Malformed frame".into()],
            bad_frames: 1,
            stopped: true,
        }]
    );
}
