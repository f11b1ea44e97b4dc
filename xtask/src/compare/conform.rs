//! `cargo xtask conform --upstream SPEC`: check the project's own OpenAPI documents
//! (`openapi/*.yaml`, OpenAPI 3.0.3) against a vendor document (3.0 or 3.1).
//!
//! Both sides are reduced to the same shape before they are compared, so that two ways
//! of writing one thing count as equal:
//!
//! - every `$ref` is followed (a reference that is already being expanded, or a nesting
//!   deeper than [`MAX_DEPTH`], stops the walk and is compared by its name);
//! - `type: [T, "null"]`, `nullable: true`, `enum: [.., null]` and an `anyOf` / `oneOf`
//!   member `{type: "null"}` all mean "T, nullable";
//! - `const: v` is `enum: [v]`, and enum values are compared as sets;
//! - text without a `format` whose `example` is an RFC 3339 timestamp matches
//!   `format: date-time` (the vendor shows some timestamps only in the example);
//! - `allOf` members are merged into one schema (union of properties and `required`);
//! - a schema without `type` but with `properties` is an object (with `items`: an array);
//! - a `deepObject` query parameter (`filter`, `page`) is compared leaf by leaf, as the
//!   flat parameters it sends on the wire (`filter[date_created_at][gte]`), so a document
//!   may write either form.
//!
//! Descriptions, summaries, examples, titles, defaults, `x-*` extensions and every
//! non-2xx response are ignored. Each difference is one line,
//! `DOMAIN OPERATION: LOCATION: WHAT`, with values written "ours vs upstream".

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value;

use super::fields::{Field, Fields, Pair, Style, flatten, pairs};
use super::schema::{Reader, Refs};
use super::spec::{Operation, PathParams, media, media_root, operations, parameter_fields};
use crate::error::SpecError;
use crate::manifest::{Domain, Manifest};

/// Nesting (of schemas, references and parameters) beyond which the walk stops.
const MAX_DEPTH: usize = 64;

/// The outcome of one comparison.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// One line per difference, sorted.
    pub differences: Vec<String>,
    /// Operations identical on both sides.
    pub operations_matched: usize,
    /// Operations present on either side (the union, per domain).
    pub operations_total: usize,
    /// Webhook event schemas identical on both sides.
    pub events_matched: usize,
    /// Webhook events named in the manifest.
    pub events_total: usize,
}

impl Report {
    /// Whether every operation and every event matched.
    pub fn all_matched(&self) -> bool {
        self.differences.is_empty()
            && self.operations_matched == self.operations_total
            && self.events_matched == self.events_total
    }

    /// The closing line: `conform: N/T operations, M/E webhook events match`.
    pub fn summary(&self) -> String {
        format!(
            "conform: {}/{} operations, {}/{} webhook events match",
            self.operations_matched, self.operations_total, self.events_matched, self.events_total
        )
    }
}

/// Load the manifest, our documents and the upstream document, compare them, print every
/// difference and the summary line; `Ok(true)` when everything matched.
pub fn run(root: &Path, upstream: &Path) -> Result<bool, SpecError> {
    let manifest = Manifest::load(&Manifest::default_path(root))?;
    let upstream_doc = crate::load::load(upstream)?;
    let mut ours = Vec::new();
    for (name, domain) in &manifest.domains {
        let path = root.join("openapi").join(&domain.spec);
        if path.is_file() {
            ours.push((name.clone(), crate::load::load(&path)?));
        } else {
            println!(
                "conform: {} does not exist; every {name} operation and event counts as missing",
                path.display()
            );
        }
    }
    let report = compare(&ours, &upstream_doc, &manifest);
    if !report.differences.is_empty() {
        println!(
            "conform: differences, values written as ours vs upstream ({}):",
            upstream.display()
        );
    }
    for line in &report.differences {
        println!("{line}");
    }
    println!("{}", report.summary());
    Ok(report.all_matched())
}

