//! The paths `telnyx_sdk_json` finds after the fact, against the paths `serde_path_to_error`
//! tracks while decoding.
//!
//! Valid bodies for a few nested types (structs with optional members, a `Vec` of structs, a
//! plain enum, an untagged enum, an internally tagged enum, a map, a struct with a flattened
//! map) are written in many layouts and spoiled in one place each: every node in turn gets a
//! value of a wrong type, is removed, or gets an element or member added. `from_slice` must
//! fail exactly when `serde_json` fails, with `serde_json`'s message, and name the path that
//! `serde_path_to_error` names, but for the differences documented in [`documented`].
//!
//! No input at all (random bytes, deep nesting, unterminated strings, invalid UTF-8) may make
//! `from_slice`, `from_member`, `member` or `path_of` panic.
//!
//! Tests marked `#[ignore]` reproduce the known differences from `serde_path_to_error`
//! that a position alone cannot resolve (a buffered value that fails after all of it was
//! read, shapes our generated types do not have); each reason says how.
#![allow(dead_code)] // the types' fields are decoded, never read

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt::Write as _;

use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use serde::Deserialize;
use serde::de::{DeserializeOwned, IgnoredAny};
use serde_json::{Map, Value};
use telnyx_sdk_json::{JsonError, from_member, from_slice, member, path_of};

// ---------------------------------------------------------------------------------------
// The types

#[derive(Debug, Deserialize)]
struct Body {
    data: Data,
    #[serde(default)]
    meta: Option<Meta>,
}

#[derive(Debug, Deserialize)]
struct Data {
    id: String,
    record_type: Kind,
    count: u32,
    active: Option<bool>,
    items: Vec<Item>,
    #[serde(default)]
    labels: BTreeMap<String, i32>,
    payload: Option<Payload>,
    /// Untagged: decoded from a buffered copy of its value, after all of it was read.
    size: Option<Size>,
}

#[derive(Debug, Deserialize)]
struct Item {
    id: u64,
    label: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    price: Option<f64>,
    kind: Option<Kind>,
}

