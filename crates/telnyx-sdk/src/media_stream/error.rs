//! The one error type of decoding media-stream frames.

use std::fmt;

/// Why a media-stream frame could not be decoded.
///
/// Nothing in a frame can make decoding panic: text that is not JSON, cut off, of the wrong
/// shape, too long, or with audio that is not base64 is one of these variants. Its
/// [`Display`](fmt::Display) text never repeats the frame's audio.
///
/// ```
/// use telnyx_sdk::media_stream::{FrameError, InboundFrame};
///
/// let err = InboundFrame::from_slice(br#"{"event":7}"#).unwrap_err();
/// assert!(matches!(err, FrameError::Json { ref path, .. } if path == "event"));
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum FrameError {
    /// The frame is longer than the limit it was decoded with
    /// ([`DEFAULT_MAX_FRAME_LEN`](super::DEFAULT_MAX_FRAME_LEN) unless chosen).
    TooLarge {
        /// The frame's length in bytes.
        len: usize,
        /// The limit, in bytes.
        max: usize,
    },
    /// The frame is not JSON (or is cut off), is not an object, has no text `event`, or a
    /// member of a known frame has the wrong type.
    Json {
        /// Where in the frame the problem is, as a serde path such as `media.chunk`
        /// (`.` for the frame as a whole).
        path: String,
        /// The underlying decoding error.
        source: serde_json::Error,
    },
    /// The audio of a `media` frame (`media.payload`) is not base64 (standard alphabet,
    /// padded).
    InvalidPayload {
        /// What is wrong with it (never the payload itself).
        reason: String,
    },
    /// A frame the application sends ([`OutboundFrame`](super::OutboundFrame)) has an
    /// `event` other than `media`, `mark` or `clear`.
    UnknownEvent {
        /// The event as sent (at most 64 characters of it).
        event: String,
    },
}

impl FrameError {
    pub(crate) fn json(path: impl Into<String>, source: serde_json::Error) -> Self {
        FrameError::Json {
            path: path.into(),
            source,
        }
    }
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrameError::TooLarge { len, max } => write!(
                f,
                "media-stream frame of {len} bytes is longer than the limit of {max} bytes"
            ),
            FrameError::Json { path, source } => {
                write!(f, "invalid media-stream frame at `{path}`: {source}")
            }
            FrameError::InvalidPayload { reason } => {
                write!(f, "media payload is not valid base64: {reason}")
            }
            FrameError::UnknownEvent { event } => {
                write!(
                    f,
                    "`{event}` is not a frame an application sends (media, mark, clear)"
                )
            }
        }
    }
}

impl std::error::Error for FrameError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            FrameError::Json { source, .. } => Some(source),
            _ => None,
        }
    }
}
