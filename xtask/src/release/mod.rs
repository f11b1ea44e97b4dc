//! Release: `publish` (package and publish the crates in dependency order) and `version`
//! (crate versions and the semver bump an API change needs; `cargo xtask diff` reports it).

pub mod publish;
pub mod version;
