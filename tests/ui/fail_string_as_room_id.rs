use telnyx_sdk::Client;

fn main() {
    let client = Client::builder().api_key("k").build().expect("client");
    let _ = client.rooms().get("0ccc7b54-4df3-4bca-a65a-3da1ecc777f0");
}
