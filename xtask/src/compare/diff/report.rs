//! What a diff reports: changes with their [`Level`], per domain and in total, as text
//! (a section per domain and a summary table) or JSON; and the bump Cargo sees.

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::release::version::{Level, cargo_bump};

/// One reported change: where, what, and what it costs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    pub at: String,
    pub what: String,
    pub level: Level,
}

pub(super) fn change(at: impl Into<String>, what: impl Into<String>, level: Level) -> Change {
    Change {
        at: at.into(),
        what: what.into(),
        level,
    }
}

/// A changed operation and its changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedOp {
    pub operation: String,
    pub changes: Vec<Change>,
}

/// Everything that changed in one domain.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DomainReport {
    pub domain: String,
    pub crate_name: String,
    pub version: String,
    pub ops_added: Vec<Change>,
    pub ops_removed: Vec<Change>,
    pub ops_changed: Vec<ChangedOp>,
    pub fields_added: Vec<Change>,
    pub fields_removed: Vec<Change>,
    pub fields_changed: Vec<Change>,
    pub enum_added: Vec<Change>,
    pub enum_removed: Vec<Change>,
    pub notes: Vec<String>,
}

impl DomainReport {
    pub(super) fn all_changes(&self) -> impl Iterator<Item = &Change> {
        self.ops_added
            .iter()
            .chain(&self.ops_removed)
            .chain(self.ops_changed.iter().flat_map(|o| &o.changes))
            .chain(&self.fields_added)
            .chain(&self.fields_removed)
            .chain(&self.fields_changed)
            .chain(&self.enum_added)
            .chain(&self.enum_removed)
    }

    /// The semver bump the API changes call for.
    pub fn bump(&self) -> Level {
        self.all_changes()
            .map(|c| c.level)
            .max()
            .unwrap_or(Level::Patch)
    }

    /// The bump Cargo needs for this crate's current version, and the next version.
    pub fn cargo_bump(&self) -> (Level, String) {
        cargo_bump(&self.version, self.bump())
    }

    pub(super) fn sort(&mut self) {
        for list in [
            &mut self.ops_added,
            &mut self.ops_removed,
            &mut self.fields_added,
            &mut self.fields_removed,
            &mut self.fields_changed,
            &mut self.enum_added,
            &mut self.enum_removed,
        ] {
            list.sort();
            list.dedup();
        }
        for op in &mut self.ops_changed {
            op.changes.sort();
            op.changes.dedup();
        }
        self.ops_changed
            .sort_by(|a, b| a.operation.cmp(&b.operation));
    }
}

/// The whole comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub from: String,
    pub to: String,
    pub domains: Vec<DomainReport>,
}

