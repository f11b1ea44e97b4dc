//! Versioning: the version a crate has, and the one Cargo's compatibility rules give it
//! after an API change of a given [`Level`].

use std::path::Path;

/// How much a change forces the crate's version to move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Patch,
    Minor,
    Major,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Patch => "patch",
            Level::Minor => "minor",
            Level::Major => "major",
        }
    }
}

/// The semver bump `api` for a crate at `version`, as Cargo's compatibility rules see it
/// (0.x.y: the minor number is the breaking one; 0.0.z: every release is breaking).
pub fn cargo_bump(version: &str, api: Level) -> (Level, String) {
    let mut parts = version
        .split(['.', '-', '+'])
        .take(3)
        .map(|p| p.parse::<u64>().unwrap_or(0));
    let (major, minor, patch) = (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    );
    let level = match (major, minor, api) {
        (0, 0, _) => Level::Patch,
        (0, _, Level::Major) => Level::Minor,
        (0, _, _) => Level::Patch,
        (_, _, l) => l,
    };
    let next = match (major, minor, level) {
        (0, 0, _) => format!("0.0.{}", patch + 1),
        (_, _, Level::Major) => format!("{}.0.0", major + 1),
        (_, _, Level::Minor) => format!("{major}.{}.0", minor + 1),
        (_, _, Level::Patch) => format!("{major}.{minor}.{}", patch + 1),
    };
    (level, next)
}

/// The `version` line of a crate's Cargo.toml (workspace inheritance is not used for it).
pub fn crate_version(root: &Path, krate: &str) -> String {
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
