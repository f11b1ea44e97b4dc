//! Call queues: list queues, then list the calls waiting in the first one.
//!
//! ```sh
//! TELNYX_API_KEY=... [TELNYX_BASE_URL=http://127.0.0.1:4010] cargo run --example queues
//! ```

use futures::TryStreamExt;
use telnyx_sdk::{Client, Error, QueueName};

#[tokio::main]
async fn main() -> Result<(), Error> {
    run(&Client::from_env()?).await
}

/// The example itself, on any client (the workspace tests run it against a mock server).
pub async fn run(client: &Client) -> Result<(), Error> {
    let queues: Vec<_> = client
        .queues()
        .list()
        .limit(50)
        .stream()
        .try_collect()
        .await?;
    println!("{} queues (at most 50 shown)", queues.len());

    let Some(name) = queues.first().map(|q| QueueName::from(q.name.as_str())) else {
        println!("no queue to inspect");
        return Ok(());
    };
    let queue = client.queues().get(&name).send().await?;
    println!("queue {name}: {:?}", queue.data.map(|q| q.current_size));

    let calls = client
        .queues()
        .calls(&name)
        .list()
        .page_size(25)
        .send()
        .await?;
    println!("{} calls waiting on the first page", calls.data.len());
    Ok(())
}
