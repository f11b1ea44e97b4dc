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
//! - `allOf` members are merged into one schema (union of properties and `required`);
//! - a schema without `type` but with `properties` is an object (with `items`: an array);
//! - a `deepObject` query parameter (`filter`, `page`) is compared leaf by leaf, as the
//!   flat parameters it sends on the wire (`filter[date_created_at][gte]`), so a document
//!   may write either form.
//!
//! Descriptions, summaries, examples, titles, defaults, `x-*` extensions and every
//! non-2xx response are ignored. Each difference is one line,
//! `DOMAIN OPERATION: LOCATION: WHAT`, with values written "ours vs upstream".

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value;

use crate::error::SpecError;
use crate::manifest::{Domain, Manifest};
use crate::schema_tree::{self, Extra, SchemaTree, lookup_ref, path_key};
use crate::slice::METHODS;

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
        compare_operations(name, domain, our_doc, upstream, &mut report);
        compare_events(name, domain, our_doc, upstream, &mut report);
    }
    report.differences.sort();
    report.differences.dedup();
    report
}

// ---------------------------------------------------------------------------------------
// Operations

/// One operation of a document.
struct Operation<'a> {
    method: &'static str,
    path: &'a str,
    path_item: &'a Value,
    op: &'a Value,
}

impl Operation<'_> {
    fn id(&self) -> Option<&str> {
        self.op.get("operationId").and_then(Value::as_str)
    }

    fn tags(&self) -> BTreeSet<&str> {
        self.op
            .get("tags")
            .and_then(Value::as_array)
            .map(|t| t.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }
}

/// The operations of `doc` that `keep` accepts, keyed by `METHOD /path/{}`.
fn operations<'a>(
    doc: &'a Value,
    keep: impl Fn(&Operation<'a>) -> bool,
) -> BTreeMap<String, Operation<'a>> {
    let mut out = BTreeMap::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return out;
    };
    for (path, item) in paths {
        let item = resolve(doc, item);
        for method in METHODS {
            if let Some(op) = item.get(method).filter(|o| o.is_object()) {
                let operation = Operation {
                    method,
                    path,
                    path_item: item,
                    op,
                };
                if keep(&operation) {
                    let key = format!("{} {}", method.to_uppercase(), path_key(path));
                    out.insert(key, operation);
                }
            }
        }
    }
    out
}

