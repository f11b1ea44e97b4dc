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
    /// Typed ids of the facade (`RoomId`, `QueueName`, ...): what the spec cannot say about
    /// them (their docs, and conversions between ids naming the same thing).
    #[serde(default)]
    pub ids: BTreeMap<String, IdSpec>,
    /// Field -> typed id, from every `[ids.X] fields` (filled in by [`Manifest::parse`]).
    #[serde(skip)]
    pub id_fields: BTreeMap<String, String>,
}

/// One typed id of the facade.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdSpec {
    /// Rustdoc of the id type (one sentence).
    pub doc: String,
    /// Other ids naming the same thing: `From` conversions both ways are generated.
    #[serde(default)]
    pub converts: Vec<String>,
    /// Fields of request bodies, responses and events that hold this id, typed as it
    /// (`patch::typed_ids`): a property name wherever it appears (`call_control_id`), or
    /// `Schema.property` for one component schema's property (`Room.id`).
    #[serde(default)]
    pub fields: Vec<String>,
}

/// What the facade (`telnyx-sdk`) makes of a domain's operations, beyond what the paths and
/// operation ids say. Everything here is optional; see `facade::model` for the defaults.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FacadeSpec {
    /// Path parameter name -> typed id (default: the name in PascalCase, `room_id` -> `RoomId`).
    #[serde(default)]
    pub ids: BTreeMap<String, String>,
    /// Resource handles, keyed by their path in the tree (`rooms`, `rooms.sessions`).
    #[serde(default)]
    pub resources: BTreeMap<String, ResourceSpec>,
    /// Per operation (by `operationId`): where it sits in the tree, and its request type.
    #[serde(default)]
    pub operations: BTreeMap<String, OperationSpec>,
}

/// One resource handle of the facade.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceSpec {
    /// Rustdoc of the accessor method (and, shortened, of the handle type).
    #[serde(default)]
    pub doc: Option<String>,
    /// The handle type's name (default: `Rooms`; nested: `SessionsOfRoom`).
    #[serde(default)]
    pub handle: Option<String>,
}

/// One operation of the facade.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationSpec {
    /// Where the call sits: `rooms.client_tokens(room_id).generate`, with every path
    /// parameter named once (default: derived from the path and method).
    #[serde(default)]
    pub call: Option<String>,
    /// The request type's name (default: the `operationId`, `View`/`Retrieve` read as `Get`).
    #[serde(default)]
    pub request: Option<String>,
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
    /// Component schemas (with everything they reference) of a types-only domain that is
    /// not about webhook events, e.g. the frames of the media-streaming WebSocket.
    #[serde(default)]
    pub schemas: Vec<String>,
    /// Inline schemas (JSON pointers, as `patch::hoist` logs them) that stay where they are
    /// although the same shape is written elsewhere: a different concept of the same shape.
    #[serde(default)]
    pub keep_apart: Vec<String>,
    /// How the facade exposes this domain (HTTP domains only).
    #[serde(default)]
    pub facade: FacadeSpec,
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
        (!self.events.is_empty() || !self.schemas.is_empty())
            && self.tags.is_empty()
            && self.operations.is_empty()
    }
}

/// Whether `name` is a snake-case Rust name (lowercase letters, digits and `_`, not starting
/// with a digit): a domain key, a method of a call.
pub fn is_snake_ident(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit())
}

impl Manifest {
    pub fn load(path: &Path) -> Result<Manifest, SpecError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| SpecError::new(path, "", format!("cannot read manifest: {e}")))?;
        Self::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Manifest, SpecError> {
        let mut manifest: Manifest = toml::from_str(text)
            .map_err(|e| SpecError::new(path, "", format!("invalid manifest: {e}")))?;
        if manifest.domains.is_empty() {
            return Err(SpecError::new(path, "", "the manifest names no domains"));
        }
        for (key, domain) in &manifest.domains {
            if domain.is_types_only() {
                // no facade module: the key names only a cargo feature (`media-stream`)
                continue;
            }
            if !is_snake_ident(key) {
                return Err(SpecError::new(
                    path,
                    format!("/domains/{key}"),
                    format!(
                        "domain `{key}`: an HTTP domain's key names its cargo feature and the \
                         facade's Rust module, so it is lowercase letters, digits and `_` \
                         (try `{}`)",
                        key.to_ascii_lowercase()
                            .replace(|c: char| !c.is_ascii_alphanumeric(), "_")
                    ),
                ));
            }
        }
        for (id, spec) in &manifest.ids {
            for field in &spec.fields {
                if let Some(other) = manifest.id_fields.insert(field.clone(), id.clone()) {
                    return Err(SpecError::new(
                        path,
                        format!("/ids/{id}/fields"),
                        format!("field `{field}` is claimed by both [ids.{other}] and [ids.{id}]"),
                    ));
                }
            }
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
    fn a_domain_of_named_schemas_is_types_only() {
        let m = Manifest::parse(
            Path::new("d.toml"),
            "[domains.frames]\ncrate='a'\nspec='b'\nsummary='c'\nschemas=['Frame']\n",
        )
        .expect("valid manifest");
        assert!(m.domains["frames"].is_types_only());
        assert!(m.domains["frames"].events.is_empty());
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

    #[test]
    fn a_domain_key_that_is_no_rust_name_is_refused_with_a_suggestion() {
        let err = Manifest::parse(
            Path::new("domains.toml"),
            "[domains.voice-apps]\ncrate='a'\nspec='b'\nsummary='c'\ntags=['Apps']\n",
        )
        .expect_err("a hyphen is refused");
        let text = err.to_string();
        assert!(text.contains("domains.toml"), "{text}");
        assert!(text.contains("/domains/voice-apps"), "{text}");
        assert!(text.contains("try `voice_apps`"), "{text}");
    }
}
