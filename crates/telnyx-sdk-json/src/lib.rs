//! How the Telnyx SDK decodes JSON: [`from_slice`] is `serde_json::from_slice`, and when it
//! fails the error names the path of the value that failed ([`JsonError::path`]).
//!
//! The path is found after the fact: [`path_of`] reads the body once more with a scanner
//! that knows only JSON's syntax, up to the byte where `serde_json` stopped. Nothing is
//! tracked while decoding, so a successful decode costs what `serde_json` costs, and each
//! type's decoder is compiled once (a path-tracking deserializer would be a second copy of
//! every decoder in the binary).
//!
//! ```
//! #[derive(serde::Deserialize, Debug)]
//! struct Room {
//!     #[allow(dead_code)]
//!     max_participants: u32,
//! }
//! #[derive(serde::Deserialize, Debug)]
//! struct Body {
//!     #[allow(dead_code)]
//!     data: Vec<Room>,
//! }
//!
//! let body = br#"{"data":[{"max_participants":5},{"max_participants":"ten"}]}"#;
//! let error = telnyx_sdk_json::from_slice::<Body>(body).unwrap_err();
//! assert_eq!(error.path(), "data[1].max_participants");
//! ```
//!
//! It also holds the null-field test every generated crate runs (`null_field_tests!`).

use std::fmt;

mod null_fields;

use serde::Deserialize;

/// A JSON body that did not decode: `serde_json`'s error and the path of the value that
/// failed.
#[derive(Debug)]
pub struct JsonError {
    path: String,
    source: serde_json::Error,
}

impl JsonError {
    /// The path of the value that failed, written as `serde_path_to_error` writes it:
    /// object keys joined by `.`, array indices in brackets (`data.items[2].id`), and `.`
    /// for the body as a whole.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What `serde_json` reported (its message, line and column).
    pub fn inner(&self) -> &serde_json::Error {
        &self.source
    }

    /// The path and `serde_json`'s error.
    pub fn into_parts(self) -> (String, serde_json::Error) {
        (self.path, self.source)
    }

    /// The same error for a value that was the member `key` of an object: the path starts
    /// with `key`.
    ///
    /// ```
    /// let error = telnyx_sdk_json::from_slice::<Vec<u8>>(b"[1,true]").unwrap_err().under("data");
    /// assert_eq!(error.path(), "data[1]");
    /// ```
    #[must_use]
    pub fn under(self, key: &str) -> Self {
        let path = if self.path == "." {
            key.to_owned()
        } else if self.path.starts_with('[') {
            format!("{key}{}", self.path)
        } else {
            format!("{key}.{}", self.path)
        };
        Self { path, ..self }
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at `{}`: {}", self.path, self.source)
    }
}

impl std::error::Error for JsonError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Decodes `bytes` as `T` with `serde_json`; on failure the error also names the path of
/// the value that failed. Trailing text after the value is an error, as in `serde_json`.
///
/// # Errors
///
/// [`JsonError`] when `bytes` is not JSON, or not a `T`.
pub fn from_slice<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> Result<T, JsonError> {
    serde_json::from_slice(bytes).map_err(|source| JsonError {
        path: path_of(bytes, &source),
        source,
    })
}

/// Decodes the member `key` of the JSON object `bytes` as `T` (the `data` of a webhook
/// body), without decoding the rest of the object as a type; `None` when `bytes` is not an
/// object with that member. A failure's path starts with `key`; the line and column in
/// `serde_json`'s message count from the start of the member's value.
///
/// ```
/// let body = br#"{"data":{"id":7},"meta":{"attempt":1}}"#;
/// let error = telnyx_sdk_json::from_member::<std::collections::HashMap<String, String>>(body, "data")
///     .expect("a member")
///     .unwrap_err();
/// assert_eq!(error.path(), "data.id");
/// assert!(telnyx_sdk_json::from_member::<u8>(body, "missing").is_none());
/// ```
pub fn from_member<'a, T: Deserialize<'a>>(
    bytes: &'a [u8],
    key: &str,
) -> Option<Result<T, JsonError>> {
    let value = member(bytes, key)?;
    Some(from_slice(value).map_err(|e| e.under(key)))
}

