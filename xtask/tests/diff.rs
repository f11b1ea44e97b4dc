//! `cargo xtask diff --from OLD --to NEW`: the binary on small documents written here,
//! on our `openapi/` at git revisions, on bad input, and on the two reference specs.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("xtask-diff-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("openapi")).expect("scratch dir");
        let s = Scratch(dir);
        s.write("openapi/domains.toml", MANIFEST);
        s
    }
    fn write(&self, rel: &str, text: &str) {
        let p = self.0.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    fn path(&self, rel: &str) -> String {
        self.0.join(rel).to_str().expect("utf-8 path").to_string()
    }
    fn git(&self, args: &[&str]) {
        let out = Command::new("git")
            .arg("-C")
            .arg(&self.0)
            .args([
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@example.com",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .output()
            .expect("run git");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const MANIFEST: &str = r#"
[domains.video]
crate = "telnyx-sdk-video"
spec = "video.yaml"
summary = "Video"
tags = ["Rooms"]

[domains.queues]
crate = "telnyx-sdk-queues"
spec = "queues.yaml"
summary = "Queues"
tags = ["Queue Commands"]
"#;

/// Version 1 of a tiny API (OpenAPI 3.0).
const V1: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /rooms:
    get:
      operationId: ListRooms
      tags: [Rooms]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Room"}
  /queues/{name}:
    get:
      operationId: RetrieveQueue
      tags: [Queue Commands]
      parameters:
        - {name: name, in: path, required: true, schema: {type: string}}
      responses:
        "200": {description: ok}
components:
  schemas:
    Room:
      type: object
      properties:
        id: {type: string}
        status: {type: string, enum: [active, ended]}
        max_participants: {type: integer, nullable: true}
"##;

fn xtask(root: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["--root", root.to_str().expect("utf-8 path")])
        .arg("diff")
        .args(args)
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("run xtask");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json_diff(root: &Path, from: &str, to: &str) -> Value {
    let (code, stdout, stderr) = xtask(root, &["--from", from, "--to", to, "--json"]);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).expect("--json prints JSON")
}

fn domain<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["domains"]
        .as_array()
        .and_then(|d| d.iter().find(|d| d["domain"] == name))
        .unwrap_or_else(|| panic!("no domain {name} in {report}"))
}

fn ats(list: &Value) -> Vec<String> {
    list.as_array()
        .map(|l| {
            l.iter()
                .filter_map(|c| c["at"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn assert_clean_failure(code: i32, stderr: &str) {
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("stack backtrace"),
        "{stderr}"
    );
}

#[test]
fn identical_files_need_a_patch_release_only() {
    let s = Scratch::new("same");
    s.write("a.yaml", V1);
    s.write(
        "b.json",
        &serde_json::to_string(&serde_yaml_ng::from_str::<Value>(V1).expect("yaml")).expect("json"),
    );
    let (code, stdout, stderr) = xtask(
        &s.0,
        &["--from", &s.path("a.yaml"), "--to", &s.path("b.json")],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains(
            "queues | 0/0/0     | 0/0/0        | 0/0             | patch (0.x: patch -> 0.1.1)"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "video  | 0/0/0     | 0/0/0        | 0/0             | patch (0.x: patch -> 0.1.1)"
        ),
        "{stdout}"
    );
}

#[test]
fn the_3_1_spelling_of_the_same_api_has_no_changes() {
    let s = Scratch::new("spelling");
    s.write("a.yaml", V1);
    let v31 = V1.replace("openapi: 3.0.3", "openapi: 3.1.0").replace(
        "{type: integer, nullable: true}",
        "{type: [integer, \"null\"]}",
    );
    assert_ne!(v31, V1);
    s.write("b.yaml", &v31);
    let r = json_diff(&s.0, &s.path("a.yaml"), &s.path("b.yaml"));
    for d in r["domains"].as_array().expect("domains") {
        assert_eq!(
            d["counts"],
            serde_json::json!({"operations": [0, 0, 0], "fields": [0, 0, 0], "enum_values": [0, 0]}),
            "{d}"
        );
        assert_eq!(d["bump"], "patch");
    }
}

#[test]
fn changes_are_reported_per_domain_with_their_bump() {
    let s = Scratch::new("changes");
    s.write("a.yaml", V1);
    let v2 = V1
        .replace("enum: [active, ended]", "enum: [active, ended, paused]")
        .replace("        id: {type: string}\n", "")
        .replace(
            "  /queues/{name}:",
            "  /queues:\n    get:\n      operationId: ListQueues\n      tags: [Queue Commands]\n      responses:\n        \"200\": {description: ok}\n  /queues/{queue_name}:",
        )
        .replace("{name: name, in: path", "{name: queue_name, in: path");
    s.write("b.yaml", &v2);
    let r = json_diff(&s.0, &s.path("a.yaml"), &s.path("b.yaml"));
    let video = domain(&r, "video");
    assert_eq!(ats(&video["fields"]["removed"]), ["Room.id"]);
    assert_eq!(ats(&video["enum_values"]["added"]), ["Room.status"]);
    assert_eq!(video["bump"], "major");
    assert_eq!(video["cargo_bump"], "minor");
    assert_eq!(video["next_version"], "0.2.0");
    let queues = domain(&r, "queues");
    assert_eq!(
        ats(&queues["operations"]["added"]),
        ["GET /queues (ListQueues)"]
    );
    assert_eq!(
        queues["counts"]["operations"],
        serde_json::json!([1, 0, 0]),
        "renamed path parameter is no change"
    );
    assert_eq!(queues["bump"], "minor");
    assert_eq!(queues["cargo_bump"], "patch");

    // The text report: sections, then the table, domains sorted.
    let (code, stdout, stderr) = xtask(
        &s.0,
        &["--from", &s.path("a.yaml"), "--to", &s.path("b.yaml")],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("- Room.id: removed (string) [major]"),
        "{stdout}"
    );
    assert!(
        stdout.contains("+ Room.status: enum value added: paused [minor]"),
        "{stdout}"
    );
    let table = stdout.split("summary:").nth(1).expect("summary table");
    let q = table.find("\nqueues").expect("queues row");
    let v = table.find("\nvideo").expect("video row");
    assert!(q < v, "{table}");
    assert!(
        table.contains(
            "video  | 0/0/0     | 0/1/0        | 1/0             | major (0.x: minor -> 0.2.0)"
        ),
        "{table}"
    );
}

#[test]
fn git_revisions_of_our_openapi_folder() {
    let s = Scratch::new("git");
    s.write("openapi/video.yaml", V1);
    s.git(&["init", "-q"]);
    s.git(&["add", "openapi"]);
    s.git(&["commit", "-q", "-m", "one"]);
    s.write(
        "openapi/video.yaml",
        &V1.replace(
            "        id: {type: string}\n",
            "        id: {type: integer}\n",
        ),
    );
    s.write("openapi/queues.yaml", V1);
    s.git(&["add", "openapi"]);
    s.git(&["commit", "-q", "-m", "two"]);

    let r = json_diff(&s.0, "git:HEAD~1", "git:HEAD");
    let video = domain(&r, "video");
    assert_eq!(ats(&video["fields"]["changed"]), ["Room.id"]);
    assert_eq!(video["bump"], "major");
    // queues.yaml did not exist at HEAD~1: everything in it is new.
    let queues = domain(&r, "queues");
    assert_eq!(
        ats(&queues["operations"]["added"]),
        ["GET /queues/{name} (RetrieveQueue)"]
    );
    assert!(
        queues["notes"]
            .to_string()
            .contains("no openapi/queues.yaml"),
        "{queues}"
    );

    // A git side against a file side.
    s.write("new.yaml", V1);
    let r = json_diff(&s.0, "git:HEAD", &s.path("new.yaml"));
    assert_eq!(ats(&domain(&r, "video")["fields"]["changed"]), ["Room.id"]);

    let (code, _, stderr) = xtask(&s.0, &["--from", "git:no-such-rev", "--to", "git:HEAD"]);
    assert_clean_failure(code, &stderr);
    assert!(
        stderr.contains("unknown git revision `no-such-rev`"),
        "{stderr}"
    );
}

#[test]
fn bad_input_is_a_clear_error_not_a_panic() {
    let s = Scratch::new("bad");
    s.write("a.yaml", V1);
    let (code, _, stderr) = xtask(
        &s.0,
        &["--from", &s.path("a.yaml"), "--to", &s.path("missing.yaml")],
    );
    assert_clean_failure(code, &stderr);
    assert!(
        stderr.contains("missing.yaml") && stderr.contains("cannot read"),
        "{stderr}"
    );

    s.write("broken.yaml", "openapi: 3.0.3\npaths: [\n  - a\n b: c\n");
    let (code, _, stderr) = xtask(
        &s.0,
        &["--from", &s.path("a.yaml"), "--to", &s.path("broken.yaml")],
    );
    assert_clean_failure(code, &stderr);
    assert!(
        stderr.contains("broken.yaml") && stderr.contains("line"),
        "{stderr}"
    );

    s.write(
        "dangling.yaml",
        &V1.replace("#/components/schemas/Room\"", "#/components/schemas/Nope\""),
    );
    let (code, _, stderr) = xtask(
        &s.0,
        &[
            "--from",
            &s.path("a.yaml"),
            "--to",
            &s.path("dangling.yaml"),
        ],
    );
    assert_clean_failure(code, &stderr);
    assert!(stderr.contains("operation ListRooms"), "{stderr}");
    assert!(
        stderr.contains("#/paths/~1rooms/get/responses/200/content/application~1json/schema/$ref"),
        "{stderr}"
    );

    let (code, _, stderr) = xtask(&s.0, &["--from", &s.path("a.yaml")]);
    assert_clean_failure(code, &stderr);
    assert!(stderr.contains("--from and --to"), "{stderr}");
}

/// The workspace root (this crate's parent directory).
fn workspace_root() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    dir.parent().map(PathBuf::from).unwrap_or(dir)
}

#[test]
fn the_reference_specs_2025_08_to_2026_07() {
    let root = workspace_root();
    let reference = std::env::var_os("TELNYX_REFERENCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/reference"));
    let old = reference.join("telnyx-openapi-2025-08.yml");
    let new = reference.join("telnyx-openapi-2026-07.yml");
    if !old.is_file() || !new.is_file() {
        // straight to stderr: libtest would hide an `eprintln!` of a passing test
        let _ = writeln!(
            std::io::stderr().lock(),
            "SKIPPED the_reference_specs_2025_08_to_2026_07: reference specs not found under {}",
            reference.display()
        );
        return;
    }
    let r = json_diff(
        &root,
        old.to_str().expect("utf-8"),
        new.to_str().expect("utf-8"),
    );
    // (domain, ops +/-/~, fields +/-/~, enum values +/-, bump, cargo bump)
    let expected = [
        ("calls", [4, 0, 0], [134, 9, 9], [26, 2], "major", "minor"),
        (
            "conferencing",
            [5, 0, 4],
            [41, 1, 1],
            [0, 0],
            "major",
            "minor",
        ),
        ("queues", [6, 0, 0], [6, 0, 0], [0, 0], "minor", "patch"),
        ("video", [0, 0, 0], [1, 0, 20], [0, 0], "major", "minor"),
        // the message, number order and transcription events changed shape between the two
        ("webhooks", [0, 0, 0], [23, 0, 23], [1, 0], "major", "minor"),
        ("numbers", [0, 0, 2], [16, 1, 24], [0, 0], "major", "minor"),
        (
            "messaging",
            [9, 0, 0],
            [25, 0, 39],
            [0, 0],
            "major",
            "minor",
        ),
        (
            "voice_apps",
            [0, 0, 6],
            [27, 0, 5],
            [27, 12],
            "major",
            "minor",
        ),
    ];
    for (name, ops, fields, enums, bump, cargo) in expected {
        let d = domain(&r, name);
        assert_eq!(
            d["counts"]["operations"],
            serde_json::json!(ops),
            "{name} operations"
        );
        assert_eq!(
            d["counts"]["fields"],
            serde_json::json!(fields),
            "{name} fields"
        );
        assert_eq!(
            d["counts"]["enum_values"],
            serde_json::json!(enums),
            "{name} enum values"
        );
        assert_eq!(d["bump"], bump, "{name}");
        assert_eq!(d["cargo_bump"], cargo, "{name}");
    }
    // Spot checks against the documents.
    let conf = domain(&r, "conferencing");
    assert!(
        ats(&conf["operations"]["added"])
            .contains(&"POST /conferences/{id}/actions/end (EndConference)".to_string())
    );
    assert_eq!(ats(&conf["fields"]["removed"]), ["StopRecordingRequest"]);
    let queues = domain(&r, "queues");
    assert!(ats(&queues["fields"]["added"]).contains(&"QueueCall.is_alive".to_string()));
    let video = domain(&r, "video");
    assert!(ats(&video["fields"]["changed"]).contains(&"Room.webhook_timeout_secs".to_string()));
}
