//! Stage 5: typed parse with `openapiv3`, then progenitor, inside `catch_unwind`.
//!
//! progenitor reports some unsupported constructs by panicking (`assert!`,
//! `unimplemented!`). A panic here becomes a [`SpecError`]; to name the operation
//! that caused it, the generator is re-run on one operation at a time.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::Once;

use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use progenitor_impl::{
    CrateVers, GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle, TypeImpl,
};
use quote::quote;
use serde_json::{Value, json};

use crate::error::{SpecError, pointer};
use crate::slice::METHODS;

thread_local! {
    /// Set while progenitor runs on this thread: its panics are caught and reported as
    /// errors, so the default hook must not print them (with a backtrace) to stderr.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Install (once) a panic hook that stays silent on threads running progenitor and
/// defers to the previous hook everywhere else. Domains generate on parallel threads,
/// so the hook is never swapped while another thread relies on it.
fn install_quiet_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

/// Metadata the runtime needs per operation (see `telnyx_sdk_core::Operation`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationMeta {
    /// The name progenitor passes in `OperationInfo` (snake case).
    pub snake_id: String,
    pub id: String,
    pub method: String,
    pub path: String,
    pub accepts_command_id: bool,
    /// The typed mock's method: the words of the facade's call (`rooms_sessions_list` for
    /// `client.rooms().sessions(&id).list()`), else `snake_id`.
    pub mock_name: String,
}

/// Parse the (normalized, patched) document into `openapiv3`'s typed model.
pub fn parse(doc: &Value, file: &Path) -> Result<openapiv3::OpenAPI, SpecError> {
    serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(doc).map_err(|e| {
        // openapiv3 uses untagged enums (`ReferenceOr`), where serde loses the path;
        // look at each operation and schema on its own to find the deepest location.
        let (ptr, message) = refine(doc).unwrap_or_else(|| {
            (
                path_to_pointer(&e.path().to_string()),
                e.inner().to_string(),
            )
        });
        let op = operation_at(doc, &ptr);
        let err = SpecError::new(
            file,
            ptr,
            format!("not a valid OpenAPI 3.0 construct: {message}"),
        );
        match op {
            Some(op) => err.with_operation(op),
            None => err,
        }
    })
}

/// Deserialize each operation and component schema separately; the first failure,
/// with the pointer inside it.
fn refine(doc: &Value) -> Option<(String, String)> {
    fn check<T: serde::de::DeserializeOwned>(
        node: &Value,
        base: String,
    ) -> Option<(String, String)> {
        serde_path_to_error::deserialize::<_, T>(node)
            .err()
            .map(|e| {
                let inner = path_to_pointer(&e.path().to_string());
                (format!("{base}{inner}"), e.inner().to_string())
            })
    }
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            for method in METHODS {
                if let Some(op) = item.get(method)
                    && let Some(found) =
                        check::<openapiv3::Operation>(op, pointer(["paths", path.as_str(), method]))
                {
                    return Some(found);
                }
            }
        }
    }
    if let Some(schemas) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        for (name, schema) in schemas {
            let base = pointer(["components", "schemas", name.as_str()]);
            if let Some(found) = check::<openapiv3::ReferenceOr<openapiv3::Schema>>(schema, base) {
                return Some(found);
            }
        }
    }
    None
}

/// Turn serde_path_to_error's `a.b[0].c` into a JSON pointer `/a/b/0/c`.
fn path_to_pointer(path: &str) -> String {
    if path == "." {
        return String::new();
    }
    let mut segments = Vec::new();
    for part in path.split('.') {
        let mut rest = part;
        while let Some(open) = rest.find('[') {
            if open > 0 {
                segments.push(rest[..open].to_string());
            }
            let close = rest[open..]
                .find(']')
                .map(|c| c + open)
                .unwrap_or(rest.len());
            segments.push(rest[open + 1..close].to_string());
            rest = rest.get(close + 1..).unwrap_or("");
        }
        if !rest.is_empty() {
            segments.push(rest.to_string());
        }
    }
    pointer(segments)
}

