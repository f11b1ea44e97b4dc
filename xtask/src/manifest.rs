//! `openapi/domains.toml`: which tags, operations and webhook events make which crate.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::SpecError;

/// The whole manifest.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub domains: BTreeMap<String, Domain>,
}

/// One generated crate.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    /// Crate name, e.g. `telnyx-sdk-video`.
    #[serde(rename = "crate")]
    pub crate_name: String,
    /// The project's own document for this domain, relative to `openapi/`.
    pub spec: String,
    /// One line for the crate's description and README.
    pub summary: String,
    /// Version of the generated crate (domain crates version independently).
    #[serde(default = "default_version")]
    pub version: String,
    /// Operations carrying any of these tags belong to the domain.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Further operations, by `operationId`.
    #[serde(default)]
    pub operations: Vec<String>,
    /// Webhook event type -> payload schema name (only the webhooks domain has these).
    #[serde(default)]
    pub events: BTreeMap<String, String>,
}

fn default_version() -> String {
    "0.1.0".to_string()
}

impl Domain {
    /// Whether the operation with these tags and id belongs to this domain.
    pub fn selects(&self, tags: &[&str], operation_id: Option<&str>) -> bool {
        tags.iter().any(|t| self.tags.iter().any(|m| m == t))
            || operation_id.is_some_and(|id| self.operations.iter().any(|m| m == id))
    }

    /// Whether the domain produces types only (no HTTP client).
    pub fn is_types_only(&self) -> bool {
        !self.events.is_empty() && self.tags.is_empty() && self.operations.is_empty()
    }
}

impl Manifest {
    pub fn load(path: &Path) -> Result<Manifest, SpecError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| SpecError::new(path, "", format!("cannot read manifest: {e}")))?;
        Self::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Manifest, SpecError> {
        let manifest: Manifest = toml::from_str(text)
            .map_err(|e| SpecError::new(path, "", format!("invalid manifest: {e}")))?;
        if manifest.domains.is_empty() {
            return Err(SpecError::new(path, "", "the manifest names no domains"));
        }
        Ok(manifest)
    }

    /// The default manifest of this repository.
    pub fn default_path(root: &Path) -> PathBuf {
        root.join("openapi").join("domains.toml")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"
[domains.video]
crate = "telnyx-sdk-video"
spec = "video.yaml"
summary = "rooms"
tags = ["Rooms"]
operations = ["Extra"]

[domains.webhooks]
crate = "telnyx-sdk-webhooks"
spec = "webhooks.yaml"
summary = "events"
[domains.webhooks.events]
"conference.created" = "ConferenceCreatedEvent"
"#;

    #[test]
    fn parses_and_selects_by_tag_or_id() {
        let m = Manifest::parse(Path::new("d.toml"), SAMPLE).expect("valid manifest");
        let video = &m.domains["video"];
        assert!(video.selects(&["Rooms"], None));
        assert!(video.selects(&["Other"], Some("Extra")));
        assert!(!video.selects(&["Other"], Some("Nope")));
        assert!(!video.is_types_only());
        assert!(m.domains["webhooks"].is_types_only());
        assert_eq!(video.version, "0.1.0");
    }

    #[test]
    fn unknown_keys_are_rejected_with_the_file_name() {
        let err = Manifest::parse(
            Path::new("d.toml"),
            "[domains.x]\ncrate='a'\nspec='b'\nsummary='c'\nbogus=1\n",
        )
        .expect_err("unknown key");
        assert!(err.to_string().contains("d.toml"), "{err}");
        assert!(err.message.contains("bogus"), "{err}");
    }
}
