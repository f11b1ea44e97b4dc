//! `cargo xtask publish`: package every crate in dependency order.
//!
//! Order: `telnyx-sdk-core`, the generated domain crates (from `openapi/domains.toml`), then the
//! `telnyx-sdk` facade. `--dry-run` runs one `cargo package` over all of them, which
//! resolves the not-yet-published path dependencies through a temporary local registry and
//! verifies that each packaged crate builds from its own `.crate` file. `--execute` runs
//! `cargo publish` crate by crate in the same order (it needs a crates.io token).

use std::path::Path;
use std::process::Command;

use crate::manifest::Manifest;

const CORE: &str = "telnyx-sdk-core";
const FACADE: &str = "telnyx-sdk";

/// Crates in publishing order.
pub fn order(root: &Path) -> Result<Vec<String>, String> {
    let manifest = Manifest::load(&Manifest::default_path(root)).map_err(|e| e.to_string())?;
    let mut out = vec![CORE.to_string()];
    out.extend(manifest.domains.values().map(|d| d.crate_name.clone()));
    out.push(FACADE.to_string());
    Ok(out)
}

/// The `version` line of a crate's Cargo.toml (workspace inheritance is not used for it).
fn version(root: &Path, krate: &str) -> String {
    let path = root.join("crates").join(krate).join("Cargo.toml");
    std::fs::read_to_string(path)
        .ok()
        .and_then(|text| {
            text.lines().find_map(|l| {
                l.strip_prefix("version = \"")
                    .and_then(|v| v.strip_suffix('"'))
                    .map(str::to_string)
            })
        })
        .unwrap_or_else(|| "?".to_string())
}

pub fn cmd(root: &Path, args: &[String]) -> Result<(), String> {
    let dry_run = args.iter().any(|a| a == "--dry-run");
    let execute = args.iter().any(|a| a == "--execute");
    let no_verify = args.iter().any(|a| a == "--no-verify");
    if dry_run == execute {
        return Err("publish needs exactly one of --dry-run or --execute".into());
    }
    if let Some(bad) = args
        .iter()
        .find(|a| !matches!(a.as_str(), "--dry-run" | "--execute" | "--no-verify"))
    {
        return Err(format!("unexpected argument `{bad}`"));
    }
    let crates = order(root)?;
    println!("publish order:");
    for (i, c) in crates.iter().enumerate() {
        println!("  {}. {c} {}", i + 1, version(root, c));
    }

    if execute {
        for c in &crates {
            let status = Command::new(env!("CARGO"))
                .current_dir(root)
                .args(["publish", "-p", c])
                .status()
                .map_err(|e| format!("cannot run cargo publish: {e}"))?;
            if !status.success() {
                return Err(format!(
                    "cargo publish -p {c} failed; crates before it are published"
                ));
            }
        }
        return Ok(());
    }

    let mut cmd = Command::new(env!("CARGO"));
    cmd.current_dir(root).args(["package", "--allow-dirty"]);
    if no_verify {
        cmd.arg("--no-verify");
    }
    for c in &crates {
        cmd.args(["-p", c]);
    }
    let status = cmd
        .status()
        .map_err(|e| format!("cannot run cargo package: {e}"))?;
    if !status.success() {
        return Err("cargo package failed (see above)".into());
    }
    println!("\n{:<26} {:>9} {:>12}", "crate", "version", "package");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    for c in &crates {
        let v = version(root, c);
        let file = target.join("package").join(format!("{c}-{v}.crate"));
        let size = std::fs::metadata(&file)
            .map(|m| m.len())
            .map_err(|e| format!("{}: {e}", file.display()))?;
        println!("{c:<26} {v:>9} {:>9.1} KiB", size as f64 / 1024.0);
    }
    println!(
        "\npublish --dry-run: {} crates packaged{}",
        crates.len(),
        if no_verify {
            ""
        } else {
            " and verified to build from their packages"
        }
    );
    Ok(())
}
