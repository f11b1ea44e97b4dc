use telnyx_sdk::{Client, ConferenceId, ConferenceParticipantId, QueueName, RoomCompositionId, RoomId};

fn main() {
    let client = Client::builder().api_key("k").build().expect("client");
    let room: RoomId = "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0".parse().expect("uuid");
    let composition = RoomCompositionId::from(uuid::Uuid::nil());
    let conference = ConferenceId::from(uuid::Uuid::nil());
    let participant = ConferenceParticipantId::from("leg");
    let queue = QueueName::from("support");
    let _ = client.rooms().get(&room);
    let _ = client.room_compositions().get(&composition);
    let _ = client.conferences().participants(&conference).get(&participant);
    let _ = client.queues().calls(&queue).list();
}
