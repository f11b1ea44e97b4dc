//! Voice AI plumbing: answer calls with a media stream, receive the caller's audio over a
//! WebSocket, and send audio back. This example plays the caller's own voice back to them
//! (an echo), with a mark after each chunk, where a real application would feed the audio
//! to speech recognition and play its answer.
//!
//! - `POST /webhooks/telnyx` receives the call webhooks (verified by the SDK's
//!   `VerifiedEvent` extractor) and answers each incoming call with `stream_url` pointing at
//!   this server, the caller's track only, and bidirectional RTP in PCMU;
//! - `GET /media` is the WebSocket Telnyx connects to: `connected`, `start`, then `media`
//!   frames (decoded with `telnyx_sdk::media_stream::InboundFrame`; the audio arrives as
//!   bytes), `dtmf`, `mark` and finally `stop`. Each chunk of audio is sent back at once
//!   (`OutboundFrame::media`) followed by a mark (`OutboundFrame::mark`), which Telnyx
//!   returns once the echo was played; a `#` key press clears what is queued
//!   (`OutboundFrame::clear`).
//!
//! Configuration, from the environment:
//!
//! | variable                   | meaning                                                     |
//! |----------------------------|-------------------------------------------------------------|
//! | `TELNYX_API_KEY`           | API key (required)                                          |
//! | `TELNYX_PUBLIC_KEY`        | the account's webhook public key, base64 (required)         |
//! | `MEDIA_STREAM_PUBLIC_URL`  | where Telnyx reaches this server, e.g. `wss://abc.example.com` (required) |
//! | `MEDIA_STREAM_LISTEN`      | listen address (optional, default `127.0.0.1:3000`)         |
//!
//! ```sh
//! TELNYX_API_KEY=... TELNYX_PUBLIC_KEY=... MEDIA_STREAM_PUBLIC_URL=wss://abc.example.com \
//!     cargo run -p telnyx-sdk --example media_stream --features media-stream,axum
//! # then point the Call Control application's webhook URL at https://abc.example.com/webhooks/telnyx
//! ```
//!
//! [`EchoApp`] and [`router`] are plain items, so `tests/media_stream.rs` runs this very
//! server in-process, with a real WebSocket client playing Telnyx's part.

use std::sync::{Arc, Mutex, PoisonError};

use axum::Router;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use telnyx_sdk::calls::types::{StreamBidirectionalCodec, StreamBidirectionalMode, StreamTrack};
use telnyx_sdk::media_stream::{InboundFrame, OutboundFrame};
use telnyx_sdk::webhooks::types::CallInitiatedPayloadDirection;
use telnyx_sdk::webhooks::{Event, VerifiedEvent, WebhookReceiver, WebhookVerifier};
use telnyx_sdk::{CallControlId, Client, ClientState, Error};

/// Path of the webhooks.
pub const WEBHOOK_PATH: &str = "/webhooks/telnyx";
/// Path of the media WebSocket.
pub const MEDIA_PATH: &str = "/media";
/// Environment variable holding the URL Telnyx reaches this server at.
pub const PUBLIC_URL_ENV: &str = "MEDIA_STREAM_PUBLIC_URL";
/// Environment variable holding the listen address.
pub const LISTEN_ENV: &str = "MEDIA_STREAM_LISTEN";
const DEFAULT_LISTEN: &str = "127.0.0.1:3000";

/// The state this example keeps with each call: it travels as the call's `client_state`
/// and comes back in the media stream's `start` frame.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct CallNote {
    /// Who called.
    pub caller: String,
}

