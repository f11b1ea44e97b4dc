//! Typed frames of Telnyx's media-streaming WebSocket (feature `media-stream`; pulls in no
//! HTTP client and no WebSocket library).
//!
//! When a call is dialled or answered with a `stream_url` (or sent `streaming_start`),
//! Telnyx opens a WebSocket to that URL and sends the call's audio in JSON text frames:
//! `connected`, then `start` (the call and its audio format), then `media` frames, with
//! `dtmf`, `mark`, `error` and finally `stop` among them. With bidirectional streaming
//! (`stream_bidirectional_mode`), the application sends `media`, `mark` and `clear` frames
//! back. [`InboundFrame`] decodes what Telnyx sends, [`OutboundFrame`] builds what the
//! application sends; the frame types themselves are generated from `openapi/media-stream.yaml`
//! (crate `telnyx-sdk-media-stream`, re-exported as [`types`]).
//!
//! Bring any WebSocket library; with axum (feature `ws`), an echo that marks each chunk:
//!
//! ```no_run
//! use axum::extract::ws::{Message, WebSocket};
//! use telnyx_sdk::media_stream::{InboundFrame, OutboundFrame};
//!
//! async fn echo(mut socket: WebSocket) {
//!     while let Some(Ok(Message::Text(text))) = socket.recv().await {
//!         match InboundFrame::from_slice(text.as_bytes()) {
//!             Ok(InboundFrame::Media(media)) => {
//!                 let _ = socket.send(Message::Text(OutboundFrame::media(media.audio()).to_json().into())).await;
//!                 let _ = socket.send(Message::Text(OutboundFrame::mark("echoed").to_json().into())).await;
//!             }
//!             Ok(InboundFrame::Stop(_)) => break,
//!             Ok(_) => {}
//!             Err(error) => eprintln!("bad frame: {error}"),
//!         }
//!     }
//! }
//! ```
//!
//! A complete server (webhook, answer with streaming, echo) is
//! `crates/telnyx-sdk/examples/media_stream.rs`.

mod error;
mod inbound;
mod outbound;

pub use error::FrameError;
pub use inbound::{DEFAULT_MAX_FRAME_LEN, InboundFrame, Media};
pub use outbound::OutboundFrame;

/// The generated frame types (crate `telnyx-sdk-media-stream`, from
/// `openapi/media-stream.yaml`).
pub use telnyx_sdk_media_stream::types;
