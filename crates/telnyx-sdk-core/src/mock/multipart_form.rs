//! Matching a `multipart/form-data` request body in a typed mock (features `mock` and
//! `multipart`).

use serde::Serialize;

use crate::multipart::FilePart;

/// The parts a mock expects in a `multipart/form-data` body: the generated `When::body(..)`
/// of an operation that sends a form builds one from the typed body, the same way the
/// client builds the form it sends (a file field as a file part, any other field as a text
/// part, unset optional fields left out, a list as one part per element).
///
/// A request matches when its `Content-Type` is `multipart/form-data` with a boundary and
/// its parts are exactly the expected ones: same names, same bytes, same file names and
/// content types, and no other part. Parts of different names may come in any order; parts
/// of the same name keep their order.
///
/// ```
/// use telnyx_sdk_core::mock::MultipartForm;
/// use telnyx_sdk_core::multipart::FilePart;
///
/// let form = MultipartForm::new()
///     .file("file", &FilePart::new(b"RIFF".to_vec()).file_name("a.wav"))
///     .text("model", &"distil-whisper");
/// let body = "--XyZ\r\n\
///     Content-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n\r\nRIFF\r\n\
///     --XyZ\r\n\
///     Content-Disposition: form-data; name=\"model\"\r\n\r\ndistil-whisper\r\n\
///     --XyZ--\r\n";
/// assert!(form.matches("multipart/form-data; boundary=XyZ", body.as_bytes()));
/// assert!(!form.matches("application/json", body.as_bytes()));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MultipartForm {
    parts: Vec<Part>,
    /// A text value that could not be encoded: the client refuses to send such a body, so
    /// no request can match.
    unencodable: bool,
}

