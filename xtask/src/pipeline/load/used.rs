//! Stage 1 for a document many domains share (a vendor spec, `regen --spec`): parse only the
//! parts the manifest's domains use.
//!
//! The vendor spec is a 4 MB document of some 1,100 operations, and the five domains of the
//! SDK use about a tenth of it. So the text is first cut into entries at line starts,
//! without parsing it: each top-level key, each path item, each component. Then:
//! - the top-level sections other than `components` are parsed, and the path items the
//!   caller's [`PathItems`] test keeps, in parallel chunks. A domain selects operations by
//!   their tags and ids, and the test (`slice::might_select`) keeps each path item where
//!   one of those names may be written, from its text: about a fifth of them;
//! - `seeds` names the components the selected operations (or named schemas) refer to;
//! - those are parsed, then whatever they refer to, until the `$ref` closure is complete
//!   (on every core, from one shared queue).
//!
//! Slicing the result gives the same slices as slicing the whole document: it holds every
//! path item and every component a slice can reach (a test checks it on both reference
//! specs, for every domain alone and for all of them together).
//!
//! Cutting at line starts relies on YAML block indentation: an entry of a block mapping
//! starts on a line indented exactly as its siblings, and everything inside it (nested
//! mappings, block scalars, continuation lines) is indented further. Whatever the cut cannot
//! read for certain sends the whole document to the full parser ([`super::parse`]), so the
//! result, or the error with its line, is the full parser's:
//! - a tab in an indentation, a directive, a second document, a line break other than
//!   `\n` or `\r\n`, a document with no top-level key;
//! - a `paths` or `components` that is a block sequence (one in flow style or a scalar is
//!   parsed whole, with the other top-level sections);
//! - a component name that is not a plain name (it is then read by parsing its line alone,
//!   and that must give one string key);
//! - two entries with one key (top-level, kinds of component, components of a kind);
//! - a fragment that does not parse, or not as a mapping with the keys the cut found. Each
//!   top-level entry, each chunk of path items and each component is parsed on its own, so
//!   an alias to an anchor outside its fragment fails too.
//!
//! A quoted scalar or a flow collection may continue on a line indented less than its own
//! entry (emitters indent continuations, but YAML allows it), and the cut then takes that
//! line for the start of an entry:
//! - at the level of top-level keys or kinds, the component or path item it interrupts is
//!   the last of its kind or of `paths`, cut short. Those are always parsed, fail, and the
//!   full parser reads the document;
//! - at the level of components, it makes a component `name` the document does not have,
//!   and cuts the one before it short (which fails if used). The made-up component matters
//!   only to a `$ref` to `name`, which the full document would report as dangling.
//!
//! A syntax error in a component nothing uses, or in a path item the test leaves out, is not
//! reported: it cannot change a slice.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::{Map, Value};

use crate::error::{SpecError, unescape};

/// Read `path` and parse the parts the caller uses (see the module doc). `seeds` reads the
/// document without its components and returns the `#/components/...` pointers (without
/// the `#`) it needs; every kind of component named in `whole` is kept whole.
pub fn load_used(
    path: &Path,
    path_items: &PathItems,
    seeds: impl Fn(&Value) -> Vec<String>,
    whole: &[&str],
) -> Result<Value, SpecError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| SpecError::new(path, "", format!("cannot read file: {e}")))?;
    parse_used(path, &text, path_items, seeds, whole)
}

/// Which path items [`load_used`] parses, told from their text: a path item the caller's
/// test says no to is left out of the document. The test must say yes to every path item
/// whose operations the caller may use (it may say yes to more).
pub type PathItems = dyn Fn(&str) -> bool + Sync;

/// The [`PathItems`] test that keeps every path item.
#[cfg(test)]
fn every_path_item(_: &str) -> bool {
    true
}

/// [`load_used`] on text already read; `path` names it in errors and picks the format.
pub fn parse_used(
    path: &Path,
    text: &str,
    path_items: &PathItems,
    seeds: impl Fn(&Value) -> Vec<String>,
    whole: &[&str],
) -> Result<Value, SpecError> {
    let used = if super::is_json(path, text) {
        None
    } else {
        Outline::cut(text).and_then(|outline| outline.parse(path_items, &seeds, whole))
    };
    match used {
        Some(doc) => {
            super::check_version(path, &doc)?;
            Ok(doc)
        }
        None => super::parse(path, text),
    }
}