/// The operationId owning a pointer like `/paths/~1rooms/get/...`.
fn operation_at(doc: &Value, ptr: &str) -> Option<String> {
    let mut parts = ptr.split('/').skip(1);
    if parts.next()? != "paths" {
        return None;
    }
    let path = parts.next()?;
    let method = parts.next()?;
    let op = doc.pointer(&format!("/paths/{path}/{method}"))?;
    op.get("operationId")
        .and_then(Value::as_str)
        .map(str::to_string)
}

/// What to generate from a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// A builder-style client with one trait per tag, plus types with builders.
    Client,
    /// Serde types only (webhook payloads): no client, no type builders.
    TypesOnly,
}

fn settings(output: Output, doc: &Value) -> GenerationSettings {
    let mut s = GenerationSettings::default();
    match output {
        Output::Client => s
            .with_interface(InterfaceStyle::Builder)
            .with_tag(TagStyle::Separate),
        // Positional interface: typify emits no builder module for the types.
        Output::TypesOnly => s
            .with_interface(InterfaceStyle::Positional)
            .with_tag(TagStyle::Merged),
    };
    // file fields of multipart bodies (`patch::whole_spec::multipart_request_bodies`)
    s.with_replacement(
        crate::patch::whole_spec::MULTIPART_FILE,
        "::telnyx_sdk_core::multipart::FilePart",
        std::iter::empty(),
    );
    // fields holding one of the SDK's ids (`patch::typed_ids`)
    for (name, path) in crate::patch::typed_ids::replacements(doc) {
        s.with_replacement(
            name,
            path,
            [TypeImpl::Display, TypeImpl::Default].into_iter(),
        );
    }
    // tagged unions are written by `tagged_unions::items`, not by typify
    for (name, path) in crate::pipeline::tagged_unions::replacements(doc) {
        s.with_replacement(name, path, std::iter::empty());
    }
    // bodies and records of webhook events that one generic type stands for
    // (`patch::event_records`)
    for krate in crate::patch::event_records::crates(doc) {
        s.with_crate(krate, CrateVers::Any, None);
    }
    s.with_inner_type(quote!(::telnyx_sdk_core::Runtime))
        .with_hooks(HooksMode::Expected)
        .with_derive("PartialEq");
    s
}

/// Run progenitor over `doc`. Panics become errors naming the operation.
///
/// Returns the tokens and the generator that wrote them, whose type space can write the
/// mock ([`Progenitor::mock`]) without converting every schema again.
pub fn generate(
    doc: &Value,
    file: &Path,
    output: Output,
) -> Result<(TokenStream, Progenitor), SpecError> {
    let spec = parse(doc, file)?;
    match run_progenitor(&spec, output, doc) {
        Ok((tokens, generator)) => Ok((tokens, Progenitor { generator, spec })),
        Err(message) => Err(blame(doc, file, message, output)),
    }
}

/// A new generator over `spec`: its tokens, and the generator.
fn run_progenitor(
    spec: &openapiv3::OpenAPI,
    output: Output,
    doc: &Value,
) -> Result<(TokenStream, Generator), String> {
    let mut generator = Generator::new(&settings(output, doc));
    guarded("progenitor", || generator.generate_tokens(spec)).map(|tokens| (tokens, generator))
}

/// The generator of a client domain after [`generate`], with the document it read.
pub struct Progenitor {
    generator: Generator,
    spec: openapiv3::OpenAPI,
}

impl std::fmt::Debug for Progenitor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Progenitor").finish_non_exhaustive()
    }
}

