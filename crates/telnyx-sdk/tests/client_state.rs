//! Typed `client_state`: encoded as base64 of JSON, refused above the limit before anything
//! is sent (`Error::InvalidRequest`), decoded back from events, and a state that is not
//! base64 or not JSON is an error saying which.
#![cfg(all(feature = "calls", feature = "webhooks", feature = "test-util"))]
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use telnyx_sdk::mock::prelude::*;
use telnyx_sdk::webhooks::Event;
use telnyx_sdk::{CallControlId, ClientState, ClientStateError, Error};

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Note {
    role: String,
    attempt: u32,
}

#[test]
fn encodes_base64_of_json_and_decodes_it_back() {
    let note = Note {
        role: "caller".into(),
        attempt: 2,
    };
    let state = ClientState::encode(&note).unwrap();
    assert_eq!(state, "eyJyb2xlIjoiY2FsbGVyIiwiYXR0ZW1wdCI6Mn0="); // {"role":"caller","attempt":2}
    assert_eq!(ClientState::decode::<Note>(&state).unwrap(), note);
    assert_eq!(ClientState::try_decode::<Note>(&state).unwrap(), note);
    // padding may be missing in states made by other tools
    assert_eq!(
        ClientState::decode::<Note>(state.trim_end_matches('=')).unwrap(),
        note
    );
}

#[test]
fn the_limit_is_on_the_base64_and_holds_exactly() {
    // a JSON string of n characters is n + 2 bytes; base64 of 3k bytes is 4k characters
    let fits = "a".repeat(ClientState::MAX_LEN / 4 * 3 - 2);
    let state = ClientState::encode(&fits).unwrap();
    assert_eq!(state.len(), ClientState::MAX_LEN);
    let over = "a".repeat(fits.len() + 1);
    match ClientState::encode(&over) {
        Err(Error::InvalidRequest(message)) => {
            assert!(
                message.contains("4100") && message.contains("4096"),
                "{message}"
            )
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        ClientState::try_encode(&over),
        Err(ClientStateError::TooLong {
            len: 4100,
            max: 4096
        })
    ));
}

#[tokio::test]
async fn a_state_above_the_limit_is_refused_before_anything_is_sent() {
    let server = MockServer::start_async().await;
    let answer = server.calls_actions_answer(|_, then| {
        then.ok(&Default::default());
    });
    let client = telnyx_sdk::mock::client(&server);
    let call = CallControlId::from("v3:abc");
    let big: BTreeMap<String, String> = (0..200)
        .map(|i| (format!("k{i}"), "v".repeat(20)))
        .collect();

    let result: Result<(), Error> = async {
        let state = ClientState::encode(&big)?;
        client
            .calls()
            .actions(&call)
            .answer()
            .body_map(|b| b.client_state(state))
            .send()
            .await?;
        Ok(())
    }
    .await;
    assert!(
        matches!(result, Err(Error::InvalidRequest(_))),
        "{result:?}"
    );
    answer.assert_calls_async(0).await;

    // a state within the limit goes out as is
    let state = ClientState::encode(&"agent").unwrap();
    client
        .calls()
        .actions(&call)
        .answer()
        .body_map(|b| b.client_state(state.clone()))
        .send()
        .await
        .unwrap();
    answer.assert_calls_async(1).await;
}

#[test]
fn a_state_that_is_not_base64_or_not_json_says_which() {
    match ClientState::decode::<Note>("not base64!") {
        Err(Error::Decode(e)) => {
            assert_eq!(e.path, "client_state");
            assert!(e.message.contains("not base64"), "{}", e.message);
        }
        other => panic!("{other:?}"),
    }
    // base64 of `someone else`
    match ClientState::decode::<Note>("c29tZW9uZSBlbHNl") {
        Err(Error::Decode(e)) => assert!(e.message.contains("not JSON"), "{}", e.message),
        other => panic!("{other:?}"),
    }
    // JSON of another shape: the member is named
    let other = ClientState::encode(&serde_json::json!({"role": 7, "attempt": 1})).unwrap();
    match ClientState::decode::<Note>(&other) {
        Err(Error::Decode(e)) => assert_eq!(e.path, "client_state.role"),
        other => panic!("{other:?}"),
    }
    match ClientState::try_decode::<Note>(&other) {
        Err(ClientStateError::NotJson { path, .. }) => assert_eq!(path, "role"),
        other => panic!("{other:?}"),
    }
    // JSON followed by more bytes
    let trailing = ClientState::try_encode(&"x").unwrap().replace("==", "");
    assert!(ClientState::try_decode::<String>(&format!("{trailing}eA")).is_err());
    // hostile lengths and bytes never panic
    for text in ["", "=", "====", "\u{0}", "ö", &"A".repeat(100_001)] {
        assert!(ClientState::try_decode::<Note>(text).is_err(), "{text:?}");
    }
}

#[test]
fn values_json_cannot_hold_are_refused() {
    let mut map = BTreeMap::new();
    map.insert(vec![1u8], 1);
    assert!(matches!(
        ClientState::try_encode(&map),
        Err(ClientStateError::Serialize(_))
    ));
    assert!(matches!(
        ClientState::encode(&map),
        Err(Error::InvalidRequest(_))
    ));
}

#[test]
fn events_expose_their_client_state() {
    let state = ClientState::encode(&Note {
        role: "agent".into(),
        attempt: 1,
    })
    .unwrap();
    let answered = format!(
        r#"{{"data":{{"event_type":"call.answered","id":"0ccc7b54-4df3-4bca-a65a-3da1ecc777f0","payload":{{"call_control_id":"v3:a","client_state":"{state}"}}}}}}"#
    );
    let event = Event::from_slice(answered.as_bytes()).unwrap();
    assert_eq!(event.client_state_raw().as_deref(), Some(state.as_str()));
    assert_eq!(
        event.client_state::<Note>().unwrap(),
        Some(Note {
            role: "agent".into(),
            attempt: 1
        })
    );

    // an event type this SDK does not know, and one without an envelope
    let unknown = format!(
        r#"{{"data":{{"event_type":"call.teleported","payload":{{"client_state":"{state}"}}}}}}"#
    );
    let event = Event::from_slice(unknown.as_bytes()).unwrap();
    assert!(event.client_state::<Note>().unwrap().is_some());
    let floor = format!(
        r#"{{"event_type":"conference.floor.changed","payload":{{"client_state":"{state}"}}}}"#
    );
    assert_eq!(
        Event::from_slice(floor.as_bytes())
            .unwrap()
            .client_state_raw(),
        Some(state.clone())
    );

    // none, empty, and someone else's
    let none = br#"{"data":{"event_type":"call.hangup","payload":{"call_control_id":"v3:a"}}}"#;
    assert_eq!(
        Event::from_slice(none)
            .unwrap()
            .client_state::<Note>()
            .unwrap(),
        None
    );
    let empty = br#"{"data":{"event_type":"call.hangup","payload":{"client_state":""}}}"#;
    assert_eq!(
        Event::from_slice(empty)
            .unwrap()
            .client_state::<Note>()
            .unwrap(),
        None
    );
    let foreign =
        br#"{"data":{"event_type":"call.hangup","payload":{"client_state":"c29tZW9uZSBlbHNl"}}}"#;
    assert!(matches!(
        Event::from_slice(foreign).unwrap().client_state::<Note>(),
        Err(ClientStateError::NotJson { .. })
    ));
}