/// A YAML document cut into entries, nothing parsed yet.
#[derive(Debug)]
struct Outline<'t> {
    /// The top-level entries other than `paths` and `components`, each whole.
    rest: Vec<&'t str>,
    /// The body of `paths`, when it is a block mapping: one text per path item, in order,
    /// contiguous. (Otherwise `paths` is one of `rest`.)
    paths: Option<Vec<&'t str>>,
    /// `components`, by kind: each component's name and text. A kind that is not a block
    /// mapping (`callbacks: {}`) is one entry of `whole_kinds` instead.
    components: BTreeMap<String, BTreeMap<String, &'t str>>,
    whole_kinds: Vec<&'t str>,
    /// The last component of each kind (name, text), parsed whatever is used: see
    /// [`Outline::parse`].
    last_of_kinds: Vec<(String, &'t str)>,
}

impl<'t> Outline<'t> {
    /// Cut `text`, or `None` where the cut is not certain (see the module doc).
    fn cut(text: &'t str) -> Option<Outline<'t>> {
        if text.starts_with('%') || text.starts_with('\u{feff}') || has_other_line_breaks(text) {
            return None;
        }
        let lines = content_lines(text)?;
        let mut outline = Outline {
            rest: Vec::new(),
            paths: None,
            components: BTreeMap::new(),
            whole_kinds: Vec::new(),
            last_of_kinds: Vec::new(),
        };
        let mut seen_top = BTreeSet::new();
        let tops = entries(text, &lines, text.len())?;
        if tops.is_empty() {
            return None;
        }
        for top in tops {
            let (key, inline) = plain_key(top.text)?;
            if !seen_top.insert(key) {
                return None;
            }
            match (key, inline, top.body.is_empty()) {
                ("paths", false, false) => {
                    let items = entries(text, top.body, top.end)?;
                    outline.paths = Some(items.iter().map(|e| e.text).collect());
                }
                ("components", false, false) => {
                    let mut seen_kinds = BTreeSet::new();
                    for kind in entries(text, top.body, top.end)? {
                        let (name, inline) = plain_key(kind.text)?;
                        if !seen_kinds.insert(name) {
                            return None;
                        }
                        if inline || kind.body.is_empty() {
                            outline.whole_kinds.push(kind.text);
                            continue;
                        }
                        let mut named = BTreeMap::new();
                        let mut last = None;
                        for component in entries(text, kind.body, kind.end)? {
                            let name = component_name(component.text)?;
                            last = Some((name.clone(), component.text));
                            if named.insert(name, component.text).is_some() {
                                return None;
                            }
                        }
                        outline.last_of_kinds.extend(last);
                        outline.components.insert(name.to_string(), named);
                    }
                }
                _ => outline.rest.push(top.text),
            }
        }
        Some(outline)
    }

    /// Parse what the caller uses; `None` sends the document to the full parser.
    fn parse(
        &self,
        path_items: &PathItems,
        seeds: &impl Fn(&Value) -> Vec<String>,
        whole: &[&str],
    ) -> Option<Value> {
        // Each top-level entry on its own: an alias in one cannot reach an anchor in another
        // (joined, they could, where the document has other entries between them).
        let mut doc = Map::new();
        for entry in &self.rest {
            let Value::Object(map) = parse_mapping(entry, 1)? else {
                return None;
            };
            doc.extend(map);
        }
        // A line the cut took for the start of a kind or a top-level key, while it continues
        // a quoted scalar or a flow collection, cuts the component before it short, and that
        // is the last of its kind: parsed here, it fails, and the full parser reads the file.
        for (name, text) in &self.last_of_kinds {
            parse_named(text, name)?;
        }
        if let Some(items) = &self.paths {
            doc.insert(
                "paths".into(),
                Value::Object(parse_paths(items, path_items)?),
            );
        }
        let mut doc = Value::Object(doc);
        // The `$ref` closure, from what the caller names (`Outline::closure`).
        let queue: Vec<String> = seeds(&doc);
        let mut components = Map::new();
        for kind in &self.whole_kinds {
            let Value::Object(map) = parse_mapping(kind, 1)? else {
                return None;
            };
            components.extend(map);
        }
        for kind in whole {
            if let Some(named) = self.components.get(*kind) {
                let mut out = Map::new();
                for (name, text) in named {
                    out.insert(name.clone(), parse_named(text, name)?);
                }
                components.insert((*kind).to_string(), Value::Object(out));
            }
        }
        for (kind, name, node) in self.closure(queue, whole)? {
            let kind_map = components
                .entry(kind)
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(kind_map) = kind_map {
                kind_map.insert(name, node);
            }
        }
        let has_components = !self.components.is_empty() || !self.whole_kinds.is_empty();
        if has_components && let Value::Object(doc) = &mut doc {
            doc.insert("components".into(), Value::Object(components));
        }
        Some(doc)
    }
}

impl Outline<'_> {
    /// The components the `$ref` closure of `seeds` reaches, `(kind, name, value)` each,
    /// outside the kinds in `whole`; `None` if one does not parse. Parsed on every core: each
    /// worker takes the next pointer from the shared queue and adds what it refers to, until
    /// the queue is empty and no worker is parsing.
    fn closure(&self, seeds: Vec<String>, whole: &[&str]) -> Option<Vec<(String, String, Value)>> {
        use std::sync::{Condvar, Mutex};
        struct Shared {
            queue: Vec<String>,
            done: BTreeSet<String>,
            out: Vec<(String, String, Value)>,
            parsing: usize,
            failed: bool,
        }
        let shared = Mutex::new(Shared {
            queue: seeds,
            done: BTreeSet::new(),
            out: Vec::new(),
            parsing: 0,
            failed: false,
        });
        let changed = Condvar::new();
        // the next component to parse, or `None` when there is none left
        let take = |state: &mut Shared| -> Option<(String, String, &str)> {
            while let Some(target) = state.queue.pop() {
                if !state.done.insert(target.clone()) {
                    continue;
                }
                let segments: Vec<String> = target.split('/').skip(1).map(unescape).collect();
                let [components_key, kind, name] = segments.as_slice() else {
                    continue;
                };
                if components_key != "components" || whole.contains(&kind.as_str()) {
                    continue;
                }
                // Not found: the document has no such component (the cut finds every line
                // that starts an entry), and the slicer reports it with the place of the
                // `$ref`.
                if let Some(text) = self.components.get(kind).and_then(|named| named.get(name)) {
                    return Some((kind.clone(), name.clone(), text));
                }
            }
            None
        };
        let work = || {
            let Ok(mut state) = shared.lock() else { return };
            loop {
                if state.failed {
                    return;
                }
                let Some((kind, name, text)) = take(&mut state) else {
                    if state.parsing == 0 {
                        changed.notify_all();
                        return;
                    }
                    state = match changed.wait(state) {
                        Ok(state) => state,
                        Err(_) => return,
                    };
                    continue;
                };
                state.parsing += 1;
                drop(state);
                let node = parse_named(text, &name);
                let mut refs = Vec::new();
                if let Some(node) = &node {
                    local_refs(node, &mut refs);
                }
                state = match shared.lock() {
                    Ok(state) => state,
                    Err(_) => return,
                };
                state.parsing -= 1;
                match node {
                    Some(node) => {
                        state.queue.extend(refs);
                        state.out.push((kind, name, node));
                    }
                    None => state.failed = true,
                }
                changed.notify_all();
            }
        };
        let jobs = std::thread::available_parallelism().map_or(2, |n| n.get());
        std::thread::scope(|scope| {
            for _ in 1..jobs {
                scope.spawn(work);
            }
            work();
        });
        let state = shared.into_inner().ok()?;
        (!state.failed && state.queue.is_empty()).then_some(state.out)
    }
}