impl Progenitor {
    /// progenitor's httpmock generator over the same document: a typed `When` / `Then` pair
    /// and a `MockServerExt` method per operation, for `src/mock.rs`. The types it names are
    /// the client's (`use crate::*`). Panics become errors, as for the client.
    ///
    /// The generator's type space already holds every component schema, so it is first
    /// given the document without them: `httpmock` would otherwise convert them all again
    /// (as much work as the client's types), only to name the same types. progenitor looks
    /// a few schemas up in the document itself (a text or octet-stream body's `$ref`), and
    /// panics when one is not there: then a new generator reads the whole document, as the
    /// client's did.
    pub fn mock(self, doc: &Value, file: &Path) -> Result<TokenStream, SpecError> {
        let Progenitor {
            mut generator,
            mut spec,
        } = self;
        let schemas = spec
            .components
            .as_mut()
            .map(|c| std::mem::take(&mut c.schemas));
        if let Ok(tokens) = guarded("progenitor's httpmock generator", || {
            generator.httpmock(&spec, "crate")
        }) {
            return Ok(tokens);
        }
        if let (Some(components), Some(schemas)) = (spec.components.as_mut(), schemas) {
            components.schemas = schemas;
        }
        guarded("progenitor's httpmock generator", || {
            Generator::new(&settings(Output::Client, doc)).httpmock(&spec, "crate")
        })
        .map_err(|message| SpecError::new(file, "", message))
    }
}

/// The one panic guard around progenitor and typify: runs `generate` with the panic
/// message kept out of stderr, and turns a panic or a rejection into an error naming `who`.
fn guarded<T, E: std::fmt::Display>(
    who: &str,
    generate: impl FnOnce() -> Result<T, E>,
) -> Result<T, String> {
    install_quiet_hook();
    QUIET.with(|q| q.set(true));
    let result = catch_unwind(AssertUnwindSafe(generate));
    QUIET.with(|q| q.set(false));
    match result {
        Ok(Ok(tokens)) => Ok(tokens),
        Ok(Err(e)) => Err(format!("{who} rejected the document: {e}")),
        Err(payload) => {
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            Err(format!("{who} panicked: {msg}"))
        }
    }
}

/// Find the first operation that fails on its own, to name it in the error.
fn blame(doc: &Value, file: &Path, message: String, output: Output) -> SpecError {
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return SpecError::new(file, "", message);
    };
    for (path, item) in paths {
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let mut single = doc.clone();
            single["paths"] = json!({ path: { method: op } });
            let failed = match parse(&single, file) {
                Ok(spec) => run_progenitor(&spec, output, &single).is_err(),
                Err(_) => true,
            };
            if failed {
                let id = op
                    .get("operationId")
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("{} {path}", method.to_uppercase()));
                return SpecError::new(file, pointer(["paths", path.as_str(), method]), message)
                    .with_operation(id);
            }
        }
    }
    SpecError::new(file, "/components/schemas", message)
}

/// Collect the runtime metadata of every operation in `doc`.
pub fn operations(doc: &Value) -> Vec<OperationMeta> {
    let mut out = Vec::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return out;
    };
    for (path, item) in paths {
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let Some(id) = op.get("operationId").and_then(Value::as_str) else {
                continue;
            };
            let body = op.pointer("/requestBody/content/application~1json/schema");
            let accepts_command_id = body.is_some_and(|s| has_property(doc, s, "command_id", 0));
            out.push(OperationMeta {
                mock_name: id.to_snake_case(),
                snake_id: id.to_snake_case(),
                id: id.to_string(),
                method: method.to_uppercase(),
                path: path.clone(),
                accepts_command_id,
            });
        }
    }
    out
}