#[derive(Debug, Deserialize)]
enum Kind {
    #[serde(rename = "call_initiated")]
    Initiated,
    #[serde(rename = "call_answered")]
    Answered,
    #[serde(rename = "call_hangup")]
    Hangup,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Size {
    Count(u32),
    Words(Vec<String>),
    Area { w: u32, h: u32 },
}

#[derive(Debug, Deserialize)]
struct Payload {
    current_position: Option<i64>,
    state: Option<String>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

#[derive(Debug, Deserialize)]
struct Meta {
    attempt: u8,
    delivered_to: Option<String>,
    /// Internally tagged: decoded from a buffered copy of its value, after all of it was read.
    event: Option<Event>,
    /// Buffered values in an array (only in bodies whose buffered values go anywhere).
    #[serde(default)]
    history: Vec<Event>,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Event {
    Started { at: u64 },
    Stopped { reason: String, code: Option<u16> },
}

/// Members whose value is decoded from a buffered copy (untagged, internally tagged).
const BUFFERED: &[&str] = &["size", "event", "history"];

/// The plain enum's values.
const KINDS: &[&str] = &["call_initiated", "call_answered", "call_hangup"];

// ---------------------------------------------------------------------------------------
// JSON written by hand: member order, duplicate keys, escapes and blanks are ours to choose

#[derive(Clone, Debug)]
enum J {
    Null,
    Bool(bool),
    Num(&'static str),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

/// The blanks between tokens, and how strings are escaped.
#[derive(Clone, Copy, Debug)]
struct Style {
    before_colon: &'static str,
    after_colon: &'static str,
    before_comma: &'static str,
    after_comma: &'static str,
    after_open: &'static str,
    before_close: &'static str,
    /// Escape every character but ASCII letters and digits as `\uXXXX` (and `/` as `\/`).
    escape_all: bool,
}

const BLANKS: &[&str] = &["", "", "", " ", "\n", "\r\n  ", "\t "];

fn style() -> impl Strategy<Value = Style> {
    let blank = || prop::sample::select(BLANKS);
    (
        (blank(), blank(), blank()),
        (blank(), blank(), blank()),
        prop::bool::weighted(0.2),
    )
        .prop_map(
            |(
                (before_colon, after_colon, before_comma),
                (after_comma, after_open, before_close),
                escape_all,
            )| Style {
                before_colon,
                after_colon,
                before_comma,
                after_comma,
                after_open,
                before_close,
                escape_all,
            },
        )
}

impl J {
    fn text(&self, style: &Style) -> String {
        let mut out = String::new();
        self.write(style, &mut out);
        out
    }

    fn write(&self, style: &Style, out: &mut String) {
        match self {
            J::Null => out.push_str("null"),
            J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            J::Num(n) => out.push_str(n),
            J::Str(s) => write_str(s, style, out),
            J::Arr(elements) => {
                out.push('[');
                for (i, element) in elements.iter().enumerate() {
                    out.push_str(if i == 0 {
                        style.after_open
                    } else {
                        style.after_comma
                    });
                    element.write(style, out);
                    if i + 1 < elements.len() {
                        out.push_str(style.before_comma);
                        out.push(',');
                    } else {
                        out.push_str(style.before_close);
                    }
                }
                out.push(']');
            }
            J::Obj(members) => {
                out.push('{');
                for (i, (key, value)) in members.iter().enumerate() {
                    out.push_str(if i == 0 {
                        style.after_open
                    } else {
                        style.after_comma
                    });
                    write_str(key, style, out);
                    out.push_str(style.before_colon);
                    out.push(':');
                    out.push_str(style.after_colon);
                    value.write(style, out);
                    if i + 1 < members.len() {
                        out.push_str(style.before_comma);
                        out.push(',');
                    } else {
                        out.push_str(style.before_close);
                    }
                }
                out.push('}');
            }
        }
    }

    /// The paths (child indices) of every node, this one first.
    fn nodes(&self, prefix: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        out.push(prefix.clone());
        let children: Vec<&J> = match self {
            J::Arr(elements) => elements.iter().collect(),
            J::Obj(members) => members.iter().map(|(_, v)| v).collect(),
            _ => Vec::new(),
        };
        for (i, child) in children.into_iter().enumerate() {
            prefix.push(i);
            child.nodes(prefix, out);
            prefix.pop();
        }
    }

    /// An array with a non-empty array in it, at any depth.
    fn nests_array(&self) -> bool {
        match self {
            J::Arr(elements) => elements
                .iter()
                .any(|e| matches!(e, J::Arr(inner) if !inner.is_empty()) || e.nests_array()),
            J::Obj(members) => members.iter().any(|(_, v)| v.nests_array()),
            _ => false,
        }
    }

    fn at_mut(&mut self, path: &[usize]) -> &mut J {
        let Some((&first, rest)) = path.split_first() else {
            return self;
        };
        match self {
            J::Arr(elements) => elements[first].at_mut(rest),
            J::Obj(members) => members[first].1.at_mut(rest),
            _ => unreachable!("a path into a scalar"),
        }
    }
}

fn write_str(s: &str, style: &Style, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '/' if style.escape_all => out.push_str("\\/"),
            c if (c as u32) < 0x20 || (style.escape_all && !c.is_ascii_alphanumeric()) => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

// ---------------------------------------------------------------------------------------
// Valid bodies, from a seed

/// xorshift64*: the bodies follow from the seed that proptest picks.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<T: Clone>(&mut self, choices: &[T]) -> T {
        choices[self.below(choices.len())].clone()
    }
}

/// Where buffered members (untagged, internally tagged) go in their object.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Buffered {
    /// Always the last member of their object, and never elements of an array; and no
    /// plain enum gets a non-empty array (so no spoil puts a non-empty array in an array:
    /// an array read as a struct hands its second element to `Data::record_type`). The
    /// bodies that `from_slice` names as `serde_path_to_error` does (but for
    /// [`documented`] differences).
    Last,
    /// Anywhere, and anything anywhere: see the ignored tests.
    Anywhere,
}

struct Gen {
    rng: Rng,
    buffered: Buffered,
}

const CHARS: &[char] = &[
    'a', 'b', 'z', 'A', '0', '_', ' ', '.', '[', ']', '"', '\\', '/', '\n', '\u{1}', 'é', '€', '😀',
];

impl Gen {
    fn text(&mut self, min: usize) -> String {
        let len = min + self.rng.below(5);
        (0..len).map(|_| self.rng.pick(CHARS)).collect()
    }

    fn kind(&mut self) -> J {
        J::Str(self.rng.pick(KINDS).to_owned())
    }

    fn num(&mut self) -> J {
        J::Num(self.rng.pick(&["0", "1", "7", "42", "255", "65535"]))
    }

    fn float(&mut self) -> J {
        J::Num(self.rng.pick(&["0", "1.5", "-2.25", "1e3", "-0.0", "3E-2"]))
    }

    /// An object of the members given, in a random order; buffered members last or
    /// anywhere. Optional members (`None`) are left out at random.
    fn obj(&mut self, members: Vec<(&str, Option<J>)>) -> J {
        let mut plain = Vec::new();
        let mut buffered = Vec::new();
        for (key, value) in members {
            let value = match value {
                Some(value) => value,
                None => continue,
            };
            if BUFFERED.contains(&key) {
                buffered.push((key.to_owned(), value));
            } else {
                plain.push((key.to_owned(), value));
            }
        }
        // Fisher-Yates
        for i in (1..plain.len()).rev() {
            let j = self.rng.below(i + 1);
            plain.swap(i, j);
        }
        for member in buffered {
            let at = match self.buffered {
                Buffered::Last => plain.len(),
                Buffered::Anywhere => self.rng.below(plain.len() + 1),
            };
            plain.insert(at, member);
        }
        J::Obj(plain)
    }

    /// `Some(value)` for a member that is always there, `None` sometimes for an optional one.
    fn maybe(&mut self, value: J) -> Option<J> {
        if self.rng.chance(70) {
            Some(value)
        } else {
            None
        }
    }

