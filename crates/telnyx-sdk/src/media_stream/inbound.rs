//! Frames Telnyx sends: one enum, decoded by the frame's `event`.

use std::borrow::Cow;
use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::de::{self, DeserializeOwned, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::{FrameError, types};

/// Longest frame [`InboundFrame::from_slice`] decodes: 1 MiB.
///
/// Telnyx sends audio in small chunks (20 ms of PCMU is 160 bytes, about 250 bytes of
/// JSON), so a frame this long is not audio but an attempt to make the application buffer
/// and decode a lot; [`InboundFrame::from_slice_with_limit`] takes another limit.
///
/// ```
/// assert_eq!(telnyx_sdk::media_stream::DEFAULT_MAX_FRAME_LEN, 1024 * 1024);
/// ```
pub const DEFAULT_MAX_FRAME_LEN: usize = 1024 * 1024;

/// A frame Telnyx sends on a media stream, one variant per `event`.
///
/// Decoding is by the frame's `event` member: a known event decodes into its generated type
/// (from [`types`]), an event this SDK does not know yet is [`InboundFrame::Unknown`] with the
/// frame kept whole, never an error. Every known frame keeps the members it does not know in
/// its `extra` map, so encoding a decoded frame (with [`Serialize`]) gives back the same JSON
/// object (members the frame sent as `null` aside: they read as absent).
///
/// The audio of a `media` frame is decoded from base64 into bytes ([`Media::audio`]).
///
/// ```
/// use telnyx_sdk::media_stream::InboundFrame;
///
/// let text = r#"{"event":"media","sequence_number":"4","stream_id":"32de0dea","media":{"track":"inbound","chunk":"2","timestamp":"5","payload":"AQID"}}"#;
/// match InboundFrame::from_slice(text.as_bytes())? {
///     InboundFrame::Media(media) => assert_eq!(media.audio(), [1, 2, 3]),
///     other => panic!("not audio: {}", other.event()),
/// }
/// // and back, member for member
/// let frame = InboundFrame::from_slice(text.as_bytes())?;
/// assert_eq!(
///     serde_json::to_value(&frame).ok(),
///     serde_json::from_str::<serde_json::Value>(text).ok()
/// );
/// # Ok::<(), telnyx_sdk::media_stream::FrameError>(())
/// ```
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub enum InboundFrame {
    /// `connected`: the first frame of the connection.
    Connected(types::ConnectedFrame),
    /// `start`: which call the stream belongs to and how its audio is encoded; sent once,
    /// before any audio.
    Start(Box<types::StartFrame>),
    /// `media`: a chunk of call audio.
    Media(Media),
    /// `dtmf`: a key pressed on the call.
    Dtmf(types::DtmfFrame),
    /// `mark`: a mark the application sent, returned once the audio before it was played.
    Mark(types::MarkFrame),
    /// `error`: Telnyx could not handle something on the stream.
    Error(types::ErrorFrame),
    /// `stop`: the last frame; streaming has ended.
    Stop(types::StopFrame),
    /// A frame whose `event` this SDK does not know (yet): nothing is lost.
    Unknown {
        /// The `event` as sent.
        event: String,
        /// The whole frame as received.
        raw: Value,
    },
}

/// Like a derived `Debug`, except that the streaming auth token of a `connected` frame is
/// shown as `[redacted]`: it is a secret, and frames end up in logs.
impl fmt::Debug for InboundFrame {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InboundFrame::Connected(frame) => {
                let mut shown = frame.clone();
                if let Some(token) = shown
                    .connected
                    .as_mut()
                    .and_then(|details| details.x_telnyx_streaming_auth_token.as_mut())
                {
                    *token = "[redacted]".to_owned();
                }
                f.debug_tuple("Connected").field(&shown).finish()
            }
            InboundFrame::Start(frame) => f.debug_tuple("Start").field(frame).finish(),
            InboundFrame::Media(frame) => f.debug_tuple("Media").field(frame).finish(),
            InboundFrame::Dtmf(frame) => f.debug_tuple("Dtmf").field(frame).finish(),
            InboundFrame::Mark(frame) => f.debug_tuple("Mark").field(frame).finish(),
            InboundFrame::Error(frame) => f.debug_tuple("Error").field(frame).finish(),
            InboundFrame::Stop(frame) => f.debug_tuple("Stop").field(frame).finish(),
            InboundFrame::Unknown { event, raw } => f
                .debug_struct("Unknown")
                .field("event", event)
                .field("raw", raw)
                .finish(),
        }
    }
}

