//! Typed ids: a room id cannot be passed where a composition id is expected.
//!
//! One type per kind of id the Telnyx API uses ([`RoomId`], [`CallControlId`],
//! [`QueueName`], ...), shared by every generated crate of the SDK and re-exported at the
//! root of `telnyx-sdk`: the `call_control_id` of a webhook event, of a call's status and of
//! a conference participant is one [`CallControlId`], which the call commands take as is.
//!
//! Every id is a thin wrapper around its text: serialized as a plain string
//! (`#[serde(transparent)]`), printed with `Display`, parsed with `FromStr` and borrowed with
//! `AsRef<str>`. Ids that the API defines as UUIDs also convert from [`uuid::Uuid`], and their
//! `FromStr` (and `TryFrom<&str>`) rejects text that is not a UUID. Decoding a response never
//! checks: an id keeps whatever text the server sent, and `null` where an id is required
//! decodes as the empty id ([`Default`]), which no request accepts.
//!
//! The list of ids (`generated.rs`) is written by `cargo xtask regen` from
//! `openapi/domains.toml`; each line calls the crate's `typed_id!` macro.
//!
//! ```
//! use telnyx_sdk_ids::{QueueName, RoomId};
//!
//! let room: RoomId = "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0".parse()?;
//! assert_eq!(room.as_ref(), "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0");
//! assert!("not-a-uuid".parse::<RoomId>().is_err());
//!
//! let queue = QueueName::from("support");
//! assert_eq!(queue.to_string(), "support");
//! # Ok::<(), telnyx_sdk_ids::IdParseError>(())
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
#[doc(hidden)]
pub fn parse_uuid(text: &str, kind: &'static str) -> Result<Uuid, IdParseError> {
    Uuid::parse_str(text).map_err(|_| IdParseError { kind })
}

/// Defines a typed id: `typed_id!(Name, uuid, "doc")` (checked on parse, converts from and
/// to [`Uuid`]) or `typed_id!(Name, text, "doc")`. `generated.rs` lists them, one line each.
macro_rules! typed_id {
    ($name:ident, uuid, $doc:literal) => {
        #[doc = $doc]
        ///
        /// A UUID: [`FromStr`](std::str::FromStr) and `TryFrom<&str>` check the text, and it
        /// converts from and to [`uuid::Uuid`]. Decoding keeps the text as sent.
        ///
        /// ```
        #[doc = concat!("let id: telnyx_sdk_ids::", stringify!($name), " = \"0ccc7b54-4df3-4bca-a65a-3da1ecc777f0\".parse()?;")]
        /// assert_eq!(id.as_str(), "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0");
        #[doc = concat!("assert!(\"not-a-uuid\".parse::<telnyx_sdk_ids::", stringify!($name), ">().is_err());")]
        /// # Ok::<(), telnyx_sdk_ids::IdParseError>(())
        /// ```
        #[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        $crate::typed_id!(@common $name);

        impl $name {
            /// The id as a UUID, when it is one.
            pub fn to_uuid(&self) -> Result<uuid::Uuid, $crate::IdParseError> {
                $crate::parse_uuid(&self.0, stringify!($name))
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
                $crate::parse_uuid(text, stringify!($name))?;
                Ok($name(text.to_owned()))
            }
        }

        impl TryFrom<&str> for $name {
            type Error = $crate::IdParseError;
            fn try_from(s: &str) -> Result<Self, $crate::IdParseError> {
                s.parse()
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::IdParseError;
            fn try_from(s: String) -> Result<Self, $crate::IdParseError> {
                s.parse()
            }
        }
    };
    ($name:ident, text, $doc:literal) => {
        #[doc = $doc]
        ///
        /// Free text, taken as given.
        ///
        /// ```
        #[doc = concat!("let id = telnyx_sdk_ids::", stringify!($name), "::from(\"v3:abc\");")]
        /// assert_eq!(id.as_str(), "v3:abc");
        /// ```
        #[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        $crate::typed_id!(@common $name);

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

        impl From<&String> for $name {
            fn from(id: &String) -> Self {
                $name(id.clone())
            }
        }

        impl From<uuid::Uuid> for $name {
            fn from(id: uuid::Uuid) -> Self {
                $name(id.hyphenated().to_string())
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

        /// An id reads as its text: `id.len()`, `id.starts_with("v3:")`, and
        /// `Option<Id>::as_deref()` gives an `Option<&str>`.
        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
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

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
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

// written by `cargo xtask regen`, which checks it byte for byte; rustfmt leaves it as is
#[rustfmt::skip]
mod generated;
pub use generated::*;

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
        assert_eq!(RoomId::try_from(text).expect("uuid"), id);
        assert!(RoomId::try_from("..").is_err());
    }

    #[test]
    fn decoding_keeps_any_text_even_for_uuid_ids() {
        // a server that sends something else than a UUID loses nothing
        let id: RoomId = serde_json::from_str("\"room-7\"").expect("any text decodes");
        assert_eq!(id.as_str(), "room-7");
        assert!(id.to_uuid().is_err());
        assert_eq!(serde_json::to_string(&id).expect("json"), "\"room-7\"");
    }

    #[test]
    fn text_ids_keep_text() {
        let q: QueueName = "support line".parse().expect("infallible");
        assert_eq!(q.as_ref(), "support line");
        assert_eq!(q, "support line");
        assert_eq!(String::from(q), "support line");
        assert_eq!(CallControlId::default().as_str(), "");
    }
}
