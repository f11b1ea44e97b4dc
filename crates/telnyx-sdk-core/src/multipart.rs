//! `multipart/form-data` request bodies (feature `multipart`).
//!
//! A generated operation whose body is a multipart form takes a typed body: its file fields
//! are [`FilePart`]s, its other fields ordinary values. The generated `send` turns the body
//! into a [`reqwest::multipart::Form`] with one part per field that is set.

use serde::{Deserialize, Serialize};

/// One file of a multipart body: its bytes, and optionally the file name and content type
/// sent with the part.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FilePart {
    bytes: Vec<u8>,
    pub(crate) file_name: Option<String>,
    pub(crate) content_type: Option<String>,
}

impl FilePart {
    /// A part holding `bytes`, sent without file name or content type.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        FilePart {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// Send the part with this file name (`filename=` of its `Content-Disposition`).
    #[must_use]
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Send the part with this content type (`application/pdf`, `image/jpeg`).
    #[must_use]
    pub fn content_type(mut self, mime: impl Into<String>) -> Self {
        self.content_type = Some(mime.into());
        self
    }

    /// The bytes of the file.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The part as reqwest sends it; an unparsable content type is an error.
    pub fn into_part(self) -> Result<reqwest::multipart::Part, String> {
        let mut part = reqwest::multipart::Part::bytes(self.bytes);
        if let Some(name) = self.file_name {
            part = part.file_name(name);
        }
        if let Some(mime) = self.content_type {
            part = part
                .mime_str(&mime)
                .map_err(|e| format!("invalid content type `{mime}` of a file part: {e}"))?;
        }
        Ok(part)
    }
}

impl From<Vec<u8>> for FilePart {
    fn from(bytes: Vec<u8>) -> Self {
        FilePart::new(bytes)
    }
}

impl From<&[u8]> for FilePart {
    fn from(bytes: &[u8]) -> Self {
        FilePart::new(bytes)
    }
}

/// The text of a non-file part: a string as it is, anything else as its JSON text
/// (`3`, `true`, `["a","b"]`).
pub fn text<T: Serialize>(value: &T) -> Result<String, String> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => Ok(s),
        Ok(other) => Ok(other.to_string()),
        Err(e) => Err(format!("cannot encode a multipart field: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_parts_keep_strings_and_encode_the_rest_as_json() {
        assert_eq!(text(&"hello").as_deref(), Ok("hello"));
        assert_eq!(text(&3).as_deref(), Ok("3"));
        assert_eq!(text(&vec!["a", "b"]).as_deref(), Ok("[\"a\",\"b\"]"));
    }

    #[test]
    fn a_file_part_checks_its_content_type() {
        let ok = FilePart::new(b"%PDF".to_vec())
            .file_name("a.pdf")
            .content_type("application/pdf");
        assert_eq!(ok.bytes(), b"%PDF");
        assert!(ok.into_part().is_ok());
        let bad = FilePart::new(Vec::new()).content_type("not a mime type");
        assert!(bad.into_part().is_err());
    }
}