    fn or_null(&mut self, value: J) -> J {
        if self.rng.chance(15) { J::Null } else { value }
    }

    fn body(&mut self) -> J {
        let data = self.data();
        let meta = self.meta();
        let meta = self.maybe(meta);
        let meta = meta.map(|m| self.or_null(m));
        self.obj(vec![("data", Some(data)), ("meta", meta)])
    }

    fn data(&mut self) -> J {
        let id = J::Str(self.text(0));
        let kind = self.kind();
        let count = self.num();
        let active = J::Bool(self.rng.chance(50));
        let active = self.maybe(active).map(|a| self.or_null(a));
        let items = J::Arr((0..self.rng.below(4)).map(|_| self.item()).collect());
        let labels = J::Obj(
            (0..self.rng.below(3))
                .map(|_| (self.text(1), self.num()))
                .collect(),
        );
        let labels = self.maybe(labels);
        let payload = self.payload();
        let payload = self.maybe(payload).map(|p| self.or_null(p));
        let size = self.size();
        let size = self.maybe(size).map(|s| self.or_null(s));
        self.obj(vec![
            ("id", Some(id)),
            ("record_type", Some(kind)),
            ("count", Some(count)),
            ("active", active),
            ("items", Some(items)),
            ("labels", labels),
            ("payload", payload),
            ("size", size),
        ])
    }

    fn item(&mut self) -> J {
        let id = self.num();
        let label = J::Str(self.text(0));
        let label = self.maybe(label).map(|l| self.or_null(l));
        let tags = J::Arr(
            (0..self.rng.below(3))
                .map(|_| J::Str(self.text(0)))
                .collect(),
        );
        let tags = self.maybe(tags);
        let price = self.float();
        let price = self.maybe(price).map(|p| self.or_null(p));
        let kind = self.kind();
        let kind = self.maybe(kind);
        self.obj(vec![
            ("id", Some(id)),
            ("label", label),
            ("tags", tags),
            ("price", price),
            ("kind", kind),
        ])
    }

    fn size(&mut self) -> J {
        match self.rng.below(3) {
            0 => self.num(),
            1 => J::Arr(
                (0..self.rng.below(3))
                    .map(|_| J::Str(self.text(0)))
                    .collect(),
            ),
            _ => {
                let (w, h) = (self.num(), self.num());
                self.obj(vec![("w", Some(w)), ("h", Some(h))])
            }
        }
    }

    fn payload(&mut self) -> J {
        let position = J::Num(self.rng.pick(&["0", "-3", "12"]));
        let position = self.maybe(position);
        let state = J::Str(self.text(0));
        let state = self.maybe(state);
        let mut payload = self.obj(vec![("current_position", position), ("state", state)]);
        // members that only the flattened map takes, of any type
        if let J::Obj(members) = &mut payload {
            for _ in 0..self.rng.below(3) {
                let value = self.any_value(2);
                let at = self.rng.below(members.len() + 1);
                members.insert(at, (self.text(1), value));
            }
        }
        payload
    }

    fn any_value(&mut self, depth: usize) -> J {
        match self.rng.below(if depth == 0 { 4 } else { 6 }) {
            0 => J::Null,
            1 => J::Bool(self.rng.chance(50)),
            2 => self.float(),
            3 => J::Str(self.text(0)),
            4 => J::Arr(
                (0..self.rng.below(3))
                    .map(|_| self.any_value(depth - 1))
                    .collect(),
            ),
            _ => J::Obj(
                (0..self.rng.below(3))
                    .map(|_| (self.text(0), self.any_value(depth - 1)))
                    .collect(),
            ),
        }
    }

    fn meta(&mut self) -> J {
        let attempt = J::Num(self.rng.pick(&["1", "2", "255"]));
        let to = J::Str(self.text(0));
        let to = self.maybe(to);
        let event = self.event();
        let event = self.maybe(event);
        let history = match self.buffered {
            Buffered::Last => None,
            Buffered::Anywhere => {
                let events = (0..self.rng.below(3)).map(|_| self.event()).collect();
                self.maybe(J::Arr(events))
            }
        };
        self.obj(vec![
            ("attempt", Some(attempt)),
            ("delivered_to", to),
            ("event", event),
            ("history", history),
        ])
    }

    fn event(&mut self) -> J {
        if self.rng.chance(50) {
            let at = self.num();
            self.obj(vec![
                ("type", Some(J::Str("started".into()))),
                ("at", Some(at)),
            ])
        } else {
            let reason = J::Str(self.text(0));
            let code = J::Num(self.rng.pick(&["200", "487"]));
            let code = self.maybe(code);
            self.obj(vec![
                ("type", Some(J::Str("stopped".into()))),
                ("reason", Some(reason)),
                ("code", code),
            ])
        }
    }

