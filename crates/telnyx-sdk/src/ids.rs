//! Typed ids: a room id cannot be passed where a composition id is expected.
//!
//! The id types are generated (`generated/ids.rs`, one per kind of path parameter named in
//! `openapi/domains.toml`); this module holds what they share. Every id is a thin wrapper
//! around its text form: serialized as a plain string
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

/// Checks that `text` is a UUID; the error names the id type.
pub(crate) fn parse_uuid(text: &str, kind: &'static str) -> Result<Uuid, IdParseError> {
    Uuid::parse_str(text).map_err(|_| IdParseError { kind })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{QueueName, RoomCompositionId, RoomId};

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
