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

/// Defines a typed id: `typed_id!(Name, uuid, "doc")` (checked on parse, converts from and
/// to [`Uuid`]) or `typed_id!(Name, text, "doc")`. `generated/ids.rs` lists them, one line
/// each.
macro_rules! typed_id {
    ($name:ident, uuid, $doc:literal) => {
        #[doc = $doc]
        ///
        /// A UUID: [`FromStr`](std::str::FromStr) checks the text, and it converts from and to
        /// [`uuid::Uuid`].
        ///
        /// ```
        #[doc = concat!("let id: telnyx_sdk::", stringify!($name), " = \"0ccc7b54-4df3-4bca-a65a-3da1ecc777f0\".parse()?;")]
        /// assert_eq!(id.as_str(), "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0");
        #[doc = concat!("assert!(\"not-a-uuid\".parse::<telnyx_sdk::", stringify!($name), ">().is_err());")]
        /// # Ok::<(), telnyx_sdk::IdParseError>(())
        /// ```
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        $crate::ids::typed_id!(@common $name);

        impl $name {
            /// The id as a UUID, when it is one.
            pub fn to_uuid(&self) -> Result<uuid::Uuid, $crate::IdParseError> {
                $crate::ids::parse_uuid(&self.0, stringify!($name))
            }
        }

        impl From<uuid::Uuid> for $name {
            fn from(id: uuid::Uuid) -> Self {
                $name(id.hyphenated().to_string())
            }
        }

        impl From<&uuid::Uuid> for $name {
            fn from(id: &uuid::Uuid) -> Self {
                $name(id.hyphenated().to_string())
            }
        }

        impl TryFrom<$name> for uuid::Uuid {
            type Error = $crate::IdParseError;
            fn try_from(id: $name) -> Result<uuid::Uuid, $crate::IdParseError> {
                id.to_uuid()
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::IdParseError;
            fn from_str(s: &str) -> Result<Self, $crate::IdParseError> {
                let text = s.trim();
                $crate::ids::parse_uuid(text, stringify!($name))?;
                Ok($name(text.to_owned()))
            }
        }
    };
    ($name:ident, text, $doc:literal) => {
        #[doc = $doc]
        ///
        /// Free text, taken as given.
        ///
        /// ```
        #[doc = concat!("let id = telnyx_sdk::", stringify!($name), "::from(\"v3:abc\");")]
        /// assert_eq!(id.as_str(), "v3:abc");
        /// ```
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        $crate::ids::typed_id!(@common $name);

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

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok($name(s.to_owned()))
            }
        }
    };
    (@common $name:ident) => {
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

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
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
pub(crate) use typed_id;

/// Makes two typed ids convert into each other: `convertible_ids!(A, B)`.
macro_rules! convertible_ids {
    ($a:ident, $b:ident) => {
        impl From<$b> for $a {
            fn from(id: $b) -> Self {
                $a(id.into_string())
            }
        }

        impl From<$a> for $b {
            fn from(id: $a) -> Self {
                $b(id.0)
            }
        }
    };
}
pub(crate) use convertible_ids;

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