/// One part, as sent or as expected.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Part {
    name: String,
    bytes: Vec<u8>,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl MultipartForm {
    /// A form that expects no part yet.
    pub fn new() -> Self {
        MultipartForm::default()
    }

    /// Expects a text part `name` holding `value` as the client sends it: a string as it
    /// is, any other value as its JSON text.
    #[must_use]
    pub fn text<T: Serialize>(mut self, name: &str, value: &T) -> Self {
        match crate::multipart::text(value) {
            Ok(text) => self.parts.push(Part {
                name: name.to_owned(),
                bytes: text.into_bytes(),
                file_name: None,
                content_type: None,
            }),
            Err(_) => self.unencodable = true,
        }
        self
    }

    /// Expects a file part `name` with the bytes, file name and content type of `file`.
    #[must_use]
    pub fn file(mut self, name: &str, file: &FilePart) -> Self {
        self.parts.push(Part {
            name: name.to_owned(),
            bytes: file.bytes().to_vec(),
            file_name: file.file_name.clone(),
            content_type: file.content_type.clone(),
        });
        self
    }

    /// Whether a body sent with this `Content-Type` holds exactly the expected parts.
    pub fn matches(&self, content_type: &str, body: &[u8]) -> bool {
        if self.unencodable {
            return false;
        }
        let Some(boundary) = boundary(content_type) else {
            return false;
        };
        let Some(mut received) = parse(&boundary, body) else {
            return false;
        };
        for expected in &self.parts {
            // the first part of that name still unmatched must be it: parts of one name
            // keep their order
            match received.iter().position(|p| p.name == expected.name) {
                Some(i) if received[i] == *expected => {
                    received.remove(i);
                }
                _ => return false,
            }
        }
        received.is_empty()
    }

    /// Adds the matcher to `when`: a `multipart/form-data` content type and exactly these
    /// parts.
    pub fn apply(self, when: httpmock::When) -> httpmock::When {
        when.is_true(move |request: &httpmock::HttpMockRequest| {
            let headers = request.headers();
            let content_type = headers
                .get(http::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            self.matches(content_type, request.body_ref())
        })
    }
}

/// The boundary of a `multipart/form-data` content type (quoted or not).
fn boundary(content_type: &str) -> Option<String> {
    let mut params = content_type.split(';');
    let mime = params.next()?.trim();
    if !mime.eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params.find_map(|p| {
        let (key, value) = p.split_once('=')?;
        if !key.trim().eq_ignore_ascii_case("boundary") {
            return None;
        }
        let value = value.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(value);
        (!value.is_empty()).then(|| value.to_owned())
    })
}

/// The parts of a multipart body (RFC 7578), or `None` when it is not well formed.
fn parse(boundary: &str, body: &[u8]) -> Option<Vec<Part>> {
    let delimiter = format!("--{boundary}").into_bytes();
    let next_delimiter = format!("\r\n--{boundary}").into_bytes();
    // anything before the first delimiter is a preamble, ignored
    let start = find(body, &delimiter)?;
    let mut rest = &body[start + delimiter.len()..];
    let mut parts = Vec::new();
    loop {
        if rest.starts_with(b"--") {
            return Some(parts);
        }
        rest = rest.strip_prefix(b"\r\n")?;
        let head_end = find(rest, b"\r\n\r\n")?;
        let head = std::str::from_utf8(&rest[..head_end]).ok()?;
        let after_head = &rest[head_end + 4..];
        let data_end = find(after_head, &next_delimiter)?;
        parts.push(part(head, after_head[..data_end].to_vec())?);
        rest = &after_head[data_end + next_delimiter.len()..];
    }
}

/// One part from its header lines and its bytes; `None` without a form-data name.
fn part(head: &str, bytes: Vec<u8>) -> Option<Part> {
    let mut name = None;
    let mut file_name = None;
    let mut content_type = None;
    for line in head.split("\r\n") {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let key = key.trim();
        if key.eq_ignore_ascii_case("content-disposition") {
            for param in value.split(';').skip(1) {
                let Some((k, v)) = param.split_once('=') else {
                    continue;
                };
                match k.trim() {
                    "name" => name = Some(unquote(v.trim())),
                    "name*" => name = ext_value(v.trim()),
                    "filename" => file_name = Some(unquote(v.trim())),
                    "filename*" => file_name = ext_value(v.trim()),
                    _ => {}
                }
            }
        } else if key.eq_ignore_ascii_case("content-type") {
            content_type = Some(value.trim().to_owned());
        }
    }
    Some(Part {
        name: name?,
        bytes,
        file_name,
        content_type,
    })
}

/// `"value"` without its quotes, `\"` and `\\` unescaped.
fn unquote(value: &str) -> String {
    let inner = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(value);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars.next() {
                out.push(next);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// An RFC 5987 value (`utf-8''percent%20encoded`), as reqwest writes a name or file name
/// that is not plain ASCII.
fn ext_value(value: &str) -> Option<String> {
    let (charset, rest) = value.split_once('\'')?;
    if !charset.eq_ignore_ascii_case("utf-8") {
        return None;
    }
    let (_language, encoded) = rest.split_once('\'')?;
    percent_encoding::percent_decode_str(encoded)
        .decode_utf8()
        .ok()
        .map(|s| s.into_owned())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || needle.len() > haystack.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(parts: &[&str]) -> Vec<u8> {
        let mut out = String::new();
        for p in parts {
            out.push_str("--b0undary\r\n");
            out.push_str(p);
            out.push_str("\r\n");
        }
        out.push_str("--b0undary--\r\n");
        out.into_bytes()
    }

    const CT: &str = "multipart/form-data; boundary=b0undary";

    #[test]
    fn parts_match_in_any_order_but_not_with_one_missing_or_extra() {
        let form = MultipartForm::new()
            .text("model", &"m1")
            .text("n", &3)
            .file("file", &FilePart::new(b"\x00\xffbin".to_vec()));
        let model = "Content-Disposition: form-data; name=\"model\"\r\n\r\nm1";
        let n = "Content-Disposition: form-data; name=\"n\"\r\n\r\n3";
        let texts_only = body(&[n, model]);
        // a binary (not UTF-8) file part first, then the text parts in another order
        let mut sent =
            b"--b0undary\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n\x00\xffbin\r\n"
                .to_vec();
        sent.extend_from_slice(&texts_only);
        assert!(form.matches(CT, &sent));
        assert!(!form.matches(CT, &texts_only), "file part missing");
        let mut extra =
            b"--b0undary\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\ny\r\n".to_vec();
        extra.extend_from_slice(&sent);
        assert!(!form.matches(CT, &extra), "an extra part");
        assert!(!form.matches("application/json", &sent));
        assert!(!form.matches("multipart/form-data", &sent), "no boundary");
    }

    #[test]
    fn file_names_content_types_and_encoded_names_are_compared() {
        let part = FilePart::new(b"%PDF".to_vec())
            .file_name("r\u{e9}sum\u{e9} \"1\".pdf")
            .content_type("application/pdf");
        let form = MultipartForm::new().file("doc", &part);
        let sent = body(&["Content-Disposition: form-data; name=\"doc\"; \
             filename*=utf-8''r%C3%A9sum%C3%A9%20%221%22.pdf\r\nContent-Type: application/pdf\r\n\r\n%PDF"]);
        assert!(form.matches(CT, &sent));
        let no_type = body(&["Content-Disposition: form-data; name=\"doc\"; \
             filename*=utf-8''r%C3%A9sum%C3%A9%20%221%22.pdf\r\n\r\n%PDF"]);
        assert!(!form.matches(CT, &no_type), "content type differs");
        let other_name = body(&["Content-Disposition: form-data; name=\"doc\"; \
             filename=\"other.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF"]);
        assert!(!form.matches(CT, &other_name), "file name differs");
    }

    #[test]
    fn same_named_parts_keep_their_order_and_broken_bodies_never_match() {
        let form = MultipartForm::new().text("tag", &"a").text("tag", &"b");
        let a = "Content-Disposition: form-data; name=\"tag\"\r\n\r\na";
        let b = "Content-Disposition: form-data; name=\"tag\"\r\n\r\nb";
        assert!(form.matches(CT, &body(&[a, b])));
        assert!(!form.matches(CT, &body(&[a, a])));
        assert!(
            !form.matches(CT, &body(&[b, a])),
            "same-named parts out of order"
        );
        for broken in [
            &b""[..],
            b"--b0undary",
            b"--b0undary\r\nContent-Disposition: form-data; name=\"tag\"\r\n\r\na",
            b"--b0undary\r\nno head end",
            b"--b0undary\r\nContent-Type: text/plain\r\n\r\na\r\n--b0undary--",
        ] {
            assert!(
                !form.matches(CT, broken),
                "{:?}",
                String::from_utf8_lossy(broken)
            );
        }
        assert!(
            MultipartForm::new().matches(CT, b"--b0undary--\r\n"),
            "empty form"
        );
    }

    #[test]
    fn boundaries_are_read_quoted_or_not() {
        assert_eq!(
            boundary("multipart/form-data; boundary=abc").as_deref(),
            Some("abc")
        );
        assert_eq!(
            boundary("Multipart/Form-Data; charset=x; Boundary=\"a b\"").as_deref(),
            Some("a b")
        );
        assert_eq!(boundary("multipart/form-data; boundary=\"\""), None);
        assert_eq!(boundary("multipart/mixed; boundary=abc"), None);
    }
}
