//! A document as both comparisons read it: references, operations keyed by
//! `METHOD /path/{}`, their parameters keyed once, 2xx responses and media types.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::fields::{Fields, Style, flatten, flatten_leaves};
use super::schema::Reader;
use crate::slice::METHODS;

/// The node a local reference (`#/components/...`) points at.
pub fn lookup_ref<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    reference
        .strip_prefix('#')
        .and_then(|pointer| doc.pointer(pointer))
}

/// The last segment of a reference, unescaped: `#/components/schemas/Room` -> `Room`.
pub fn ref_name(reference: &str) -> String {
    crate::error::unescape(reference.rsplit('/').next().unwrap_or(reference))
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

/// One operation of a document.
pub struct Operation<'a> {
    pub method: &'static str,
    pub path: &'a str,
    pub path_item: &'a Value,
    pub op: &'a Value,
}

impl<'a> Operation<'a> {
    pub fn id(&self) -> Option<&'a str> {
        self.op.get("operationId").and_then(Value::as_str)
    }

    pub fn tags(&self) -> BTreeSet<&'a str> {
        self.op
            .get("tags")
            .and_then(Value::as_array)
            .map(|t| t.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }

    /// The request body, references followed.
    pub fn request_body(&self, r: &Reader<'a>) -> Option<&'a Value> {
        self.op.get("requestBody").map(|b| r.resolve(b))
    }

    /// The 2xx responses by upper-cased code (`2XX`), references followed.
    pub fn success_responses(&self, r: &Reader<'a>) -> BTreeMap<String, &'a Value> {
        self.op
            .get("responses")
            .and_then(Value::as_object)
            .map(|resp| {
                resp.iter()
                    .filter(|(code, _)| code.starts_with('2'))
                    .map(|(code, v)| (code.to_ascii_uppercase(), r.resolve(v)))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Every operation of the document, keyed by `METHOD /path/{}`.
pub fn operations<'a>(r: &Reader<'a>) -> BTreeMap<String, Operation<'a>> {
    let mut out = BTreeMap::new();
    let Some(paths) = r.doc.get("paths").and_then(Value::as_object) else {
        return out;
    };
    for (path, item) in paths {
        let item = r.resolve(item);
        for method in METHODS {
            if let Some(op) = item.get(method).filter(|o| o.is_object()) {
                let key = format!("{} {}", method.to_uppercase(), path_key(path));
                let operation = Operation {
                    method,
                    path,
                    path_item: item,
                    op,
                };
                out.insert(key, operation);
            }
        }
    }
    out
}

/// How path parameters are keyed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathParams {
    /// `path param room_id`.
    ByName,
    /// `path param #1`: the position in the path, as names do not decide identity.
    ByPosition,
}

/// Path-item and operation parameters (the operation's win), keyed `{in} param {name}`
/// (header names lower-cased, cookies left out) and flattened in `style`; an object-valued
/// query parameter (`filter`, `page`: deepObject) becomes one entry per flat key it sends
/// (`filter[status][eq]`), so a document may write either form.
pub fn parameter_fields(
    r: &Reader<'_>,
    op: &Operation<'_>,
    path_params: PathParams,
    style: Style,
) -> Fields {
    let positions = crate::facade::model::path_parameter_names(op.path);
    let mut by_key: BTreeMap<String, &Value> = BTreeMap::new();
    for source in [op.path_item, op.op] {
        let Some(list) = source.get("parameters").and_then(Value::as_array) else {
            continue;
        };
        for p in list {
            let p = r.resolve(p);
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
            let position = positions.iter().position(|n| *n == name);
            let key = match position {
                Some(i) if location == "path" && path_params == PathParams::ByPosition => {
                    format!("path param #{}", i + 1)
                }
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
        let s = r.schema(schema);
        let required = p.get("required").and_then(Value::as_bool).unwrap_or(false);
        if key.starts_with("query") && !s.properties.is_empty() {
            flatten_leaves(&s, &key, required, style, &mut fields);
        } else {
            flatten(&s, &key, None, required, style, &mut fields);
        }
    }
    fields
}

/// The media types of a request body or response by lower-cased name.
pub fn media(holder: &Value) -> BTreeMap<String, &Value> {
    holder
        .get("content")
        .and_then(Value::as_object)
        .map(|c| c.iter().map(|(k, v)| (k.to_ascii_lowercase(), v)).collect())
        .unwrap_or_default()
}

/// Where the fields of one media type are rooted: `at` for JSON, `at (text/plain)` else.
pub fn media_root(at: &str, content_type: &str) -> String {
    if content_type == "application/json" {
        at.to_string()
    } else {
        format!("{at} ({content_type})")
    }
}

/// The fields of every media type of a request body or response.
pub fn content_fields(
    r: &Reader<'_>,
    holder: &Value,
    root: &str,
    required: bool,
    style: Style,
    out: &mut Fields,
) {
    for (ct, m) in media(holder) {
        let s = r.schema(m.get("schema"));
        flatten(&s, &media_root(root, &ct), None, required, style, out);
    }
}