    /// A value of a type that is wrong in most places.
    fn wrong(&mut self) -> J {
        match self.rng.below(21) {
            0 => J::Null,
            1 => J::Bool(true),
            2 => J::Num("-1"),
            3 => J::Num("1.5"),
            4 => J::Num("300"),
            5 => J::Num("70000"),
            6 => J::Num("18446744073709551616"),
            7 => J::Num("-0"),
            8 => J::Str(String::new()),
            9 => J::Str("call_teleported".into()),
            10 => J::Str(self.text(0)),
            11 => J::Arr(Vec::new()),
            12 => J::Arr(vec![J::Num("1"), J::Str("x".into())]),
            13 => J::Arr(vec![J::Str("x".into()), J::Num("1")]),
            14 => J::Obj(Vec::new()),
            15 => J::Obj(vec![("id".into(), J::Num("1"))]),
            16 => J::Obj(vec![
                ("type".into(), J::Str("started".into())),
                ("at".into(), J::Str("x".into())),
            ]),
            17 => J::Obj(vec![("w".into(), J::Num("1"))]),
            18 => J::Num("1e400"),
            19 => J::Arr(vec![J::Obj(vec![(
                "type".into(),
                J::Str("stopped".into()),
            )])]),
            _ => self.any_value(2),
        }
    }

    /// A key for a member added to an object: one the types know, or not.
    fn key(&mut self) -> String {
        let known = [
            "data",
            "meta",
            "id",
            "count",
            "items",
            "record_type",
            "label",
            "tags",
            "price",
            "kind",
            "attempt",
            "w",
            "type",
            "at",
            "reason",
            "state",
            "history",
        ];
        if self.rng.chance(70) {
            self.rng.pick(&known).to_owned()
        } else {
            self.text(1)
        }
    }
}

/// The ways to spoil one node.
#[derive(Clone, Debug)]
enum Spoil {
    Replace(J),
    Remove,
    /// An element or member added (arrays and objects), at this position.
    Add(usize, String, J),
}

/// `doc` spoiled at `node`; `None` when the spoil does not apply there, or (`Buffered::Last`)
/// would make a layout that the ignored tests cover.
fn apply(doc: &J, node: &[usize], spoil: &Spoil, buffered: Buffered) -> Option<J> {
    let last = buffered == Buffered::Last;
    let non_empty_array = |value: &J| matches!(value, J::Arr(elements) if !elements.is_empty());
    // an array for a struct is read as its members in order (`record_type` second in
    // `Data`): an array in an array may reach a plain enum
    let value = match spoil {
        Spoil::Replace(value) | Spoil::Add(_, _, value) => Some(value),
        Spoil::Remove => None,
    };
    if last && value.is_some_and(|value| value.nests_array()) {
        return None;
    }
    let mut doc = doc.clone();
    match spoil {
        Spoil::Replace(value) => {
            let target = doc.at_mut(node);
            let plain_enum = matches!(target, J::Str(s) if KINDS.contains(&s.as_str()));
            if last && plain_enum && non_empty_array(value) {
                return None;
            }
            *target = value.clone();
        }
        Spoil::Remove => {
            let (&index, parent) = node.split_last()?;
            match doc.at_mut(parent) {
                J::Arr(elements) => {
                    elements.remove(index);
                }
                J::Obj(members) => {
                    members.remove(index);
                }
                _ => return None,
            }
        }
        Spoil::Add(at, key, value) => match doc.at_mut(node) {
            J::Arr(elements) => elements.insert(at % (elements.len() + 1), value.clone()),
            J::Obj(members) => {
                if last
                    && (BUFFERED.contains(&key.as_str())
                        || (["kind", "record_type"].contains(&key.as_str())
                            && non_empty_array(value)))
                {
                    return None;
                }
                let mut at = at % (members.len() + 1);
                let last_is_buffered = members
                    .last()
                    .is_some_and(|(k, _)| BUFFERED.contains(&k.as_str()));
                if last && last_is_buffered {
                    at = at.min(members.len() - 1);
                }
                members.insert(at, (key.clone(), value.clone()));
            }
            _ => return None,
        },
    }
    Some(doc)
}

// ---------------------------------------------------------------------------------------
// Comparing

/// `serde_path_to_error`'s verdict: the path and `serde_json`'s message. Trailing text after
/// the value is an error about the body as a whole (`.`), as `serde_json::from_slice` has it.
fn tracked<T: DeserializeOwned>(bytes: &[u8]) -> Result<(), (String, String)> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Err(e) => Err((e.path().to_string(), e.inner().to_string())),
        Ok(_) => de.end().map_err(|e| (".".to_owned(), e.to_string())),
    }
}

/// The differences from `serde_path_to_error` that are documented: `ours` and `tracked`
/// are the two paths, `message` is `serde_json`'s. `None` for any other difference.
///
/// Untagged and internally tagged values are decoded from a buffered copy, so they fail only
/// after all of the value was read, and `serde_json` positions the error where the decoder
/// of the value's container resumed: after the value's last byte, or after the container's
/// `}` when the value was its last member. From the position alone, that cannot be told from
/// an error about the value's own last member, or about the container itself. So:
/// - an internally tagged enum that lacks a member, or has one twice, is named by its
///   container when it is the container's last member (`meta` for `meta.event`);
/// - one with a wrong value in it that is not its container's last member is named by its
///   own last member, which may be a member that is fine (`meta.event.type` for a wrong
///   `at`): only in bodies whose buffered values go anywhere (the ignored test);
/// - an untagged union that fails as the last member of its object would be named by the
///   member where `serde_path_to_error` names the object (never seen: both name the member).
fn documented(ours: &str, tracked: &str, message: &str) -> Option<&'static str> {
    fn parent(path: &str) -> Option<&str> {
        let cut = path.rfind(['.', '['])?;
        Some(if cut == 0 { "." } else { &path[..cut] })
    }
    fn last_segment(path: &str) -> &str {
        path.rsplit(['.', '[']).next().unwrap_or(path)
    }
    // an element of `history`, or the member `event`
    let internally_tagged = |path: &str| {
        last_segment(path) == "event" || parent(path).is_some_and(|p| p.ends_with("history"))
    };
    if internally_tagged(tracked) {
        // "missing field", "duplicate field": named by its container's path
        if parent(tracked) == Some(ours) {
            return Some("internally tagged enum named by its container (one level short)");
        }
        // a wrong value in it, not the last member of its container: named by its own last
        // member's path
        if parent(ours) == Some(tracked) {
            return Some("internally tagged enum named by its last member (one level deep)");
        }
    }
    // an untagged union that fails as the last member of its object: ours names the member,
    // `serde_path_to_error` the object
    if message.starts_with("data did not match any variant of untagged enum")
        && parent(ours) == Some(tracked)
        && last_segment(ours) == "size"
    {
        return Some("untagged union, the last member, named by its path (one level deep)");
    }
    None
}

