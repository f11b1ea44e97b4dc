//! Maintainer tasks for the Telnyx Rust SDK. Run `cargo xtask help`.
//!
//! This file is the command table; the work lives in folders by job: `pipeline/` (regen, one
//! module per stage), `compare/` (conform and diff over one spec model), `release/`
//! (publish, versioning) and `bench/` (one module per figure). `manifest` and `error` are
//! shared by all of them.

mod bench;
mod compare;
mod error;
mod manifest;
mod pipeline;
mod release;

use std::path::PathBuf;
use std::process::ExitCode;

use compare::{conform, diff};
// The stages are also named at the crate root (`crate::load`, `crate::slice`, ...), so that
// `compare`, `release` and `bench` reach them by their short names.
use pipeline::{
    all_tags, codegen, facade, load, normalize, null_fields, patch, postprocess, regen, render,
    skip, slice,
};
use release::publish;

/// The generator allocates millions of small token and syntax-tree nodes; glibc's malloc took
/// about a third of whole-spec regen time, mimalloc a fraction of that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  regen                      regenerate crates/telnyx-sdk-<domain> from openapi/
    --check                  regenerate in memory; exit 1 with a diff if committed files differ
    --spec PATH              slice the domains out of a vendor spec instead of openapi/
    --out DIR                write a Cargo workspace with the generated crates into DIR
    --timings                print the time spent in each pipeline stage
    --explain                print every patch applied to the documents
    --all-tags               with --spec and --out: one crate per vendor tag, one run
                             (see `cargo xtask regen --all-tags --help`)
  probe --spec PATH --out DIR  regen --all-tags, then `cargo check` every crate and report
  conform --upstream PATH    compare openapi/ with a vendor spec for the five domains
  diff --from OLD --to NEW    per-domain API changes and the semver bump each crate needs
  publish --dry-run          package every crate in dependency order and verify each builds
  publish --execute          publish them to crates.io in that order (needs a token)
  bench [--quick] [--write]  benchmark suite, ratios vs baselines; --write updates BENCHMARKS.md
  help                       this text
";

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    // `--root DIR` (any position): operate on another checkout; used by the CLI tests.
    let root = match take_value(&mut args, "--root") {
        Ok(Some(dir)) => PathBuf::from(dir),
        Ok(None) => repo_root(),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = match args.first().map(String::as_str) {
        Some("regen") if args.iter().any(|a| a == "--all-tags") => {
            let rest: Vec<String> = args[1..]
                .iter()
                .filter(|a| *a != "--all-tags")
                .cloned()
                .collect();
            all_tags::cmd_regen(&root, &rest)
        }
        Some("regen") => cmd_regen(&root, &args[1..]),
        Some("probe") => all_tags::cmd_probe(&root, &args[1..]),
        Some("conform") => cmd_conform(&root, &args[1..]),
        Some("publish") => publish::cmd(&root, &args[1..]),
        Some("diff") => diff::cmd(&root, &args[1..]),
        Some("bench") => bench::cmd(&root, &args[1..]),
        Some("help") | Some("--help") | Some("-h") | None => {
            print!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("error: {msg}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: the parent of this crate's manifest directory.
fn repo_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map(PathBuf::from)
        .unwrap_or(manifest_dir)
}

/// The workspace's target directory: `CARGO_TARGET_DIR` (relative to the workspace root, as
/// cargo resolves it for commands run there), else `<root>/target`.
pub fn target_dir(root: &std::path::Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root.join(dir),
        None => root.join("target"),
    }
}

/// Pull `--flag VALUE` out of `args`.
fn take_value(args: &mut Vec<String>, flag: &str) -> Result<Option<String>, String> {
    match args.iter().position(|a| a == flag) {
        Some(i) => {
            if i + 1 >= args.len() {
                return Err(format!("{flag} needs a value"));
            }
            let v = args.remove(i + 1);
            args.remove(i);
            Ok(Some(v))
        }
        None => Ok(None),
    }
}

fn take_flag(args: &mut Vec<String>, flag: &str) -> bool {
    let before = args.len();
    args.retain(|a| a != flag);
    before != args.len()
}

fn cmd_regen(root: &std::path::Path, args: &[String]) -> Result<(), String> {
    let mut args = args.to_vec();
    let check = take_flag(&mut args, "--check");
    let timings = take_flag(&mut args, "--timings");
    let explain = take_flag(&mut args, "--explain");
    let spec = take_value(&mut args, "--spec")?.map(PathBuf::from);
    let out = take_value(&mut args, "--out")?.map(PathBuf::from);
    if let Some(extra) = args.first() {
        return Err(format!("unexpected argument `{extra}`\n\n{USAGE}"));
    }
    if check && out.is_some() {
        return Err(
            "--check compares with the committed crates; it cannot be combined with --out".into(),
        );
    }
    let opts = regen::Options {
        root: root.to_path_buf(),
        spec,
        out: out.clone(),
    };
    let (crates, t) = regen::generate_all(&opts).map_err(|e| e.to_string())?;

    // a row per generated crate (the `Cargo.toml` domain lines are written, not listed)
    for c in crates
        .iter()
        .filter(|c| c.files.iter().any(|f| f.rel_path.ends_with(".rs")))
    {
        let missing = if c.missing_events.is_empty() {
            String::new()
        } else {
            format!(
                ", events missing from the spec: {}",
                c.missing_events.join(", ")
            )
        };
        eprintln!(
            "{:<24} {:>3} operations, {:>3} open enums, {:>6} lines{missing}",
            c.crate_name,
            c.operations,
            c.open_enums,
            c.lines()
        );
        for (op, why) in &c.skipped {
            eprintln!("  skipped {op}: {why}");
        }
    }
    if explain {
        for c in &crates {
            for line in &c.patch_log {
                eprintln!("{}: {line}", c.crate_name);
            }
        }
    }
    if timings {
        eprint!("{}", t.report());
    }
    if check {
        let stale = regen::stale_files(&crates);
        if stale.is_empty() {
            eprintln!("regen --check: generated crates are up to date");
            return Ok(());
        }
        for (_, diff) in &stale {
            let lines: Vec<&str> = diff.lines().collect();
            for l in lines.iter().take(200) {
                println!("{l}");
            }
            if lines.len() > 200 {
                println!("... {} more diff lines", lines.len() - 200);
            }
        }
        let names: Vec<String> = stale.iter().map(|(p, _)| p.display().to_string()).collect();
        return Err(format!(
            "{} generated file(s) are stale: {}\nrun `cargo xtask regen` and commit the result",
            stale.len(),
            names.join(", ")
        ));
    }
    if let Some(out) = &out {
        regen::write_file(
            &out.join("Cargo.toml"),
            &regen::out_workspace_manifest(&crates),
        )
        .map_err(|e| e.to_string())?;
    }
    regen::write_all(&crates).map_err(|e| e.to_string())?;
    Ok(())
}

fn cmd_conform(root: &std::path::Path, args: &[String]) -> Result<(), String> {
    let mut args = args.to_vec();
    let upstream = take_value(&mut args, "--upstream")?.ok_or("conform needs --upstream PATH")?;
    if let Some(extra) = args.first() {
        return Err(format!("unexpected argument `{extra}`"));
    }
    match conform::run(root, std::path::Path::new(&upstream)) {
        Ok(true) => Ok(()),
        Ok(false) => Err("openapi/ differs from the upstream spec (see above)".into()),
        Err(e) => Err(e.to_string()),
    }
}