/// What one media stream brought, for the logs (and the tests).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StreamSummary {
    /// The stream's id (from its `start` frame).
    pub stream_id: Option<String>,
    /// The call whose audio it was.
    pub call_control_id: Option<CallControlId>,
    /// The call's state, decoded from the `start` frame.
    pub note: Option<CallNote>,
    /// The audio codec Telnyx announced.
    pub encoding: Option<String>,
    /// Chunks of caller audio received (and echoed).
    pub chunks: usize,
    /// Bytes of caller audio received.
    pub audio_bytes: usize,
    /// The keys pressed.
    pub digits: String,
    /// The marks Telnyx returned (their echo was played).
    pub marks: Vec<String>,
    /// The `error` frames Telnyx sent.
    pub errors: Vec<String>,
    /// Frames that could not be decoded (logged, then skipped).
    pub bad_frames: usize,
    /// Whether the stream ended with a `stop` frame.
    pub stopped: bool,
}

/// The application: an API client, a webhook receiver, the stream URL, and the summaries of
/// the streams that ended.
#[derive(Debug)]
pub struct EchoApp {
    client: Client,
    webhooks: WebhookReceiver,
    stream_url: String,
    finished: Mutex<Vec<StreamSummary>>,
}

impl EchoApp {
    /// An echo application whose media WebSocket Telnyx reaches at `public_url`
    /// (`wss://host[:port]`, without the path).
    pub fn new(client: Client, verifier: WebhookVerifier, public_url: &str) -> Self {
        EchoApp {
            client,
            webhooks: WebhookReceiver::new(verifier).with_dedup(10_000),
            stream_url: format!("{}{MEDIA_PATH}", public_url.trim_end_matches('/')),
            finished: Mutex::new(Vec::new()),
        }
    }