/// `None` when the paths agree (or differ as documented, which `differences` counts);
/// otherwise what differs.
fn compare<T: DeserializeOwned>(
    body: &[u8],
    differences: &mut BTreeMap<&'static str, usize>,
) -> Option<String> {
    let ours = from_slice::<T>(body);
    let theirs = tracked::<T>(body);
    if let (Err(ours), Err((_, message))) = (&ours, &theirs)
        && ours.inner().to_string() != *message
    {
        return Some(format!(
            "{}\n  ours: {}\n  serde_json: {message}",
            String::from_utf8_lossy(body),
            ours.inner()
        ));
    }
    judge("", body, ours, theirs, differences)
}

/// `None` when both failed at the same path (or paths that differ as documented, which
/// `differences` counts) or both succeeded; otherwise what differs, labelled with `label`.
fn judge<T>(
    label: &str,
    body: &[u8],
    ours: Result<T, JsonError>,
    theirs: Result<(), (String, String)>,
    differences: &mut BTreeMap<&'static str, usize>,
) -> Option<String> {
    let text = String::from_utf8_lossy(body);
    match (ours, theirs) {
        (Ok(_), Ok(())) => None,
        (Err(ours), Err((path, message))) => {
            if ours.path() == path {
                return None;
            }
            match documented(ours.path(), &path, &message) {
                Some(why) => {
                    *differences.entry(why).or_default() += 1;
                    None
                }
                None => Some(format!(
                    "{label}{text}\n  ours:    {}\n  tracked: {path}\n  ({message})",
                    ours.path()
                )),
            }
        }
        (ours, theirs) => Some(format!(
            "{label}{text}\n  ours: {:?}\n  tracked: {theirs:?}",
            ours.map(|_| ()).map_err(|e| e.to_string())
        )),
    }
}

/// `from_member(body, "data")` against `serde_path_to_error` on the member's text alone,
/// its path prefixed with `data`.
fn compare_member(body: &[u8], differences: &mut BTreeMap<&'static str, usize>) -> Option<String> {
    let value = member(body, "data")?;
    let ours = from_member::<Data>(body, "data").expect("the member that `member` found");
    let theirs = tracked::<Data>(value).map_err(|(path, message)| {
        let path = if path == "." {
            "data".to_owned()
        } else if path.starts_with('[') {
            format!("data{path}")
        } else {
            format!("data.{path}")
        };
        (path, message)
    });
    judge("from_member ", body, ours, theirs, differences)
}

/// A body from `seed`, spoiled at every node in turn (a wrong value, removed, an element or
/// member added); the mismatches, and how many bodies were compared.
fn spoil_everywhere(
    seed: u64,
    style: &Style,
    buffered: Buffered,
    differences: &mut BTreeMap<&'static str, usize>,
) -> (Vec<String>, usize) {
    let mut g = Gen {
        rng: Rng::new(seed),
        buffered,
    };
    let doc = g.body();
    let mut mismatches = Vec::new();
    let mut compared = 0;

    // the body itself decodes, and `member` finds `data` in it
    let text = doc.text(style);
    if let Err(e) = from_slice::<Body>(text.as_bytes()) {
        mismatches.push(format!("a valid body fails: {text}\n  {e}"));
    }
    let whole: Value = serde_json::from_str(&text).expect("JSON");
    let data: Value = serde_json::from_slice(member(text.as_bytes(), "data").expect("data"))
        .expect("the member's text");
    if whole.get("data") != Some(&data) {
        mismatches.push(format!("member(.., \"data\") in {text}: {data}"));
    }

    let mut nodes = Vec::new();
    doc.nodes(&mut Vec::new(), &mut nodes);
    for node in &nodes {
        let spoils = [
            Spoil::Replace(g.wrong()),
            Spoil::Remove,
            Spoil::Add(g.rng.below(8), g.key(), g.wrong()),
        ];
        for spoil in &spoils {
            let Some(spoiled) = apply(&doc, node, spoil, buffered) else {
                continue;
            };
            let text = spoiled.text(style);
            compared += 1;
            mismatches.extend(compare::<Body>(text.as_bytes(), differences));
            mismatches.extend(compare_member(text.as_bytes(), differences));
        }
    }
    (mismatches, compared)
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        max_shrink_iters: 64,
        ..ProptestConfig::default()
    }
}