/// The text of the member `key` of the JSON object `bytes` (the first with that key);
/// `None` when `bytes` does not start as an object with that member. Only the members before
/// it and its own extent are read: the rest of `bytes` is not checked (the webhook decoder
/// has read the whole body as JSON before).
pub fn member<'a>(bytes: &'a [u8], key: &str) -> Option<&'a [u8]> {
    let mut pos = skip_blanks(bytes, 0);
    if bytes.get(pos) != Some(&b'{') {
        return None;
    }
    pos += 1;
    loop {
        pos = skip_blanks(bytes, pos);
        if bytes.get(pos) != Some(&b'"') {
            return None;
        }
        let key_end = string_end(bytes, pos + 1);
        let name = unescape(bytes.get(pos + 1..key_end.saturating_sub(1))?);
        pos = skip_blanks(bytes, key_end);
        if bytes.get(pos) != Some(&b':') {
            return None;
        }
        let start = skip_blanks(bytes, pos + 1);
        let end = value_end(bytes, start)?;
        if name == key {
            return bytes.get(start..end);
        }
        pos = skip_blanks(bytes, end);
        match bytes.get(pos) {
            Some(b',') => pos += 1,
            _ => return None,
        }
    }
}

fn skip_blanks(bytes: &[u8], mut pos: usize) -> usize {
    while bytes.get(pos).is_some_and(u8::is_ascii_whitespace) {
        pos += 1;
    }
    pos
}

/// The offset just after the value that starts at `start`.
fn value_end(bytes: &[u8], start: usize) -> Option<usize> {
    match bytes.get(start)? {
        b'"' => Some(string_end(bytes, start + 1)),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut pos = start;
            while let Some(&b) = bytes.get(pos) {
                match b {
                    b'"' => {
                        pos = string_end(bytes, pos + 1);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return Some(pos + 1);
                        }
                    }
                    _ => {}
                }
                pos += 1;
            }
            None
        }
        _ => {
            let mut pos = start;
            while bytes.get(pos).is_some_and(|&b| !is_delimiter(b)) {
                pos += 1;
            }
            (pos > start).then_some(pos)
        }
    }
}

/// The path of the value at which decoding `bytes` failed with `error` (an error that
/// `serde_json` returned for these same bytes). `.` when the error has no position, or
/// concerns the body as a whole.
pub fn path_of(bytes: &[u8], error: &serde_json::Error) -> String {
    if error.line() == 0 {
        return ".".to_owned();
    }
    let at = offset_of(bytes, error.line(), error.column());
    // errors that a decoder reports when it reaches the end of an object or array are
    // about that container, not about its last member
    let message = error.to_string();
    let hints = Hints {
        about_container: ["missing field", "invalid length", "duplicate field"]
            .iter()
            .any(|m| message.starts_with(m)),
        container_of_wrong_type: message.starts_with("invalid type: map")
            || message.starts_with("invalid type: sequence"),
        unknown_field: message.starts_with("unknown field"),
    };
    Scanner::new(bytes).path_at(at, &hints)
}

/// The byte offset of a `serde_json` position: line counted from 1, column in bytes from
/// the start of the line (the number of bytes `serde_json` had read on it).
fn offset_of(bytes: &[u8], line: usize, column: usize) -> usize {
    let mut start = 0;
    let mut lines_before = line.saturating_sub(1);
    while lines_before > 0 {
        match bytes
            .get(start..)
            .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
        {
            Some(newline) => start += newline + 1,
            None => break,
        }
        lines_before -= 1;
    }
    start.saturating_add(column).min(bytes.len())
}

/// What `serde_json`'s message says about where its error lies.
struct Hints {
    /// Reported on reaching the end of an object or array, about that container rather
    /// than its last member (a missing field, a wrong length, a duplicate key).
    about_container: bool,
    /// An object or array where another type belongs: reported before its first byte.
    container_of_wrong_type: bool,
    /// A key the type does not take: reported at the key.
    unknown_field: bool,
}

