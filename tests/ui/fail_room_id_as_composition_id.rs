use telnyx_sdk::{Client, RoomId};

fn main() {
    let client = Client::builder().api_key("k").build().expect("client");
    let room = RoomId::from(uuid::Uuid::nil());
    let _ = client.room_compositions().get(&room);
}