/// `cases` bodies, each spoiled at every node; prints how many bodies were compared and how
/// often each documented difference showed (`--nocapture`).
fn run_spoiled(buffered: Buffered, cases: u32) {
    let totals = RefCell::new((0usize, BTreeMap::new()));
    let mut runner = TestRunner::new(config(cases));
    let result = runner.run(&(any::<u64>(), style()), |(seed, style)| {
        let mut totals = totals.borrow_mut();
        let (compared, differences) = &mut *totals;
        let (mismatches, n) = spoil_everywhere(seed, &style, buffered, differences);
        *compared += n;
        prop_assert!(
            mismatches.is_empty(),
            "{} mismatches (seed {seed}), the first:\n{}",
            mismatches.len(),
            mismatches[..mismatches.len().min(3)].join("\n")
        );
        Ok(())
    });
    let (compared, differences) = totals.into_inner();
    eprintln!(
        "{buffered:?}: {compared} spoiled bodies compared; documented differences {differences:#?}"
    );
    if let Err(e) = result {
        panic!("{e}");
    }
}

// ---------------------------------------------------------------------------------------
// Spoiled bodies

/// Every node of a valid body spoiled in turn: `from_slice` and `from_member` fail exactly
/// when `serde_json` fails, with its message, and name the path `serde_path_to_error` names
/// (or one that differs as documented).
#[test]
fn spoiled_bodies_are_named_as_path_to_error_names_them() {
    run_spoiled(Buffered::Last, 256);
}

#[test]
#[ignore = "known difference, the position alone cannot tell it apart: buffered values (untagged, internally tagged) that fail before a later array \
            element or a later member are named by the next index, or by their own last \
            member; the ignored tests below reduce it"]
fn spoiled_bodies_with_buffered_values_anywhere_are_named_as_path_to_error_names_them() {
    run_spoiled(Buffered::Anywhere, 256);
}

// ---------------------------------------------------------------------------------------
// Paths that differed from `serde_path_to_error`: the fixed ones run, the known
// differences stay ignored

/// `from_slice` and `serde_path_to_error` name the same path for `body`.
fn assert_same_as_tracked<T: DeserializeOwned + std::fmt::Debug>(body: &str) {
    let ours = from_slice::<T>(body.as_bytes()).expect_err("not a T");
    let (tracked, message) = tracked::<T>(body.as_bytes()).expect_err("not a T");
    assert_eq!(ours.path(), tracked, "{body} ({message})");
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Strict {
    a: u8,
    b: Option<u8>,
}

#[derive(Debug, Deserialize)]
enum External {
    Unit,
    Newtype(u8),
    Struct { x: u8 },
}

#[derive(Debug, Deserialize)]
struct Outer {
    a: u8,
    #[serde(flatten)]
    inner: Inner,
}

#[derive(Debug, Deserialize)]
struct Inner {
    b: u8,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "t", content = "c")]
enum Adjacent {
    A(u8),
}

