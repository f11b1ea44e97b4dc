//! `cargo xtask publish`: package every crate in dependency order.
//!
//! Order: `telnyx-sdk-ids` (the typed ids everything shares), `telnyx-sdk-json` (the JSON
//! decoding the core and the facade share), `telnyx-sdk-core`, the generated domain crates (from `openapi/domains.toml`), then the
//! `telnyx-sdk` facade. `--dry-run` runs one `cargo package` over all of them, which
//! resolves the not-yet-published path dependencies through a temporary local registry and
//! verifies that each packaged crate builds from its own `.crate` file. `--execute` runs
//! `cargo publish` crate by crate in the same order (it needs a crates.io token).
//!
//! Before a dry run, copies of our own crates left by an earlier dry run are removed (see
//! [`stale_package_copies`]): cargo extracts the packages of its temporary registry into the
//! crates.io source cache under `name-version` and never extracts the same name and version
//! again, so without the cleanup a later run verifies against the old sources.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::version::crate_version as version;
use crate::manifest::Manifest;

const IDS: &str = "telnyx-sdk-ids";
const JSON: &str = "telnyx-sdk-json";
const CORE: &str = "telnyx-sdk-core";
const FACADE: &str = "telnyx-sdk";

/// Crates in publishing order.
pub fn order(root: &Path) -> Result<Vec<String>, String> {
    let manifest = Manifest::load(&Manifest::default_path(root)).map_err(|e| e.to_string())?;
    let mut out = vec![IDS.to_string(), JSON.to_string(), CORE.to_string()];
    out.extend(manifest.domains.values().map(|d| d.crate_name.clone()));
    out.push(FACADE.to_string());
    Ok(out)
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

    let target = crate::target_dir(root);
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    let versioned: Vec<(String, String)> = crates
        .iter()
        .map(|c| (c.clone(), version(root, c)))
        .collect();
    let stale = stale_package_copies(&target, cargo_home.as_deref(), &versioned);
    for path in &stale {
        let removed = if path.is_dir() {
            std::fs::remove_dir_all(path)
        } else {
            std::fs::remove_file(path)
        };
        removed.map_err(|e| format!("cannot remove stale {}: {e}", path.display()))?;
    }
    if !stale.is_empty() {
        println!("removed {} copies left by an earlier dry run", stale.len());
    }

    let mut cmd = Command::new(env!("CARGO"));
    cmd.current_dir(root).args(["package", "--allow-dirty"]);
    // Each package is verified in a workspace of its own, which does not read our
    // Cargo.toml's profiles. Giving it the same debug settings (line tables, for host
    // dependencies too) lets it reuse the dependencies `cargo test` built: after a CI
    // run, 105 crates compiled instead of 170, in 74 s instead of 96 s.
    cmd.env("CARGO_PROFILE_DEV_DEBUG", "line-tables-only")
        .env("CARGO_PROFILE_DEV_BUILD_OVERRIDE_DEBUG", "line-tables-only");
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

/// Files and folders an earlier `cargo package` left for our own crates, which a new dry run
/// must not reuse: the temporary registry and the packages under `target/package`, and the
/// sources cargo extracted under `CARGO_HOME/registry/src/<registry>/`. Only exact
/// `name-version` folders of the given crates are listed. Downloaded `.crate` files in
/// `registry/cache` are left alone: if a version was really published, cargo extracts it
/// again from there, without the network.
pub fn stale_package_copies(
    target: &Path,
    cargo_home: Option<&Path>,
    crates: &[(String, String)],
) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let package = target.join("package");
    let tmp_registry = package.join("tmp-registry");
    if tmp_registry.exists() {
        out.push(tmp_registry);
    }
    for (name, version) in crates {
        let stem = format!("{name}-{version}");
        for candidate in [package.join(&stem), package.join(format!("{stem}.crate"))] {
            if candidate.exists() {
                out.push(candidate);
            }
        }
    }
    let Some(home) = cargo_home else {
        return out;
    };
    let Ok(registries) = std::fs::read_dir(home.join("registry").join("src")) else {
        return out;
    };
    let mut registries: Vec<PathBuf> = registries.flatten().map(|e| e.path()).collect();
    registries.sort();
    for registry in registries {
        for (name, version) in crates {
            let candidate = registry.join(format!("{name}-{version}"));
            if candidate.exists() {
                out.push(candidate);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-publish-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch dir");
        dir
    }

    fn touch(path: &Path) {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, b"x").expect("write");
    }

    /// Every publishable crate under `crates/` is in the order, and each comes after the
    /// crates it depends on (read from its Cargo.toml), so `--execute` never publishes a
    /// crate whose dependency is not on crates.io yet.
    #[test]
    fn order_covers_every_publishable_crate_after_its_dependencies() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("workspace root");
        let order = order(root).expect("order");
        let mut publishable = Vec::new();
        for entry in std::fs::read_dir(root.join("crates")).expect("crates/") {
            let dir = entry.expect("entry").path();
            let text = std::fs::read_to_string(dir.join("Cargo.toml")).expect("Cargo.toml");
            if text.contains("publish = false") {
                continue;
            }
            let name = dir.file_name().expect("name").to_string_lossy().to_string();
            publishable.push((name, text));
        }
        assert_eq!(order.len(), publishable.len(), "order {order:?}");
        for (name, text) in &publishable {
            let at = order
                .iter()
                .position(|c| c == name)
                .expect("crate in order");
            let deps = text.split("[dev-dependencies]").next().unwrap_or_default();
            for dep in &order {
                let named = [format!("\n{dep}.workspace"), format!("\n{dep} = ")];
                if dep != name && named.iter().any(|n| deps.contains(n.as_str())) {
                    let dep_at = order.iter().position(|c| c == dep).expect("dep");
                    assert!(dep_at < at, "{dep} must publish before {name}: {order:?}");
                }
            }
        }
        assert_eq!(order[0], "telnyx-sdk-ids");
    }

    #[test]
    fn stale_copies_of_our_crates_are_found_and_nothing_else() {
        let dir = scratch("stale");
        let target = dir.join("target");
        let home = dir.join("cargo-home");
        let crates = vec![
            ("telnyx-sdk-core".to_string(), "0.1.0".to_string()),
            ("telnyx-sdk".to_string(), "0.1.0".to_string()),
        ];
        let src = home.join("registry/src/index.crates.io-abc");
        let cache = home.join("registry/cache/index.crates.io-abc");
        touch(&src.join("telnyx-sdk-core-0.1.0/src/lib.rs"));
        touch(&src.join("telnyx-sdk-core-0.0.9/src/lib.rs"));
        touch(&src.join("serde-1.0.0/src/lib.rs"));
        touch(&cache.join("telnyx-sdk-0.1.0.crate"));
        touch(&cache.join("telnyx-sdk-core-0.1.0.crate"));
        touch(&cache.join("telnyx-0.1.0.crate"));
        touch(&target.join("package/tmp-registry/index/x"));
        touch(&target.join("package/telnyx-sdk-0.1.0.crate"));
        touch(&target.join("package/telnyx-sdk-0.1.0/Cargo.toml"));
        touch(&target.join("package/other-1.0.0.crate"));

        let mut found = stale_package_copies(&target, Some(&home), &crates);
        found.sort();
        let mut expected = vec![
            target.join("package/tmp-registry"),
            target.join("package/telnyx-sdk-0.1.0"),
            target.join("package/telnyx-sdk-0.1.0.crate"),
            src.join("telnyx-sdk-core-0.1.0"),
        ];
        expected.sort();
        assert_eq!(found, expected);

        // Without a cargo home only the target folder is looked at.
        let found = stale_package_copies(&target, None, &crates);
        assert_eq!(found.len(), 3);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
