//! Field trees: a [`Schema`] flattened to one [`Field`] per location
//! (`response 200 field data[].id`, `Room.sessions[]`, `query param filter[status]`), and
//! the pairing of two flattened trees that both comparisons judge.

use std::collections::{BTreeMap, BTreeSet};

use super::schema::Schema;

/// What one location of a tree looks like, without its children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The enclosing location, if any (a missing subtree is reported once, at its top).
    pub parent: Option<String>,
    pub types: BTreeSet<String>,
    pub format: Option<String>,
    /// No `format`, but an RFC 3339 timestamp as the example (see [`Marks`](super::schema::Marks)).
    pub timestamp_example: bool,
    pub enumeration: Option<BTreeSet<String>>,
    pub nullable: bool,
    pub required: bool,
    /// `oneOf` / `anyOf` when the location has variants.
    pub variant_kind: Option<&'static str>,
    /// The schema name (or limit) the walk stopped at instead of expanding.
    pub stopped_at: Option<String>,
}

/// Flattened fields by location.
pub type Fields = BTreeMap<String, Field>;

/// How child locations are spelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `response 200 field data[].id`, `... field meta.*`, `... <oneOf 0>` (conform's
    /// bodies; names in `required` without a property schema are listed too).
    Report,
    /// `query param filter[date_created_at][gte]`, `[*]`, `<oneOf 0>` (conform's
    /// parameters; bare `required` names listed too).
    Brackets,
    /// `Room.sessions[]`, `Room.meta.*`, `Room.owner<Owner>` (the diff; a variant is
    /// labelled by its schema name or position; bare `required` names are not listed).
    Dotted,
}

impl Style {
    fn child(self, parent: &str, name: &str, is_root: bool) -> String {
        match self {
            Style::Brackets => format!("{parent}[{name}]"),
            Style::Report if is_root => format!("{parent} field {name}"),
            Style::Report | Style::Dotted => format!("{parent}.{name}"),
        }
    }

    fn items(self, at: &str, is_root: bool) -> String {
        match self {
            Style::Report if is_root => format!("{at} field []"),
            _ => format!("{at}[]"),
        }
    }

    fn variant(self, at: &str, i: usize, parent: &Schema, variant: &Schema) -> String {
        match self {
            Style::Dotted => {
                let label = variant.extra.stopped_at.clone();
                format!("{at}<{}>", label.unwrap_or_else(|| i.to_string()))
            }
            _ => {
                let kind = parent.extra.variant_kind.unwrap_or("oneOf");
                format!("{at} <{kind} {i}>")
            }
        }
    }
}

/// The [`Field`] of one node.
pub fn field_of(s: &Schema, parent: Option<&str>, required: bool) -> Field {
    Field {
        parent: parent.map(str::to_string),
        types: s.types.clone(),
        format: s.format.clone(),
        timestamp_example: s.extra.timestamp_example,
        enumeration: s.enumeration.clone(),
        nullable: s.nullable,
        required,
        variant_kind: s.extra.variant_kind,
        stopped_at: s.extra.stopped_at.clone(),
    }
}

/// Record `s` at `at` and all its descendants.
pub fn flatten(
    s: &Schema,
    at: &str,
    parent: Option<&str>,
    required: bool,
    style: Style,
    out: &mut Fields,
) {
    out.insert(at.to_string(), field_of(s, parent, required));
    let is_root = parent.is_none();
    for (name, prop) in &s.properties {
        let path = style.child(at, name, is_root);
        let required = s.required.contains(name);
        flatten(prop, &path, Some(at), required, style, out);
    }
    if style != Style::Dotted {
        for name in s.required.iter().filter(|n| !s.properties.contains_key(*n)) {
            let path = style.child(at, name, is_root);
            out.insert(path, field_of(&Schema::default(), Some(at), true));
        }
    }
    if let Some(items) = &s.items {
        flatten(
            items,
            &style.items(at, is_root),
            Some(at),
            false,
            style,
            out,
        );
    }
    if let Some(extra) = &s.additional {
        let path = style.child(at, "*", is_root);
        flatten(extra, &path, Some(at), false, style, out);
    }
    for (i, v) in s.variants.iter().enumerate() {
        let path = style.variant(at, i, s, v);
        flatten(v, &path, Some(at), false, style, out);
    }
}

/// Record only the leaves of an object-valued query parameter, as the flat parameters
/// `name[a][b]` it is sent as; a leaf is required when it and every enclosing level are.
pub fn flatten_leaves(s: &Schema, at: &str, required: bool, style: Style, out: &mut Fields) {
    if s.properties.is_empty() {
        flatten(s, at, None, required, style, out);
        return;
    }
    for (name, prop) in &s.properties {
        let path = format!("{at}[{name}]");
        flatten_leaves(
            prop,
            &path,
            required && s.required.contains(name),
            style,
            out,
        );
    }
}

/// One location of two flattened trees.
pub enum Pair<'a> {
    Both(&'a Field, &'a Field),
    /// Only on the first side, at the top of a subtree missing on the second.
    First(&'a Field),
    /// Only on the second side, at the top of a subtree missing on the first.
    Second(&'a Field),
}

/// Every location of either tree, in order; a missing subtree appears once, at its top.
pub fn pairs<'a>(a: &'a Fields, b: &'a Fields) -> Vec<(&'a String, Pair<'a>)> {
    let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    let mut out = Vec::new();
    for key in keys {
        let pair = match (a.get(key), b.get(key)) {
            (Some(x), Some(y)) => Pair::Both(x, y),
            (Some(x), None) if x.parent.as_ref().is_none_or(|p| b.contains_key(p)) => {
                Pair::First(x)
            }
            (None, Some(y)) if y.parent.as_ref().is_none_or(|p| a.contains_key(p)) => {
                Pair::Second(y)
            }
            _ => continue,
        };
        out.push((key, pair));
    }
    out
}