/// Every path item, parsed in one contiguous chunk per core.
fn parse_paths(all: &[&str], path_items: &PathItems) -> Option<Map<String, Value>> {
    // The last path item is parsed whatever the test says: a line the cut took for a
    // top-level key may have cut it short (see the module doc). The others left out must
    // have keys the parsed ones do not: two path items with one key are the full parser's.
    let jobs = std::thread::available_parallelism().map_or(2, |n| n.get());
    // the test reads every path item's text: on every core
    let kept: Vec<bool> = std::thread::scope(|scope| {
        let handles: Vec<_> = chunks_by_size(all, jobs)
            .into_iter()
            .map(|items| {
                let tested = scope.spawn(move || items.iter().map(|i| path_items(i)).collect());
                (items.len(), tested)
            })
            .collect();
        // a test that panicked keeps its whole chunk
        handles
            .into_iter()
            .flat_map(|(len, h)| h.join().unwrap_or_else(|_| vec![true; len]))
            .collect()
    });
    let mut paths: Vec<&str> = Vec::with_capacity(all.len());
    let mut left_out: BTreeSet<&str> = BTreeSet::new();
    for (i, item) in all.iter().enumerate() {
        if i + 1 == all.len() || kept.get(i).is_none_or(|k| *k) {
            paths.push(item);
            continue;
        }
        match raw_key(item) {
            Some(key) if left_out.insert(key) => {}
            _ => paths.push(item),
        }
    }
    let chunks = chunks_by_size(&paths, jobs);
    let parsed: Vec<Option<Value>> = std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .iter()
            .map(|items| scope.spawn(move || parse_mapping(&items.concat(), items.len())))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().ok().flatten())
            .collect()
    });
    let mut paths = Map::new();
    for chunk in parsed {
        let Value::Object(map) = chunk? else {
            return None;
        };
        for (k, v) in map {
            if left_out.contains(k.as_str()) || paths.insert(k, v).is_some() {
                return None;
            }
        }
    }
    Some(paths)
}