fn has_property(doc: &Value, schema: &Value, name: &str, depth: usize) -> bool {
    if depth > 8 {
        return false;
    }
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return doc
            .pointer(r.trim_start_matches('#'))
            .is_some_and(|s| has_property(doc, s, name, depth + 1));
    }
    if schema.get("properties").and_then(|p| p.get(name)).is_some() {
        return true;
    }
    ["allOf", "anyOf", "oneOf"].iter().any(|k| {
        schema
            .get(*k)
            .and_then(Value::as_array)
            .is_some_and(|l| l.iter().any(|m| has_property(doc, m, name, depth + 1)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(op: Value) -> Value {
        json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/rooms": {"get": op}},
            "components": {"schemas": {"Room": {"type": "object", "properties": {"id": {"type": "string"}}}}}
        })
    }

    #[test]
    fn generates_a_builder_client() {
        let d = doc(
            json!({"operationId": "ListRooms", "tags": ["Rooms"], "responses": {"200": {"description": "ok",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Room"}}}}}}),
        );
        let tokens = generate(&d, Path::new("t.yaml"), Output::Client)
            .expect("generates")
            .0
            .to_string();
        assert!(tokens.contains("list_rooms"), "method generated");
        assert!(tokens.contains("pub struct Room"), "type generated");
    }

    #[test]
    fn the_mock_from_the_clients_generator_is_the_mock_of_a_new_one() {
        let fresh = |d: &Value| {
            let spec = parse(d, Path::new("t.yaml")).expect("parses");
            Generator::new(&settings(Output::Client, d))
                .httpmock(&spec, "crate")
                .expect("mock")
                .to_string()
        };
        // a JSON body and a JSON response by `$ref`: the type space answers for both; a
        // text body by `$ref`, which progenitor looks up in the document: a new generator
        for (content, schema) in [
            (
                "application/json",
                json!({"$ref": "#/components/schemas/Room"}),
            ),
            ("text/plain", json!({"$ref": "#/components/schemas/Note"})),
        ] {
            let mut d = doc(
                json!({"operationId": "ListRooms", "responses": {"200": {"description": "ok",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Room"}}}}}}),
            );
            d["paths"]["/rooms"]["post"] = json!({"operationId": "CreateRoom",
                "requestBody": {"required": true, "content": {content: {"schema": schema}}},
                "responses": {"204": {"description": "done"}}});
            d["components"]["schemas"]["Note"] = json!({"type": "string"});
            let (_, progenitor) =
                generate(&d, Path::new("t.yaml"), Output::Client).expect("generates");
            let mock = progenitor
                .mock(&d, Path::new("t.yaml"))
                .expect("mock")
                .to_string();
            assert!(mock.contains("CreateRoomWhen"), "{content}: {mock}");
            assert_eq!(mock, fresh(&d), "{content}");
        }
    }

    #[test]
    fn a_generator_panic_names_the_operation() {
        // Two different success types: progenitor asserts (panics) on this.
        let d = doc(json!({"operationId": "TwoTypes", "responses": {
            "200": {"description": "a", "content": {"application/json": {"schema": {"type": "string"}}}},
            "201": {"description": "b", "content": {"application/json": {"schema": {"type": "integer"}}}}
        }}));
        let err = generate(&d, Path::new("t.yaml"), Output::Client).expect_err("panic caught");
        assert_eq!(err.operation.as_deref(), Some("TwoTypes"));
        assert_eq!(err.pointer, "/paths/~1rooms/get");
        assert!(err.message.contains("panicked"), "{err}");
    }

    #[test]
    fn an_invalid_construct_names_the_pointer() {
        let d = doc(
            json!({"operationId": "Bad", "parameters": [{"name": "x", "in": "nowhere"}], "responses": {}}),
        );
        let err = generate(&d, Path::new("t.yaml"), Output::Client).expect_err("invalid");
        assert!(
            err.pointer.starts_with("/paths/~1rooms/get/parameters/0"),
            "{}",
            err.pointer
        );
        assert_eq!(err.operation.as_deref(), Some("Bad"));
    }

    #[test]
    fn operation_metadata_detects_command_id() {
        let mut d = doc(json!({"operationId": "ListRooms", "responses": {}}));
        d["paths"]["/x/{id}"] = json!({"post": {"operationId": "MuteThing", "requestBody": {"content": {"application/json": {"schema":
            {"allOf": [{"type": "object", "properties": {"command_id": {"type": "string"}}}]}}}}, "responses": {}}});
        let ops = operations(&d);
        let mute = ops.iter().find(|o| o.id == "MuteThing").expect("op");
        assert!(mute.accepts_command_id);
        assert_eq!(mute.snake_id, "mute_thing");
        assert_eq!(mute.method, "POST");
        assert!(
            !ops.iter()
                .any(|o| o.id == "ListRooms" && o.accepts_command_id)
        );
    }
}
