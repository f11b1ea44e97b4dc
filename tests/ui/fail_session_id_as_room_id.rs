use telnyx_sdk::{Client, RoomSessionId};

fn main() {
    let client = Client::builder().api_key("k").build().expect("client");
    let session = RoomSessionId::from(uuid::Uuid::nil());
    let _ = client.rooms().sessions(&session).list();
}