/// `items` cut into at most `jobs` contiguous runs of about the same size in bytes.
fn chunks_by_size<'a, 't>(items: &'a [&'t str], jobs: usize) -> Vec<&'a [&'t str]> {
    let total: usize = items.iter().map(|p| p.len()).sum();
    let per_chunk = total / jobs.max(1) + 1;
    let mut chunks = Vec::new();
    let (mut from, mut size) = (0, 0);
    for (i, item) in items.iter().enumerate() {
        size += item.len();
        if size >= per_chunk || i + 1 == items.len() {
            chunks.push(&items[from..=i]);
            (from, size) = (i + 1, 0);
        }
    }
    chunks
}

/// The key of a path item as written, when it is a plain scalar on the item's first line
/// (`/rooms/{room_id}:`); `None` for a quoted or complex key, which is parsed instead.
fn raw_key(item: &str) -> Option<&str> {
    let line = item.lines().next()?.trim_start_matches(' ');
    if line.starts_with(['"', '\'', '?', '&', '*', '!', '|', '>', '[', '{', '#']) {
        return None;
    }
    let end = line
        .find(": ")
        .or_else(|| line.trim_end().strip_suffix(':').map(str::len))?;
    let key = line[..end].trim_end();
    (!key.is_empty() && !key.contains(" #")).then_some(key)
}

/// Whether `text` breaks a line other than with `\n` or `\r\n`: a lone `\r`, or NEL, LS or
/// PS, which the YAML parser also reads as line breaks.
fn has_other_line_breaks(text: &str) -> bool {
    let bytes = text.as_bytes();
    // one search per character (`str::contains` with one `char` runs a fast byte search; a
    // set of them decodes every character)
    ['\u{85}', '\u{2028}', '\u{2029}']
        .into_iter()
        .any(|c| text.contains(c))
        || text
            .match_indices('\r')
            .any(|(i, _)| bytes.get(i + 1) != Some(&b'\n'))
}

/// A line that holds something (not blank, not only a comment): where it starts, its
/// indentation, and whether it is a sequence item (`- a`).
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    indent: usize,
    item: bool,
}

/// Every line of `text` that holds something, in one pass; `None` at a tab in an
/// indentation or a document marker (`---`, `...`).
fn content_lines(text: &str) -> Option<Vec<Line>> {
    /// From this size on, the two halves are read on two threads.
    const SPLIT_FROM: usize = 1 << 20;
    let jobs = std::thread::available_parallelism().map_or(2, |n| n.get());
    // the first line start after the middle
    let middle = text.len() / 2;
    let split = text.as_bytes()[middle..]
        .iter()
        .position(|&b| b == b'\n')
        .map(|i| middle + i + 1);
    match split {
        Some(split) if text.len() >= SPLIT_FROM && jobs > 1 => {
            let (head, tail) = std::thread::scope(|scope| {
                let tail = scope.spawn(|| lines_between(text, split, text.len()));
                let head = lines_between(text, 0, split);
                (head, tail.join().ok().flatten())
            });
            let mut lines = head?;
            lines.extend(tail?);
            Some(lines)
        }
        _ => lines_between(text, 0, text.len()),
    }
}

/// [`content_lines`] of the lines that start in `from..to` (`from` a line start).
fn lines_between(text: &str, from: usize, to: usize) -> Option<Vec<Line>> {
    let mut lines = Vec::with_capacity((to - from) / 32);
    let mut start = from;
    while start < to {
        let end = text[start..]
            .find('\n')
            .map_or(text.len(), |i| start + i + 1);
        let line = &text.as_bytes()[start..end];
        let indent = line.iter().take_while(|&&b| b == b' ').count();
        let rest = &line[indent..];
        match rest.first() {
            None | Some(b'\n' | b'\r' | b'#') => {}
            Some(b'\t') => return None,
            Some(_) if indent == 0 && (rest.starts_with(b"---") || rest.starts_with(b"...")) => {
                return None;
            }
            Some(&first) => lines.push(Line {
                start,
                indent,
                item: first == b'-' && matches!(rest.get(1), None | Some(b' ' | b'\n' | b'\r')),
            }),
        }
        start = end;
    }
    Some(lines)
}

