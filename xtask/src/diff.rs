//! `cargo xtask diff --from OLD --to NEW [--json]`: what changed in the API of each domain
//! between two documents, and the semver bump each generated crate needs.
//!
//! OLD and NEW are each a vendor spec (YAML or JSON, OpenAPI 3.0 or 3.1) or `git:REV`,
//! our own `openapi/` folder at a git revision (`git show REV:openapi/<file>`). Both sides
//! are sliced per domain ([`crate::slice::slice`]) and normalised to 3.0
//! ([`crate::normalize::normalize`]), then compared:
//!
//! - operations, matched by `METHOD /path/{}` (path parameter names do not count);
//!   a changed operation lists its parameter, request body and 2xx response changes;
//! - fields, as dotted paths: every component schema the slice reaches (`Room.sessions[]`),
//!   and the inline part of request bodies and 2xx responses
//!   (`ListRooms response 200.data[]`). A `$ref` is a leaf (`$ref Room`), so a change to a
//!   shared schema is reported once, where the schema lives;
//! - enum values, per location.
//!
//! Bumps: removals, type / format / nullable changes, enum value removals and new
//! requirements on what callers send are major; additions are minor; nothing is patch.
//! A 0.x crate also gets the bump Cargo sees (0.x: major -> minor, minor -> patch).

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

use crate::error::SpecError;
use crate::manifest::{Domain, Manifest};
use crate::schema_tree::{self, Extra, SchemaTree, lookup_ref, path_key};
use crate::slice::METHODS;

/// Nesting beyond which a schema walk stops.
const MAX_DEPTH: usize = 48;

const USAGE: &str = "usage: cargo xtask diff --from OLD --to NEW [--json]\n\
    OLD / NEW: a vendor spec file (YAML or JSON, OpenAPI 3.0 / 3.1) or git:REV (our openapi/ at a revision)";

// ---------------------------------------------------------------------------------------
// Command line

/// Entry point of `cargo xtask diff`.
pub fn cmd(root: &Path, args: &[String]) -> Result<(), String> {
    let mut from = None;
    let mut to = None;
    let mut as_json = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--from" => from = Some(it.next().ok_or("--from needs a value")?.clone()),
            "--to" => to = Some(it.next().ok_or("--to needs a value")?.clone()),
            "--json" => as_json = true,
            other => return Err(format!("unexpected argument `{other}`\n{USAGE}")),
        }
    }
    let (Some(from), Some(to)) = (from, to) else {
        return Err(format!("diff needs --from and --to\n{USAGE}"));
    };
    let old = Source::parse(&from);
    let new = Source::parse(&to);
    let report = run(root, &old, &new).map_err(|e| e.to_string())?;
    if as_json {
        let text = serde_json::to_string_pretty(&report.to_json()).map_err(|e| e.to_string())?;
        println!("{text}");
    } else {
        print!("{}", report.render());
    }
    Ok(())
}

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

    fn label(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::Git(rev) => format!("git:{rev}"),
        }
    }
}

/// A loaded side: its manifest and where each domain's document comes from.
struct Side {
    manifest: Manifest,
    kind: SideKind,
}

enum SideKind {
    Full { file: PathBuf, doc: Value },
    Git { root: PathBuf, rev: String },
}