/// Compare our per-domain documents with the upstream document, domain by domain.
pub fn compare(ours: &[(String, Value)], upstream: &Value, manifest: &Manifest) -> Report {
    let mut report = Report::default();
    let empty = Value::Null;
    for (name, domain) in &manifest.domains {
        let our_doc = ours
            .iter()
            .find(|(d, _)| d == name)
            .map(|(_, doc)| doc)
            .unwrap_or(&empty);
        let (ours, theirs) = (reader(our_doc), reader(upstream));
        compare_operations(name, domain, &ours, &theirs, &mut report);
        compare_events(name, domain, &ours, &theirs, &mut report);
    }
    report.differences.sort();
    report.differences.dedup();
    report
}

/// How conform walks a document: every reference followed.
fn reader(doc: &Value) -> Reader<'_> {
    Reader::new(doc, Refs::Expand, MAX_DEPTH)
}

// ---------------------------------------------------------------------------------------
// Operations

fn compare_operations(
    domain_name: &str,
    domain: &Domain,
    our_doc: &Reader<'_>,
    upstream: &Reader<'_>,
    report: &mut Report,
) {
    let ours = operations(our_doc);
    let mut theirs = operations(upstream);
    theirs.retain(|_, o| {
        let tags: Vec<&str> = o.tags().into_iter().collect();
        domain.selects(&tags, o.id())
    });
    let keys: BTreeSet<&String> = ours.keys().chain(theirs.keys()).collect();
    for key in keys {
        report.operations_total += 1;
        match (ours.get(key), theirs.get(key)) {
            (Some(o), Some(t)) => {
                let name = t.id().or(o.id()).unwrap_or(key);
                let mut diffs = Vec::new();
                compare_operation(our_doc, o, upstream, t, &mut diffs);
                if diffs.is_empty() {
                    report.operations_matched += 1;
                }
                report.differences.extend(
                    diffs
                        .into_iter()
                        .map(|d| format!("{domain_name} {name}: {d}")),
                );
            }
            (Some(o), None) => {
                let name = o.id().unwrap_or(key);
                report.differences.push(format!(
                    "{domain_name} {name}: {} {}: operation missing upstream",
                    o.method.to_uppercase(),
                    o.path
                ));
            }
            (None, Some(t)) => {
                let name = t.id().unwrap_or(key);
                report.differences.push(format!(
                    "{domain_name} {name}: {} {}: operation missing in ours",
                    t.method.to_uppercase(),
                    t.path
                ));
            }
            (None, None) => {}
        }
    }
}

fn compare_operation(
    our_doc: &Reader<'_>,
    ours: &Operation<'_>,
    upstream: &Reader<'_>,
    theirs: &Operation<'_>,
    out: &mut Vec<String>,
) {
    if ours.id() != theirs.id() {
        out.push(format!(
            "operationId {} vs {}",
            ours.id().unwrap_or("(none)"),
            theirs.id().unwrap_or("(none)")
        ));
    }
    let (our_tags, their_tags) = (ours.tags(), theirs.tags());
    if our_tags != their_tags {
        out.push(format!("tags {} vs {}", list(&our_tags), list(&their_tags)));
    }
    if ours.path != theirs.path {
        out.push(format!("path {} vs {}", ours.path, theirs.path));
    }
    let params = |r: &Reader<'_>, op: &Operation<'_>| {
        parameter_fields(r, op, PathParams::ByName, Style::Brackets)
    };
    diff_fields(&params(our_doc, ours), &params(upstream, theirs), out);
    compare_request_body(our_doc, ours, upstream, theirs, out);
    compare_responses(our_doc, ours, upstream, theirs, out);
}