/// One entry of a block mapping: its text (from its key line to the next entry), and the
/// lines of its value with where they end.
struct Entry<'t, 'l> {
    text: &'t str,
    body: &'l [Line],
    end: usize,
}

/// The entries of the block mapping made of `lines` (which ends at `end` in `text`): each
/// starts on a line indented as the first one is, and runs to the next such line. A sequence
/// item at an entry's own indentation (`key:\n- a`) belongs to that entry; a line indented
/// less than the entries, or a first line that is a sequence item, is not a block mapping.
fn entries<'t, 'l>(text: &'t str, lines: &'l [Line], end: usize) -> Option<Vec<Entry<'t, 'l>>> {
    let Some(first) = lines.first() else {
        return Some(Vec::new());
    };
    if first.item {
        return None;
    }
    let level = first.indent;
    let mut starts = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.indent < level {
            return None;
        }
        if line.indent == level && !line.item {
            starts.push(i);
        }
    }
    let mut out = Vec::with_capacity(starts.len());
    for (k, &i) in starts.iter().enumerate() {
        let next = starts.get(k + 1).copied();
        let to = next.map_or(end, |n| lines[n].start);
        out.push(Entry {
            text: text.get(lines[i].start..to)?,
            body: &lines[i + 1..next.unwrap_or(lines.len())],
            end: to,
        });
    }
    Some(out)
}

/// The key of an entry whose key line is `key:` (then `false`) or `key: value` (then `true`),
/// where `key` is a plain YAML name; `None` for anything else.
fn plain_key(entry: &str) -> Option<(&str, bool)> {
    let line = entry.lines().next()?.trim_start_matches(' ');
    let colon = line.find(':')?;
    let key = &line[..colon];
    let after = &line[colon + 1..];
    if !is_plain_name(key) || !(after.is_empty() || after.starts_with(' ')) {
        return None;
    }
    let value = after.trim();
    Some((key, !(value.is_empty() || value.starts_with('#'))))
}

/// A component's name: its key when plain, or else read by parsing the key line alone,
/// which must give a mapping with one string key.
fn component_name(entry: &str) -> Option<String> {
    if let Some((key, _)) = plain_key(entry) {
        return Some(key.to_string());
    }
    let line = entry.lines().next()?.trim();
    match serde_yaml_ng::from_str::<serde_yaml_ng::Mapping>(line).ok()? {
        map if map.len() == 1 => map.keys().next()?.as_str().map(str::to_string),
        _ => None,
    }
}

/// Whether the YAML parser reads `key` as exactly this string: an OpenAPI component name
/// (letters, digits, `.`, `-`, `_`) that starts with a letter or `_` and is not a word YAML
/// reads as a boolean or null.
fn is_plain_name(key: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        && !["true", "false", "null", "yes", "no", "on", "off", "y", "n"]
            .iter()
            .any(|w| key.eq_ignore_ascii_case(w))
}

/// Parse a fragment that must be a mapping of exactly `keys` entries.
fn parse_mapping(text: &str, keys: usize) -> Option<Value> {
    if text.is_empty() {
        return (keys == 0).then(|| Value::Object(Map::new()));
    }
    match serde_yaml_ng::from_str::<Value>(text).ok()? {
        Value::Object(map) if map.len() == keys => Some(Value::Object(map)),
        _ => None,
    }
}

/// Parse one component, which must be the mapping `{name: value}`; its value.
fn parse_named(text: &str, name: &str) -> Option<Value> {
    match parse_mapping(text, 1)? {
        Value::Object(mut map) => map.remove(name),
        _ => None,
    }
}

/// Push the target of every local `$ref` under `node` (`#/components/x/y` as `/components/x/y`),
/// without where each was found (the slicer's own walk records that, for its errors).
pub fn local_refs(node: &Value, out: &mut Vec<String>) {
    match node {
        Value::Object(map) => {
            for (k, v) in map {
                if k != "$ref" {
                    local_refs(v, out);
                } else if let Some(target) = v.as_str().and_then(|r| r.strip_prefix('#')) {
                    out.push(target.to_string());
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| local_refs(v, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests;
