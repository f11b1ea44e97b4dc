use telnyx_sdk::{Client, ConferenceId};

fn main() {
    let client = Client::builder().api_key("k").build().expect("client");
    let conference = ConferenceId::from(uuid::Uuid::nil());
    let _ = client.conferences().participants(&conference).get(&conference);
}
