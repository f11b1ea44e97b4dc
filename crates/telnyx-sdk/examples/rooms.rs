//! Video rooms end to end: create a room, list rooms, fetch, update, issue a client token,
//! list its sessions, delete it.
//!
//! ```sh
//! TELNYX_API_KEY=... [TELNYX_BASE_URL=http://127.0.0.1:4010] cargo run --example rooms
//! ```

use futures::TryStreamExt;
use telnyx_sdk::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    run(&Client::from_env()?).await
}

/// The example itself, on any client (the workspace tests run it against a mock server).
pub async fn run(client: &Client) -> Result<(), Error> {
    let created = client
        .rooms()
        .create()
        .body_map(|b| {
            b.unique_name("rust-sdk-example".to_string())
                .max_participants(10)
        })
        .send()
        .await?;
    let Some(room_id) = created.data.and_then(|room| room.id) else {
        println!("the server returned no room id");
        return Ok(());
    };
    println!("created room {room_id}");

    let first_rooms: Vec<_> = client
        .rooms()
        .list()
        .page_size(50)
        .limit(100)
        .stream()
        .try_collect()
        .await?;
    println!("{} rooms (at most 100 shown)", first_rooms.len());

    let room = client
        .rooms()
        .get(&room_id)
        .include_sessions(true)
        .send()
        .await?;
    println!("fetched: {:?}", room.data.and_then(|r| r.unique_name));

    client
        .rooms()
        .update(&room_id)
        .body_map(|b| b.max_participants(20))
        .send()
        .await?;

    let token = client
        .rooms()
        .client_tokens(&room_id)
        .generate()
        .send()
        .await?;
    println!("token issued: {}", token.data.is_some());

    let sessions = client.rooms().sessions(&room_id).list().send().await?;
    println!("{} sessions on the first page", sessions.data.len());

    client.rooms().delete(&room_id).send().await?;
    println!("deleted room {room_id}");
    Ok(())
}
