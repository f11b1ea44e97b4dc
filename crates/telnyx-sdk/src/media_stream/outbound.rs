//! Frames the application sends back to Telnyx (bidirectional streaming).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::de;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::inbound::{event_of, from_value, parse};
use super::{DEFAULT_MAX_FRAME_LEN, FrameError, types};

/// A frame the application sends on a bidirectional media stream: audio to play, a mark, or
/// a request to stop playing.
///
/// Built with [`media`](Self::media), [`mark`](Self::mark) and [`clear`](Self::clear), and
/// written with [`to_json`](Self::to_json) (or any serde serializer) exactly as Telnyx reads
/// it:
///
/// ```
/// use telnyx_sdk::media_stream::OutboundFrame;
///
/// assert_eq!(OutboundFrame::media(&[1, 2, 3]).to_json(), r#"{"event":"media","media":{"payload":"AQID"}}"#);
/// assert_eq!(OutboundFrame::mark("greeting").to_json(), r#"{"event":"mark","mark":{"name":"greeting"}}"#);
/// assert_eq!(OutboundFrame::clear().to_json(), r#"{"event":"clear"}"#);
/// ```
///
/// With axum's WebSocket: `socket.send(Message::Text(frame.to_json().into())).await`.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum OutboundFrame {
    /// `media`: audio for Telnyx to play on the call, in the stream's bidirectional codec
    /// (with `stream_bidirectional_mode` `rtp`: 20 ms to 30 s of raw audio per frame), or an
    /// MP3 file (mode `mp3`).
    Media(types::OutboundMediaFrame),
    /// `mark`: a label after the audio sent so far; Telnyx sends it back once that audio was
    /// played.
    Mark(types::OutboundMarkFrame),
    /// `clear`: stop the audio playing and drop what is queued.
    Clear(types::ClearFrame),
}

impl OutboundFrame {
    /// Audio to play: `audio` is sent as base64.
    pub fn media(audio: &[u8]) -> Self {
        OutboundFrame::Media(types::OutboundMediaFrame {
            event: types::OutboundMediaFrameEvent::Media,
            media: Some(types::OutboundMedia {
                payload: STANDARD.encode(audio),
                extra: serde_json::Map::new(),
            }),
            extra: serde_json::Map::new(),
        })
    }

    /// A mark named `name`, returned by Telnyx in a `mark` frame once the audio sent before
    /// it has been played.
    pub fn mark(name: impl Into<String>) -> Self {
        OutboundFrame::Mark(types::OutboundMarkFrame {
            event: types::OutboundMarkFrameEvent::Mark,
            mark: Some(types::MarkName {
                name: Some(name.into()),
                extra: serde_json::Map::new(),
            }),
            extra: serde_json::Map::new(),
        })
    }

    /// Stop the audio playing and drop the audio queued (the marks queued come back).
    pub fn clear() -> Self {
        OutboundFrame::Clear(types::ClearFrame {
            event: types::ClearFrameEvent::Clear,
            extra: serde_json::Map::new(),
        })
    }

    /// The frame as the text of a WebSocket text message.
    pub fn to_json(&self) -> String {
        // serializing these types cannot fail: string keys, no maps with other keys
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The frame's `event`: `media`, `mark` or `clear`.
    pub fn event(&self) -> &'static str {
        match self {
            OutboundFrame::Media(_) => "media",
            OutboundFrame::Mark(_) => "mark",
            OutboundFrame::Clear(_) => "clear",
        }
    }

    /// The audio of a `media` frame, decoded from its base64 (`None` for other frames, or
    /// when the payload is not base64).
    ///
    /// ```
    /// use telnyx_sdk::media_stream::OutboundFrame;
    ///
    /// assert_eq!(OutboundFrame::media(b"hi").audio(), Some(b"hi".to_vec()));
    /// assert_eq!(OutboundFrame::clear().audio(), None);
    /// ```
    pub fn audio(&self) -> Option<Vec<u8>> {
        match self {
            OutboundFrame::Media(f) => f
                .media
                .as_ref()
                .and_then(|m| STANDARD.decode(m.payload.as_bytes()).ok()),
            _ => None,
        }
    }

    /// The name of a `mark` frame.
    pub fn mark_name(&self) -> Option<&str> {
        match self {
            OutboundFrame::Mark(f) => f.mark.as_ref().and_then(|m| m.name.as_deref()),
            _ => None,
        }
    }

    /// Decodes a frame an application sent (what a test playing Telnyx's part receives), up
    /// to [`DEFAULT_MAX_FRAME_LEN`] bytes.
    ///
    /// # Errors
    ///
    /// Those of [`InboundFrame::from_slice`](super::InboundFrame::from_slice), and
    /// [`FrameError::UnknownEvent`] for an event other than `media`, `mark` and `clear`.
    ///
    /// ```
    /// use telnyx_sdk::media_stream::OutboundFrame;
    ///
    /// let frame = OutboundFrame::from_slice(br#"{"event":"mark","mark":{"name":"done"}}"#)?;
    /// assert_eq!(frame.mark_name(), Some("done"));
    /// # Ok::<(), telnyx_sdk::media_stream::FrameError>(())
    /// ```
    pub fn from_slice(text: &[u8]) -> Result<Self, FrameError> {
        if text.len() > DEFAULT_MAX_FRAME_LEN {
            return Err(FrameError::TooLarge {
                len: text.len(),
                max: DEFAULT_MAX_FRAME_LEN,
            });
        }
        let value: Value = parse(text)?;
        Self::from_value(value)
    }

    /// Decodes a frame an application sent that was already parsed as JSON.
    ///
    /// # Errors
    ///
    /// Those of [`from_slice`](Self::from_slice), except the length limit.
    pub fn from_value(value: Value) -> Result<Self, FrameError> {
        let frame = match event_of(&value)? {
            "media" => OutboundFrame::Media(from_value(value)?),
            "mark" => OutboundFrame::Mark(from_value(value)?),
            "clear" => OutboundFrame::Clear(from_value(value)?),
            other => {
                return Err(FrameError::UnknownEvent {
                    event: other.chars().take(64).collect(),
                });
            }
        };
        if let OutboundFrame::Media(f) = &frame
            && let Some(media) = &f.media
            && let Err(e) = STANDARD.decode(media.payload.as_bytes())
        {
            return Err(FrameError::InvalidPayload {
                reason: e.to_string(),
            });
        }
        Ok(frame)
    }
}

impl Serialize for OutboundFrame {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            OutboundFrame::Media(f) => f.serialize(serializer),
            OutboundFrame::Mark(f) => f.serialize(serializer),
            OutboundFrame::Clear(f) => f.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for OutboundFrame {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        OutboundFrame::from_value(value).map_err(de::Error::custom)
    }
}
