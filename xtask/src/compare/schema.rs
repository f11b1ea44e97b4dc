//! A schema reduced to what the comparisons look at ([`Schema`]), and the walk that
//! reduces one ([`Reader::schema`]): `$ref`s followed or named, `allOf` merged, a
//! `null` member of `oneOf` / `anyOf` folded into `nullable`.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::spec::{lookup_ref, ref_name};

/// A schema reduced to what the comparisons look at.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Schema {
    /// JSON types other than `null`; empty means "any".
    pub types: BTreeSet<String>,
    pub format: Option<String>,
    /// Allowed values (JSON text, `null` excluded), if restricted.
    pub enumeration: Option<BTreeSet<String>>,
    pub nullable: bool,
    pub properties: BTreeMap<String, Schema>,
    pub required: BTreeSet<String>,
    pub items: Option<Box<Schema>>,
    /// `additionalProperties` when it is a schema (a map's value type).
    pub additional: Option<Box<Schema>>,
    /// `oneOf` / `anyOf` members that are not `null` (when more than one is left).
    pub variants: Vec<Schema>,
    /// What the walk recorded beyond the keywords.
    pub extra: Marks,
}

/// What the walk records on a [`Schema`] beyond its keywords.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Marks {
    /// Whether the variants came from `oneOf` or `anyOf` (set exactly when there are
    /// variants).
    pub variant_kind: Option<&'static str>,
    /// Where the walk stopped instead of expanding: a schema's name (a reference being
    /// expanded already, or not followed by choice), an unresolved reference, or
    /// `(depth limit)`.
    pub stopped_at: Option<String>,
    /// Text without a `format` whose `example` is an RFC 3339 timestamp: conform takes it
    /// as equal to `format: date-time` on the other side.
    pub timestamp_example: bool,
}

/// How the walk treats a `$ref` to a schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refs {
    /// Follow every reference (conform). A cycle stops at the schema's name, an
    /// unresolved reference at `unresolved #/...`; type inference and the null-only test
    /// look at the whole node.
    Expand,
    /// Follow references, but a cycle or an unresolved reference is a leaf named by the
    /// schema (the diff's parameters).
    Inline,
    /// A reference is a leaf named by the schema, so a shared schema's fields live under
    /// its own name (the diff). The members of a multi-member `allOf` are still followed.
    Leaf,
}

/// One document and how to walk it.
#[derive(Debug, Clone, Copy)]
pub struct Reader<'a> {
    pub doc: &'a Value,
    pub refs: Refs,
    /// Nesting (of schemas, references and `$ref` hops) beyond which a walk stops.
    pub max_depth: usize,
}

impl<'a> Reader<'a> {
    pub fn new(doc: &'a Value, refs: Refs, max_depth: usize) -> Self {
        Reader {
            doc,
            refs,
            max_depth,
        }
    }

    /// The same document, walked with another treatment of references.
    pub fn with_refs(self, refs: Refs) -> Self {
        Reader { refs, ..self }
    }

    /// Follow `$ref` chains of a non-schema object (parameter, response, request body,
    /// path item) to the object itself, for at most `max_depth` hops; an unresolvable or
    /// cyclic reference yields the node as is.
    pub fn resolve(&self, mut node: &'a Value) -> &'a Value {
        for _ in 0..self.max_depth {
            match node
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| lookup_ref(self.doc, r))
            {
                Some(target) => node = target,
                None => return node,
            }
        }
        node
    }

    /// Reduce a (possibly absent) schema; absent is "any value".
    pub fn schema(&self, schema: Option<&Value>) -> Schema {
        match schema {
            Some(s) => self.reduce(s, &mut Vec::new(), 0),
            None => Schema::default(),
        }
    }

