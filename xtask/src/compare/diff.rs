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

mod report;
mod source;

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value;

pub use crate::release::version::Level;
#[cfg(test)]
use crate::release::version::cargo_bump;
use report::change;
pub use report::{Change, ChangedOp, DomainReport, Report};
use source::Side;
pub use source::Source;

use super::fields::{Field, Fields, Pair, Style, flatten, pairs};
use super::schema::{Reader, Refs};
use super::spec::{PathParams, content_fields, lookup_ref, operations, parameter_fields, ref_name};
use crate::error::SpecError;
use crate::manifest::Domain;

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
        let r = Reader::new(doc, Refs::Leaf, MAX_DEPTH);
        let mut ops = BTreeMap::new();
        let mut request_roots = Vec::new();
        let mut response_roots = Vec::new();
        for (key, o) in operations(&r) {
            let params = parameter_fields(
                &r.with_refs(Refs::Inline),
                &o,
                PathParams::ByPosition,
                Style::Dotted,
            );
            let mut fields = Fields::new();
            let body = o.request_body(&r);
            if let Some(b) = body {
                request_roots.push(b);
                content_fields(&r, b, "request", true, Style::Dotted, &mut fields);
            }
            for list in [o.path_item.get("parameters"), o.op.get("parameters")]
                .into_iter()
                .flatten()
            {
                request_roots.push(list);
            }
            let mut responses = BTreeSet::new();
            for (code, resp) in o.success_responses(&r) {
                response_roots.push(resp);
                let root = format!("response {code}");
                content_fields(&r, resp, &root, false, Style::Dotted, &mut fields);
                responses.insert(code);
            }
            let op = Op {
                method: o.method.to_uppercase(),
                path: o.path.to_string(),
                id: o.id().map(str::to_string),
                params,
                body: body.map(|b| b.get("required").and_then(Value::as_bool).unwrap_or(false)),
                responses,
                fields,
            };
            ops.insert(key, op);
        }
        let mut fields = Fields::new();
        let schemas = doc
            .pointer("/components/schemas")
            .and_then(Value::as_object);
        if let Some(schemas) = schemas {
            for (name, schema) in schemas {
                let node = r.schema(Some(schema));
                flatten(&node, name, None, false, Style::Dotted, &mut fields);
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

// ---------------------------------------------------------------------------------------
// Semver rules

/// `string`, `integer|string`, `$ref Room`, `oneOf`, `any`.
fn kind(f: &Field) -> String {
    if let Some(r) = &f.stopped_at {
        format!("$ref {r}")
    } else if f.variant_kind.is_some() {
        "oneOf".to_string()
    } else if f.types.is_empty() {
        "any".to_string()
    } else {
        f.types.iter().cloned().collect::<Vec<_>>().join("|")
    }
}

/// `string (uuid), nullable, enum`.
fn describe(f: &Field) -> String {
    let mut s = kind(f);
    if let Some(format) = &f.format {
        let _ = write!(s, " ({format})");
    }
    if f.nullable {
        s.push_str(", nullable");
    }
    if f.enumeration.is_some() {
        s.push_str(", enum");
    }
    s
}

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

/// What changed in the shape of one location (type, format, nullability, whether it is an
/// enum), and the enum values `(added, removed)`.
fn retyped(key: &str, o: &Field, n: &Field) -> (Vec<String>, Vec<Change>, Vec<Change>) {
    let mut what = Vec::new();
    let (mut added, mut removed) = (Vec::new(), Vec::new());
    let (old_kind, new_kind) = (kind(o), kind(n));
    if old_kind != new_kind {
        what.push(format!("type {old_kind} -> {new_kind}"));
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
                let what = format!("enum value added: {}", show_value(v));
                added.push(change(key, what, Level::Minor));
            }
            for v in a.difference(b) {
                let what = format!("enum value removed: {}", show_value(v));
                removed.push(change(key, what, Level::Major));
            }
        }
        (None, Some(_)) => what.push("became an enum".to_string()),
        (Some(_), None) => what.push("is no longer an enum".to_string()),
        (None, None) => {}
    }
    (what, added, removed)
}

/// Compare two field trees; `usage` says whether a location is sent and/or received.
fn diff_fields(old: &Fields, new: &Fields, usage: &dyn Fn(&str) -> Usage, out: &mut FieldDiff) {
    for (key, pair) in pairs(old, new) {
        let u = usage(key);
        match pair {
            Pair::Both(o, n) => {
                let (what, added, removed) = retyped(key, o, n);
                out.enum_added.extend(added);
                out.enum_removed.extend(removed);
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
            Pair::First(o) => {
                let what = format!("removed ({})", describe(o));
                out.removed.push(change(key.as_str(), what, Level::Major));
            }
            Pair::Second(n) => {
                let level = if n.required && u.request && n.parent.is_some() {
                    Level::Major
                } else {
                    Level::Minor
                };
                let req = if n.required { ", required" } else { "" };
                let what = format!("added ({}{req})", describe(n));
                out.added.push(change(key.as_str(), what, level));
            }
        }
    }
}

/// Parameter, request body and response-code changes of one operation.
fn diff_op(old: &Op, new: &Op, out: &mut Vec<Change>) {
    for (key, pair) in pairs(&old.params, &new.params) {
        match pair {
            Pair::Both(o, n) => {
                let (what, added, removed) = retyped(key, o, n);
                out.extend(added);
                out.extend(removed);
                if !what.is_empty() {
                    let what = format!("retyped: {}", what.join(", "));
                    out.push(change(key.as_str(), what, Level::Major));
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
            Pair::First(o) => {
                let what = format!("removed ({})", describe(o));
                out.push(change(key.as_str(), what, Level::Major));
            }
            Pair::Second(n) => {
                let (req, level) = if n.required {
                    (", required", Level::Major)
                } else {
                    ("", Level::Minor)
                };
                let what = format!("added ({}{req})", describe(n));
                out.push(change(key.as_str(), what, level));
            }
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
mod tests;