impl Side {
    fn load(root: &Path, source: &Source) -> Result<Side, SpecError> {
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
    fn domain_doc(&self, domain: &Domain) -> Result<Option<(Value, Vec<String>)>, SpecError> {
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

// ---------------------------------------------------------------------------------------
// Report

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

/// One reported change: where, what, and what it costs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    pub at: String,
    pub what: String,
    pub level: Level,
}

fn change(at: impl Into<String>, what: impl Into<String>, level: Level) -> Change {
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
    fn all_changes(&self) -> impl Iterator<Item = &Change> {
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

    fn sort(&mut self) {
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

// ---------------------------------------------------------------------------------------
// Driver

/// Load both sides and compare every domain.
pub fn run(root: &Path, old: &Source, new: &Source) -> Result<Report, SpecError> {
    let old_side = Side::load(root, old)?;
    let new_side = Side::load(root, new)?;
    let names: BTreeSet<&String> = old_side
        .manifest
        .domains
        .keys()
        .chain(new_side.manifest.domains.keys())
        .collect();
    let mut domains = Vec::new();
    for name in names {
        let new_domain = new_side.manifest.domains.get(name);
        let old_domain = old_side.manifest.domains.get(name);
        let Some(domain) = new_domain.or(old_domain) else {
            continue;
        };
        let mut notes = Vec::new();
        let mut load = |side: &Side, d: Option<&Domain>, which: &str| -> Result<Value, SpecError> {
            let Some(d) = d else {
                notes.push(format!(
                    "the {which} side's manifest has no domain `{name}`"
                ));
                return Ok(Value::Null);
            };
            match side.domain_doc(d)? {
                Some((doc, missing)) => {
                    if !missing.is_empty() {
                        notes.push(format!(
                            "events missing from the {which} side: {}",
                            missing.join(", ")
                        ));
                    }
                    Ok(doc)
                }
                None => {
                    notes.push(format!("the {which} side has no openapi/{}", d.spec));
                    Ok(Value::Null)
                }
            }
        };
        let old_doc = load(&old_side, old_domain, "old")?;
        let new_doc = load(&new_side, new_domain, "new")?;
        let mut report = compare(name, domain, &old_doc, &new_doc);
        report.notes = notes;
        domains.push(report);
    }
    Ok(Report {
        from: old.label(),
        to: new.label(),
        domains,
    })
}

/// Compare the (sliced, normalised) documents of one domain.
pub fn compare(name: &str, domain: &Domain, old: &Value, new: &Value) -> DomainReport {
    let mut r = DomainReport {
        domain: name.to_string(),
        crate_name: domain.crate_name.clone(),
        version: domain.version.clone(),
        ..DomainReport::default()
    };
    let old_model = Model::build(old);
    let new_model = Model::build(new);
    let ctx = Context {
        request: old_model
            .request_ctx
            .union(&new_model.request_ctx)
            .cloned()
            .collect(),
        response: old_model
            .response_ctx
            .union(&new_model.response_ctx)
            .cloned()
            .collect(),
    };

    let keys: BTreeSet<&String> = old_model.ops.keys().chain(new_model.ops.keys()).collect();
    for key in keys {
        match (old_model.ops.get(key), new_model.ops.get(key)) {
            (Some(o), Some(n)) => {
                let label = n.label();
                let mut changes = Vec::new();
                diff_op(o, n, &mut changes);
                let mut fields = FieldDiff::default();
                diff_fields(&o.fields, &n.fields, &op_field_ctx, &mut fields);
                let prefix =
                    |c: &Change| change(format!("{} {}", n.name(), c.at), c.what.clone(), c.level);
                let touched = !changes.is_empty() || !fields.is_empty();
                r.fields_added.extend(fields.added.iter().map(prefix));
                r.fields_removed.extend(fields.removed.iter().map(prefix));
                r.fields_changed.extend(fields.changed.iter().map(prefix));
                r.enum_added.extend(fields.enum_added.iter().map(prefix));
                r.enum_removed
                    .extend(fields.enum_removed.iter().map(prefix));
                if touched {
                    if changes.is_empty() {
                        changes.push(change(
                            "fields",
                            "inline request / response fields changed (listed under fields)",
                            Level::Patch,
                        ));
                    }
                    r.ops_changed.push(ChangedOp {
                        operation: label,
                        changes,
                    });
                }
            }
            (Some(o), None) => {
                r.ops_removed
                    .push(change(o.label(), "operation removed", Level::Major))
            }
            (None, Some(n)) => r
                .ops_added
                .push(change(n.label(), "operation added", Level::Minor)),
            (None, None) => {}
        }
    }
    // Parameter enum values count as enum value changes too.
    for op in &r.ops_changed {
        for c in &op.changes {
            if c.what.starts_with("enum value added") {
                r.enum_added.push(change(
                    format!("{} {}", op.operation, c.at),
                    c.what.clone(),
                    c.level,
                ));
            } else if c.what.starts_with("enum value removed") {
                r.enum_removed.push(change(
                    format!("{} {}", op.operation, c.at),
                    c.what.clone(),
                    c.level,
                ));
            }
        }
    }

    let mut fields = FieldDiff::default();
    diff_fields(
        &old_model.fields,
        &new_model.fields,
        &|at| ctx.of_component(at),
        &mut fields,
    );
    r.fields_added.extend(fields.added);
    r.fields_removed.extend(fields.removed);
    r.fields_changed.extend(fields.changed);
    r.enum_added.extend(fields.enum_added);
    r.enum_removed.extend(fields.enum_removed);
    r.sort();
    r
}

/// Whether a location is something callers send (request) and/or receive (response).
#[derive(Debug, Clone, Copy, Default)]
struct Usage {
    request: bool,
    response: bool,
}

struct Context {
    request: BTreeSet<String>,
    response: BTreeSet<String>,
}

impl Context {
    fn of_component(&self, at: &str) -> Usage {
        let name = at.split(['.', '[', '<']).next().unwrap_or(at);
        Usage {
            request: self.request.contains(name),
            response: self.response.contains(name),
        }
    }
}

fn op_field_ctx(at: &str) -> Usage {
    Usage {
        request: at.starts_with("request"),
        response: at.starts_with("response"),
    }
}

// ---------------------------------------------------------------------------------------
// Model: a document reduced to operations and field trees

struct Op {
    method: String,
    path: String,
    id: Option<String>,
    params: Fields,
    /// `Some(required)` when the operation has a request body.
    body: Option<bool>,
    /// 2xx response codes.
    responses: BTreeSet<String>,
    /// Inline request / response fields: `request.name`, `response 200.data[]`.
    fields: Fields,
}

impl Op {
    fn name(&self) -> String {
        self.id
            .clone()
            .unwrap_or_else(|| format!("{} {}", self.method, self.path))
    }

    fn label(&self) -> String {
        match &self.id {
            Some(id) => format!("{} {} ({id})", self.method, self.path),
            None => format!("{} {}", self.method, self.path),
        }
    }
}

struct Model {
    /// By `METHOD /path/{}`.
    ops: BTreeMap<String, Op>,
    /// Component schema fields: `Room`, `Room.sessions[]`.
    fields: Fields,
    /// Component schemas reachable from request parameters and bodies.
    request_ctx: BTreeSet<String>,
    /// Component schemas reachable from 2xx responses and webhook events.
    response_ctx: BTreeSet<String>,
}

impl Model {
    fn build(doc: &Value) -> Model {
        let mut ops = BTreeMap::new();
        let mut request_roots = Vec::new();
        let mut response_roots = Vec::new();
        if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
            for (path, item) in paths {
                let item = resolve(doc, item);
                for method in METHODS {
                    let Some(op) = item.get(method).filter(|o| o.is_object()) else {
                        continue;
                    };
                    let key = format!("{} {}", method.to_uppercase(), path_key(path));
                    let params = parameters(doc, path, item, op);
                    let mut fields = Fields::new();
                    let body = op.get("requestBody").map(|b| resolve(doc, b));
                    if let Some(b) = body {
                        request_roots.push(b);
                        content_fields(doc, b, "request", true, &mut fields);
                    }
                    for list in [item.get("parameters"), op.get("parameters")]
                        .into_iter()
                        .flatten()
                    {
                        request_roots.push(list);
                    }
                    let mut responses = BTreeSet::new();
                    if let Some(resp) = op.get("responses").and_then(Value::as_object) {
                        for (code, r) in resp.iter().filter(|(c, _)| c.starts_with('2')) {
                            let code = code.to_ascii_uppercase();
                            let r = resolve(doc, r);
                            response_roots.push(r);
                            content_fields(doc, r, &format!("response {code}"), false, &mut fields);
                            responses.insert(code);
                        }
                    }
                    ops.insert(
                        key,
                        Op {
                            method: method.to_uppercase(),
                            path: path.clone(),
                            id: op
                                .get("operationId")
                                .and_then(Value::as_str)
                                .map(str::to_string),
                            params,
                            body: body.map(|b| {
                                b.get("required").and_then(Value::as_bool).unwrap_or(false)
                            }),
                            responses,
                            fields,
                        },
                    );
                }
            }
        }
        let mut fields = Fields::new();
        let schemas = doc
            .pointer("/components/schemas")
            .and_then(Value::as_object);
        if let Some(schemas) = schemas {
            for (name, schema) in schemas {
                let node = node(doc, schema, false, &mut Vec::new(), 0);
                flatten(&node, name, None, false, &mut fields);
            }
        }
        // Everything in the slice that is not reached from a request is something received
        // (responses and webhook payloads).
        let request_ctx = closure(doc, &request_roots);
        let mut response_ctx = closure(doc, &response_roots);
        if let Some(schemas) = schemas {
            for name in schemas.keys() {
                if !request_ctx.contains(name) {
                    response_ctx.insert(name.clone());
                }
            }
        }
        Model {
            ops,
            fields,
            request_ctx,
            response_ctx,
        }
    }
}

/// Follow `$ref` chains of a non-schema object to the object itself.
fn resolve<'a>(doc: &'a Value, node: &'a Value) -> &'a Value {
    schema_tree::resolve(doc, node, MAX_DEPTH)
}

fn ref_name(reference: &str) -> String {
    crate::error::unescape(reference.rsplit('/').next().unwrap_or(reference))
}

/// The names of the component schemas reachable from `roots` (through any component kind).
fn closure(doc: &Value, roots: &[&Value]) -> BTreeSet<String> {
    let mut queue: VecDeque<&Value> = roots.iter().copied().collect();
    let mut seen = BTreeSet::new();
    let mut schemas = BTreeSet::new();
    while let Some(node) = queue.pop_front() {
        match node {
            Value::Object(map) => {
                for (k, v) in map {
                    if k == "$ref" {
                        let Some(r) = v.as_str() else { continue };
                        if !seen.insert(r.to_string()) {
                            continue;
                        }
                        if r.starts_with("#/components/schemas/") {
                            schemas.insert(ref_name(r));
                        }
                        if let Some(target) = lookup_ref(doc, r) {
                            queue.push_back(target);
                        }
                    } else {
                        queue.push_back(v);
                    }
                }
            }
            Value::Array(items) => queue.extend(items),
            _ => {}
        }
    }
    schemas
}

/// Path-item and operation parameters (the operation's win). Path parameters are keyed by
/// position (their names do not decide identity); an object-valued query parameter
/// (`filter`, `page`) becomes one entry per flat key it sends (`filter[status][eq]`).
fn parameters(doc: &Value, path: &str, item: &Value, op: &Value) -> Fields {
    let positions: Vec<&str> = path
        .split('{')
        .skip(1)
        .filter_map(|s| s.split('}').next())
        .collect();
    let mut by_key: BTreeMap<String, &Value> = BTreeMap::new();
    for source in [item, op] {
        let Some(list) = source.get("parameters").and_then(Value::as_array) else {
            continue;
        };
        for p in list {
            let p = resolve(doc, p);
            let location = p.get("in").and_then(Value::as_str).unwrap_or("(no in)");
            let mut name = p
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("(no name)")
                .to_string();
            if location == "cookie" {
                continue;
            }
            if location == "header" {
                name = name.to_ascii_lowercase();
            }
            let key = match positions.iter().position(|n| *n == name) {
                Some(i) if location == "path" => format!("path param #{}", i + 1),
                _ => format!("{location} param {name}"),
            };
            by_key.insert(key, p);
        }
    }
    let mut fields = Fields::new();
    for (key, p) in by_key {
        let schema = p.get("schema").or_else(|| {
            p.get("content")
                .and_then(Value::as_object)
                .and_then(|c| c.values().next())
                .and_then(|m| m.get("schema"))
        });
        let n = schema
            .map(|s| node(doc, s, true, &mut Vec::new(), 0))
            .unwrap_or_default();
        let required = p.get("required").and_then(Value::as_bool).unwrap_or(false);
        if key.starts_with("query") && !n.properties.is_empty() {
            flatten_leaves(&n, &key, required, &mut fields);
        } else {
            flatten(&n, &key, None, required, &mut fields);
        }
    }
    fields
}

/// The fields of every media type of a request body or response.
fn content_fields(doc: &Value, holder: &Value, root: &str, required: bool, out: &mut Fields) {
    let Some(content) = holder.get("content").and_then(Value::as_object) else {
        return;
    };
    for (ct, media) in content {
        let ct = ct.to_ascii_lowercase();
        let at = if ct == "application/json" {
            root.to_string()
        } else {
            format!("{root} ({ct})")
        };
        let n = media
            .get("schema")
            .map(|s| node(doc, s, false, &mut Vec::new(), 0))
            .unwrap_or_default();
        flatten(&n, &at, None, required, out);
    }
}

// ---------------------------------------------------------------------------------------
// Schemas

/// A schema reduced to what the diff looks at.
type Node = SchemaTree<Leaf>;

/// What only the diff records on a [`Node`].
#[derive(Debug, Clone, Default, PartialEq)]
struct Leaf {
    /// A named schema this node stands for (a leaf: its fields live under its own name).
    reference: Option<String>,
}

impl Extra for Leaf {
    fn is_empty(&self) -> bool {
        self.reference.is_none()
    }

    fn merge(&mut self, other: Self, _took_variants: bool) {
        if self.reference.is_none() {
            self.reference = other.reference;
        }
    }
}

/// A [`Node`] standing for the schema (or depth limit) `name`.
fn leaf(name: String) -> Node {
    Node::with_extra(Leaf {
        reference: Some(name),
    })
}

/// Reduce `schema` to a [`Node`]. A `$ref` becomes a leaf naming the schema, unless
/// `inline` (parameters) asks to follow it; `stack` guards against cycles when inlining.
fn node(doc: &Value, schema: &Value, inline: bool, stack: &mut Vec<String>, depth: usize) -> Node {
    let Some(obj) = schema.as_object() else {
        return Node::default();
    };
    if depth > MAX_DEPTH {
        return leaf("(depth limit)".into());
    }
    if let Some(reference) = obj.get("$ref").and_then(Value::as_str) {
        let named = leaf(ref_name(reference));
        if !inline || stack.iter().any(|r| r == reference) {
            return named;
        }
        let Some(target) = lookup_ref(doc, reference) else {
            return named;
        };
        stack.push(reference.to_string());
        let n = node(doc, target, inline, stack, depth + 1);
        stack.pop();
        return n;
    }
    let mut n = Node::from_keywords(obj, |s| node(doc, s, inline, stack, depth + 1));
    if let Some(members) = obj.get("allOf").and_then(Value::as_array) {
        if members.len() == 1 {
            // `allOf: [X]` (often `nullable` + a `$ref`) is X itself.
            let m = node(doc, &members[0], inline, stack, depth + 1);
            n.merge(m);
        } else {
            // A composition: the merged shape, with each member's own `$ref` followed.
            for member in members {
                let (target, pushed) = match member.get("$ref").and_then(Value::as_str) {
                    Some(r) if !stack.iter().any(|s| s == r) => match lookup_ref(doc, r) {
                        Some(t) => {
                            stack.push(r.to_string());
                            (t, true)
                        }
                        None => (member, false),
                    },
                    _ => (member, false),
                };
                let m = node(doc, target, inline, stack, depth + 1);
                if pushed {
                    stack.pop();
                }
                n.merge(m);
            }
        }
    }
    for kind in ["oneOf", "anyOf"] {
        let Some(members) = obj.get(kind).and_then(Value::as_array) else {
            continue;
        };
        let mut rest = Vec::new();
        for member in members {
            let m = node(doc, member, inline, stack, depth + 1);
            if m.is_null_only() {
                n.nullable = true;
            } else {
                rest.push(m);
            }
        }
        if rest.len() == 1 {
            if let Some(single) = rest.pop() {
                n.merge(single);
            }
        } else if !rest.is_empty() && n.variants.is_empty() {
            n.variants = rest;
        }
    }
    if n.types.is_empty() && n.extra.reference.is_none() {
        if !n.properties.is_empty() || n.additional.is_some() {
            n.types.insert("object".into());
        } else if n.items.is_some() {
            n.types.insert("array".into());
        }
    }
    n
}

/// One location of a field tree, without its children.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Field {
    /// The enclosing location (a removed subtree is reported once, at its top).
    parent: Option<String>,
    /// `string`, `integer|string`, `$ref Room`, `oneOf`, `any`.
    kind: String,
    format: Option<String>,
    nullable: bool,
    enumeration: Option<BTreeSet<String>>,
    required: bool,
}

impl Field {
    fn describe(&self) -> String {
        let mut s = self.kind.clone();
        if let Some(f) = &self.format {
            let _ = write!(s, " ({f})");
        }
        if self.nullable {
            s.push_str(", nullable");
        }
        if self.enumeration.is_some() {
            s.push_str(", enum");
        }
        s
    }
}

type Fields = BTreeMap<String, Field>;

fn field_of(n: &Node, parent: Option<&str>, required: bool) -> Field {
    let kind = if let Some(r) = &n.extra.reference {
        format!("$ref {r}")
    } else if !n.variants.is_empty() {
        "oneOf".to_string()
    } else if n.types.is_empty() {
        "any".to_string()
    } else {
        n.types.iter().cloned().collect::<Vec<_>>().join("|")
    };
    Field {
        parent: parent.map(str::to_string),
        kind,
        format: n.format.clone(),
        nullable: n.nullable,
        enumeration: n.enumeration.clone(),
        required,
    }
}

/// Record `n` at `at` and all its descendants: `at.prop`, `at[]`, `at.*`, `at<Variant>`.
fn flatten(n: &Node, at: &str, parent: Option<&str>, required: bool, out: &mut Fields) {
    out.insert(at.to_string(), field_of(n, parent, required));
    for (name, prop) in &n.properties {
        flatten(
            prop,
            &format!("{at}.{name}"),
            Some(at),
            n.required.contains(name),
            out,
        );
    }
    if let Some(items) = &n.items {
        flatten(items, &format!("{at}[]"), Some(at), false, out);
    }
    if let Some(extra) = &n.additional {
        flatten(extra, &format!("{at}.*"), Some(at), false, out);
    }
    for (i, v) in n.variants.iter().enumerate() {
        let label = v.extra.reference.clone().unwrap_or_else(|| i.to_string());
        flatten(v, &format!("{at}<{label}>"), Some(at), false, out);
    }
}

/// The leaves of an object-valued query parameter, as the flat keys it sends.
fn flatten_leaves(n: &Node, at: &str, required: bool, out: &mut Fields) {
    if n.properties.is_empty() {
        flatten(n, at, None, required, out);
        return;
    }
    for (name, prop) in &n.properties {
        flatten_leaves(
            prop,
            &format!("{at}[{name}]"),
            required && n.required.contains(name),
            out,
        );
    }
}

// ---------------------------------------------------------------------------------------
// Diffing

#[derive(Default)]
struct FieldDiff {
    added: Vec<Change>,
    removed: Vec<Change>,
    changed: Vec<Change>,
    enum_added: Vec<Change>,
    enum_removed: Vec<Change>,
}

impl FieldDiff {
    fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
            && self.enum_added.is_empty()
            && self.enum_removed.is_empty()
    }
}

fn show_value(v: &str) -> String {
    match serde_json::from_str::<Value>(v) {
        Ok(Value::String(s)) => s,
        _ => v.to_string(),
    }
}

/// Compare two field trees; `usage` says whether a location is sent and/or received.
fn diff_fields(old: &Fields, new: &Fields, usage: &dyn Fn(&str) -> Usage, out: &mut FieldDiff) {
    let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for key in keys {
        let u = usage(key);
        match (old.get(key), new.get(key)) {
            (Some(o), Some(n)) => {
                let mut what = Vec::new();
                if o.kind != n.kind {
                    what.push(format!("type {} -> {}", o.kind, n.kind));
                }
                if o.format != n.format {
                    what.push(format!(
                        "format {} -> {}",
                        o.format.as_deref().unwrap_or("(none)"),
                        n.format.as_deref().unwrap_or("(none)")
                    ));
                }
                if o.nullable != n.nullable {
                    what.push(format!("nullable {} -> {}", o.nullable, n.nullable));
                }
                match (&o.enumeration, &n.enumeration) {
                    (Some(a), Some(b)) => {
                        for v in b.difference(a) {
                            out.enum_added.push(change(
                                key.as_str(),
                                format!("enum value added: {}", show_value(v)),
                                Level::Minor,
                            ));
                        }
                        for v in a.difference(b) {
                            out.enum_removed.push(change(
                                key.as_str(),
                                format!("enum value removed: {}", show_value(v)),
                                Level::Major,
                            ));
                        }
                    }
                    (None, Some(_)) => what.push("became an enum".to_string()),
                    (Some(_), None) => what.push("is no longer an enum".to_string()),
                    (None, None) => {}
                }
                if !what.is_empty() {
                    out.changed
                        .push(change(key.as_str(), what.join(", "), Level::Major));
                }
                if o.required != n.required && o.parent.is_some() {
                    // Callers must now send it, or can no longer rely on receiving it.
                    let breaking = (n.required && u.request) || (!n.required && u.response);
                    let level = if breaking { Level::Major } else { Level::Minor };
                    let what = if n.required {
                        "optional -> required"
                    } else {
                        "required -> optional"
                    };
                    out.changed.push(change(key.as_str(), what, level));
                }
            }
            (Some(o), None) => {
                if o.parent.as_ref().is_none_or(|p| new.contains_key(p)) {
                    out.removed.push(change(
                        key.as_str(),
                        format!("removed ({})", o.describe()),
                        Level::Major,
                    ));
                }
            }
            (None, Some(n)) => {
                if n.parent.as_ref().is_none_or(|p| old.contains_key(p)) {
                    let level = if n.required && u.request && n.parent.is_some() {
                        Level::Major
                    } else {
                        Level::Minor
                    };
                    let req = if n.required { ", required" } else { "" };
                    out.added.push(change(
                        key.as_str(),
                        format!("added ({}{req})", n.describe()),
                        level,
                    ));
                }
            }
            (None, None) => {}
        }
    }
}

/// Parameter, request body and response-code changes of one operation.
fn diff_op(old: &Op, new: &Op, out: &mut Vec<Change>) {
    let keys: BTreeSet<&String> = old.params.keys().chain(new.params.keys()).collect();
    for key in keys {
        match (old.params.get(key), new.params.get(key)) {
            (Some(o), Some(n)) => {
                let mut what = Vec::new();
                if o.kind != n.kind {
                    what.push(format!("type {} -> {}", o.kind, n.kind));
                }
                if o.format != n.format {
                    what.push(format!(
                        "format {} -> {}",
                        o.format.as_deref().unwrap_or("(none)"),
                        n.format.as_deref().unwrap_or("(none)")
                    ));
                }
                if o.nullable != n.nullable {
                    what.push(format!("nullable {} -> {}", o.nullable, n.nullable));
                }
                match (&o.enumeration, &n.enumeration) {
                    (Some(a), Some(b)) => {
                        for v in b.difference(a) {
                            out.push(change(
                                key.as_str(),
                                format!("enum value added: {}", show_value(v)),
                                Level::Minor,
                            ));
                        }
                        for v in a.difference(b) {
                            out.push(change(
                                key.as_str(),
                                format!("enum value removed: {}", show_value(v)),
                                Level::Major,
                            ));
                        }
                    }
                    (None, Some(_)) => what.push("became an enum".to_string()),
                    (Some(_), None) => what.push("is no longer an enum".to_string()),
                    (None, None) => {}
                }
                if !what.is_empty() {
                    out.push(change(
                        key.as_str(),
                        format!("retyped: {}", what.join(", ")),
                        Level::Major,
                    ));
                }
                if o.required != n.required {
                    let (what, level) = if n.required {
                        ("optional -> required", Level::Major)
                    } else {
                        ("required -> optional", Level::Minor)
                    };
                    out.push(change(key.as_str(), what, level));
                }
            }
            (Some(o), None) => {
                if o.parent.as_ref().is_none_or(|p| new.params.contains_key(p)) {
                    out.push(change(
                        key.as_str(),
                        format!("removed ({})", o.describe()),
                        Level::Major,
                    ));
                }
            }
            (None, Some(n)) => {
                if n.parent.as_ref().is_none_or(|p| old.params.contains_key(p)) {
                    let (req, level) = if n.required {
                        (", required", Level::Major)
                    } else {
                        ("", Level::Minor)
                    };
                    out.push(change(
                        key.as_str(),
                        format!("added ({}{req})", n.describe()),
                        level,
                    ));
                }
            }
            (None, None) => {}
        }
    }
    match (old.body, new.body) {
        (None, Some(req)) => out.push(change(
            "request body",
            if req {
                "added (required)"
            } else {
                "added (optional)"
            },
            if req { Level::Major } else { Level::Minor },
        )),
        (Some(_), None) => out.push(change("request body", "removed", Level::Major)),
        (Some(false), Some(true)) => {
            out.push(change("request body", "optional -> required", Level::Major))
        }
        (Some(true), Some(false)) => {
            out.push(change("request body", "required -> optional", Level::Minor))
        }
        _ => {}
    }
    for code in new.responses.difference(&old.responses) {
        out.push(change(format!("response {code}"), "added", Level::Minor));
    }
    for code in old.responses.difference(&new.responses) {
        out.push(change(format!("response {code}"), "removed", Level::Major));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn domain() -> Domain {
        Domain {
            crate_name: "telnyx-sdk-video".into(),
            spec: "video.yaml".into(),
            summary: "rooms".into(),
            version: "0.1.0".into(),
            tags: vec!["Rooms".into()],
            operations: vec![],
            events: [("room.ended".to_string(), "RoomEnded".to_string())]
                .into_iter()
                .collect(),
            facade: Default::default(),
        }
    }

    /// A small API in OpenAPI 3.0 spelling.
    fn v30() -> Value {
        json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/rooms": {
                    "get": {
                        "operationId": "ListRooms", "tags": ["Rooms"],
                        "parameters": [
                            {"name": "page", "in": "query", "style": "deepObject",
                             "schema": {"type": "object", "properties": {"size": {"type": "integer"}}}}
                        ],
                        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                            "type": "object",
                            "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/Room"}}}
                        }}}}}
                    },
                    "post": {
                        "operationId": "CreateRoom", "tags": ["Rooms"],
                        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CreateRoomRequest"}}}},
                        "responses": {"201": {"description": "ok"}}
                    }
                },
                "/rooms/{room_id}": {
                    "get": {
                        "operationId": "RetrieveRoom", "tags": ["Rooms"],
                        "parameters": [{"name": "room_id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}}],
                        "responses": {"200": {"description": "ok"}}
                    }
                },
                "/faxes": {"get": {"operationId": "ListFaxes", "tags": ["Fax"], "responses": {"200": {"description": "ok"}}}}
            },
            "components": {"schemas": {
                "Room": {
                    "type": "object", "required": ["id"],
                    "properties": {
                        "id": {"type": "string", "format": "uuid"},
                        "record_type": {"type": "string", "enum": ["room"]},
                        "status": {"type": "string", "enum": ["active", "ended"]},
                        "owner": {"allOf": [{"$ref": "#/components/schemas/Owner"}], "nullable": true},
                        "sessions": {"type": "array", "items": {"type": "object", "properties": {
                            "status": {"type": "string", "nullable": true}
                        }}}
                    }
                },
                "Owner": {"type": "object", "properties": {"name": {"type": "string"}}},
                "CreateRoomRequest": {"type": "object", "properties": {
                    "unique_name": {"type": "string"},
                    "max_participants": {"type": "integer", "nullable": true}
                }},
                "RoomEnded": {"type": "object", "properties": {"room_id": {"type": "string"}}}
            }}
        })
    }

    /// The same API in OpenAPI 3.1 spelling.
    fn v31() -> Value {
        let mut doc = v30();
        doc["openapi"] = json!("3.1.0");
        let room = &mut doc["components"]["schemas"]["Room"]["properties"];
        room["record_type"] = json!({"type": "string", "const": "room"});
        room["owner"] =
            json!({"oneOf": [{"$ref": "#/components/schemas/Owner"}, {"type": "null"}]});
        room["sessions"]["items"]["properties"]["status"] = json!({"type": ["string", "null"]});
        doc["components"]["schemas"]["CreateRoomRequest"]["properties"]["max_participants"] =
            json!({"anyOf": [{"type": "integer"}, {"type": "null"}]});
        doc
    }

    fn prepare(doc: &Value) -> Value {
        let s = crate::slice::slice(doc, Path::new("t.yaml"), &domain()).expect("slice");
        let mut out = s.doc;
        crate::normalize::normalize(&mut out);
        out
    }

    fn diff(old: &Value, new: &Value) -> DomainReport {
        compare("video", &domain(), &prepare(old), &prepare(new))
    }

    fn ats(list: &[Change]) -> Vec<&str> {
        list.iter().map(|c| c.at.as_str()).collect()
    }

    fn no_changes(r: &DomainReport) -> bool {
        r.all_changes().next().is_none() && r.ops_changed.is_empty()
    }

    #[test]
    fn identical_documents_are_a_patch() {
        let r = diff(&v30(), &v30());
        assert!(no_changes(&r), "{r:#?}");
        assert_eq!(r.bump(), Level::Patch);
        assert_eq!(r.cargo_bump(), (Level::Patch, "0.1.1".to_string()));
    }

    #[test]
    fn openapi_3_0_and_3_1_spellings_of_one_api_are_equal() {
        let r = diff(&v30(), &v31());
        assert!(no_changes(&r), "{r:#?}");
        let r = diff(&v31(), &v30());
        assert!(no_changes(&r), "{r:#?}");
    }

    #[test]
    fn an_added_operation_is_minor() {
        let mut new = v30();
        new["paths"]["/rooms/{id}"] = json!({"delete": {"operationId": "DeleteRoom", "tags": ["Rooms"], "responses": {"204": {"description": "gone"}}}});
        let r = diff(&v30(), &new);
        assert_eq!(ats(&r.ops_added), ["DELETE /rooms/{id} (DeleteRoom)"]);
        assert!(
            r.ops_removed.is_empty() && r.ops_changed.is_empty(),
            "{r:#?}"
        );
        assert_eq!(r.bump(), Level::Minor);
        assert_eq!(r.cargo_bump(), (Level::Patch, "0.1.1".to_string()));
        // And the other way round it is a removal.
        let r = diff(&new, &v30());
        assert_eq!(ats(&r.ops_removed), ["DELETE /rooms/{id} (DeleteRoom)"]);
        assert_eq!(r.bump(), Level::Major);
    }

    #[test]
    fn a_renamed_path_parameter_is_the_same_operation() {
        let mut new = v30();
        let paths = new["paths"].as_object_mut().expect("paths");
        let mut item = paths.remove("/rooms/{room_id}").expect("item");
        item["get"]["parameters"][0]["name"] = json!("id");
        paths.insert("/rooms/{id}".into(), item);
        let r = diff(&v30(), &new);
        assert!(no_changes(&r), "{r:#?}");
    }

    #[test]
    fn a_removed_nested_field_is_major_and_named_by_its_dotted_path() {
        let mut new = v30();
        new["components"]["schemas"]["Room"]["properties"]["sessions"]["items"]["properties"] =
            json!({});
        let r = diff(&v30(), &new);
        assert_eq!(ats(&r.fields_removed), ["Room.sessions[].status"]);
        assert_eq!(r.bump(), Level::Major);
        assert_eq!(r.cargo_bump(), (Level::Minor, "0.2.0".to_string()));
    }

    #[test]
    fn a_removed_subtree_is_reported_once_at_its_top() {
        let mut new = v30();
        if let Some(props) = new["components"]["schemas"]["Room"]["properties"].as_object_mut() {
            props.remove("sessions");
        }
        let r = diff(&v30(), &new);
        assert_eq!(ats(&r.fields_removed), ["Room.sessions"]);
    }

    #[test]
    fn a_type_change_is_major() {
        let mut new = v30();
        new["components"]["schemas"]["Room"]["properties"]["id"] = json!({"type": "integer"});
        let r = diff(&v30(), &new);
        assert_eq!(ats(&r.fields_changed), ["Room.id"]);
        assert_eq!(
            r.fields_changed[0].what,
            "type string -> integer, format uuid -> (none)"
        );
        assert_eq!(r.bump(), Level::Major);
    }

    #[test]
    fn a_nullable_change_is_major() {
        let mut new = v30();
        new["components"]["schemas"]["Room"]["properties"]["sessions"]["items"]["properties"]["status"] =
            json!({"type": "string"});
        let r = diff(&v30(), &new);
        assert_eq!(ats(&r.fields_changed), ["Room.sessions[].status"]);
        assert_eq!(r.bump(), Level::Major);
    }

    #[test]
    fn enum_values_added_are_minor_and_removed_are_major() {
        let mut new = v30();
        new["components"]["schemas"]["Room"]["properties"]["status"]["enum"] =
            json!(["active", "ended", "paused"]);
        let r = diff(&v30(), &new);
        assert_eq!(ats(&r.enum_added), ["Room.status"]);
        assert_eq!(r.enum_added[0].what, "enum value added: paused");
        assert!(r.fields_changed.is_empty(), "{r:#?}");
        assert_eq!(r.bump(), Level::Minor);
        let r = diff(&new, &v30());
        assert_eq!(ats(&r.enum_removed), ["Room.status"]);
        assert_eq!(r.bump(), Level::Major);
    }

    #[test]
    fn a_new_optional_request_field_is_minor_a_new_requirement_is_major() {
        let mut new = v30();
        new["components"]["schemas"]["CreateRoomRequest"]["properties"]["region"] =
            json!({"type": "string"});
        let r = diff(&v30(), &new);
        assert_eq!(ats(&r.fields_added), ["CreateRoomRequest.region"]);
        assert_eq!(r.bump(), Level::Minor);
        new["components"]["schemas"]["CreateRoomRequest"]["required"] = json!(["unique_name"]);
        let r = diff(&v30(), &new);
        assert_eq!(ats(&r.fields_changed), ["CreateRoomRequest.unique_name"]);
        assert_eq!(r.fields_changed[0].what, "optional -> required");
        assert_eq!(r.bump(), Level::Major);
    }

    #[test]
    fn parameter_changes_make_a_changed_operation() {
        let mut new = v30();
        new["paths"]["/rooms"]["get"]["parameters"] = json!([
            {"name": "page", "in": "query", "style": "deepObject",
             "schema": {"type": "object", "properties": {"size": {"type": "string"}, "number": {"type": "integer"}}}},
            {"name": "region", "in": "query", "schema": {"type": "string"}}
        ]);
        let r = diff(&v30(), &new);
        assert_eq!(r.ops_changed.len(), 1, "{r:#?}");
        assert_eq!(r.ops_changed[0].operation, "GET /rooms (ListRooms)");
        let lines: Vec<String> = r.ops_changed[0]
            .changes
            .iter()
            .map(|c| format!("{}: {}", c.at, c.what))
            .collect();
        assert_eq!(
            lines,
            [
                "query param page[number]: added (integer)",
                "query param page[size]: retyped: type integer -> string",
                "query param region: added (string)",
            ]
        );
        assert_eq!(r.bump(), Level::Major);
    }

    #[test]
    fn inline_response_fields_are_prefixed_with_the_operation() {
        let mut new = v30();
        new["paths"]["/rooms"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
            ["properties"]["meta"] = json!({"type": "object"});
        let r = diff(&v30(), &new);
        assert_eq!(ats(&r.fields_added), ["ListRooms response 200.meta"]);
        assert_eq!(r.ops_changed.len(), 1);
        assert_eq!(r.bump(), Level::Minor);
    }

    #[test]
    fn webhook_event_schemas_are_compared() {
        let mut new = v30();
        new["components"]["schemas"]["RoomEnded"]["properties"]["room_id"] =
            json!({"type": "integer"});
        let r = diff(&v30(), &new);
        assert_eq!(ats(&r.fields_changed), ["RoomEnded.room_id"]);
    }

    #[test]
    fn cargo_bumps_follow_the_0x_rules() {
        assert_eq!(
            cargo_bump("0.1.0", Level::Major),
            (Level::Minor, "0.2.0".into())
        );
        assert_eq!(
            cargo_bump("0.3.2", Level::Minor),
            (Level::Patch, "0.3.3".into())
        );
        assert_eq!(
            cargo_bump("1.2.3", Level::Major),
            (Level::Major, "2.0.0".into())
        );
        assert_eq!(
            cargo_bump("1.2.3", Level::Minor),
            (Level::Minor, "1.3.0".into())
        );
        assert_eq!(
            cargo_bump("0.0.4", Level::Minor),
            (Level::Patch, "0.0.5".into())
        );
    }

    #[test]
    fn the_summary_table_is_sorted_and_aligned() {
        let mut new = v30();
        new["components"]["schemas"]["Room"]["properties"]["id"] = json!({"type": "integer"});
        let report = Report {
            from: "a".into(),
            to: "b".into(),
            domains: vec![diff(&v30(), &new)],
        };
        let text = report.render();
        assert!(
            text.contains("domain | ops +/-/~ | fields +/-/~ | enum values +/- | bump"),
            "{text}"
        );
        assert!(
            text.contains(
                "video  | 0/0/0     | 0/0/1        | 0/0             | major (0.x: minor -> 0.2.0)"
            ),
            "{text}"
        );
        let j = report.to_json();
        assert_eq!(j["domains"][0]["counts"]["fields"], json!([0, 0, 1]));
        assert_eq!(j["domains"][0]["bump"], "major");
        assert_eq!(j["domains"][0]["cargo_bump"], "minor");
    }

    #[test]
    fn garbage_documents_do_not_panic() {
        for doc in [
            json!(null),
            json!({"paths": []}),
            json!({"paths": {"/x": {"get": 3}}, "components": {"schemas": {"A": {"$ref": "#/nowhere"}, "B": {"allOf": [{"$ref": "#/components/schemas/B"}, 1]}}}}),
        ] {
            let r = compare("video", &domain(), &doc, &v30());
            assert!(!r.ops_added.is_empty());
        }
    }
}