    /// Reduce `schema`; `stack` holds the references being expanded.
    pub fn reduce(&self, schema: &Value, stack: &mut Vec<String>, depth: usize) -> Schema {
        let Some(obj) = schema.as_object() else {
            // `true`, `{}` or garbage: any value.
            return Schema::default();
        };
        if depth > self.max_depth {
            return Schema::stopped("(depth limit)".to_string());
        }
        if let Some(reference) = obj.get("$ref").and_then(Value::as_str) {
            // Siblings of `$ref` are ignored, as OpenAPI 3.0 says.
            return self.follow(reference, stack, depth);
        }
        let mut s = Schema::from_keywords(obj, |c| self.reduce(c, stack, depth + 1));
        if let Some(members) = obj.get("allOf").and_then(Value::as_array) {
            if self.refs == Refs::Expand || members.len() == 1 {
                // `allOf: [X]` (often `nullable` + a `$ref`) is X itself.
                for member in members {
                    s.merge(self.reduce(member, stack, depth + 1));
                }
            } else {
                // A composition: the merged shape, with each member's own `$ref` followed.
                for member in members {
                    let reference = member.get("$ref").and_then(Value::as_str);
                    let target = reference
                        .filter(|r| !stack.iter().any(|s| s == r))
                        .and_then(|r| lookup_ref(self.doc, r).map(|t| (r, t)));
                    let m = match target {
                        Some((r, t)) => {
                            stack.push(r.to_string());
                            let m = self.reduce(t, stack, depth + 1);
                            stack.pop();
                            m
                        }
                        None => self.reduce(member, stack, depth + 1),
                    };
                    s.merge(m);
                }
            }
        }
        for kind in ["oneOf", "anyOf"] {
            let Some(members) = obj.get(kind).and_then(Value::as_array) else {
                continue;
            };
            let mut rest = Vec::new();
            for member in members {
                let m = self.reduce(member, stack, depth + 1);
                if self.is_null_only(&m) {
                    s.nullable = true;
                } else {
                    rest.push(m);
                }
            }
            if rest.len() == 1 {
                if let Some(single) = rest.pop() {
                    s.merge(single);
                }
            } else if !rest.is_empty() && s.variants.is_empty() {
                s.variants = rest;
                s.extra.variant_kind = Some(if kind == "oneOf" { "oneOf" } else { "anyOf" });
            }
        }
        // A node standing for a named schema (diff) keeps no inferred type.
        let named = self.refs != Refs::Expand && s.extra.stopped_at.is_some();
        if s.types.is_empty() && !named {
            if !s.properties.is_empty() || s.additional.is_some() {
                s.types.insert("object".to_string());
            } else if s.items.is_some() {
                s.types.insert("array".to_string());
            }
        }
        s
    }

    /// A `$ref` to a schema, as [`Refs`] says.
    fn follow(&self, reference: &str, stack: &mut Vec<String>, depth: usize) -> Schema {
        let cycle = stack.iter().any(|r| r == reference);
        let target = lookup_ref(self.doc, reference);
        let stop = match (self.refs, target) {
            (Refs::Leaf, _) => Some(ref_name(reference)),
            (_, _) if cycle => Some(ref_name(reference)),
            (Refs::Expand, None) => Some(format!("unresolved {reference}")),
            (Refs::Inline, None) => Some(ref_name(reference)),
            (_, Some(_)) => None,
        };
        match (stop, target) {
            (None, Some(target)) => {
                stack.push(reference.to_string());
                let s = self.reduce(target, stack, depth + 1);
                stack.pop();
                s
            }
            (stop, _) => Schema::stopped(stop.unwrap_or_default()),
        }
    }

    /// Whether the schema only admits `null` (`type: "null"`, `enum: [null]`); when
    /// expanding, a format or a map value type also counts as a constraint.
    fn is_null_only(&self, s: &Schema) -> bool {
        s.is_null_only()
            && (self.refs != Refs::Expand || (s.format.is_none() && s.additional.is_none()))
    }
}

impl Schema {
    /// A node that only records where the walk stopped.
    pub fn stopped(at: String) -> Self {
        Schema {
            extra: Marks {
                stopped_at: Some(at),
                ..Marks::default()
            },
            ..Schema::default()
        }
    }

    /// Read the keywords of one schema object that need no reference handling: `type`,
    /// `nullable`, `format`, `enum` / `const` (`const` wins), `properties`, `required`,
    /// `items` and `additionalProperties`; `child` reduces each subschema.
    fn from_keywords(obj: &Map<String, Value>, mut child: impl FnMut(&Value) -> Self) -> Self {
        let mut s = Self::default();
        match obj.get("type") {
            Some(Value::String(t)) => s.add_type(t),
            Some(Value::Array(ts)) => {
                for t in ts.iter().filter_map(Value::as_str) {
                    s.add_type(t);
                }
            }
            _ => {}
        }
        if obj.get("nullable").and_then(Value::as_bool) == Some(true) {
            s.nullable = true;
        }
        s.format = obj
            .get("format")
            .and_then(Value::as_str)
            .map(str::to_string);
        s.extra.timestamp_example = s.format.is_none() && timestamp_example(obj);
        let values: Option<Vec<&Value>> =
            match (obj.get("enum").and_then(Value::as_array), obj.get("const")) {
                (_, Some(c)) => Some(vec![c]),
                (Some(list), None) => Some(list.iter().collect()),
                (None, None) => None,
            };
        if let Some(values) = values {
            let mut set = BTreeSet::new();
            for v in values {
                if v.is_null() {
                    s.nullable = true;
                } else {
                    set.insert(v.to_string());
                }
            }
            s.enumeration = Some(set);
        }
        if let Some(props) = obj.get("properties").and_then(Value::as_object) {
            for (name, prop) in props {
                s.properties.insert(name.clone(), child(prop));
            }
        }
        if let Some(required) = obj.get("required").and_then(Value::as_array) {
            s.required = required
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect();
        }
        if let Some(items) = obj.get("items").filter(|i| i.is_object()) {
            s.items = Some(Box::new(child(items)));
        }
        if let Some(extra) = obj.get("additionalProperties").filter(|a| a.is_object()) {
            s.additional = Some(Box::new(child(extra)));
        }
        s
    }