fn compare_request_body(
    our_doc: &Reader<'_>,
    ours: &Operation<'_>,
    upstream: &Reader<'_>,
    theirs: &Operation<'_>,
    out: &mut Vec<String>,
) {
    match (ours.request_body(our_doc), theirs.request_body(upstream)) {
        (None, None) => {}
        (Some(_), None) => out.push("request body: missing upstream".to_string()),
        (None, Some(_)) => out.push("request body: missing in ours".to_string()),
        (Some(o), Some(t)) => {
            let required = |b: &Value| b.get("required").and_then(Value::as_bool).unwrap_or(false);
            if required(o) != required(t) {
                out.push(format!(
                    "request body: required {} vs {}",
                    required(o),
                    required(t)
                ));
            }
            compare_content(our_doc, o, upstream, t, "request body", out);
        }
    }
}

fn compare_responses(
    our_doc: &Reader<'_>,
    ours: &Operation<'_>,
    upstream: &Reader<'_>,
    theirs: &Operation<'_>,
    out: &mut Vec<String>,
) {
    let our_resp = ours.success_responses(our_doc);
    let their_resp = theirs.success_responses(upstream);
    let codes: BTreeSet<&String> = our_resp.keys().chain(their_resp.keys()).collect();
    for code in codes {
        let at = format!("response {code}");
        match (our_resp.get(code), their_resp.get(code)) {
            (Some(o), Some(t)) => compare_content(our_doc, o, upstream, t, &at, out),
            (Some(_), None) => out.push(format!("{at}: missing upstream")),
            (None, Some(_)) => out.push(format!("{at}: missing in ours")),
            (None, None) => {}
        }
    }
}

/// Compare the `content` maps of two request bodies or responses.
fn compare_content(
    our_doc: &Reader<'_>,
    ours: &Value,
    upstream: &Reader<'_>,
    theirs: &Value,
    at: &str,
    out: &mut Vec<String>,
) {
    let (our_media, their_media) = (media(ours), media(theirs));
    let types: BTreeSet<&String> = our_media.keys().chain(their_media.keys()).collect();
    for ct in types {
        let prefix = media_root(at, ct);
        match (our_media.get(ct), their_media.get(ct)) {
            (Some(o), Some(t)) => {
                let our_fields = schema_fields(our_doc, o.get("schema"), &prefix);
                let their_fields = schema_fields(upstream, t.get("schema"), &prefix);
                diff_fields(&our_fields, &their_fields, out);
            }
            (Some(_), None) => out.push(format!("{at}: content type {ct} missing upstream")),
            (None, Some(_)) => out.push(format!("{at}: content type {ct} missing in ours")),
            (None, None) => {}
        }
    }
}

/// The flattened field tree of a (possibly absent) schema, rooted at `root`.
fn schema_fields(r: &Reader<'_>, schema: Option<&Value>, root: &str) -> Fields {
    let mut fields = Fields::new();
    flatten(
        &r.schema(schema),
        root,
        None,
        false,
        Style::Report,
        &mut fields,
    );
    fields
}

// ---------------------------------------------------------------------------------------
// Webhook events

