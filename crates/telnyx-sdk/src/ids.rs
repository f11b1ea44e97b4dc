//! Typed ids: a room id cannot be passed where a composition id is expected.
//!
//! One type per kind of id the API uses (`RoomId`, `CallControlId`, `QueueName`, ...),
//! defined once in the `telnyx-sdk-ids` crate and shared by every domain: a path parameter,
//! a field of a request body, a field of a response and a field of a webhook event that hold
//! the same kind of id have the same type, so an id read from one goes into another as is.
//! Every id is a thin wrapper around its text: serialized as a plain string, printed with
//! `Display`, parsed with `FromStr` and borrowed with `AsRef<str>`. Ids that the API defines
//! as UUIDs also convert from [`uuid::Uuid`], and their `FromStr` rejects text that is not a
//! UUID; decoding a response keeps whatever text the server sent.
//!
//! An id goes into the request path as one segment, percent-encoded so that no character
//! (`/`, `\\`, `?`, `#`, `%`, spaces, controls, non-ASCII) changes the route. An id that is
//! empty, `.` or `..` cannot be kept in its route by any encoding (URL parsers resolve dot
//! segments, even encoded ones): sending it fails with `Error::InvalidRequest` and nothing
//! is sent.
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

#[doc(inline)]
pub use telnyx_sdk_ids::*;