/// A `media` frame, its audio decoded.
///
/// `frame` holds every member as sent except `media.payload`, whose base64 is decoded into
/// `payload` (and encoded again when the frame is serialized).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Media {
    /// The frame: stream id, sequence number, track, chunk, timestamp and any member this SDK
    /// does not know; `media.payload` is in [`payload`](Self::payload) instead.
    pub frame: types::MediaFrame,
    /// The decoded `media.payload` (an RTP payload without its header, in the encoding the
    /// `start` frame names); `None` when the frame had none.
    pub payload: Option<Vec<u8>>,
}

impl Media {
    /// The audio of this chunk (empty when the frame had no payload).
    pub fn audio(&self) -> &[u8] {
        self.payload.as_deref().unwrap_or_default()
    }

    /// Whose audio this is: `inbound` (the caller speaking) or `outbound` (what the caller
    /// hears).
    pub fn track(&self) -> Option<&types::MediaChunkTrack> {
        self.frame.media.as_ref().and_then(|m| m.track.as_ref())
    }

    /// The frame as sent, `media.payload` encoded again from [`payload`](Self::payload).
    pub fn to_frame(&self) -> types::MediaFrame {
        let mut frame = self.frame.clone();
        if let Some(audio) = &self.payload {
            frame
                .media
                .get_or_insert_with(types::MediaChunk::default)
                .payload = Some(STANDARD.encode(audio));
        }
        frame
    }

    fn from_frame(mut frame: types::MediaFrame) -> Result<Self, FrameError> {
        let payload =
            match frame.media.as_mut().and_then(|m| m.payload.take()) {
                // STANDARD insists on canonical padding and zero trailing bits, so encoding the
                // bytes again gives back the very same text.
                Some(text) => Some(STANDARD.decode(text.as_bytes()).map_err(|e| {
                    FrameError::InvalidPayload {
                        reason: e.to_string(),
                    }
                })?),
                None => None,
            };
        Ok(Media { frame, payload })
    }
}

impl InboundFrame {
    /// Decodes a frame as received (the text of a WebSocket text message), up to
    /// [`DEFAULT_MAX_FRAME_LEN`] bytes.
    ///
    /// # Errors
    ///
    /// [`FrameError::TooLarge`] above the limit; [`FrameError::Json`] for text that is not a
    /// JSON object, has no text `event`, or whose members have the wrong type for its event;
    /// [`FrameError::InvalidPayload`] for a `media` frame whose audio is not base64.
    ///
    /// ```
    /// use telnyx_sdk::media_stream::{FrameError, InboundFrame};
    ///
    /// let frame = InboundFrame::from_slice(br#"{"event":"connected","version":"1.0.0"}"#)?;
    /// assert_eq!(frame.event(), "connected");
    /// assert!(matches!(InboundFrame::from_slice(b"{\"event\":\"med"), Err(FrameError::Json { .. })));
    /// # Ok::<(), FrameError>(())
    /// ```
    pub fn from_slice(text: &[u8]) -> Result<Self, FrameError> {
        Self::from_slice_with_limit(text, DEFAULT_MAX_FRAME_LEN)
    }

