//! `cargo xtask regen --spec VENDOR --out DIR` on Telnyx's published specs: the four
//! crates are generated and `cargo build` succeeds, for both reference versions and for
//! a later spec that adds an operation, a field and an enum value.
//!
//! The specs are read from `../shared/reference/` at run time and never copied into
//! the repository; without that folder (or with `TELNYX_REFERENCE_DIR` pointing elsewhere)
//! these tests pass and print that they were skipped.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

/// `$TELNYX_REFERENCE_DIR`, else `../shared/reference`.
fn reference_dir() -> PathBuf {
    std::env::var_os("TELNYX_REFERENCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("../shared/reference"))
}

fn reference(name: &str) -> Option<PathBuf> {
    let p = reference_dir().join(name);
    if p.exists() {
        Some(p)
    } else {
        // straight to stderr: libtest would hide an `eprintln!` of a passing test
        let _ = writeln!(
            std::io::stderr().lock(),
            "SKIPPED {}: {} not found (../shared/reference is absent)",
            std::thread::current().name().unwrap_or("vendor spec test"),
            p.display()
        );
        None
    }
}

fn out_dir(name: &str) -> PathBuf {
    let d = workspace().join("target/vendor-regen").join(name);
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn regen(spec: &Path, out: &Path) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["regen", "--spec"])
        .arg(spec)
        .arg("--out")
        .arg(out)
        .output()
        .expect("run xtask");
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "regen failed: {stderr}");
    stderr
}

/// Checks the generated workspace with the dependency versions of our `Cargo.lock`, in
/// the nested-build target dir shared by the runs and by `drift.rs` (the dependencies are
/// checked once).
fn build(out: &Path, subcommand: &str) {
    std::fs::copy(workspace().join("Cargo.lock"), out.join("Cargo.lock")).expect("copy lock");
    let o = Command::new(env!("CARGO"))
        .arg(subcommand)
        .arg("--manifest-path")
        .arg(out.join("Cargo.toml"))
        .arg("--workspace")
        .arg("--quiet")
        .env("CARGO_TARGET_DIR", workspace().join("target/nested-builds"))
        .output()
        .expect("run cargo");
    assert!(
        o.status.success(),
        "cargo {subcommand} of {} failed:\n{}",
        out.display(),
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn both_reference_specs_generate_crates_that_build() {
    for (name, ops) in [
        ("telnyx-openapi-2026-07.yml", 220),
        ("telnyx-openapi-2025-08.yml", 0),
    ] {
        let Some(spec) = reference(name) else { return };
        let out = out_dir(name.trim_end_matches(".yml"));
        let report = regen(&spec, &out);
        for krate in [
            "telnyx-sdk-video",
            "telnyx-sdk-conferencing",
            "telnyx-sdk-queues",
            "telnyx-sdk-calls",
            "telnyx-sdk-numbers",
            "telnyx-sdk-messaging",
            "telnyx-sdk-voice-apps",
            "telnyx-sdk-webhooks",
        ] {
            assert!(
                out.join("crates")
                    .join(krate)
                    .join("src/generated.rs")
                    .exists(),
                "{krate} missing"
            );
        }
        if ops > 0 {
            let total: usize = report
                .lines()
                .filter_map(|l| l.split_whitespace().nth(1)?.parse::<usize>().ok())
                .sum();
            assert_eq!(total, ops, "{report}");
        }
        build(&out, "check");
    }
}

#[test]
fn a_later_spec_with_new_operation_field_and_enum_value_still_builds() {
    let Some(spec) = reference("telnyx-openapi-2026-07.yml") else {
        return;
    };
    let text = std::fs::read_to_string(&spec).expect("read spec");
    let mut doc: serde_json::Value = serde_yaml_ng::from_str(&text).expect("parse spec");
    // A new operation under the Rooms tag.
    doc["paths"]["/rooms/{room_id}/actions/snapshot"] = serde_json::json!({"post": {
        "operationId": "SnapshotRoom", "tags": ["Rooms"],
        "parameters": [{"name": "room_id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}}],
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Room"}}}}}
    }});
    // A new field on Room and a new value of the recording status enum.
    doc["components"]["schemas"]["Room"]["properties"]["snapshot_count"] =
        serde_json::json!({"type": "integer"});
    let status = doc["components"]["schemas"]["RoomRecording"]["properties"]["status"]["enum"]
        .as_array_mut()
        .expect("RoomRecording.status is an enum in this spec");
    status.push(serde_json::json!("archived"));

    let dir = out_dir("later");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let later = dir.join("later-spec.json");
    std::fs::write(&later, serde_json::to_string(&doc).expect("json")).expect("write");
    let out = dir.join("ws");
    regen(&later, &out);
    let lib = std::fs::read_to_string(out.join("crates/telnyx-sdk-video/src/generated.rs"))
        .expect("video lib");
    assert!(
        lib.contains("fn snapshot_room("),
        "new operation becomes a method"
    );
    assert!(lib.contains("pub snapshot_count:"), "new field");
    assert!(
        // open enums list each value once, in `open_enum_impls!(Name { Variant => "wire", .. })`
        lib.contains("Archived => \"archived\","),
        "new enum value"
    );
    build(&out, "check");
}
