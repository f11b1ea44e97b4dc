//! Hostile path parameters: for every kind of id that goes into a URL path, a value a URL
//! parser could reinterpret either arrives at the intended route with its segment decoding
//! back to the value, or is refused with `Error::InvalidRequest` before anything is sent.
//! Nothing reaches another route. UUID-typed parameters refuse every value that is not a
//! UUID (the generated builder converts them). Run with `--nocapture` to see the outcome per value.
#![cfg(all(feature = "video", feature = "conferencing", feature = "queues"))]

mod support;

use std::future::Future;
use std::pin::Pin;

use futures::FutureExt;
use serde_json::json;
use support::{Reply, Server, ServerExt};
use telnyx_sdk::{
    CallControlId, Client, ConferenceId, ConferenceParticipantId, Error, QueueName,
    RoomCompositionId, RoomId, RoomParticipantId, RoomRecordingId, RoomSessionId,
};

const CONF: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

/// Values a URL parser could read as something other than one path segment of text.
const HOSTILE: &[&str] = &[
    "/",
    "\\",
    "?",
    "#",
    "%",
    "%2e%2e",
    "%2E",
    "..",
    ".",
    "",
    "...",
    " ",
    "a b",
    "EMEA\\Tier-2",
    "../calls",
    "a/../b",
    "x?y=1#z",
    "naïve/ü",
    "日本",
    "\u{0}",
    "\t",
    "\n",
    "\r",
    "\u{7f}",
    "%00",
    ";",
    "@",
];

type Sent = Pin<Box<dyn Future<Output = Result<(), Error>> + Send>>;

/// A path-parameter kind: the id type, a call that puts the value in its path, and the
/// route (`{}` marks the value's segment, after the `/v2` base path).
struct Kind {
    name: &'static str,
    /// The generated parameter is a UUID: anything else is refused when converted.
    uuid: bool,
    route: &'static str,
    call: fn(&Client, &str) -> Sent,
}

/// UUID ids validate in `FromStr`; a hostile one can still arrive through serde.
fn uuid_id<T: serde::de::DeserializeOwned>(value: &str) -> T {
    serde_json::from_value(json!(value)).expect("ids are transparent strings")
}

fn kinds() -> Vec<Kind> {
    vec![
        Kind {
            name: "RoomId",
            uuid: true,
            route: "/v2/rooms/{}/sessions",
            call: |c, v| {
                let id: RoomId = uuid_id(v);
                c.rooms().sessions(&id).list().send().map(drop_ok).boxed()
            },
        },
        Kind {
            name: "RoomSessionId",
            uuid: true,
            route: "/v2/room_sessions/{}/participants",
            call: |c, v| {
                let id: RoomSessionId = uuid_id(v);
                c.room_sessions()
                    .participants(&id)
                    .list()
                    .send()
                    .map(drop_ok)
                    .boxed()
            },
        },
        Kind {
            name: "RoomParticipantId",
            uuid: true,
            route: "/v2/room_participants/{}",
            call: |c, v| {
                let id: RoomParticipantId = uuid_id(v);
                c.room_participants().get(&id).send().map(drop_ok).boxed()
            },
        },
        Kind {
            name: "RoomRecordingId",
            uuid: true,
            route: "/v2/room_recordings/{}",
            call: |c, v| {
                let id: RoomRecordingId = uuid_id(v);
                c.room_recordings().get(&id).send().map(drop_ok).boxed()
            },
        },
        Kind {
            name: "RoomCompositionId",
            uuid: true,
            route: "/v2/room_compositions/{}",
            call: |c, v| {
                let id: RoomCompositionId = uuid_id(v);
                c.room_compositions().get(&id).send().map(drop_ok).boxed()
            },
        },
        Kind {
            name: "ConferenceId",
            // this route takes the id as text
            uuid: false,
            route: "/v2/conferences/{}/participants",
            call: |c, v| {
                let id: ConferenceId = uuid_id(v);
                c.conferences()
                    .participants(&id)
                    .list()
                    .send()
                    .map(drop_ok)
                    .boxed()
            },
        },
        Kind {
            name: "ConferenceParticipantId",
            uuid: false,
            route: "/v2/conferences/3fa85f64-5717-4562-b3fc-2c963f66afa6/participants/{}",
            call: |c, v| {
                let conf: ConferenceId = CONF.parse().expect("uuid");
                let id = ConferenceParticipantId::from(v);
                c.conferences()
                    .participants(&conf)
                    .get(&id)
                    .send()
                    .map(drop_ok)
                    .boxed()
            },
        },
        Kind {
            name: "CallControlId",
            uuid: false,
            route: "/v2/calls/{}/actions/leave_queue",
            call: |c, v| {
                let id = CallControlId::from(v);
                c.calls()
                    .actions(&id)
                    .leave_queue()
                    .send()
                    .map(drop_ok)
                    .boxed()
            },
        },
        Kind {
            name: "QueueName",
            uuid: false,
            route: "/v2/queues/{}/calls",
            call: |c, v| {
                let name = QueueName::from(v);
                c.queues().calls(&name).list().send().map(drop_ok).boxed()
            },
        },
        Kind {
            name: "QueueName (before another id)",
            uuid: false,
            route: "/v2/queues/{}/calls/v3:call",
            call: |c, v| {
                let name = QueueName::from(v);
                let call = CallControlId::from("v3:call");
                c.queues()
                    .calls(&name)
                    .get(&call)
                    .send()
                    .map(drop_ok)
                    .boxed()
            },
        },
    ]
}