#[test]
fn a_plain_enum_given_an_array_is_named_by_its_own_path() {
    assert_same_as_tracked::<BTreeMap<String, Kind>>(r#"{"k":[1]}"#); // k[0]
    assert_same_as_tracked::<Item>(r#"{"id":1,"kind":["call_hangup"]}"#); // kind[0]
    assert_same_as_tracked::<Vec<Kind>>(r#"[["x"]]"#); // [0][0]
    assert_same_as_tracked::<Kind>(r#"[{}]"#); // [0]
}

#[test]
fn a_buffered_element_that_fails_before_the_next_element_is_named_by_its_index() {
    assert_same_as_tracked::<Vec<Size>>(r#"[1,"big",2]"#); // [2]
    assert_same_as_tracked::<Vec<Size>>("[1, \"big\" ,\n 2]"); // [2]
    assert_same_as_tracked::<Vec<Event>>(
        r#"[{"type":"started","at":"x"},{"type":"started","at":1}]"#,
    ); // [1]
}

#[test]
#[ignore = "known difference, the position alone cannot tell it apart: an untagged object or array that fails and is not the last member (no blank \
            before the `,`): the scanner names the value's own last member or element, \
            `a.w` / `a[1]` where path_to_error names `a`"]
fn an_untagged_container_that_fails_before_the_next_member_is_named_by_its_key() {
    assert_same_as_tracked::<BTreeMap<String, Size>>(r#"{"a":{"w":1},"b":1}"#); // a.w
    assert_same_as_tracked::<BTreeMap<String, Size>>(r#"{"a":["x",1],"b":1}"#); // a[1]
}

#[test]
fn an_unknown_field_is_named_by_its_key() {
    assert_same_as_tracked::<Strict>(r#"{"a":1,"c":2}"#); // .
    assert_same_as_tracked::<BTreeMap<String, Strict>>(r#"{"s":{"a":1,"c":2}}"#); // s
}

#[test]
#[ignore = "known difference, the position alone cannot tell it apart: an externally tagged enum written as an object with two members fails after \
            the first member's value, and the scanner names that value (or its last member): \
            `e.Newtype` / `e.Struct.x` where path_to_error names `e`"]
fn an_enum_object_with_two_members_is_named_by_the_enum() {
    assert_same_as_tracked::<BTreeMap<String, External>>(r#"{"e":{"Newtype":1,"Unit":null}}"#);
    assert_same_as_tracked::<BTreeMap<String, External>>(r#"{"e":{"Struct":{"x":1},"Unit":null}}"#);
}

#[test]
#[ignore = "known difference: a data variant written as a bare string (`\"Newtype\"`): path_to_error \
            adds the variant, `e.Newtype`; ours names `e`"]
fn a_data_variant_written_as_a_string_is_named_with_its_variant() {
    assert_same_as_tracked::<BTreeMap<String, External>>(r#"{"e":"Newtype"}"#);
}

#[test]
#[ignore = "known difference, the position alone cannot tell it apart: a tuple (or fixed-size array) with too many elements fails with `trailing \
            characters` at the extra element, and the scanner names it: `t[2]` where \
            path_to_error names the tuple, `t`"]
fn a_tuple_with_too_many_elements_is_named_by_the_tuple() {
    assert_same_as_tracked::<BTreeMap<String, (u8, u8)>>(r#"{"t":[1,2,3]}"#); // t[2]
    assert_same_as_tracked::<[u8; 2]>("[1, 2 , 3]"); // [2]
}

#[test]
#[ignore = "known difference: a map key that does not parse as the key type (u32): path_to_error \
            names it `?` (`m.?`), ours names the map (`m`)"]
fn a_key_that_does_not_parse_is_named_with_a_question_mark() {
    assert_same_as_tracked::<BTreeMap<String, BTreeMap<u32, u8>>>(r#"{"m":{"x":1}}"#);
}

#[test]
fn empty_keys_are_written_as_path_to_error_writes_them() {
    assert_same_as_tracked::<BTreeMap<String, BTreeMap<String, u8>>>(r#"{"":{"a":"x"}}"#);
    assert_same_as_tracked::<BTreeMap<String, u8>>(r#"{"":"x"}"#);
}

#[test]
#[ignore = "known difference, the position alone cannot tell it apart: a flattened struct's member (or adjacently tagged content read before its \
            tag) fails after the object's `}`, and the scanner names the object's last member, \
            an innocent one: `c` / `o.t` where path_to_error names the object, `.` / `o`"]
fn a_buffered_failure_at_the_end_of_an_object_is_not_pinned_on_its_last_member() {
    assert_same_as_tracked::<Outer>(r#"{"a":1,"b":"x","c":1}"#); // c
    assert_same_as_tracked::<BTreeMap<String, Adjacent>>(r#"{"o":{"c":"x","t":"A"}}"#); // o.t
}

// ---------------------------------------------------------------------------------------
// Hostile input

/// Everything public, on `bytes`: never a panic (a path may be empty: an empty key is one
/// step, as in `serde_path_to_error`).
fn exercise(bytes: &[u8]) {
    fn decode<T: DeserializeOwned>(bytes: &[u8]) {
        if let Err(e) = from_slice::<T>(bytes) {
            let _ = e.path();
        }
    }
    decode::<Body>(bytes);
    decode::<Value>(bytes);
    decode::<IgnoredAny>(bytes);
    decode::<Vec<Item>>(bytes);
    decode::<Size>(bytes);
    decode::<Event>(bytes);
    decode::<BTreeMap<String, Kind>>(bytes);
    for key in ["data", "", "a\"b", "é"] {
        if let Some(value) = member(bytes, key) {
            let whole = bytes.as_ptr_range();
            let part = value.as_ptr_range();
            assert!(whole.start <= part.start && part.end <= whole.end);
        }
        if let Some(Err(e)) = from_member::<Value>(bytes, key) {
            assert!(e.path().starts_with(key));
        }
        let _ = from_member::<Data>(bytes, key);
    }
}

/// `serde_json` errors at a chosen line and column (and one with no position), to hand to
/// `path_of` with other bytes than the ones that failed.
fn errors_at(positions: &[(usize, usize)]) -> Vec<serde_json::Error> {
    let mut errors: Vec<serde_json::Error> = positions
        .iter()
        .map(|&(line, column)| {
            let text = format!("{}{}x", "\n".repeat(line), " ".repeat(column));
            serde_json::from_str::<Value>(&text).expect_err("not JSON")
        })
        .collect();
    errors.push(<serde_json::Error as serde::de::Error>::custom(
        "no position",
    ));
    errors
}

fn damaged(seed: u64, style: Style, at: prop::sample::Index, byte: u8, how: u8) -> Vec<u8> {
    let mut g = Gen {
        rng: Rng::new(seed),
        buffered: Buffered::Anywhere,
    };
    let mut bytes = g.body().text(&style).into_bytes();
    let i = at.index(bytes.len() + 1);
    match how {
        0 => bytes.truncate(i),
        1 => bytes.insert(i, byte),
        2 if i < bytes.len() => bytes[i] = byte,
        _ if i < bytes.len() => {
            bytes.remove(i);
        }
        _ => {}
    }
    bytes
}

fn hostile() -> impl Strategy<Value = Vec<u8>> {
    let jsonish = prop::sample::select(
        b"{}[]\":,\\ \n\r\t0123456789-+.eEtrufalsn\x00\x7f\xc3\xa9\xff\xed\xa0\x80u".to_vec(),
    );
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..300),
        prop::collection::vec(jsonish, 0..300),
        (
            any::<u64>(),
            style(),
            any::<prop::sample::Index>(),
            any::<u8>(),
            0..4u8
        )
            .prop_map(|(seed, style, at, byte, how)| damaged(seed, style, at, byte, how)),
    ]
}

proptest! {
    #![proptest_config(config(1024))]

    /// Random bytes, JSON-like noise, and valid bodies cut short or with a byte added,
    /// changed or removed.
    #[test]
    fn hostile_bytes_never_panic(bytes in hostile(), line in 0..4usize, column in 0..400usize) {
        exercise(&bytes);
        for error in errors_at(&[(line, column), (0, bytes.len()), (1000, 0)]) {
            let _ = path_of(&bytes, &error); // an empty key makes an empty path, as in path_to_error
        }
    }
}

#[test]
fn hostile_bodies_never_panic() {
    let deep = |open: &str, n: usize| open.repeat(n).into_bytes();
    let mut bodies: Vec<Vec<u8>> = vec![
        deep("[", 200_000),
        deep("{", 1_000),
        deep(r#"{"a":"#, 50_000),
        deep(r#"{"data":["#, 20_000),
        [br#"{"data":{"zzz":"#.to_vec(), deep("[", 200_000)].concat(),
        [
            br#"{"data":{"zzz":"#.to_vec(),
            deep("[", 200_000),
            deep("]", 200_000),
        ]
        .concat(),
        [b"[".to_vec(), deep("1,", 100_000), b"\"x\"]".to_vec()].concat(),
        [deep("\n", 100_000), br#"{"data":7}"#.to_vec()].concat(),
        [
            deep("\r\n", 1_000),
            b"{\r\n\"data\"\r\n:\r\n[1,\r\n2\r\n".to_vec(),
        ]
        .concat(),
        [br#"{"data":""#.to_vec(), deep("\\", 100_001)].concat(),
        [br#"{""#.to_vec(), deep("\\\"", 50_000), br#"":1}"#.to_vec()].concat(),
    ];
    for text in [
        "",
        " ",
        "\"",
        "\"\\",
        "{\"",
        "{\"a",
        "{\"a\\",
        "{\"a\\\"",
        "{\"data\":\"abc",
        "{\"data\":\"abc\\",
        "[\"\\u12",
        "{\"\\ud800\":1}",
        "{\"a\\u\":1}",
        "}",
        "]",
        "}}]]",
        ",",
        ":",
        "{,}",
        "[,]",
        "{\"a\"::1}",
        "{\"data\":}",
        "{\"data\":,}",
        "{\"data\"}",
        "{\"data\" \"x\"}",
        "{:1}",
        "[1,]",
        "{\"a\":1,}",
        "nul",
        "-",
        "1e",
        "01",
        "1.",
        "\u{0}",
        "{\"data\":\u{0}}",
        "[]]",
        "{}}",
        "{\"data\":1}x",
        "{\"data\":[}",
        "{\"data\":{]",
        "\"\\uDFFF\"",
        "{\"data\":{\"\":{\"\":[\"\"]}}}",
    ] {
        bodies.push(text.as_bytes().to_vec());
    }
    for bytes in [
        &b"\xff"[..],
        b"\xff\xfe{\"a\":",
        b"{\"\xff\":1}",
        b"{\"data\":\"\xc3\"}",
        b"[\"\xed\xa0\x80\"]",
        b"\"\xc0\xaf\"",
        b"{\"data\xc3\":1}",
        b"{\"data\":{\"\xf0\x9f\x98\":1}}",
    ] {
        bodies.push(bytes.to_vec());
    }
    let errors = errors_at(&[(0, 0), (1, 1), (3, 50), (0, 10_000_000), (200_000, 3)]);
    for body in &bodies {
        exercise(body);
        for error in &errors {
            let _ = path_of(body, error);
        }
    }
}
