//! The last resort of stage 5: an operation the generator cannot handle is left out, and
//! the rest of its domain is still generated.
//!
//! Every construct we know of is handled by a named patch or post-process step; this exists
//! so that tomorrow's unknown construct costs one operation, not a whole crate. A skipped
//! operation is listed with its reason (file, operation, JSON pointer) in the regen output
//! and in the crate's README, and `regen --all-tags` counts it as a failure.

use std::path::Path;

use proc_macro2::TokenStream;
use serde_json::Value;

use crate::codegen::{self, Output};
use crate::error::{SpecError, unescape};
use crate::slice::METHODS;

/// What [`generate_skipping`] returns.
pub struct Generated {
    /// progenitor's output.
    pub tokens: TokenStream,
    /// The generator that wrote it, for the mock.
    pub progenitor: codegen::Progenitor,
    /// The operations left out, with the reasons.
    pub skipped: Vec<(String, String)>,
}

/// Run progenitor; when it fails on one operation, remove that operation from `doc` and run
/// again. Returns the tokens, the generator and the skipped operations with their reasons. An error that
/// names no operation (a broken component schema, say) is returned as it is.
pub fn generate_skipping(
    doc: &mut Value,
    file: &Path,
    output: Output,
) -> Result<Generated, SpecError> {
    let mut skipped = Vec::new();
    loop {
        match codegen::generate(doc, file, output) {
            Ok((tokens, progenitor)) => {
                return Ok(Generated {
                    tokens,
                    progenitor,
                    skipped,
                });
            }
            Err(e) => {
                let Some(op) = e.operation.clone() else {
                    return Err(e);
                };
                if !remove_operation(doc, &e.pointer) {
                    return Err(e);
                }
                skipped.push((op, format!("at #{}: {}", e.pointer, e.message)));
            }
        }
    }
}

/// Remove the operation a pointer `/paths/<path>/<method>/...` lies in (and its path item,
/// when that was its only operation). False if the pointer is not inside an operation.
pub fn remove_operation(doc: &mut Value, pointer: &str) -> bool {
    let mut parts = pointer.split('/').skip(1);
    if parts.next() != Some("paths") {
        return false;
    }
    let (Some(path), Some(method)) = (parts.next(), parts.next()) else {
        return false;
    };
    if !METHODS.contains(&method) {
        return false;
    }
    let path = unescape(path);
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return false;
    };
    let Some(item) = paths.get_mut(&path).and_then(Value::as_object_mut) else {
        return false;
    };
    if item.remove(method).is_none() {
        return false;
    }
    if !item.keys().any(|k| METHODS.contains(&k.as_str())) {
        paths.remove(&path);
    }
    true
}

/// Append the skipped operations, with their reasons, to a crate's README.
pub fn readme_with_skipped(mut readme: String, skipped: &[(String, String)]) -> String {
    if skipped.is_empty() {
        return readme;
    }
    let tail = readme
        .rfind("License:")
        .map(|i| readme.split_off(i))
        .unwrap_or_default();
    readme.push_str(&format!(
        "Not generated ({} operation(s) the generator could not handle):\n\n",
        skipped.len()
    ));
    for (op, why) in skipped {
        readme.push_str(&format!("- `{op}`: {}\n", why.replace('\n', " ")));
    }
    readme.push('\n');
    readme.push_str(&tail);
    readme
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_operation_progenitor_rejects_is_skipped_and_the_rest_generated() {
        let mut doc = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/widgets": {"get": {"operationId": "ListWidgets", "responses": {"200": {"description": "ok",
                    "content": {"application/json": {"schema": {"type": "string"}}}}}}},
                "/gadgets": {"get": {"operationId": "TwoKinds", "responses": {
                    "200": {"description": "a", "content": {"application/json": {"schema": {"type": "string"}}}},
                    "201": {"description": "b", "content": {"application/json": {"schema": {"type": "integer"}}}}
                }}}
            }
        });
        let Generated {
            tokens, skipped, ..
        } = generate_skipping(&mut doc, Path::new("t.yaml"), Output::Client).expect("generates");
        assert!(tokens.to_string().contains("list_widgets"));
        assert_eq!(skipped.len(), 1);
        assert_eq!(skipped[0].0, "TwoKinds");
        assert!(
            skipped[0].1.contains("#/paths/~1gadgets/get"),
            "{}",
            skipped[0].1
        );
        assert!(doc.pointer("/paths/~1gadgets").is_none());
        let readme = readme_with_skipped("# x\n\nLicense: MIT\n".into(), &skipped);
        assert!(
            readme.contains("- `TwoKinds`: at #/paths/~1gadgets/get"),
            "{readme}"
        );
        assert!(readme.ends_with("License: MIT\n"), "{readme}");
    }

    #[test]
    fn pointers_outside_operations_remove_nothing() {
        let mut doc = json!({"paths": {"/a": {"get": {}, "parameters": []}}});
        assert!(!remove_operation(&mut doc, "/components/schemas/A"));
        assert!(!remove_operation(&mut doc, "/paths/~1a/parameters"));
        assert!(remove_operation(&mut doc, "/paths/~1a/get/responses"));
        assert!(doc.pointer("/paths/~1a").is_none());
    }
}
