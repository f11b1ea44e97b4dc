//! The typed ids in the right places compile and reach the wire as their values; the
//! wrong-kind cases are `compile_fail` doctests in `src/typed_ids.rs`.

use telnyx_sdk::{
    CallControlId, Client, ConferenceId, ConferenceParticipantId, QueueName, RoomCompositionId,
    RoomId,
};

#[test]
fn each_id_is_taken_where_its_kind_is_expected() {
    let client = Client::builder().api_key("k").build().expect("client");
    let room: RoomId = "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0"
        .parse()
        .expect("uuid");
    let composition = RoomCompositionId::from(uuid::Uuid::nil());
    let conference = ConferenceId::from(uuid::Uuid::nil());
    let participant = ConferenceParticipantId::from("leg");
    let queue = QueueName::from("support");
    let call = CallControlId::from("v3:abc");
    let _ = client.rooms().get(&room);
    let _ = client.room_compositions().get(&composition);
    let _ = client
        .conferences()
        .participants(&conference)
        .get(&participant);
    let _ = client.queues().calls(&queue).list();
    let _ = client.queues().calls(&queue).get(&call);
    assert_eq!(room.to_string(), "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0");
    assert_eq!(queue.to_string(), "support");
    assert_eq!(call.to_string(), "v3:abc");
}

/// An id read from a response or a webhook is already the type the next call takes, and
/// decoding keeps what the server sent: a UUID-kind id that is not a UUID keeps its text,
/// `null` is no id, and both go back on the wire unchanged.
#[tokio::test]
async fn ids_from_responses_and_webhooks_feed_the_next_call_as_sent() {
    use telnyx_sdk::webhooks::Event;
    use telnyx_sdk_test_server::{Reply, Server};

    let server = Server::script(vec![
        Reply::json(
            200,
            serde_json::json!({"data": {"id": "room-7", "active_session_id": null,
                "unique_name": "standup"}}),
        ),
        Reply::json(200, serde_json::json!({"data": {"result": "ok"}})),
        Reply::json(
            200,
            serde_json::json!({"data": [], "meta": {"page_number": 1,
            "page_size": 20, "total_pages": 0, "total_results": 0}}),
        ),
    ])
    .await;
    let client = Client::builder()
        .api_key("k")
        .base_url(server.url("/v2"))
        .build()
        .expect("client");

    // a room id the server sends is a RoomId, even when it is not a UUID
    let room = client
        .rooms()
        .get(&RoomId::from(uuid::Uuid::nil()))
        .send()
        .await
        .expect("room")
        .data
        .expect("data");
    let id: RoomId = room.id.clone().expect("id");
    assert_eq!(id, "room-7");
    assert!(id.to_uuid().is_err());
    assert_eq!(room.active_session_id, None);
    let again = serde_json::to_value(&room).expect("encode");
    assert_eq!(again["id"], "room-7");
    assert!(again.get("active_session_id").is_none());

    // the call control id of a webhook goes straight into a call command
    let body = serde_json::json!({"data": {
        "event_type": "call.hangup", "id": "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0",
        "record_type": "event", "occurred_at": "2026-12-05T10:00:00Z",
        "payload": {"call_control_id": "v3:leg\\1", "connection_id": "1293384261075731461",
            "call_leg_id": "leg", "call_session_id": "session"}}});
    let Event::CallHangup(record) =
        Event::from_slice(&serde_json::to_vec(&body).expect("json")).expect("event")
    else {
        panic!("not a hangup");
    };
    let payload = record.payload.expect("payload");
    let leg: CallControlId = payload.call_control_id.expect("call control id");
    assert_eq!(leg.as_str(), "v3:leg\\1");
    assert_eq!(
        payload.connection_id.as_deref(),
        Some("1293384261075731461")
    );
    client
        .calls()
        .actions(&leg)
        .hangup()
        .send()
        .await
        .expect("hangup");
    // a query filter takes the same id, by reference; a UUID-kind id given as text is
    // checked before anything is sent
    let nil_room = RoomId::from(uuid::Uuid::nil());
    client
        .room_sessions()
        .list()
        .filter_room_id(&nil_room)
        .send()
        .await
        .expect("sessions");
    let refused = client
        .room_sessions()
        .list()
        .filter_room_id("room-7")
        .send()
        .await
        .expect_err("not a UUID");
    assert!(
        matches!(refused, telnyx_sdk::Error::InvalidRequest(_)),
        "{refused:?}"
    );
    assert!(refused.to_string().contains("filter_room_id"), "{refused}");
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(
        requests[0].path(),
        format!("/v2/rooms/{}", uuid::Uuid::nil())
    );
    assert_eq!(requests[1].path(), "/v2/calls/v3:leg%5C1/actions/hangup");
    assert_eq!(requests[2].path(), "/v2/room_sessions");
    assert_eq!(
        requests[2].query(),
        format!("filter[room_id]={}", uuid::Uuid::nil())
    );
}
