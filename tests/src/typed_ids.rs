//! Compile-fail checks of the typed ids: one kind of id cannot be passed where another is
//! expected. Each case is a `compile_fail` doctest that must fail with E0308 (mismatched
//! types), so a snippet that breaks for another reason does not count as a pass; the same
//! calls with the right ids compile in `tests/typed_ids.rs`. (Doctests, not trybuild:
//! rustdoc checks them against the libraries `cargo test` already built, where trybuild
//! built every dependency a second time, about four minutes on 2 cores.)
//!
//! A plain string is not a room id:
//!
//! ```compile_fail,E0308
//! let client = telnyx_sdk::Client::builder().api_key("k").build().expect("client");
//! let _ = client.rooms().get("0ccc7b54-4df3-4bca-a65a-3da1ecc777f0");
//! ```
//!
//! A room id is not a composition id:
//!
//! ```compile_fail,E0308
//! let client = telnyx_sdk::Client::builder().api_key("k").build().expect("client");
//! let room = telnyx_sdk::RoomId::from(uuid::Uuid::nil());
//! let _ = client.room_compositions().get(&room);
//! ```
//!
//! A room session id is not a room id:
//!
//! ```compile_fail,E0308
//! let client = telnyx_sdk::Client::builder().api_key("k").build().expect("client");
//! let session = telnyx_sdk::RoomSessionId::from(uuid::Uuid::nil());
//! let _ = client.rooms().sessions(&session).list();
//! ```
//!
//! A conference id is not a participant id:
//!
//! ```compile_fail,E0308
//! let client = telnyx_sdk::Client::builder().api_key("k").build().expect("client");
//! let conference = telnyx_sdk::ConferenceId::from(uuid::Uuid::nil());
//! let _ = client.conferences().participants(&conference).get(&conference);
//! ```
//!
//! A queue name is not a call control id:
//!
//! ```compile_fail,E0308
//! let client = telnyx_sdk::Client::builder().api_key("k").build().expect("client");
//! let queue = telnyx_sdk::QueueName::from("support");
//! let _ = client.queues().calls(&queue).get(&queue);
//! ```