fn compare_operations(
    domain_name: &str,
    domain: &Domain,
    our_doc: &Value,
    upstream: &Value,
    report: &mut Report,
) {
    let ours = operations(our_doc, |_| true);
    let theirs = operations(upstream, |o| {
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
    our_doc: &Value,
    ours: &Operation<'_>,
    upstream: &Value,
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
    let our_params = parameters(our_doc, ours);
    let their_params = parameters(upstream, theirs);
    diff_fields(&our_params, &their_params, out);
    compare_request_body(our_doc, ours.op, upstream, theirs.op, out);
    compare_responses(our_doc, ours.op, upstream, theirs.op, out);
}

/// Path-item and operation parameters (the operation's win), flattened to
/// `{in} param {name}` entries; deepObject parameters become one entry per leaf.
fn parameters(doc: &Value, op: &Operation<'_>) -> Fields {
    let mut by_key: BTreeMap<(String, String), &Value> = BTreeMap::new();
    for source in [op.path_item, op.op] {
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
            if location == "header" {
                name = name.to_ascii_lowercase();
            }
            by_key.insert((location.to_string(), name), p);
        }
    }
    let mut fields = Fields::new();
    for ((location, name), p) in by_key {
        if location == "cookie" {
            continue;
        }
        let schema = p.get("schema").or_else(|| {
            p.get("content")
                .and_then(Value::as_object)
                .and_then(|c| c.values().next())
                .and_then(|m| m.get("schema"))
        });
        let norm = match schema {
            Some(s) => normalize(doc, s, &mut Vec::new(), 0),
            None => Norm::default(),
        };
        let required = p.get("required").and_then(Value::as_bool).unwrap_or(false);
        let root = format!("{location} param {name}");
        if location == "query" && !norm.properties.is_empty() {
            // deepObject (or an exploded object): compare the flat keys it sends.
            flatten_leaves(&norm, &root, required, &mut fields);
        } else {
            flatten(&norm, &root, None, required, Style::Brackets, &mut fields);
        }
    }
    fields
}

fn compare_request_body(
    our_doc: &Value,
    ours: &Value,
    upstream: &Value,
    theirs: &Value,
    out: &mut Vec<String>,
) {
    let our_body = ours.get("requestBody").map(|b| resolve(our_doc, b));
    let their_body = theirs.get("requestBody").map(|b| resolve(upstream, b));
    match (our_body, their_body) {
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
    our_doc: &Value,
    ours: &Value,
    upstream: &Value,
    theirs: &Value,
    out: &mut Vec<String>,
) {
    let success = |doc: &'_ Value, op: &'_ Value| -> BTreeMap<String, Value> {
        op.get("responses")
            .and_then(Value::as_object)
            .map(|r| {
                r.iter()
                    .filter(|(code, _)| code.starts_with('2'))
                    .map(|(code, resp)| (code.to_ascii_uppercase(), resolve(doc, resp).clone()))
                    .collect()
            })
            .unwrap_or_default()
    };
    let our_resp = success(our_doc, ours);
    let their_resp = success(upstream, theirs);
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
    our_doc: &Value,
    ours: &Value,
    upstream: &Value,
    theirs: &Value,
    at: &str,
    out: &mut Vec<String>,
) {
    let media = |v: &Value| -> BTreeMap<String, Value> {
        v.get("content")
            .and_then(Value::as_object)
            .map(|c| {
                c.iter()
                    .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (our_media, their_media) = (media(ours), media(theirs));
    let types: BTreeSet<&String> = our_media.keys().chain(their_media.keys()).collect();
    for ct in types {
        let prefix = if ct == "application/json" {
            at.to_string()
        } else {
            format!("{at} ({ct})")
        };
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
fn schema_fields(doc: &Value, schema: Option<&Value>, root: &str) -> Fields {
    let norm = match schema {
        Some(s) => normalize(doc, s, &mut Vec::new(), 0),
        None => Norm::default(),
    };
    let mut fields = Fields::new();
    flatten(&norm, root, None, false, Style::Dots, &mut fields);
    fields
}

// ---------------------------------------------------------------------------------------
// Webhook events

fn compare_events(
    domain_name: &str,
    domain: &Domain,
    our_doc: &Value,
    upstream: &Value,
    report: &mut Report,
) {
    for (event, schema_name) in &domain.events {
        report.events_total += 1;
        let at = format!("{domain_name} event {event} ({schema_name})");
        let lookup = |doc: &Value| {
            doc.get("components")
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
// Schema normalisation

/// A schema reduced to what the comparison looks at.
type Norm = SchemaTree<Walk>;

/// What only the conformance walk records on a [`Norm`].
#[derive(Debug, Clone, Default, PartialEq)]
struct Walk {
    /// Whether the variants came from `oneOf` or `anyOf`.
    variant_kind: Option<&'static str>,
    /// Where the walk stopped: a reference already being expanded, or the depth limit.
    stopped_at: Option<String>,
}

impl Extra for Walk {
    fn is_empty(&self) -> bool {
        self.stopped_at.is_none()
    }

    fn merge(&mut self, other: Self, took_variants: bool) {
        if took_variants {
            self.variant_kind = other.variant_kind;
        }
        if self.stopped_at.is_none() {
            self.stopped_at = other.stopped_at;
        }
    }
}

/// A [`Norm`] that only records where the walk stopped.
fn stopped(at: String) -> Norm {
    Norm::with_extra(Walk {
        variant_kind: None,
        stopped_at: Some(at),
    })
}

/// Whether the schema only admits `null` (`type: "null"`, `enum: [null]`); unlike the
/// shared check, a format or a map value type also counts as a constraint here.
fn is_null_only(norm: &Norm) -> bool {
    norm.is_null_only() && norm.format.is_none() && norm.additional.is_none()
}

/// Follow `$ref` chains of a non-schema object (parameter, response, request body, path
/// item) to the object itself; an unresolvable or cyclic reference yields the node as is.
fn resolve<'a>(doc: &'a Value, node: &'a Value) -> &'a Value {
    schema_tree::resolve(doc, node, MAX_DEPTH)
}

/// The last segment of a reference, for messages: `#/components/schemas/Room` -> `Room`.
fn ref_name(reference: &str) -> &str {
    reference.rsplit('/').next().unwrap_or(reference)
}

/// Reduce `schema` to a [`Norm`]; `stack` holds the references being expanded.
fn normalize(doc: &Value, schema: &Value, stack: &mut Vec<String>, depth: usize) -> Norm {
    let Some(obj) = schema.as_object() else {
        // `true`, `{}` or garbage: any value.
        return Norm::default();
    };
    if depth > MAX_DEPTH {
        return stopped("(depth limit)".to_string());
    }
    if let Some(reference) = obj.get("$ref").and_then(Value::as_str) {
        // Siblings of `$ref` are ignored, as OpenAPI 3.0 says.
        if stack.iter().any(|r| r == reference) {
            return stopped(ref_name(reference).to_string());
        }
        let Some(target) = lookup_ref(doc, reference) else {
            return stopped(format!("unresolved {reference}"));
        };
        stack.push(reference.to_string());
        let norm = normalize(doc, target, stack, depth + 1);
        stack.pop();
        return norm;
    }

    let mut norm = Norm::from_keywords(obj, |s| normalize(doc, s, stack, depth + 1));
    if let Some(members) = obj.get("allOf").and_then(Value::as_array) {
        for member in members {
            let m = normalize(doc, member, stack, depth + 1);
            norm.merge(m);
        }
    }
    for kind in ["oneOf", "anyOf"] {
        let Some(members) = obj.get(kind).and_then(Value::as_array) else {
            continue;
        };
        let mut rest = Vec::new();
        for member in members {
            let m = normalize(doc, member, stack, depth + 1);
            if is_null_only(&m) {
                norm.nullable = true;
            } else {
                rest.push(m);
            }
        }
        if rest.len() == 1 {
            if let Some(single) = rest.pop() {
                norm.merge(single);
            }
        } else if !rest.is_empty() && norm.variants.is_empty() {
            norm.variants = rest;
            norm.extra.variant_kind = Some(if kind == "oneOf" { "oneOf" } else { "anyOf" });
        }
    }
    if norm.types.is_empty() {
        if !norm.properties.is_empty() || norm.additional.is_some() {
            norm.types.insert("object".to_string());
        } else if norm.items.is_some() {
            norm.types.insert("array".to_string());
        }
    }
    norm
}

// ---------------------------------------------------------------------------------------
// Flattening and diffing

/// What one field of a tree looks like, without its children.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Field {
    /// The enclosing field, if any (to report a missing subtree once, at its top).
    parent: Option<String>,
    types: BTreeSet<String>,
    format: Option<String>,
    enumeration: Option<BTreeSet<String>>,
    nullable: bool,
    required: bool,
    variant_kind: Option<&'static str>,
    stopped_at: Option<String>,
}

/// Flattened fields by location, e.g. `response 200 field data[].id`.
type Fields = BTreeMap<String, Field>;

/// How child locations are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// `response 200 field data[].id` (the root is the bare prefix).
    Dots,
    /// `query param filter[date_created_at][gte]`.
    Brackets,
}

fn child(parent: &str, name: &str, style: Style, is_root: bool) -> String {
    match style {
        Style::Brackets => format!("{parent}[{name}]"),
        Style::Dots if is_root => format!("{parent} field {name}"),
        Style::Dots => format!("{parent}.{name}"),
    }
}

fn field_of(norm: &Norm, parent: Option<&str>, required: bool) -> Field {
    Field {
        parent: parent.map(str::to_string),
        types: norm.types.clone(),
        format: norm.format.clone(),
        enumeration: norm.enumeration.clone(),
        nullable: norm.nullable,
        required,
        variant_kind: norm.extra.variant_kind,
        stopped_at: norm.extra.stopped_at.clone(),
    }
}

/// Record `norm` at `at` and all its descendants.
fn flatten(
    norm: &Norm,
    at: &str,
    parent: Option<&str>,
    required: bool,
    style: Style,
    out: &mut Fields,
) {
    out.insert(at.to_string(), field_of(norm, parent, required));
    let is_root = parent.is_none();
    for (name, prop) in &norm.properties {
        let path = child(at, name, style, is_root);
        flatten(
            prop,
            &path,
            Some(at),
            norm.required.contains(name),
            style,
            out,
        );
    }
    for name in norm
        .required
        .iter()
        .filter(|n| !norm.properties.contains_key(*n))
    {
        let path = child(at, name, style, is_root);
        out.insert(path, field_of(&Norm::default(), Some(at), true));
    }
    if let Some(items) = &norm.items {
        let path = match style {
            Style::Dots if is_root => format!("{at} field []"),
            _ => format!("{at}[]"),
        };
        flatten(items, &path, Some(at), false, style, out);
    }
    if let Some(extra) = &norm.additional {
        flatten(
            extra,
            &child(at, "*", style, is_root),
            Some(at),
            false,
            style,
            out,
        );
    }
    for (i, variant) in norm.variants.iter().enumerate() {
        let kind = norm.extra.variant_kind.unwrap_or("oneOf");
        let path = format!("{at} <{kind} {i}>");
        flatten(variant, &path, Some(at), false, style, out);
    }
}

/// Record only the leaves of an object-valued query parameter, as the flat parameters
/// `name[a][b]` it is sent as; a leaf is required when it and every enclosing level are.
fn flatten_leaves(norm: &Norm, at: &str, required: bool, out: &mut Fields) {
    if norm.properties.is_empty() {
        flatten(norm, at, None, required, Style::Brackets, out);
        return;
    }
    for (name, prop) in &norm.properties {
        let path = format!("{at}[{name}]");
        flatten_leaves(prop, &path, required && norm.required.contains(name), out);
    }
}

/// Append one line per difference between two flattened trees.
fn diff_fields(ours: &Fields, theirs: &Fields, out: &mut Vec<String>) {
    let keys: BTreeSet<&String> = ours.keys().chain(theirs.keys()).collect();
    for key in keys {
        match (ours.get(key), theirs.get(key)) {
            (Some(o), Some(t)) => diff_field(key, o, t, out),
            (Some(o), None) => {
                // Only the top of a missing subtree is reported.
                if o.parent.as_ref().is_none_or(|p| theirs.contains_key(p)) {
                    out.push(format!("{key}: missing upstream"));
                }
            }
            (None, Some(t)) => {
                if t.parent.as_ref().is_none_or(|p| ours.contains_key(p)) {
                    out.push(format!("{key}: missing in ours"));
                }
            }
            (None, None) => {}
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
    if o.format != t.format {
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
mod tests {
    use super::*;
    use serde_json::json;

    const MANIFEST: &str = r#"
[domains.video]
crate = "telnyx-sdk-video"
spec = "video.yaml"
summary = "rooms"
tags = ["Rooms"]

[domains.queues]
crate = "telnyx-sdk-queues"
spec = "queues.yaml"
summary = "queues"
tags = ["Queue Commands"]
operations = ["EnqueueCall"]

[domains.webhooks]
crate = "telnyx-sdk-webhooks"
spec = "webhooks.yaml"
summary = "events"
[domains.webhooks.events]
"call.enqueued" = "CallEnqueuedEvent"
"#;

    fn manifest() -> Manifest {
        Manifest::parse(Path::new("domains.toml"), MANIFEST).expect("test manifest")
    }

    /// A vendor-style document (OpenAPI 3.1 idioms) with a few operations of several domains.
    fn upstream() -> Value {
        json!({
            "openapi": "3.1.0",
            "paths": {
                "/rooms": {
                    "get": {
                        "operationId": "ListRooms",
                        "tags": ["Rooms"],
                        "summary": "words that must not matter",
                        "parameters": [
                            {"name": "include_sessions", "in": "query", "schema": {"type": "boolean", "example": true}},
                            {"name": "filter", "in": "query", "style": "deepObject", "explode": true,
                             "schema": {"type": "object", "properties": {
                                "date_created_at": {"type": "object", "properties": {
                                    "gte": {"type": "string", "format": "date"}}},
                                "unique_name": {"type": "string"}}}},
                            {"$ref": "#/components/parameters/Page"}
                        ],
                        "responses": {
                            "200": {"description": "ok", "content": {"application/json": {"schema": {
                                "type": "object",
                                "properties": {
                                    "data": {"type": "array", "items": {"$ref": "#/components/schemas/Room"}},
                                    "meta": {"$ref": "#/components/schemas/Meta"}}}}}},
                            "4XX": {"description": "errors are ignored",
                                    "content": {"application/json": {"schema": {"type": "string"}}}}
                        }
                    },
                    "post": {
                        "operationId": "CreateRoom",
                        "tags": ["Rooms"],
                        "requestBody": {"required": true, "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/CreateRoomRequest"}}}},
                        "responses": {
                            "201": {"$ref": "#/components/responses/RoomResponse"},
                            "422": {"description": "ignored"}
                        }
                    }
                },
                "/rooms/{room_id}": {
                    "get": {
                        "operationId": "ViewRoom",
                        "tags": ["Rooms"],
                        "parameters": [{"name": "room_id", "in": "path", "required": true,
                                        "schema": {"type": "string", "format": "uuid"}}],
                        "responses": {"200": {"$ref": "#/components/responses/RoomResponse"}}
                    }
                },
                "/calls/{call_control_id}/actions/enqueue": {
                    "post": {
                        "operationId": "EnqueueCall",
                        "tags": ["Call Commands"],
                        "parameters": [{"name": "call_control_id", "in": "path", "required": true,
                                        "schema": {"type": "string"}}],
                        "requestBody": {"required": true, "content": {"application/json": {"schema": {
                            "type": "object", "required": ["queue_name"],
                            "properties": {
                                "queue_name": {"type": "string"},
                                "max_wait_time_secs": {"type": "integer", "format": "int32"}}}}}},
                        "responses": {"200": {"description": "ok"}}
                    }
                },
                "/calls/{call_control_id}/actions/hangup": {
                    "post": {
                        "operationId": "HangupCall",
                        "tags": ["Call Commands"],
                        "responses": {"200": {"description": "ok"}}
                    }
                }
            },
            "components": {
                "parameters": {
                    "Page": {"name": "page", "in": "query", "style": "deepObject", "schema": {
                        "type": "object", "properties": {
                            "number": {"type": "integer", "minimum": 1},
                            "size": {"type": "integer", "maximum": 250}}}}
                },
                "responses": {
                    "RoomResponse": {"description": "one room", "content": {"application/json": {"schema": {
                        "type": "object", "properties": {"data": {"$ref": "#/components/schemas/Room"}}}}}}
                },
                "schemas": {
                    "Room": {
                        "type": "object",
                        "title": "A room",
                        "required": ["id"],
                        "properties": {
                            "id": {"type": "string", "format": "uuid"},
                            "status": {"type": ["string", "null"], "enum": ["active", "ended", null]},
                            "record_type": {"type": "string", "const": "room"},
                            "sessions": {"type": "array", "items": {"$ref": "#/components/schemas/Session"}}
                        }
                    },
                    "Session": {
                        "type": "object",
                        "properties": {
                            "id": {"type": "string"},
                            "room": {"anyOf": [{"$ref": "#/components/schemas/Room"}, {"type": "null"}]}
                        }
                    },
                    "CreateRoomRequest": {
                        "type": "object",
                        "properties": {
                            "unique_name": {"type": "string", "x-internal": "ignored"},
                            "settings": {"type": "object", "properties": {
                                "max_participants": {"type": "integer"},
                                "codecs": {"type": "array", "items": {"type": "string", "enum": ["vp8", "h264"]}}
                            }}
                        }
                    },
                    "Meta": {"properties": {"page_number": {"type": "integer"}, "total_pages": {"type": "integer"}}},
                    "EventBase": {"type": "object", "properties": {
                        "event_type": {"type": "string", "enum": ["call.enqueued"]},
                        "id": {"type": "string", "format": "uuid"}}},
                    "CallEnqueuedEvent": {"type": "object", "properties": {"data": {"allOf": [
                        {"$ref": "#/components/schemas/EventBase"},
                        {"properties": {"payload": {"properties": {"queue": {"type": "string"}}}}}
                    ]}}}
                }
            }
        })
    }

    /// Our per-domain documents: the same API written in OpenAPI 3.0 idioms.
    fn ours() -> Vec<(String, Value)> {
        let room = json!({
            "type": "object",
            "required": ["id"],
            "properties": {
                "id": {"type": "string", "format": "uuid", "description": "our own words"},
                "status": {"type": "string", "nullable": true, "enum": ["ended", "active"]},
                "record_type": {"type": "string", "enum": ["room"]},
                "sessions": {"type": "array", "items": {"$ref": "#/components/schemas/Session"}}
            }
        });
        let video = json!({
            "openapi": "3.0.3",
            "paths": {
                "/rooms": {
                    "get": {
                        "operationId": "ListRooms",
                        "tags": ["Rooms"],
                        "parameters": [
                            {"name": "filter[unique_name]", "in": "query", "schema": {"type": "string"}},
                            {"name": "filter[date_created_at][gte]", "in": "query",
                             "schema": {"type": "string", "format": "date"}},
                            {"name": "include_sessions", "in": "query", "schema": {"type": "boolean"}},
                            {"name": "page", "in": "query", "style": "deepObject", "schema": {
                                "type": "object", "properties": {
                                    "number": {"type": "integer"}, "size": {"type": "integer"}}}}
                        ],
                        "responses": {
                            "200": {"description": "ok", "content": {"application/json": {"schema": {
                                "type": "object",
                                "properties": {
                                    "data": {"type": "array", "items": {"$ref": "#/components/schemas/Room"}},
                                    "meta": {"type": "object", "properties": {
                                        "page_number": {"type": "integer"},
                                        "total_pages": {"type": "integer"}}}}}}}}
                        }
                    },
                    "post": {
                        "operationId": "CreateRoom",
                        "tags": ["Rooms"],
                        "requestBody": {"required": true, "content": {"application/json": {"schema": {
                            "type": "object",
                            "properties": {
                                "unique_name": {"type": "string"},
                                "settings": {"type": "object", "properties": {
                                    "max_participants": {"type": "integer"},
                                    "codecs": {"type": "array", "items": {"type": "string", "enum": ["h264", "vp8"]}}
                                }}
                            }}}}},
                        "responses": {"201": {"description": "created", "content": {"application/json": {"schema": {
                            "type": "object", "properties": {"data": {"$ref": "#/components/schemas/Room"}}}}}}}
                    }
                },
                "/rooms/{room_id}": {
                    "parameters": [{"$ref": "#/components/parameters/RoomId"}],
                    "get": {
                        "operationId": "ViewRoom",
                        "tags": ["Rooms"],
                        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                            "type": "object", "properties": {"data": {"$ref": "#/components/schemas/Room"}}}}}}}
                    }
                }
            },
            "components": {
                "parameters": {
                    "RoomId": {"name": "room_id", "in": "path", "required": true,
                               "schema": {"type": "string", "format": "uuid"}}
                },
                "schemas": {
                    "Room": room,
                    "Session": {"type": "object", "properties": {
                        "id": {"type": "string"},
                        "room": {"allOf": [{"$ref": "#/components/schemas/Room"}], "nullable": true}
                    }}
                }
            }
        });
        let queues = json!({
            "openapi": "3.0.3",
            "paths": {
                "/calls/{call_control_id}/actions/enqueue": {
                    "post": {
                        "operationId": "EnqueueCall",
                        "tags": ["Call Commands"],
                        "parameters": [{"name": "call_control_id", "in": "path", "required": true,
                                        "schema": {"type": "string"}}],
                        "requestBody": {"required": true, "content": {"application/json": {"schema": {
                            "type": "object", "required": ["queue_name"],
                            "properties": {
                                "max_wait_time_secs": {"type": "integer", "format": "int32"},
                                "queue_name": {"type": "string"}}}}}},
                        "responses": {"200": {"description": "ok"}}
                    }
                }
            }
        });
        let webhooks = json!({
            "openapi": "3.0.3",
            "paths": {},
            "components": {"schemas": {
                "CallEnqueuedEvent": {"type": "object", "properties": {"data": {"type": "object", "properties": {
                    "event_type": {"type": "string", "enum": ["call.enqueued"]},
                    "id": {"type": "string", "format": "uuid"},
                    "payload": {"type": "object", "properties": {"queue": {"type": "string"}}}
                }}}}
            }}
        });
        vec![
            ("video".to_string(), video),
            ("queues".to_string(), queues),
            ("webhooks".to_string(), webhooks),
        ]
    }

    fn run_with(ours: &[(String, Value)]) -> Report {
        compare(ours, &upstream(), &manifest())
    }

    /// Our documents with the node at `pointer` of `domain`'s document replaced.
    fn edited(domain: &str, pointer: &str, value: Value) -> Vec<(String, Value)> {
        let mut docs = ours();
        let doc = docs
            .iter_mut()
            .find(|(d, _)| d == domain)
            .map(|(_, doc)| doc)
            .expect("domain");
        *doc.pointer_mut(pointer).expect("pointer exists") = value;
        docs
    }

    #[test]
    fn identical_documents_match() {
        // Each domain's document is the upstream document cut down to that domain.
        let up = upstream();
        let mut video = up.clone();
        let paths = video["paths"].as_object_mut().expect("paths");
        paths.retain(|p, _| p.starts_with("/rooms"));
        let mut queues = up.clone();
        let paths = queues["paths"].as_object_mut().expect("paths");
        paths.retain(|p, _| p.ends_with("/enqueue"));
        let mut webhooks = up.clone();
        webhooks["paths"] = json!({});
        let docs = vec![
            ("video".to_string(), video),
            ("queues".to_string(), queues),
            ("webhooks".to_string(), webhooks),
        ];
        let report = compare(&docs, &up, &manifest());
        assert_eq!(report.differences, Vec::<String>::new());
        assert_eq!((report.operations_matched, report.operations_total), (4, 4));
        assert_eq!((report.events_matched, report.events_total), (1, 1));
    }

    #[test]
    fn the_same_api_written_in_openapi_3_0_matches() {
        let report = run_with(&ours());
        assert_eq!(report.differences, Vec::<String>::new());
        assert_eq!((report.operations_matched, report.operations_total), (4, 4));
        assert_eq!((report.events_matched, report.events_total), (1, 1));
        assert!(report.all_matched());
        assert_eq!(
            report.summary(),
            "conform: 4/4 operations, 1/1 webhook events match"
        );
    }

    #[test]
    fn a_missing_operation_is_reported_once() {
        let mut docs = ours();
        docs[0].1["paths"]["/rooms"]
            .as_object_mut()
            .expect("path item")
            .remove("post");
        let report = run_with(&docs);
        assert_eq!(
            report.differences,
            vec!["video CreateRoom: POST /rooms: operation missing in ours"]
        );
        assert_eq!((report.operations_matched, report.operations_total), (3, 4));
        assert!(!report.all_matched());
    }

    #[test]
    fn an_extra_operation_is_reported_as_missing_upstream() {
        let docs = edited(
            "queues",
            "/paths/~1calls~1{call_control_id}~1actions~1enqueue/post/operationId",
            json!("Enqueue"),
        );
        let report = run_with(&docs);
        assert_eq!(
            report.differences,
            vec!["queues EnqueueCall: operationId Enqueue vs EnqueueCall"]
        );
        let mut docs = ours();
        docs[1].1["paths"]["/extra"] = json!({"get": {"operationId": "Extra", "responses": {}}});
        let report = run_with(&docs);
        assert_eq!(
            report.differences,
            vec!["queues Extra: GET /extra: operation missing upstream"]
        );
        assert_eq!(report.operations_total, 5);
    }

    #[test]
    fn a_missing_document_reports_its_operations_missing() {
        let docs: Vec<(String, Value)> = ours().into_iter().filter(|(d, _)| d != "video").collect();
        let report = run_with(&docs);
        assert_eq!(report.differences.len(), 3, "{:#?}", report.differences);
        assert!(
            report
                .differences
                .iter()
                .all(|d| d.ends_with("operation missing in ours"))
        );
        assert_eq!((report.operations_matched, report.operations_total), (1, 4));
    }

    #[test]
    fn a_renamed_parameter_is_reported_at_both_names() {
        let docs = edited(
            "video",
            "/paths/~1rooms/get/parameters/2/name",
            json!("include_session"),
        );
        let report = run_with(&docs);
        assert_eq!(
            report.differences,
            vec![
                "video ListRooms: query param include_session: missing upstream",
                "video ListRooms: query param include_sessions: missing in ours",
            ]
        );
    }

    #[test]
    fn a_required_flag_flip_is_reported() {
        let docs = edited(
            "video",
            "/components/parameters/RoomId/required",
            json!(false),
        );
        let report = run_with(&docs);
        assert_eq!(
            report.differences,
            vec!["video ViewRoom: path param room_id: required false vs true"]
        );
        // A required property dropped from a body's `required` list.
        let docs = edited(
            "queues",
            "/paths/~1calls~1{call_control_id}~1actions~1enqueue/post/requestBody/content/application~1json/schema/required",
            json!([]),
        );
        let report = run_with(&docs);
        assert_eq!(
            report.differences,
            vec!["queues EnqueueCall: request body field queue_name: required false vs true"]
        );
    }

    #[test]
    fn a_changed_enum_set_is_reported_with_both_sides() {
        let docs = edited(
            "video",
            "/components/schemas/Room/properties/status/enum",
            json!(["active", "gone"]),
        );
        let report = run_with(&docs);
        // Room is used by three operations' responses.
        assert_eq!(
            report.differences,
            vec![
                "video CreateRoom: response 201 field data.status: enum differs; only in ours [\"gone\"]; only upstream [\"ended\"]",
                "video ListRooms: response 200 field data[].status: enum differs; only in ours [\"gone\"]; only upstream [\"ended\"]",
                "video ViewRoom: response 200 field data.status: enum differs; only in ours [\"gone\"]; only upstream [\"ended\"]",
            ]
        );
    }

    #[test]
    fn a_missing_response_field_is_reported_at_its_top() {
        let mut docs = ours();
        docs[0].1["paths"]["/rooms"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
            ["properties"]
            .as_object_mut()
            .expect("properties")
            .remove("meta");
        let report = run_with(&docs);
        assert_eq!(
            report.differences,
            vec!["video ListRooms: response 200 field meta: missing in ours"]
        );
    }

    #[test]
    fn a_nested_request_field_type_change_is_reported() {
        let docs = edited(
            "video",
            "/paths/~1rooms/post/requestBody/content/application~1json/schema/properties/settings/properties/max_participants/type",
            json!("string"),
        );
        let report = run_with(&docs);
        assert_eq!(
            report.differences,
            vec![
                "video CreateRoom: request body field settings.max_participants: type string vs integer"
            ]
        );
    }

    #[test]
    fn a_deep_object_leaf_change_is_reported_as_its_flat_key() {
        let docs = edited(
            "video",
            "/paths/~1rooms/get/parameters/1/schema/type",
            json!("integer"),
        );
        let report = run_with(&docs);
        assert_eq!(
            report.differences,
            vec![
                "video ListRooms: query param filter[date_created_at][gte]: type integer vs string",
            ]
        );
    }

    #[test]
    fn nullable_const_and_all_of_forms_are_equivalent() {
        let doc = json!({"components": {"schemas": {"X": {"type": "string"}}}});
        let norm = |s: Value| normalize(&doc, &s, &mut Vec::new(), 0);
        assert_eq!(
            norm(json!({"type": ["string", "null"]})),
            norm(json!({"type": "string", "nullable": true}))
        );
        assert_eq!(
            norm(json!({"oneOf": [{"$ref": "#/components/schemas/X"}, {"type": "null"}]})),
            norm(json!({"type": "string", "nullable": true}))
        );
        assert_eq!(
            norm(json!({"type": "string", "const": "a"})),
            norm(json!({"type": "string", "enum": ["a"]}))
        );
        assert_eq!(
            norm(
                json!({"allOf": [{"properties": {"a": {"type": "string"}}, "required": ["a"]},
                                  {"properties": {"b": {"type": "integer"}}}]})
            ),
            norm(json!({"type": "object", "required": ["a"],
                        "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}}))
        );
        // And the differences that do matter are still seen.
        assert_ne!(
            norm(json!({"type": ["string", "null"]})),
            norm(json!({"type": "string"}))
        );
        assert_ne!(
            norm(json!({"const": "a"})),
            norm(json!({"enum": ["a", "b"]}))
        );
    }

    #[test]
    fn a_reference_cycle_terminates_and_compares_by_name() {
        let doc = json!({"components": {"schemas": {
            "Node": {"type": "object", "properties": {
                "next": {"$ref": "#/components/schemas/Node"},
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}}},
            "Loop": {"$ref": "#/components/schemas/Loop"}
        }}});
        let node = normalize(
            &doc,
            &json!({"$ref": "#/components/schemas/Node"}),
            &mut Vec::new(),
            0,
        );
        assert_eq!(
            node.properties["next"].extra.stopped_at.as_deref(),
            Some("Node")
        );
        let looping = normalize(
            &doc,
            &json!({"$ref": "#/components/schemas/Loop"}),
            &mut Vec::new(),
            0,
        );
        assert_eq!(looping.extra.stopped_at.as_deref(), Some("Loop"));
        // The fixtures' Room -> Session -> Room cycle compares equal across both documents
        // (checked by `the_same_api_written_in_openapi_3_0_matches`); a cycle against a
        // plain object is a difference.
        let docs = edited(
            "video",
            "/components/schemas/Session/properties/room",
            json!({"type": "object"}),
        );
        let report = run_with(&docs);
        assert!(
            report.differences.contains(
                &"video ViewRoom: response 200 field data.sessions[].room: recursive reference (none) vs Room"
                    .to_string()
            ),
            "{:#?}",
            report.differences
        );
    }

    #[test]
    fn event_schemas_are_compared_field_by_field() {
        let docs = edited(
            "webhooks",
            "/components/schemas/CallEnqueuedEvent/properties/data/properties/payload/properties/queue",
            json!({"type": "string", "format": "uuid"}),
        );
        let report = run_with(&docs);
        assert_eq!(
            report.differences,
            vec![
                "webhooks event call.enqueued (CallEnqueuedEvent): payload field data.payload.queue: format uuid vs (none)"
            ]
        );
        assert_eq!((report.events_matched, report.events_total), (0, 1));
        let mut docs = ours();
        docs[2].1["components"]["schemas"] = json!({});
        let report = run_with(&docs);
        assert_eq!(
            report.differences,
            vec!["webhooks event call.enqueued (CallEnqueuedEvent): schema missing in ours"]
        );
    }

    #[test]
    fn non_success_responses_and_prose_are_ignored() {
        let mut docs = ours();
        let get = &mut docs[0].1["paths"]["/rooms"]["get"];
        get["responses"]["500"] = json!({"description": "boom", "content": {"text/plain": {}}});
        get["description"] = json!("anything at all");
        get["x-anything"] = json!(1);
        let report = run_with(&docs);
        assert_eq!(report.differences, Vec::<String>::new());
    }

    #[test]
    fn garbage_input_does_not_panic() {
        for junk in [
            json!(null),
            json!(42),
            json!({"paths": 3}),
            json!({"paths": {"/a": {"get": 1}}}),
            json!({"paths": {"/a": {"get": {"parameters": [{"$ref": "#/nowhere"}, 7],
                         "requestBody": {"$ref": "#/x"}, "responses": {"200": {"content": 5}}}}}}),
        ] {
            let docs = vec![("video".to_string(), junk.clone())];
            let _ = compare(&docs, &junk, &manifest());
        }
    }
}
