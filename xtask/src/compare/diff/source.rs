//! The two sides of a diff: a vendor document, or our `openapi/` at a git revision,
//! each sliced per domain and normalised to OpenAPI 3.0.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::error::SpecError;
use crate::manifest::{Domain, Manifest};

/// One side of the comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A full vendor document.
    File(PathBuf),
    /// Our `openapi/` folder at a git revision.
    Git(String),
}

impl Source {
    pub fn parse(arg: &str) -> Source {
        match arg.strip_prefix("git:") {
            Some(rev) => Source::Git(rev.to_string()),
            None => Source::File(PathBuf::from(arg)),
        }
    }

    pub(super) fn label(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::Git(rev) => format!("git:{rev}"),
        }
    }
}

/// A loaded side: its manifest and where each domain's document comes from.
pub(super) struct Side {
    pub(super) manifest: Manifest,
    kind: SideKind,
}

enum SideKind {
    Full { file: PathBuf, doc: Value },
    Git { root: PathBuf, rev: String },
}

impl Side {
    pub(super) fn load(root: &Path, source: &Source) -> Result<Side, SpecError> {
        match source {
            Source::File(path) => {
                let manifest = Manifest::load(&Manifest::default_path(root))?;
                let doc = crate::load::load(path)?;
                Ok(Side {
                    manifest,
                    kind: SideKind::Full {
                        file: path.clone(),
                        doc,
                    },
                })
            }
            Source::Git(rev) => {
                let label = PathBuf::from(format!("git:{rev}"));
                let check = Command::new("git")
                    .arg("-C")
                    .arg(root)
                    .args(["rev-parse", "--verify", "--quiet"])
                    .arg(format!("{rev}^{{commit}}"))
                    .output()
                    .map_err(|e| SpecError::new(&label, "", format!("cannot run git: {e}")))?;
                if !check.status.success() {
                    return Err(SpecError::new(
                        &label,
                        "",
                        format!("unknown git revision `{rev}` in {}", root.display()),
                    ));
                }
                let file = PathBuf::from(format!("git:{rev}:openapi/domains.toml"));
                let text = git_show(root, rev, "domains.toml")?.ok_or_else(|| {
                    SpecError::new(&file, "", "no openapi/domains.toml at this revision")
                })?;
                let manifest = Manifest::parse(&file, &text)?;
                Ok(Side {
                    manifest,
                    kind: SideKind::Git {
                        root: root.to_path_buf(),
                        rev: rev.clone(),
                    },
                })
            }
        }
    }

    /// The sliced, normalised document of one domain; `None` when the side lacks it.
    pub(super) fn domain_doc(
        &self,
        domain: &Domain,
    ) -> Result<Option<(Value, Vec<String>)>, SpecError> {
        let (file, doc) = match &self.kind {
            SideKind::Full { file, doc } => (file.clone(), doc.clone()),
            SideKind::Git { root, rev } => {
                let file = PathBuf::from(format!("git:{rev}:openapi/{}", domain.spec));
                let Some(text) = git_show(root, rev, &domain.spec)? else {
                    return Ok(None);
                };
                let doc = crate::load::parse(&file, &text)?;
                (file, doc)
            }
        };
        let sliced = crate::slice::slice(&doc, &file, domain)?;
        let mut out = sliced.doc;
        crate::normalize::normalize(&mut out);
        Ok(Some((out, sliced.missing_events)))
    }
}

/// `git show REV:./openapi/<file>`; `Ok(None)` when the file does not exist there.
fn git_show(root: &Path, rev: &str, file: &str) -> Result<Option<String>, SpecError> {
    let label = PathBuf::from(format!("git:{rev}:openapi/{file}"));
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .arg("show")
        .arg(format!("{rev}:./openapi/{file}"))
        .output()
        .map_err(|e| SpecError::new(&label, "", format!("cannot run git: {e}")))?;
    if out.status.success() {
        return String::from_utf8(out.stdout)
            .map(Some)
            .map_err(|_| SpecError::new(&label, "", "the file is not UTF-8"));
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("does not exist") || stderr.contains("exists on disk, but not in") {
        Ok(None)
    } else {
        Err(SpecError::new(
            &label,
            "",
            format!("git show failed: {}", stderr.trim()),
        ))
    }
}
