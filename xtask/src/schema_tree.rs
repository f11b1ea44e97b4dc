//! The normalised-schema tree shared by `conform` and `diff`: a schema reduced to what
//! the comparisons look at, plus the `allOf` / single-`oneOf` folding both walks use.
//!
//! Each module keeps what only it needs in the `extra` slot (see [`Extra`]).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

/// Module-specific data carried by every [`SchemaTree`] node.
pub trait Extra: Default {
    /// Whether nothing is recorded (a node with data here is never null-only).
    fn is_empty(&self) -> bool;

    /// Fold `other` into `self` during [`SchemaTree::merge`]; `took_variants` says the
    /// merge just adopted `other`'s variants (because `self` had none).
    fn merge(&mut self, other: Self, took_variants: bool);
}

/// A schema reduced to what the comparisons look at.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SchemaTree<X> {
    /// JSON types other than `null`; empty means "any".
    pub types: BTreeSet<String>,
    pub format: Option<String>,
    /// Allowed values (JSON text, `null` excluded), if restricted.
    pub enumeration: Option<BTreeSet<String>>,
    pub nullable: bool,
    pub properties: BTreeMap<String, SchemaTree<X>>,
    pub required: BTreeSet<String>,
    pub items: Option<Box<SchemaTree<X>>>,
    /// `additionalProperties` when it is a schema (a map's value type).
    pub additional: Option<Box<SchemaTree<X>>>,
    /// `oneOf` / `anyOf` members that are not `null` (when more than one is left).
    pub variants: Vec<SchemaTree<X>>,
    /// What only one of the comparisons records.
    pub extra: X,
}

impl<X: Extra> SchemaTree<X> {
    /// An otherwise empty node carrying `extra`.
    pub fn with_extra(extra: X) -> Self {
        SchemaTree {
            extra,
            ..SchemaTree::default()
        }
    }

    /// Read the keywords of one schema object that need no reference handling: `type`,
    /// `nullable`, `format`, `enum` / `const` (`const` wins), `properties`, `required`,
    /// `items` and `additionalProperties`; `child` reduces each subschema.
    pub fn from_keywords(obj: &Map<String, Value>, mut child: impl FnMut(&Value) -> Self) -> Self {
        let mut tree = Self::default();
        match obj.get("type") {
            Some(Value::String(t)) => tree.add_type(t),
            Some(Value::Array(ts)) => {
                for t in ts.iter().filter_map(Value::as_str) {
                    tree.add_type(t);
                }
            }
            _ => {}
        }
        if obj.get("nullable").and_then(Value::as_bool) == Some(true) {
            tree.nullable = true;
        }
        tree.format = obj
            .get("format")
            .and_then(Value::as_str)
            .map(str::to_string);
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
                    tree.nullable = true;
                } else {
                    set.insert(v.to_string());
                }
            }
            tree.enumeration = Some(set);
        }
        if let Some(props) = obj.get("properties").and_then(Value::as_object) {
            for (name, prop) in props {
                tree.properties.insert(name.clone(), child(prop));
            }
        }
        if let Some(required) = obj.get("required").and_then(Value::as_array) {
            tree.required = required
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect();
        }
        if let Some(items) = obj.get("items").filter(|i| i.is_object()) {
            tree.items = Some(Box::new(child(items)));
        }
        if let Some(extra) = obj.get("additionalProperties").filter(|a| a.is_object()) {
            tree.additional = Some(Box::new(child(extra)));
        }
        tree
    }

    /// Record one `type` entry: `null` makes the node nullable, anything else is a type.
    pub fn add_type(&mut self, t: &str) {
        if t == "null" {
            self.nullable = true;
        } else {
            self.types.insert(t.to_string());
        }
    }

    /// Whether the schema only admits `null` (`type: "null"`, `enum: [null]`), judged
    /// by types, properties, items, variants, enumeration and the extra data.
    pub fn is_null_only(&self) -> bool {
        self.nullable
            && self.types.is_empty()
            && self.properties.is_empty()
            && self.items.is_none()
            && self.variants.is_empty()
            && self.extra.is_empty()
            && self.enumeration.as_ref().is_none_or(BTreeSet::is_empty)
    }

    /// Fold `other` (an `allOf` member or the single non-null `oneOf` member) into `self`.
    pub fn merge(&mut self, other: Self) {
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
        let took_variants = self.variants.is_empty();
        if took_variants {
            self.variants = other.variants;
        }
        self.extra.merge(other.extra, took_variants);
    }
}

/// Merge two optional subtrees: both present are merged, otherwise whichever exists.
fn merge_boxed<X: Extra>(
    a: Option<Box<SchemaTree<X>>>,
    b: Option<Box<SchemaTree<X>>>,
) -> Option<Box<SchemaTree<X>>> {
    match (a, b) {
        (Some(mut a), Some(b)) => {
            a.merge(*b);
            Some(a)
        }
        (a, b) => a.or(b),
    }
}

/// Follow `$ref` chains of a non-schema object (parameter, response, request body, path
/// item) to the object itself, for at most `max_depth` hops; an unresolvable or cyclic
/// reference yields the node as is.
pub fn resolve<'a>(doc: &'a Value, mut node: &'a Value, max_depth: usize) -> &'a Value {
    for _ in 0..max_depth {
        match node
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| lookup_ref(doc, r))
        {
            Some(target) => node = target,
            None => return node,
        }
    }
    node
}

/// The node a local reference (`#/components/...`) points at.
pub fn lookup_ref<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    reference
        .strip_prefix('#')
        .and_then(|pointer| doc.pointer(pointer))
}

/// `/rooms/{room_id}` -> `/rooms/{}`: path parameter names do not decide identity.
pub fn path_key(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push('{');
            }
            '}' => {
                in_param = false;
                out.push('}');
            }
            _ if in_param => {}
            _ => out.push(c),
        }
    }
    out
}