    /// [`from_slice`](Self::from_slice) with a limit of `max_len` bytes.
    ///
    /// # Errors
    ///
    /// Those of [`from_slice`](Self::from_slice).
    ///
    /// ```
    /// use telnyx_sdk::media_stream::{FrameError, InboundFrame};
    ///
    /// let err = InboundFrame::from_slice_with_limit(br#"{"event":"stop"}"#, 8).unwrap_err();
    /// assert!(matches!(err, FrameError::TooLarge { len: 16, max: 8 }));
    /// ```
    pub fn from_slice_with_limit(text: &[u8], max_len: usize) -> Result<Self, FrameError> {
        if text.len() > max_len {
            return Err(FrameError::TooLarge {
                len: text.len(),
                max: max_len,
            });
        }
        let event = parse::<Peek<'_>>(text)?.event()?;
        Ok(match &*event {
            "connected" => InboundFrame::Connected(parse(text)?),
            "start" => InboundFrame::Start(parse(text)?),
            "media" => InboundFrame::Media(Media::from_frame(parse(text)?)?),
            "dtmf" => InboundFrame::Dtmf(parse(text)?),
            "mark" => InboundFrame::Mark(parse(text)?),
            "error" => InboundFrame::Error(parse(text)?),
            "stop" => InboundFrame::Stop(parse(text)?),
            _ => InboundFrame::Unknown {
                raw: parse(text)?,
                event: event.into_owned(),
            },
        })
    }

    /// Decodes a frame that was already parsed as JSON.
    ///
    /// # Errors
    ///
    /// Those of [`from_slice`](Self::from_slice), except the length limit.
    pub fn from_value(value: Value) -> Result<Self, FrameError> {
        let event = event_of(&value)?.to_owned();
        Ok(match event.as_str() {
            "connected" => InboundFrame::Connected(from_value(value)?),
            "start" => InboundFrame::Start(from_value(value)?),
            "media" => InboundFrame::Media(Media::from_frame(from_value(value)?)?),
            "dtmf" => InboundFrame::Dtmf(from_value(value)?),
            "mark" => InboundFrame::Mark(from_value(value)?),
            "error" => InboundFrame::Error(from_value(value)?),
            "stop" => InboundFrame::Stop(from_value(value)?),
            _ => InboundFrame::Unknown { event, raw: value },
        })
    }

    /// The frame's `event`: `connected`, `start`, `media`, ... or the unknown one as sent.
    pub fn event(&self) -> &str {
        match self {
            InboundFrame::Connected(_) => "connected",
            InboundFrame::Start(_) => "start",
            InboundFrame::Media(_) => "media",
            InboundFrame::Dtmf(_) => "dtmf",
            InboundFrame::Mark(_) => "mark",
            InboundFrame::Error(_) => "error",
            InboundFrame::Stop(_) => "stop",
            InboundFrame::Unknown { event, .. } => event,
        }
    }

    /// The `client_state` of a `start` frame (the call's state when streaming began), decoded
    /// as a value of yours (base64 of JSON, as [`ClientState`](crate::ClientState) encodes
    /// it); `Ok(None)` for other frames and a start frame without one.
    ///
    /// # Errors
    ///
    /// [`ClientStateError`](crate::ClientStateError) when the state is not base64 of JSON of
    /// type `T`.
    ///
    /// ```
    /// use telnyx_sdk::media_stream::InboundFrame;
    ///
    /// let text = br#"{"event":"start","stream_id":"s1","start":{"client_state":"ImNhbGxlciI="}}"#;
    /// let role: Option<String> = InboundFrame::from_slice(text)?.client_state()?;
    /// assert_eq!(role.as_deref(), Some("caller"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn client_state<T: DeserializeOwned>(&self) -> Result<Option<T>, crate::ClientStateError> {
        match self {
            InboundFrame::Start(f) => f
                .start
                .as_ref()
                .and_then(|s| s.client_state.as_deref())
                .filter(|s| !s.is_empty())
                .map(crate::ClientState::try_decode)
                .transpose(),
            _ => Ok(None),
        }
    }

    /// The `stream_id` the frame carries (every frame but `connected` has one).
    pub fn stream_id(&self) -> Option<&str> {
        match self {
            InboundFrame::Connected(_) => None,
            InboundFrame::Start(f) => f.stream_id.as_deref(),
            InboundFrame::Media(m) => m.frame.stream_id.as_deref(),
            InboundFrame::Dtmf(f) => f.stream_id.as_deref(),
            InboundFrame::Mark(f) => f.stream_id.as_deref(),
            InboundFrame::Error(f) => f.stream_id.as_deref(),
            InboundFrame::Stop(f) => f.stream_id.as_deref(),
            InboundFrame::Unknown { raw, .. } => raw.get("stream_id").and_then(Value::as_str),
        }
    }
}