fn compare_events(
    domain_name: &str,
    domain: &Domain,
    our_doc: &Reader<'_>,
    upstream: &Reader<'_>,
    report: &mut Report,
) {
    for (event, schema_name) in &domain.events {
        report.events_total += 1;
        let at = format!("{domain_name} event {event} ({schema_name})");
        let lookup = |r: &Reader<'_>| {
            r.doc
                .get("components")
                .and_then(|c| c.get("schemas"))
                .and_then(|s| s.get(schema_name.as_str()))
                .cloned()
        };
        match (lookup(our_doc), lookup(upstream)) {
            (Some(o), Some(t)) => {
                let our_fields = schema_fields(our_doc, Some(&o), "payload");
                let their_fields = schema_fields(upstream, Some(&t), "payload");
                let mut diffs = Vec::new();
                diff_fields(&our_fields, &their_fields, &mut diffs);
                if diffs.is_empty() {
                    report.events_matched += 1;
                }
                report
                    .differences
                    .extend(diffs.into_iter().map(|d| format!("{at}: {d}")));
            }
            (Some(_), None) => report
                .differences
                .push(format!("{at}: schema missing upstream")),
            (None, Some(_)) => report
                .differences
                .push(format!("{at}: schema missing in ours")),
            (None, None) => report
                .differences
                .push(format!("{at}: schema missing on both sides")),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Conformance rules

/// Reduce `schema` as conform does; `stack` holds the references being expanded.
#[cfg(test)]
fn normalize(
    doc: &Value,
    schema: &Value,
    stack: &mut Vec<String>,
    depth: usize,
) -> super::schema::Schema {
    reader(doc).reduce(schema, stack, depth)
}

/// Append one line per difference between two flattened trees.
fn diff_fields(ours: &Fields, theirs: &Fields, out: &mut Vec<String>) {
    for (key, pair) in pairs(ours, theirs) {
        match pair {
            Pair::Both(o, t) => diff_field(key, o, t, out),
            Pair::First(_) => out.push(format!("{key}: missing upstream")),
            Pair::Second(_) => out.push(format!("{key}: missing in ours")),
        }
    }
}

fn diff_field(at: &str, o: &Field, t: &Field, out: &mut Vec<String>) {
    if o.types != t.types {
        out.push(format!(
            "{at}: type {} vs {}",
            types(&o.types),
            types(&t.types)
        ));
    }
    let shown_by_example = |f: &Field, other: &Field| {
        f.format.is_none() && f.timestamp_example && other.format.as_deref() == Some("date-time")
    };
    if o.format != t.format && !shown_by_example(o, t) && !shown_by_example(t, o) {
        out.push(format!(
            "{at}: format {} vs {}",
            o.format.as_deref().unwrap_or("(none)"),
            t.format.as_deref().unwrap_or("(none)")
        ));
    }
    match (&o.enumeration, &t.enumeration) {
        (Some(a), Some(b)) if a != b => {
            let only_ours: BTreeSet<&String> = a.difference(b).collect();
            let only_theirs: BTreeSet<&String> = b.difference(a).collect();
            let mut line = format!("{at}: enum differs");
            if !only_ours.is_empty() {
                let _ = write!(line, "; only in ours {}", list(&only_ours));
            }
            if !only_theirs.is_empty() {
                let _ = write!(line, "; only upstream {}", list(&only_theirs));
            }
            out.push(line);
        }
        (Some(a), None) => out.push(format!("{at}: enum {} vs (none)", list(a))),
        (None, Some(b)) => out.push(format!("{at}: enum (none) vs {}", list(b))),
        _ => {}
    }
    if o.nullable != t.nullable {
        out.push(format!("{at}: nullable {} vs {}", o.nullable, t.nullable));
    }
    if o.required != t.required {
        out.push(format!("{at}: required {} vs {}", o.required, t.required));
    }
    if o.variant_kind != t.variant_kind {
        out.push(format!(
            "{at}: composition {} vs {}",
            o.variant_kind.unwrap_or("(none)"),
            t.variant_kind.unwrap_or("(none)")
        ));
    }
    if o.stopped_at != t.stopped_at {
        out.push(format!(
            "{at}: recursive reference {} vs {}",
            o.stopped_at.as_deref().unwrap_or("(none)"),
            t.stopped_at.as_deref().unwrap_or("(none)")
        ));
    }
}

fn types(set: &BTreeSet<String>) -> String {
    match set.len() {
        0 => "(any)".to_string(),
        1 => set.iter().next().cloned().unwrap_or_default(),
        _ => list(set),
    }
}

fn list<T: AsRef<str>>(items: impl IntoIterator<Item = T>) -> String {
    let parts: Vec<String> = items.into_iter().map(|s| s.as_ref().to_string()).collect();
    format!("[{}]", parts.join(", "))
}

#[cfg(test)]
mod tests;
