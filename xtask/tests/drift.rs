//! Drift is impossible: a spec change reaches `telnyx_sdk::Client` by `cargo xtask regen`
//! alone. On a copy of this workspace, the test adds a query filter and an operation to
//! `openapi/video.yaml` and a webhook event to `openapi/webhooks.yaml` + the manifest,
//! regenerates, and builds a user program that calls all three through the facade, and
//! mocks the new operation and filter with the typed mocks (`telnyx_sdk::mock`), with no
//! other edit.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

/// Copies a source tree, leaving out build output and npm installs.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let name = entry.file_name();
        if ["target", "node_modules", ".git"].contains(&name.to_string_lossy().as_ref()) {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            copy_tree(&path, &to.join(&name));
        } else {
            std::fs::copy(&path, to.join(&name)).expect("copy");
        }
    }
}

fn read_yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("read yaml");
    serde_yaml_ng::from_str(&text).expect("parse yaml")
}

fn write_yaml(path: &Path, doc: &Value) {
    std::fs::write(path, serde_yaml_ng::to_string(doc).expect("yaml")).expect("write yaml");
}

fn xtask(root: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .args(["--root", root.to_str().expect("utf-8 path")])
        .output()
        .expect("run xtask")
}

#[test]
fn a_new_filter_operation_and_event_reach_the_facade_by_regen_alone() {
    let root = repo_root();
    let scratch = root.join("target").join("drift-check");
    let ws = scratch.join("ws");
    let _ = std::fs::remove_dir_all(&ws);
    for part in ["Cargo.toml", "Cargo.lock"] {
        std::fs::create_dir_all(&ws).expect("mkdir");
        std::fs::copy(root.join(part), ws.join(part)).expect("copy");
    }
    for dir in [".cargo", "openapi", "crates", "xtask", "tests"] {
        copy_tree(&root.join(dir), &ws.join(dir));
    }

    // 1. a filter on GET /rooms, and 2. an operation POST /rooms/{room_id}/actions/archive
    let video_path = ws.join("openapi/video.yaml");
    let mut video = read_yaml(&video_path);
    let params = video
        .pointer_mut("/paths/~1rooms/get/parameters")
        .and_then(Value::as_array_mut)
        .expect("GET /rooms parameters");
    let filter = params
        .iter_mut()
        .find(|p| p["name"] == "filter")
        .expect("filter parameter");
    filter["schema"]["properties"]["archived_at"] = json!({
        "type": "object",
        "description": "Match by the day the room was archived.",
        "properties": {"gte": {"type": "string", "format": "date", "description": "This day or later."}}
    });
    video["paths"]["/rooms/{room_id}/actions/archive"] = json!({
        "post": {
            "operationId": "ArchiveRoom",
            "tags": ["Rooms"],
            "summary": "Archive a room.",
            "parameters": [{"name": "room_id", "in": "path", "required": true,
                "description": "Id of the room.", "schema": {"type": "string", "format": "uuid"}}],
            "responses": {"200": {"description": "The archived room.", "content": {"application/json": {
                "schema": {"type": "object", "properties": {"data": {"$ref": "#/components/schemas/Room"}}}
            }}}}
        }
    });
    write_yaml(&video_path, &video);

    // 3. a webhook event `room.archived`
    let hooks_path = ws.join("openapi/webhooks.yaml");
    let mut hooks = read_yaml(&hooks_path);
    hooks["components"]["schemas"]["RoomArchivedEvent"] = json!({
        "type": "object",
        "description": "Posted when a room was archived.",
        "properties": {"data": {"$ref": "#/components/schemas/RoomArchived"}}
    });
    hooks["components"]["schemas"]["RoomArchived"] = json!({
        "type": "object",
        "properties": {
            "event_type": {"type": "string", "enum": ["room.archived"]},
            "id": {"type": "string", "format": "uuid"},
            "occurred_at": {"type": "string", "format": "date-time"},
            "payload": {"type": "object", "properties": {"room_id": {"type": "string"}}}
        }
    });
    write_yaml(&hooks_path, &hooks);
    let manifest_path = ws.join("openapi/domains.toml");
    let manifest = std::fs::read_to_string(&manifest_path).expect("manifest");
    let manifest = manifest.replace(
        "[domains.webhooks.events]\n",
        "[domains.webhooks.events]\n\"room.archived\" = \"RoomArchivedEvent\"\n",
    );
    std::fs::write(&manifest_path, manifest).expect("write manifest");

    let out = xtask(&ws, &["regen"]);
    assert!(
        out.status.success(),
        "regen failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let check = xtask(&ws, &["regen", "--check"]);
    assert!(check.status.success(), "regen --check after regen");

    let facade =
        std::fs::read_to_string(ws.join("crates/telnyx-sdk/src/generated/resources/video.rs"))
            .expect("generated video facade");
    assert!(
        facade.contains("pub fn filter_archived_at_gte<V: TryInto<"),
        "filter setter"
    );
    assert!(
        facade.contains("pub fn archive(&self) -> ArchiveRoom"),
        "archive call"
    );
    assert!(
        facade.contains("Match by the day the room was archived: this day or later."),
        "setter carries the spec's description"
    );

    // ... and the typed mocks: the new operation and the new filter get their matchers.
    let mock = std::fs::read_to_string(ws.join("crates/telnyx-sdk-video/src/mock.rs"))
        .expect("generated video mock");
    let flat: String = mock.split_whitespace().collect();
    assert!(
        flat.contains(
            "rooms_actions_archive(operations::ArchiveRoomWhen,operations::ArchiveRoomThen);"
        ),
        "mock extension method"
    );
    assert!(mock.contains("pub struct ArchiveRoomWhen("), "typed when");
    assert!(
        mock.contains("\"filter[archived_at][gte]\""),
        "filter matcher sends the wire key"
    );
    // the reply is the core's typed `Then`, with `error(..)`, `delay(..)`, `header(..)`
    assert!(
        flat.contains("pubtypeArchiveRoomThen=::telnyx_sdk_core::mock::Then<"),
        "typed reply with error replies"
    );

    // A user's program using all three, built against the regenerated workspace.
    std::fs::write(
        ws.join("crates/telnyx-sdk/examples/drift.rs"),
        r#"
fn main() {}

#[allow(dead_code)]
async fn uses_the_new_api(client: telnyx_sdk::Client, room: telnyx_sdk::RoomId) -> Result<(), telnyx_sdk::Error> {
    let day = telnyx_sdk::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    let _rooms = client.rooms().list().filter_archived_at_gte(day).send().await?;
    let archived = client.rooms().actions(&room).archive().send().await?;
    let _room: Option<telnyx_sdk::video::types::Room> = archived.data;
    Ok(())
}

#[allow(dead_code)]
fn mocks_the_new_api(server: &telnyx_sdk::mock::MockServer, room: uuid::Uuid) {
    use telnyx_sdk::mock::prelude::*;
    let day = telnyx_sdk::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    server.rooms_list(|when, then| {
        when.filter_archived_at_gte(&day);
        then.error(ErrorReply::internal_server_error());
    });
    server.rooms_actions_archive(|when, then| {
        when.room_id(&room);
        then.ok(&Default::default());
    });
}

#[allow(dead_code)]
fn handles(event: telnyx_sdk::webhooks::Event) -> bool {
    matches!(event, telnyx_sdk::webhooks::Event::RoomArchived(_))
}
"#,
    )
    .expect("write example");
    // the domains the example uses and no TLS backend (no aws-lc or ring to compile: the
    // API surface is what is checked); the nested-build target dir is shared with
    // `vendor_specs.rs`, so the dependencies both need are checked once
    let build = Command::new(env!("CARGO"))
        .args([
            "check",
            "--offline",
            "-q",
            "-p",
            "telnyx-sdk",
            "--example",
            "drift",
            "--no-default-features",
            "--features",
            "video,webhooks,test-util",
        ])
        .current_dir(&ws)
        .env(
            "CARGO_TARGET_DIR",
            root.join("target").join("nested-builds"),
        )
        .output()
        .expect("run cargo");
    assert!(
        build.status.success(),
        "the regenerated facade does not build: {}",
        String::from_utf8_lossy(&build.stderr)
    );
    let _ = std::fs::remove_dir_all(&ws);
}
