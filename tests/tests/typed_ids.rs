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
