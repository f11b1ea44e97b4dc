//! Typed `client_state`: a value of yours, as JSON in base64, carried by Telnyx from a
//! command to the webhooks (and media-stream `start` frame) of the call.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Base64 as Telnyx takes it (standard alphabet, padded); padding optional when decoding.
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Typed `client_state`: encodes a value of yours as base64 of its JSON, and decodes it back
/// from an event.
///
/// Telnyx takes `client_state` on call commands as base64 text and echoes it, untouched, in
/// every later webhook of the call (and in the `start` frame of a media stream), so an
/// application can keep per-call state without storage of its own.
///
/// **Length.** Telnyx's OpenAPI document and its call-command pages say the value must be
/// base64 but give no maximum (checked: the vendor documents of August 2025 and July 2026,
/// and the command pages). [`ClientState::MAX_LEN`] is therefore this SDK's own bound,
/// 4096 base64 characters (3 KiB of JSON), which keeps every webhook small; a state
/// longer than that is refused before anything is sent.
///
/// With an HTTP domain enabled, [`encode`](Self::encode) and [`decode`](Self::decode) return
/// the SDK's [`Error`](crate::Error) (`Error::InvalidRequest` for a state that cannot be
/// sent); [`try_encode`](Self::try_encode) and [`try_decode`](Self::try_decode) return a
/// [`ClientStateError`] and exist in every build (a webhooks-only one too).
///
/// ```
/// use serde::{Deserialize, Serialize};
/// use telnyx_sdk::ClientState;
///
/// #[derive(Serialize, Deserialize, Debug, PartialEq)]
/// enum Role { Agent, Caller }
///
/// let state = ClientState::try_encode(&Role::Agent)?;
/// assert_eq!(state, "IkFnZW50Ig=="); // base64 of `"Agent"`
/// assert_eq!(ClientState::try_decode::<Role>(&state)?, Role::Agent);
/// # Ok::<(), telnyx_sdk::ClientStateError>(())
/// ```
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct ClientState;

impl ClientState {
    /// Longest `client_state` (base64 characters) this SDK sends: its own bound, since Telnyx
    /// documents none (see [`ClientState`]).
    ///
    /// ```
    /// assert_eq!(telnyx_sdk::ClientState::MAX_LEN, 4096);
    /// ```
    pub const MAX_LEN: usize = 4096;

    /// `value` as JSON, in base64: the text to give a command's `client_state`.
    ///
    /// # Errors
    ///
    /// [`ClientStateError::TooLong`] when the result would be longer than
    /// [`MAX_LEN`](Self::MAX_LEN); [`ClientStateError::Serialize`] when `value` cannot be
    /// written as JSON (a map with non-string keys, a failing `Serialize` impl).
    pub fn try_encode<T: Serialize + ?Sized>(value: &T) -> Result<String, ClientStateError> {
        let json = serde_json::to_vec(value).map_err(ClientStateError::Serialize)?;
        let len = json.len().div_ceil(3).saturating_mul(4);
        if len > Self::MAX_LEN {
            return Err(ClientStateError::TooLong {
                len,
                max: Self::MAX_LEN,
            });
        }
        Ok(STANDARD.encode(json))
    }

    /// The value a `client_state` made by [`try_encode`](Self::try_encode) holds.
    ///
    /// # Errors
    ///
    /// [`ClientStateError::NotBase64`] when the text is not base64, and
    /// [`ClientStateError::NotJson`] when its bytes are not JSON of type `T` (naming where).
    ///
    /// ```
    /// use telnyx_sdk::{ClientState, ClientStateError};
    ///
    /// assert!(matches!(ClientState::try_decode::<u32>("not base64!"), Err(ClientStateError::NotBase64 { .. })));
    /// assert!(matches!(ClientState::try_decode::<u32>("aGVsbG8="), Err(ClientStateError::NotJson { .. }))); // "hello"
    /// ```
    pub fn try_decode<T: DeserializeOwned>(state: &str) -> Result<T, ClientStateError> {
        let bytes =
            LENIENT
                .decode(state.trim().as_bytes())
                .map_err(|e| ClientStateError::NotBase64 {
                    reason: e.to_string(),
                })?;
        telnyx_sdk_json::from_slice(&bytes).map_err(|e| {
            let (path, source) = e.into_parts();
            ClientStateError::NotJson { path, source }
        })
    }

