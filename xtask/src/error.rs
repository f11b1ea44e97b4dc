//! One error type for everything the generator can reject.
//!
//! A [`SpecError`] always names the file it came from, the operation it concerns (when
//! there is one) and a JSON pointer into the document, so a maintainer can jump straight
//! to the offending spot of a spec that is several megabytes long.

use std::fmt;
use std::path::{Path, PathBuf};

/// A problem with an input document, located as precisely as we can.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    /// The document the problem was found in.
    pub file: PathBuf,
    /// The `operationId` (or `METHOD /path`) the problem belongs to, if any.
    pub operation: Option<String>,
    /// JSON pointer (RFC 6901) to the offending node, `""` for the document root.
    pub pointer: String,
    /// What is wrong, in one sentence.
    pub message: String,
}

impl SpecError {
    pub fn new(file: &Path, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        SpecError {
            file: file.to_path_buf(),
            operation: None,
            pointer: pointer.into(),
            message: message.into(),
        }
    }

    pub fn with_operation(mut self, operation: impl Into<String>) -> Self {
        self.operation = Some(operation.into());
        self
    }
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        match &self.operation {
            Some(op) => write!(f, ": operation {op}")?,
            None => write!(f, ": (no operation)")?,
        }
        write!(f, ": at #{}: {}", self.pointer, self.message)
    }
}

impl std::error::Error for SpecError {}

/// Escape one JSON pointer segment (RFC 6901: `~` -> `~0`, `/` -> `~1`).
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Undo [`escape`].
pub fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// Build a pointer from segments, escaping each one.
pub fn pointer<I, S>(segments: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = String::new();
    for s in segments {
        out.push('/');
        out.push_str(&escape(s.as_ref()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_slashes_and_tildes() {
        assert_eq!(
            pointer(["paths", "/rooms/{room_id}", "get"]),
            "/paths/~1rooms~1{room_id}/get"
        );
        assert_eq!(pointer(["a~b"]), "/a~0b");
        assert_eq!(unescape("~1rooms~0x"), "/rooms~x");
    }

    #[test]
    fn display_names_file_operation_and_pointer() {
        let e = SpecError::new(
            Path::new("openapi/video.yaml"),
            "/paths/~1rooms/get",
            "boom",
        )
        .with_operation("ListRooms");
        assert_eq!(
            e.to_string(),
            "openapi/video.yaml: operation ListRooms: at #/paths/~1rooms/get: boom"
        );
    }
}