    /// The summaries of the streams that ended so far.
    pub fn finished_streams(&self) -> Vec<StreamSummary> {
        self.finished
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Answers an incoming call with a bidirectional media stream to this server.
    async fn on_event(&self, event: &Event) -> Result<(), Error> {
        let Event::CallInitiated(initiated) = event else {
            println!("{} ignored", event.event_type());
            return Ok(());
        };
        let Some(call) = &initiated.payload else {
            return Ok(());
        };
        if !matches!(
            call.direction,
            Some(CallInitiatedPayloadDirection::Incoming)
        ) {
            return Ok(());
        }
        let Some(id) = call.call_control_id.clone().filter(|id| !id.is_empty()) else {
            return Ok(());
        };
        let note = CallNote {
            caller: call.from.clone().unwrap_or_default(),
        };
        println!(
            "answering {id} from {}, streaming to {}",
            note.caller, self.stream_url
        );
        let state = ClientState::encode(&note)?;
        let command_id = event.id().map(|id| id.to_string());
        self.client
            .calls()
            .actions(&id)
            .answer()
            .body_map(|b| {
                b.stream_url(self.stream_url.clone())
                    // the caller's voice only: echoing what they hear would loop
                    .stream_track(StreamTrack::InboundTrack)
                    .stream_bidirectional_mode(StreamBidirectionalMode::Rtp)
                    .stream_bidirectional_codec(StreamBidirectionalCodec::Pcmu)
                    .client_state(state)
                    .command_id(command_id)
            })
            .send()
            .await?;
        Ok(())
    }
}

/// The router's state: the application, and (for the extractor) its webhook receiver.
#[derive(Clone)]
struct AppState(Arc<EchoApp>);

impl FromRef<AppState> for WebhookReceiver {
    fn from_ref(state: &AppState) -> Self {
        state.0.webhooks.clone()
    }
}

/// `POST /webhooks/telnyx` and `GET /media`.
pub fn router(app: Arc<EchoApp>) -> Router {
    Router::new()
        .route(WEBHOOK_PATH, post(webhook))
        .route(MEDIA_PATH, get(media))
        .with_state(AppState(app))
}

async fn webhook(State(app): State<AppState>, mut event: VerifiedEvent) -> (StatusCode, String) {
    match app.0.on_event(&event).await {
        Ok(()) => {
            event.mark_handled();
            (StatusCode::OK, String::new())
        }
        // the caller hung up before we answered: nothing left to do
        Err(error) if error.is_call_gone() => {
            event.mark_handled();
            (StatusCode::OK, String::new())
        }
        Err(error) => {
            eprintln!("{} ({:?}): {error}", event.event_type(), event.id());
            (StatusCode::INTERNAL_SERVER_ERROR, error.to_string())
        }
    }
}

async fn media(State(app): State<AppState>, upgrade: WebSocketUpgrade) -> Response {
    upgrade.on_upgrade(move |mut socket| async move {
        let summary = echo(&mut socket).await;
        println!("stream ended: {summary:?}");
        app.0
            .finished
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(summary);
        let _ = socket.send(Message::Close(None)).await;
    })
}

/// Receives one media stream and echoes its audio, until `stop` or the socket closes.
pub async fn echo(socket: &mut WebSocket) -> StreamSummary {
    let mut summary = StreamSummary::default();
    while let Some(Ok(message)) = socket.recv().await {
        let text = match message {
            Message::Text(text) => text,
            Message::Close(_) => break,
            // Telnyx sends text frames only; pings are answered by axum
            _ => continue,
        };
        let frame = match InboundFrame::from_slice(text.as_bytes()) {
            Ok(frame) => frame,
            Err(error) => {
                eprintln!("skipping a frame: {error}");
                summary.bad_frames += 1;
                continue;
            }
        };
        match &frame {
            InboundFrame::Start(start) => {
                summary.stream_id = start.stream_id.clone();
                if let Some(details) = &start.start {
                    summary.call_control_id = details.call_control_id.clone();
                    summary.encoding = details
                        .media_format
                        .as_ref()
                        .and_then(|f| f.encoding.as_ref())
                        .map(ToString::to_string);
                }
                summary.note = frame.client_state::<CallNote>().ok().flatten();
            }
            InboundFrame::Media(media) => {
                summary.chunks += 1;
                summary.audio_bytes += media.audio().len();
                let mark = format!("echo-{}", summary.chunks);
                for reply in [
                    OutboundFrame::media(media.audio()),
                    OutboundFrame::mark(mark),
                ] {
                    if socket
                        .send(Message::Text(reply.to_json().into()))
                        .await
                        .is_err()
                    {
                        return summary;
                    }
                }
            }
            InboundFrame::Dtmf(dtmf) => {
                let digit = dtmf.dtmf.as_ref().and_then(|d| d.digit.as_deref());
                summary.digits.push_str(digit.unwrap_or_default());
                if digit == Some("#") {
                    let clear = OutboundFrame::clear().to_json();
                    if socket.send(Message::Text(clear.into())).await.is_err() {
                        return summary;
                    }
                }
            }
            InboundFrame::Mark(mark) => {
                if let Some(name) = mark.mark.as_ref().and_then(|m| m.name.clone()) {
                    summary.marks.push(name);
                }
            }
            InboundFrame::Error(error) => {
                let error = error.payload.as_ref();
                summary.errors.push(format!(
                    "{} {}",
                    error
                        .and_then(|e| e.code.as_ref())
                        .map(ToString::to_string)
                        .unwrap_or_default(),
                    error.and_then(|e| e.title.as_deref()).unwrap_or_default()
                ));
            }
            InboundFrame::Stop(_) => {
                summary.stopped = true;
                break;
            }
            // `connected`, and frames this SDK does not know yet
            _ => {}
        }
    }
    summary
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let verifier = WebhookVerifier::from_env()?;
    let public_url = std::env::var(PUBLIC_URL_ENV).map_err(|_| {
        format!("set {PUBLIC_URL_ENV} to the wss:// URL Telnyx reaches this server at")
    })?;
    let listen = std::env::var(LISTEN_ENV).unwrap_or_else(|_| DEFAULT_LISTEN.to_owned());

    let app = Arc::new(EchoApp::new(client, verifier, &public_url));
    let listener = tokio::net::TcpListener::bind(&listen).await?;
    println!("listening on http://{listen} ({WEBHOOK_PATH}, {MEDIA_PATH})");
    axum::serve(listener, router(app)).await?;
    Ok(())
}