    /// `value` as JSON, in base64, for a command's `client_state`.
    ///
    /// # Errors
    ///
    /// `Error::InvalidRequest` (nothing is sent) when the state would be longer than
    /// [`MAX_LEN`](Self::MAX_LEN) or `value` cannot be written as JSON.
    ///
    /// ```no_run
    /// # async fn demo(client: telnyx_sdk::Client, call: telnyx_sdk::CallControlId) -> Result<(), telnyx_sdk::Error> {
    /// use telnyx_sdk::ClientState;
    ///
    /// let state = ClientState::encode(&("caller", 42))?;
    /// client.calls().actions(&call).answer().body_map(|b| b.client_state(state)).send().await?;
    /// # Ok(()) }
    /// ```
    #[cfg(feature = "http-client")]
    pub fn encode<T: Serialize + ?Sized>(value: &T) -> Result<String, crate::Error> {
        Ok(Self::try_encode(value)?)
    }

    /// The value a `client_state` holds.
    ///
    /// # Errors
    ///
    /// `Error::Decode` naming `client_state` when the text is not base64 or not JSON of type
    /// `T`.
    #[cfg(feature = "http-client")]
    pub fn decode<T: DeserializeOwned>(state: &str) -> Result<T, crate::Error> {
        Ok(Self::try_decode(state)?)
    }
}

/// Why a `client_state` could not be encoded or decoded.
#[derive(Debug)]
#[non_exhaustive]
pub enum ClientStateError {
    /// The encoded state would be longer than [`ClientState::MAX_LEN`].
    TooLong {
        /// Its length in base64 characters.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// The value could not be written as JSON.
    Serialize(serde_json::Error),
    /// The state is not base64.
    NotBase64 {
        /// What is wrong with it.
        reason: String,
    },
    /// The state is base64, but its bytes are not JSON of the expected type.
    NotJson {
        /// Where in the JSON the problem is (`.` for the whole value).
        path: String,
        /// The underlying decoding error.
        source: serde_json::Error,
    },
}

impl fmt::Display for ClientStateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientStateError::TooLong { len, max } => write!(
                f,
                "client_state of {len} base64 characters is longer than the limit of {max}"
            ),
            ClientStateError::Serialize(e) => {
                write!(f, "client_state cannot be written as JSON: {e}")
            }
            ClientStateError::NotBase64 { reason } => {
                write!(f, "client_state is not base64: {reason}")
            }
            ClientStateError::NotJson { path, source } => {
                write!(
                    f,
                    "client_state is base64 but not JSON of the expected type at `{path}`: {source}"
                )
            }
        }
    }
}

impl std::error::Error for ClientStateError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ClientStateError::Serialize(e) | ClientStateError::NotJson { source: e, .. } => Some(e),
            _ => None,
        }
    }
}

/// A state that cannot be sent is an `Error::InvalidRequest`; one that cannot be read is an
/// `Error::Decode` at `client_state`.
#[cfg(feature = "http-client")]
impl From<ClientStateError> for crate::Error {
    fn from(error: ClientStateError) -> Self {
        match &error {
            ClientStateError::TooLong { .. } | ClientStateError::Serialize(_) => {
                crate::Error::InvalidRequest(error.to_string())
            }
            ClientStateError::NotBase64 { .. } => crate::Error::Decode(crate::DecodeError::new(
                None,
                "client_state",
                error.to_string(),
                &[],
            )),
            ClientStateError::NotJson { path, .. } => {
                let path = if path == "." {
                    "client_state".to_owned()
                } else {
                    format!("client_state.{path}")
                };
                crate::Error::Decode(crate::DecodeError::new(None, path, error.to_string(), &[]))
            }
        }
    }
}

/// The `client_state` of a decoded webhook event, when it has one (a non-empty one).
#[cfg(feature = "webhooks")]
pub(crate) fn of_event(event: &crate::webhooks::Event) -> Option<String> {
    event
        .client_state_text()
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}