fn drop_ok<T>(result: Result<T, Error>) -> Result<(), Error> {
    result.map(drop)
}

/// Percent-decoding of one path segment, as a server reads it.
fn decode(segment: &str) -> Option<String> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Whether `path` is `route` with `{}` replaced by one segment that decodes to `value`.
fn arrived_intact(route: &str, path: &str, value: &str) -> bool {
    let expected: Vec<&str> = route.split('/').collect();
    let got: Vec<&str> = path.split('/').collect();
    expected.len() == got.len()
        && expected.iter().zip(&got).all(|(e, g)| {
            if *e == "{}" {
                decode(g).as_deref() == Some(value)
            } else {
                e == g
            }
        })
}

#[tokio::test]
async fn hostile_path_parameters_arrive_intact_or_are_refused() {
    // Any route answers; what matters is which route the request reached.
    let server = Server::start(|_, _| Reply::json(200, json!({"data": []}))).await;
    let client = server.client();
    let mut table = Vec::new();
    let mut failures = Vec::new();
    for kind in kinds() {
        // a well-formed value first: the route itself is right
        let control = if kind.uuid { CONF } else { "v3:ok-1" };
        for value in std::iter::once(&control).chain(HOSTILE) {
            let before = server.request_count();
            let result = (kind.call)(&client, value).await;
            let new: Vec<_> = server.requests().into_iter().skip(before).collect();
            let outcome = match (&result, new.as_slice()) {
                (Err(Error::InvalidRequest(m)), []) => format!("refused ({m})"),
                (_, [one]) if arrived_intact(kind.route, one.path(), value) => {
                    format!("arrived intact as {}", one.path())
                }
                (_, [one]) => {
                    failures.push(format!(
                        "{} {value:?}: reached {} instead of {}",
                        kind.name,
                        one.path(),
                        kind.route
                    ));
                    format!("WRONG ROUTE {}", one.path())
                }
                (r, sent) => {
                    failures.push(format!(
                        "{} {value:?}: {} requests, result {r:?}",
                        kind.name,
                        sent.len()
                    ));
                    "UNEXPECTED".to_owned()
                }
            };
            let refused = outcome.starts_with("refused");
            let must_refuse = if kind.uuid {
                *value != CONF
            } else {
                matches!(*value, "" | "." | "..")
            };
            if refused != must_refuse {
                failures.push(format!("{} {value:?}: {outcome}", kind.name));
            }
            table.push(format!("| {} | {value:?} | {outcome} |", kind.name));
        }
    }
    println!("| kind | value | outcome |\n|---|---|---|");
    for row in &table {
        println!("{row}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(table.len(), 10 * (HOSTILE.len() + 1));
}
