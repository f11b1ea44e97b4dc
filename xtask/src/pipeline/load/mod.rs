//! Stage 1: read a YAML or JSON OpenAPI document into a `serde_json::Value`.

use std::path::Path;

use serde_json::Value;

use crate::error::SpecError;

mod used;
pub use used::{load_used, local_refs};

/// Read and parse `path`; the format is chosen by extension (`.json`) or content.
pub fn load(path: &Path) -> Result<Value, SpecError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| SpecError::new(path, "", format!("cannot read file: {e}")))?;
    parse(path, &text)
}

/// Parse document text; `path` is used for format detection and error messages only.
pub fn parse(path: &Path, text: &str) -> Result<Value, SpecError> {
    let doc: Value = if is_json(path, text) {
        serde_json::from_str(text).map_err(|e| {
            SpecError::new(
                path,
                "",
                format!(
                    "JSON syntax error at line {}, column {}: {e}",
                    e.line(),
                    e.column()
                ),
            )
        })?
    } else {
        serde_yaml_ng::from_str(text).map_err(|e| {
            let at = e
                .location()
                .map(|l| format!(" at line {}, column {}", l.line(), l.column()))
                .unwrap_or_default();
            SpecError::new(path, "", format!("YAML syntax error{at}: {e}"))
        })?
    };
    check_version(path, &doc)?;
    Ok(doc)
}

/// Whether the document is JSON: by its extension (`.json`), or by its first character.
fn is_json(path: &Path, text: &str) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        || text.trim_start().starts_with('{')
}

/// Accept OpenAPI 3.0.x and 3.1.x only.
fn check_version(path: &Path, doc: &Value) -> Result<(), SpecError> {
    if !doc.is_object() {
        return Err(SpecError::new(path, "", "the document is not a mapping"));
    }
    match doc.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0") || v.starts_with("3.1") => Ok(()),
        Some(v) => Err(SpecError::new(
            path,
            "/openapi",
            format!("unsupported OpenAPI version {v:?} (3.0.x and 3.1.x are supported)"),
        )),
        None => Err(SpecError::new(
            path,
            "/openapi",
            "missing `openapi` version field: is this an OpenAPI 3 document?",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_and_json_give_the_same_value() {
        let y = parse(Path::new("a.yaml"), "openapi: 3.0.3\npaths: {}\n").expect("yaml");
        let j = parse(Path::new("a.json"), r#"{"openapi":"3.0.3","paths":{}}"#).expect("json");
        assert_eq!(y, j);
    }

    #[test]
    fn yaml_syntax_error_names_file_and_line() {
        let err = parse(
            Path::new("bad.yaml"),
            "openapi: 3.0.3\npaths: [\n  - a\n b: c\n",
        )
        .expect_err("syntax error");
        let msg = err.to_string();
        assert!(msg.starts_with("bad.yaml"), "{msg}");
        assert!(msg.contains("line"), "{msg}");
    }

    #[test]
    fn json_syntax_error_names_line_and_column() {
        let err = parse(
            Path::new("bad.json"),
            "{\"openapi\": \"3.1.0\",\n \"paths\": {,}}",
        )
        .expect_err("syntax error");
        assert!(err.message.contains("line 2"), "{err}");
    }

    #[test]
    fn swagger_2_is_rejected_with_a_pointer() {
        let err = parse(Path::new("s.yaml"), "swagger: '2.0'\n").expect_err("not openapi 3");
        assert_eq!(err.pointer, "/openapi");
        let err = parse(Path::new("s.yaml"), "openapi: 2.0.0\n").expect_err("not openapi 3");
        assert!(err.message.contains("2.0.0"));
    }

    #[test]
    fn unreadable_file_is_an_error_not_a_panic() {
        let err = load(Path::new("/definitely/not/here.yaml")).expect_err("missing");
        assert!(err.message.contains("cannot read"), "{err}");
    }
}