impl Serialize for InboundFrame {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            InboundFrame::Connected(f) => f.serialize(serializer),
            InboundFrame::Start(f) => f.serialize(serializer),
            InboundFrame::Media(m) => m.to_frame().serialize(serializer),
            InboundFrame::Dtmf(f) => f.serialize(serializer),
            InboundFrame::Mark(f) => f.serialize(serializer),
            InboundFrame::Error(f) => f.serialize(serializer),
            InboundFrame::Stop(f) => f.serialize(serializer),
            InboundFrame::Unknown { raw, .. } => raw.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for InboundFrame {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        InboundFrame::from_value(value).map_err(de::Error::custom)
    }
}

/// Decodes a frame's text; a failure names the path of the value at fault.
pub(super) fn parse<'a, T: Deserialize<'a>>(text: &'a [u8]) -> Result<T, FrameError> {
    telnyx_sdk_json::from_slice(text).map_err(|e| {
        let (path, source) = e.into_parts();
        FrameError::json(path, source)
    })
}

/// Decodes a JSON value as `T`, naming the path of a failure. A value has no byte
/// positions to find the path from, so the path is tracked while decoding.
pub(super) fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, FrameError> {
    serde_path_to_error::deserialize::<_, T>(value)
        .map_err(|e| FrameError::json(e.path().to_string(), e.into_inner()))
}

/// The `event` of a parsed frame, with the errors [`Peek`] gives for text.
pub(super) fn event_of(value: &Value) -> Result<&str, FrameError> {
    let Value::Object(members) = value else {
        return Err(FrameError::json(
            ".",
            de::Error::invalid_type(unexpected(value), &PeekVisitor),
        ));
    };
    match members.get("event") {
        Some(Value::String(event)) => Ok(event),
        Some(other) => Err(FrameError::json(
            "event",
            de::Error::invalid_type(unexpected(other), &"a string"),
        )),
        None => Err(FrameError::json("event", de::Error::missing_field("event"))),
    }
}

fn unexpected(value: &Value) -> de::Unexpected<'_> {
    match value {
        Value::Null => de::Unexpected::Unit,
        Value::Bool(b) => de::Unexpected::Bool(*b),
        Value::Number(_) => de::Unexpected::Other("number"),
        Value::String(s) => de::Unexpected::Str(s),
        Value::Array(_) => de::Unexpected::Seq,
        Value::Object(_) => de::Unexpected::Map,
    }
}

/// Just the `event` of a frame; borrows it when it has no escapes. Hand-written so that only
/// a JSON object is accepted (a derived struct would also take an array).
pub(super) struct Peek<'a> {
    event: Option<Cow<'a, str>>,
}

impl<'a> Peek<'a> {
    pub(super) fn event(self) -> Result<Cow<'a, str>, FrameError> {
        self.event
            .ok_or_else(|| FrameError::json("event", de::Error::missing_field("event")))
    }
}

struct PeekVisitor;

impl<'de> Visitor<'de> for PeekVisitor {
    type Value = Peek<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a media-stream frame (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut event = None;
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            if key == "event" {
                if event.is_some() {
                    return Err(de::Error::duplicate_field("event"));
                }
                event = Some(map.next_value::<Cow<'de, str>>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(Peek { event })
    }
}

impl<'de> Deserialize<'de> for Peek<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(PeekVisitor)
    }
}