    /// Record one `type` entry: `null` makes the node nullable, anything else is a type.
    fn add_type(&mut self, t: &str) {
        if t == "null" {
            self.nullable = true;
        } else {
            self.types.insert(t.to_string());
        }
    }

    /// Whether the schema only admits `null`, judged by types, properties, items,
    /// variants, enumeration and where the walk stopped.
    fn is_null_only(&self) -> bool {
        self.nullable
            && self.types.is_empty()
            && self.properties.is_empty()
            && self.items.is_none()
            && self.variants.is_empty()
            && self.extra.stopped_at.is_none()
            && self.enumeration.as_ref().is_none_or(BTreeSet::is_empty)
    }

    /// Fold `other` (an `allOf` member or the single non-null `oneOf` member) into `self`.
    fn merge(&mut self, other: Self) {
        if self.types.is_empty() {
            self.types = other.types;
        } else if !other.types.is_empty() {
            let both: BTreeSet<String> = self.types.intersection(&other.types).cloned().collect();
            if !both.is_empty() {
                self.types = both;
            }
        }
        if self.format.is_none() {
            self.format = other.format;
        }
        self.enumeration = match (self.enumeration.take(), other.enumeration) {
            (Some(a), Some(b)) => Some(a.intersection(&b).cloned().collect()),
            (a, b) => a.or(b),
        };
        self.nullable |= other.nullable;
        for (name, prop) in other.properties {
            match self.properties.get_mut(&name) {
                Some(existing) => existing.merge(prop),
                None => {
                    self.properties.insert(name, prop);
                }
            }
        }
        self.required.extend(other.required);
        self.items = merge_boxed(self.items.take(), other.items);
        self.additional = merge_boxed(self.additional.take(), other.additional);
        if self.variants.is_empty() {
            self.variants = other.variants;
            self.extra.variant_kind = other.extra.variant_kind;
        }
        if self.extra.stopped_at.is_none() {
            self.extra.stopped_at = other.extra.stopped_at;
        }
    }
}

/// Merge two optional subtrees: both present are merged, otherwise whichever exists.
fn merge_boxed(a: Option<Box<Schema>>, b: Option<Box<Schema>>) -> Option<Box<Schema>> {
    match (a, b) {
        (Some(mut a), Some(b)) => {
            a.merge(*b);
            Some(a)
        }
        (a, b) => a.or(b),
    }
}

/// Whether `obj` is text whose `example` is an RFC 3339 timestamp
/// (`2019-01-23T18:10:02.574Z`).
fn timestamp_example(obj: &Map<String, Value>) -> bool {
    obj.get("type").and_then(Value::as_str) == Some("string")
        && obj
            .get("example")
            .and_then(Value::as_str)
            .is_some_and(is_rfc3339)
}

/// `YYYY-MM-DDTHH:MM:SS`, an optional fraction, then `Z` or `+HH:MM` / `-HH:MM`.
fn is_rfc3339(text: &str) -> bool {
    let b = text.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if !(digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10)
        && matches!(b.get(10), Some(b'T' | b't'))
        && digits(11..13)
        && b.get(13) == Some(&b':')
        && digits(14..16)
        && b.get(16) == Some(&b':')
        && digits(17..19))
    {
        return false;
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match b.get(i) {
        Some(b'Z' | b'z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            i + 6 == b.len()
                && digits(i + 1..i + 3)
                && b.get(i + 3) == Some(&b':')
                && digits(i + 4..i + 6)
        }
        _ => false,
    }
}

#[cfg(test)]
mod timestamp_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_rfc3339_examples_mark_a_timestamp() {
        for ok in [
            "2019-01-23T18:10:02.574Z",
            "2019-01-23T18:10:02Z",
            "2019-01-23T18:10:02+01:00",
        ] {
            assert!(is_rfc3339(ok), "{ok}");
        }
        for bad in [
            "Thu, 15 Jun 2023 09:56:45 +0000",
            "2019-01-23",
            "08:00:00",
            "2019-01-23T18:10:02",
            "2019-01-23T18:10:02.Z",
            "2019-01-23T18:10:02Zx",
            "",
        ] {
            assert!(!is_rfc3339(bad), "{bad}");
        }
        let read = |v: Value| {
            Schema::from_keywords(v.as_object().expect("object"), |_| Schema::default())
                .extra
                .timestamp_example
        };
        assert!(read(
            json!({"type": "string", "example": "2019-01-23T18:10:02.574Z"})
        ));
        // a written format is compared as written
        assert!(!read(
            json!({"type": "string", "format": "date", "example": "2019-01-23T18:10:02Z"})
        ));
        assert!(!read(
            json!({"type": "string", "example": "Thu, 15 Jun 2023"})
        ));
        assert!(!read(
            json!({"type": "integer", "example": "2019-01-23T18:10:02Z"})
        ));
    }
}