/// How deep the scanner follows nested containers. `serde_json` decodes no deeper than 128
/// levels; below this, the path names the container at this depth (and memory stays bounded
/// for a body of nothing but brackets).
const MAX_DEPTH: usize = 256;

/// One step of a path.
#[derive(Clone, Debug)]
enum Segment {
    Key(String),
    Index(usize),
}

/// An object or array being read.
struct Frame {
    /// How the container is reached from its parent (`None` for the body itself).
    segment: Option<Segment>,
    object: bool,
    /// The key of the member being read (objects).
    key: Option<String>,
    /// The index of the element being read (arrays).
    index: usize,
    /// Objects: the next string is a key.
    expect_key: bool,
}

impl Frame {
    fn child(&self) -> Option<Segment> {
        if self.object {
            self.key.clone().map(Segment::Key)
        } else {
            Some(Segment::Index(self.index))
        }
    }
}

/// JSON's syntax, read up to a byte offset. It never fails: a byte that is not JSON ends
/// the value it is in, and the path is that of the values open at that point.
struct Scanner<'a> {
    bytes: &'a [u8],
    stack: Vec<Frame>,
    /// The last value that ended in the innermost open container: where it ended, and its
    /// step from that container.
    last: Option<(usize, Option<Segment>)>,
    /// Where the last token was an opening `{` / `[` or a `,`: its offset.
    opened: Option<usize>,
    comma: Option<usize>,
}

