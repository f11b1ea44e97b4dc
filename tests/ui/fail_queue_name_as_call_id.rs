use telnyx_sdk::{Client, QueueName};

fn main() {
    let client = Client::builder().api_key("k").build().expect("client");
    let queue = QueueName::from("support");
    let _ = client.queues().calls(&queue).get(&queue);
}