impl Report {
    /// The human-readable report: one section per domain, then the summary table.
    pub fn render(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "API diff {} -> {}", self.from, self.to);
        for d in &self.domains {
            let (cargo, next) = d.cargo_bump();
            let _ = writeln!(
                s,
                "\n== {} ({} {}): {} bump (cargo: {}, next version {next})",
                d.domain,
                d.crate_name,
                d.version,
                d.bump().as_str(),
                cargo.as_str()
            );
            for n in &d.notes {
                let _ = writeln!(s, "  note: {n}");
            }
            section(&mut s, "operations added", '+', &d.ops_added);
            section(&mut s, "operations removed", '-', &d.ops_removed);
            if !d.ops_changed.is_empty() {
                let _ = writeln!(s, "  operations changed ({}):", d.ops_changed.len());
                for op in &d.ops_changed {
                    let _ = writeln!(s, "    ~ {}", op.operation);
                    for c in &op.changes {
                        let _ = writeln!(s, "        {}: {} [{}]", c.at, c.what, c.level.as_str());
                    }
                }
            }
            section(&mut s, "fields added", '+', &d.fields_added);
            section(&mut s, "fields removed", '-', &d.fields_removed);
            section(&mut s, "fields changed", '~', &d.fields_changed);
            section(&mut s, "enum values added", '+', &d.enum_added);
            section(&mut s, "enum values removed", '-', &d.enum_removed);
            if d.all_changes().next().is_none() {
                let _ = writeln!(s, "  no API changes");
            }
        }
        let _ = writeln!(s, "\nsummary:");
        let rows: Vec<[String; 5]> = self
            .domains
            .iter()
            .map(|d| {
                let (cargo, next) = d.cargo_bump();
                let bump = d.bump();
                let bump = if d.version.starts_with("0.") {
                    format!("{} (0.x: {} -> {next})", bump.as_str(), cargo.as_str())
                } else {
                    format!("{} -> {next}", bump.as_str())
                };
                [
                    d.domain.clone(),
                    format!(
                        "{}/{}/{}",
                        d.ops_added.len(),
                        d.ops_removed.len(),
                        d.ops_changed.len()
                    ),
                    format!(
                        "{}/{}/{}",
                        d.fields_added.len(),
                        d.fields_removed.len(),
                        d.fields_changed.len()
                    ),
                    format!("{}/{}", d.enum_added.len(), d.enum_removed.len()),
                    bump,
                ]
            })
            .collect();
        let header = [
            "domain",
            "ops +/-/~",
            "fields +/-/~",
            "enum values +/-",
            "bump",
        ];
        let mut widths = header.map(str::len);
        for row in &rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.len());
            }
        }
        let line = |cells: [&str; 5]| -> String {
            let padded: Vec<String> = cells
                .iter()
                .zip(widths)
                .map(|(c, w)| format!("{c:<w$}"))
                .collect();
            format!("{}\n", padded.join(" | ").trim_end())
        };
        s.push_str(&line(header));
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        let _ = writeln!(s, "{}", rule.join("-|-"));
        for row in &rows {
            s.push_str(&line([&row[0], &row[1], &row[2], &row[3], &row[4]]));
        }
        s
    }

    /// The machine-readable report.
    pub fn to_json(&self) -> Value {
        let list = |v: &[Change]| -> Value {
            Value::Array(
                v.iter()
                    .map(|c| json!({"at": c.at, "what": c.what, "level": c.level.as_str()}))
                    .collect(),
            )
        };
        let domains: Vec<Value> = self
            .domains
            .iter()
            .map(|d| {
                let (cargo, next) = d.cargo_bump();
                json!({
                    "domain": d.domain,
                    "crate": d.crate_name,
                    "version": d.version,
                    "bump": d.bump().as_str(),
                    "cargo_bump": cargo.as_str(),
                    "next_version": next,
                    "notes": d.notes,
                    "operations": {
                        "added": list(&d.ops_added),
                        "removed": list(&d.ops_removed),
                        "changed": d.ops_changed.iter().map(|o| json!({
                            "operation": o.operation,
                            "changes": list(&o.changes),
                        })).collect::<Vec<_>>(),
                    },
                    "fields": {
                        "added": list(&d.fields_added),
                        "removed": list(&d.fields_removed),
                        "changed": list(&d.fields_changed),
                    },
                    "enum_values": {
                        "added": list(&d.enum_added),
                        "removed": list(&d.enum_removed),
                    },
                    "counts": {
                        "operations": [d.ops_added.len(), d.ops_removed.len(), d.ops_changed.len()],
                        "fields": [d.fields_added.len(), d.fields_removed.len(), d.fields_changed.len()],
                        "enum_values": [d.enum_added.len(), d.enum_removed.len()],
                    },
                })
            })
            .collect();
        json!({"from": self.from, "to": self.to, "domains": domains})
    }
}

fn section(s: &mut String, title: &str, sign: char, items: &[Change]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(s, "  {title} ({}):", items.len());
    for c in items {
        let _ = writeln!(s, "    {sign} {}: {} [{}]", c.at, c.what, c.level.as_str());
    }
}