impl<'a> Scanner<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            stack: Vec::new(),
            last: None,
            opened: None,
            comma: None,
        }
    }

    /// The path of the value that `serde_json` was reading when it stopped after `at`
    /// bytes. An error found at the end of a container names the container when
    /// `hints.about_container`; otherwise it names the container's last member (an error
    /// that a member's decoder returned after reading all of it, as an untagged union's
    /// does, is positioned where the container resumed).
    fn path_at(mut self, at: usize, hints: &Hints) -> String {
        let bytes = self.bytes;
        let mut pos = 0;
        loop {
            while bytes.get(pos).is_some_and(|b| b.is_ascii_whitespace()) {
                pos += 1;
            }
            let Some(&b) = bytes.get(pos) else {
                return self.between(at);
            };
            if pos >= at {
                // a value rejected by its opening `[` / `{` alone (an enum given an array):
                // serde_json stops just after that byte
                if !hints.container_of_wrong_type && self.opened.is_some_and(|o| o + 1 == at) {
                    return self.render(&[]);
                }
                let key = self.stack.last().is_some_and(|f| f.object && f.expect_key);
                if pos == at && !key && !matches!(b, b',' | b':' | b'}' | b']') {
                    // an array element that failed after it was read: serde_json has read
                    // on past the `,` that follows it
                    let in_array = self.stack.last().is_some_and(|f| !f.object);
                    if in_array
                        && self.comma.is_some()
                        && !hints.container_of_wrong_type
                        && let Some((_, segment)) = &self.last
                    {
                        return self.render(std::slice::from_ref(segment));
                    }
                    // a decoder that rejects a value by its first byte stops before it
                    return self.render(&[self.stack.last().and_then(Frame::child)]);
                }
                return self.between(at);
            }
            self.opened = None;
            self.comma = None;
            match b {
                b'{' | b'[' => {
                    if self.stack.len() >= MAX_DEPTH {
                        return self.render(&[]);
                    }
                    self.opened = Some(pos);
                    let segment = self.stack.last().and_then(Frame::child);
                    self.stack.push(Frame {
                        segment,
                        object: b == b'{',
                        key: None,
                        index: 0,
                        expect_key: b == b'{',
                    });
                    self.last = None;
                    pos += 1;
                }
                b'}' | b']' => {
                    pos += 1;
                    let Some(frame) = self.stack.pop() else {
                        return ".".to_owned();
                    };
                    if at <= pos {
                        let member = match &self.last {
                            Some((end, segment))
                                if !hints.about_container && self.blank(*end, pos - 1) =>
                            {
                                segment.clone()
                            }
                            _ => None,
                        };
                        return self.render(&[frame.segment, member]);
                    }
                    self.last = Some((pos, frame.segment));
                }
                b',' => {
                    self.comma = Some(pos);
                    pos += 1;
                    if let Some(frame) = self.stack.last_mut() {
                        if frame.object {
                            frame.expect_key = true;
                            frame.key = None;
                        } else {
                            frame.index += 1;
                        }
                    }
                }
                b':' => pos += 1,
                b'"' => {
                    let start = pos;
                    pos = string_end(bytes, pos + 1);
                    let is_key = self.stack.last().is_some_and(|f| f.object && f.expect_key);
                    if is_key {
                        let raw = bytes
                            .get(start + 1..pos.saturating_sub(1))
                            .unwrap_or_default();
                        if at <= pos {
                            // a key the type does not take is named; any other error at a
                            // key (a duplicate) is the object's
                            let key = hints.unknown_field.then(|| Segment::Key(unescape(raw)));
                            return self.render(&[key]);
                        }
                        if let Some(frame) = self.stack.last_mut() {
                            frame.key = Some(unescape(raw));
                            frame.expect_key = false;
                        }
                        self.last = None;
                    } else {
                        let segment = self.stack.last().and_then(Frame::child);
                        if at <= pos {
                            return self.render(&[segment]);
                        }
                        self.last = Some((pos, segment));
                    }
                }
                _ => {
                    // a number, `true`, `false`, `null`, or bytes that are not JSON
                    let start = pos;
                    while bytes.get(pos).is_some_and(|&b| !is_delimiter(b)) {
                        pos += 1;
                    }
                    pos = pos.max(start + 1);
                    let segment = self.stack.last().and_then(Frame::child);
                    if at <= pos {
                        return self.render(&[segment]);
                    }
                    self.last = Some((pos, segment));
                }
            }
        }
    }

    /// `at` lies between values: the value that ended just before it (with only blanks
    /// between), else the innermost open container.
    fn between(&self, at: usize) -> String {
        match &self.last {
            Some((end, segment)) if *end <= at && self.blank(*end, at) => {
                self.render(std::slice::from_ref(segment))
            }
            _ => self.render(&[]),
        }
    }

    fn blank(&self, from: usize, to: usize) -> bool {
        self.bytes
            .get(from..to)
            .is_some_and(|gap| gap.iter().all(u8::is_ascii_whitespace))
    }

    /// The open containers' steps, then `more`.
    fn render(&self, more: &[Option<Segment>]) -> String {
        let mut out = String::new();
        let mut any = false;
        let steps = self
            .stack
            .iter()
            .map(|f| &f.segment)
            .chain(more.iter())
            .flatten();
        for step in steps {
            match step {
                // an empty key is a step too: `{"":{"a":1}}` has `.a`
                Segment::Key(key) => {
                    if any {
                        out.push('.');
                    }
                    out.push_str(key);
                }
                Segment::Index(i) => out.push_str(&format!("[{i}]")),
            }
            any = true;
        }
        if !any {
            out.push('.');
        }
        out
    }
}

fn is_delimiter(b: u8) -> bool {
    matches!(b, b',' | b':' | b'{' | b'}' | b'[' | b']' | b'"') || b.is_ascii_whitespace()
}

/// The offset just after the closing quote of a string whose text starts at `from` (or the
/// end of the input when it is not closed).
fn string_end(bytes: &[u8], from: usize) -> usize {
    let mut pos = from;
    while let Some(&b) = bytes.get(pos) {
        pos += 1;
        match b {
            b'"' => return pos,
            b'\\' => pos += 1,
            _ => {}
        }
    }
    bytes.len()
}

/// The text of a JSON string's contents (a key); escapes decoded, anything invalid kept as
/// U+FFFD.
fn unescape(raw: &[u8]) -> String {
    if !raw.contains(&b'\\') {
        return String::from_utf8_lossy(raw).into_owned();
    }
    let mut quoted = Vec::with_capacity(raw.len() + 2);
    quoted.push(b'"');
    quoted.extend_from_slice(raw);
    quoted.push(b'"');
    serde_json::from_slice::<String>(&quoted)
        .unwrap_or_else(|_| String::from_utf8_lossy(raw).into_owned())
}

#[cfg(test)]
mod tests;
