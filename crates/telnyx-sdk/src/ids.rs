//! Typed ids: a room id cannot be passed where a composition id is expected.
//!
//! Every id is a thin wrapper around its text form: serialized as a plain string
//! (`#[serde(transparent)]`), printed with `Display`, parsed with `FromStr` and borrowed with
//! `AsRef<str>`. Ids that the API defines as UUIDs also convert from [`uuid::Uuid`], and their
//! `FromStr` rejects text that is not a UUID.
//!
//! An id goes into the request path as one segment, percent-encoded so that no character
//! (`/`, `\\`, `?`, `#`, `%`, spaces, controls, non-ASCII) changes the route. An id that is
//! empty, `.` or `..` cannot be kept in its route by any encoding (URL parsers resolve dot
//! segments, even encoded ones): sending it fails with
//! [`Error::InvalidRequest`](crate::Error::InvalidRequest) and nothing is sent.
//!
//! ```
//! use telnyx_sdk::{QueueName, RoomId};
//!
//! let room: RoomId = "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0".parse()?;
//! assert_eq!(room.as_ref(), "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0");
//! assert!("not-a-uuid".parse::<RoomId>().is_err());
//!
//! let queue = QueueName::from("support");
//! assert_eq!(queue.to_string(), "support");
//! # Ok::<(), telnyx_sdk::IdParseError>(())
//! ```

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The text given for a UUID id is not a UUID.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdParseError {
    kind: &'static str,
}

impl IdParseError {
    /// The name of the id type that failed to parse, e.g. `"RoomId"`.
    pub fn id_type(&self) -> &'static str {
        self.kind
    }
}

impl fmt::Display for IdParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a {} must be a UUID", self.kind)
    }
}

impl std::error::Error for IdParseError {}

macro_rules! common_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The id as an owned `String`.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl From<&$name> for $name {
            fn from(id: &$name) -> $name {
                id.clone()
            }
        }
    };
}

macro_rules! uuid_id {
    ($(#[$meta:meta])* $name:ident) => {
        common_id!($(#[$meta])* $name);

        impl $name {
            /// The id as a UUID, when it is one.
            pub fn to_uuid(&self) -> Result<Uuid, IdParseError> {
                Uuid::parse_str(&self.0).map_err(|_| IdParseError {
                    kind: stringify!($name),
                })
            }
        }

        impl From<Uuid> for $name {
            fn from(id: Uuid) -> Self {
                $name(id.hyphenated().to_string())
            }
        }

        impl From<&Uuid> for $name {
            fn from(id: &Uuid) -> Self {
                $name(id.hyphenated().to_string())
            }
        }

        impl TryFrom<$name> for Uuid {
            type Error = IdParseError;
            fn try_from(id: $name) -> Result<Uuid, IdParseError> {
                id.to_uuid()
            }
        }

        impl FromStr for $name {
            type Err = IdParseError;
            fn from_str(s: &str) -> Result<Self, IdParseError> {
                let text = s.trim();
                Uuid::parse_str(text).map_err(|_| IdParseError {
                    kind: stringify!($name),
                })?;
                Ok($name(text.to_owned()))
            }
        }
    };
}

macro_rules! text_id {
    ($(#[$meta:meta])* $name:ident) => {
        common_id!($(#[$meta])* $name);

        impl $name {
            /// Wraps an id given as text.
            pub fn new(id: impl Into<String>) -> Self {
                $name(id.into())
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                $name(id)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                $name(id.to_owned())
            }
        }

        impl FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok($name(s.to_owned()))
            }
        }
    };
}

uuid_id!(
    /// The id of a video room (a UUID).
    RoomId
);
uuid_id!(
    /// The id of a room session (a UUID).
    RoomSessionId
);
uuid_id!(
    /// The id of a participant in a room session (a UUID).
    RoomParticipantId
);
uuid_id!(
    /// The id of a room recording (a UUID).
    RoomRecordingId
);
uuid_id!(
    /// The id of a room composition (a UUID).
    RoomCompositionId
);
uuid_id!(
    /// The id of a conference (a UUID).
    ConferenceId
);
text_id!(
    /// A conference participant, identified by the call control id of its call leg.
    ConferenceParticipantId
);
text_id!(
    /// The call control id of a call leg.
    CallControlId
);
text_id!(
    /// The name of a call queue.
    QueueName
);

impl From<CallControlId> for ConferenceParticipantId {
    fn from(id: CallControlId) -> Self {
        ConferenceParticipantId(id.0)
    }
}

impl From<ConferenceParticipantId> for CallControlId {
    fn from(id: ConferenceParticipantId) -> Self {
        CallControlId(id.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_ids_validate_and_round_trip() {
        let text = "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0";
        let id: RoomId = text.parse().expect("uuid");
        assert_eq!(id.to_string(), text);
        assert_eq!(
            serde_json::to_string(&id).expect("json"),
            format!("\"{text}\"")
        );
        let back: RoomId = serde_json::from_str(&format!("\"{text}\"")).expect("json");
        assert_eq!(back, id);
        assert_eq!(
            RoomId::from(Uuid::parse_str(text).expect("uuid")).as_str(),
            text
        );
        let err = "x".parse::<RoomCompositionId>().expect_err("not a uuid");
        assert_eq!(err.id_type(), "RoomCompositionId");
    }

    #[test]
    fn text_ids_keep_text() {
        let q: QueueName = "support line".parse().expect("infallible");
        assert_eq!(q.as_ref(), "support line");
        assert_eq!(String::from(q), "support line");
    }
}
