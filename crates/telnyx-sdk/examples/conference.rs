//! Conferencing: list conferences, then mute, unmute and list participants of the first one.
//!
//! ```sh
//! TELNYX_API_KEY=... [TELNYX_BASE_URL=http://127.0.0.1:4010] cargo run --example conference
//! ```

use futures::TryStreamExt;
use telnyx_sdk::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    run(&Client::from_env()?).await
}

/// The example itself, on any client (the workspace tests run it against a mock server).
pub async fn run(client: &Client) -> Result<(), Error> {
    let conferences: Vec<_> = client
        .conferences()
        .list()
        .page_size(20)
        .limit(20)
        .stream()
        .try_collect()
        .await?;
    println!("{} conferences (at most 20 shown)", conferences.len());

    // a conference's `id` is already a `ConferenceId`: it goes into the next call as is
    let Some(id) = conferences.first().map(|c| c.id.clone()) else {
        println!("no conference to act on");
        return Ok(());
    };

    let conference = client.conferences().get(&id).send().await?;
    println!("conference: {:?}", conference.data.map(|c| c.name));

    let actions = client.conferences().actions(&id);
    actions.mute().send().await?;
    actions.unmute().send().await?;

    let participants = client.conferences().participants(&id).list().send().await?;
    println!("{} participants on the first page", participants.data.len());
    Ok(())
}
