//! Stage 8: the facade's per-operation layer, `crates/telnyx-sdk/src/generated/`.
//!
//! From the patched documents, the domain crates' post-processed trees and the manifest,
//! regen writes what would otherwise be restated by hand in the facade: the resource handles and
//! request types of every operation ([`render`]), the typed ids, the wiring of each domain's
//! generated client into `telnyx_sdk::Client`, and the webhook `Event` enum ([`events`]).
//! [`model`] holds the defaults that let most operations go without a manifest entry.

pub mod events;
pub mod mock;
pub mod model;
pub mod render;

use std::path::PathBuf;

use crate::error::SpecError;
use crate::manifest::Manifest;
use crate::regen::GeneratedCrate;
use crate::render::CrateFile;

pub(crate) fn render_ident(name: &str) -> proc_macro2::Ident {
    proc_macro2::Ident::new(name, proc_macro2::Span::call_site())
}

fn file(
    rel_path: String,
    source: &str,
    tokens: proc_macro2::TokenStream,
) -> Result<CrateFile, String> {
    let tree: syn::File = syn::parse2(tokens).map_err(|e| {
        format!("internal error: generated facade file {rel_path} does not parse: {e}")
    })?;
    let mut contents = crate::render::header("//", source);
    contents.push('\n');
    contents.push_str(&space_items(&prettyplease::unparse(&tree)));
    Ok(CrateFile { rel_path, contents })
}

/// A blank line between consecutive items (prettyplease writes none), as hand-written code
/// reads: before any line that opens an item or its docs right after a closing brace.
fn space_items(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut previous = "";
    for line in text.lines() {
        let trimmed = line.trim_start();
        let closes = matches!(previous.trim(), "}" | "};");
        let opens = ["///", "#[", "pub ", "impl", "fn ", "use ", "const "]
            .iter()
            .any(|p| trimmed.starts_with(p));
        let same_depth = previous.len() - previous.trim_start().len() == line.len() - trimmed.len();
        if closes && opens && same_depth {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous = line;
    }
    out
}

/// Replaces the lines between `# @generated begin: NAME` and `# @generated end: NAME` of a
/// hand-written TOML file with `body` (one line per entry).
pub fn splice(text: &str, name: &str, body: &[String]) -> Result<String, String> {
    let begin = format!("# @generated begin: {name}");
    let end = format!("# @generated end: {name}");
    let start = text
        .find(&begin)
        .ok_or_else(|| format!("no `{begin}` line"))?;
    let after_begin = text[start..]
        .find('\n')
        .map(|i| start + i + 1)
        .ok_or_else(|| format!("no line after `{begin}`"))?;
    let stop = text[after_begin..]
        .find(&end)
        .map(|i| after_begin + i)
        .ok_or_else(|| format!("no `{end}` line after `{begin}`"))?;
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..after_begin]);
    for line in body {
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(&text[stop..]);
    Ok(out)
}

/// The domain lines of the workspace's and the facade's `Cargo.toml` (dependencies and
/// features), so a new domain needs no hand edit there beyond its place in `default`.
pub fn cargo_manifests(
    root: &std::path::Path,
    manifest: &Manifest,
) -> Result<Vec<GeneratedCrate>, SpecError> {
    let mut out = Vec::new();
    let read = |path: &std::path::Path| {
        std::fs::read_to_string(path)
            .map_err(|e| SpecError::new(path, "", format!("cannot read: {e}")))
    };
    let in_file = |path: &std::path::Path| {
        let path = path.to_path_buf();
        move |m: String| SpecError::new(&path, "", m)
    };

    let workspace = root.join("Cargo.toml");
    let deps: Vec<String> = manifest
        .domains
        .values()
        .map(|d| {
            format!(
                "{} = {{ path = \"crates/{}\", version = \"{}\" }}",
                d.crate_name, d.crate_name, d.version
            )
        })
        .collect();
    let text = splice(&read(&workspace)?, "domain crates", &deps).map_err(in_file(&workspace))?;
    out.push(single_file(root.to_path_buf(), "Cargo.toml", text));

    let facade = root.join("crates/telnyx-sdk/Cargo.toml");
    let deps: Vec<String> = manifest
        .domains
        .values()
        .map(|d| format!("{} = {{ workspace = true, optional = true }}", d.crate_name))
        .collect();
    let features: Vec<String> = manifest
        .domains
        .iter()
        .filter(|(_, d)| !d.is_types_only())
        .map(|(name, d)| format!("{name} = [\"dep:{}\", \"http-client\"]", d.crate_name))
        .collect();
    let text = read(&facade)?;
    let text = splice(&text, "domain crates", &deps).map_err(in_file(&facade))?;
    let text = splice(&text, "domain features", &features).map_err(in_file(&facade))?;
    let test_util = [mock::test_util_feature(manifest)];
    let text = splice(&text, "test-util", &test_util).map_err(in_file(&facade))?;
    out.push(single_file(
        root.join("crates/telnyx-sdk"),
        "Cargo.toml",
        text,
    ));
    Ok(out)
}

fn single_file(dir: PathBuf, rel_path: &str, contents: String) -> GeneratedCrate {
    GeneratedCrate {
        crate_name: format!("{} (domain lines)", dir.join(rel_path).display()),
        dir,
        files: vec![CrateFile {
            rel_path: rel_path.to_owned(),
            contents,
        }],
        operations: 0,
        open_enums: 0,
        patch_log: Vec::new(),
        missing_events: Vec::new(),
        facade: None,
        events: Vec::new(),
        skipped: Vec::new(),
        null_unreadable: Vec::new(),
    }
}

/// The list of typed ids (`crates/telnyx-sdk-ids/src/generated.rs`), from the path
/// parameters of every domain and `[ids]` of the manifest, as one more "crate" for `regen`.
pub fn ids_crate(
    manifest: &Manifest,
    manifest_path: &std::path::Path,
    crates: &[GeneratedCrate],
    ids_dir: PathBuf,
) -> Result<GeneratedCrate, SpecError> {
    let fail = |m: String| SpecError::new(manifest_path, "", m);
    let models: Vec<_> = crates.iter().filter_map(|c| c.facade.clone()).collect();
    let used = render::used_ids(&models);
    let f = file(
        "src/generated.rs".into(),
        "openapi/ and openapi/domains.toml",
        render::ids_module(manifest, &used).map_err(fail)?,
    )
    .map_err(fail)?;
    Ok(single_file(ids_dir, &f.rel_path, f.contents))
}

/// The facade's generated files, as one more "crate" for `regen` to write or check.
pub fn generate(
    manifest: &Manifest,
    manifest_path: &std::path::Path,
    crates: &[GeneratedCrate],
    facade_dir: PathBuf,
) -> Result<GeneratedCrate, SpecError> {
    let fail = |m: String| SpecError::new(manifest_path, "", m);
    let models: Vec<_> = crates.iter().filter_map(|c| c.facade.clone()).collect();
    let events: Vec<_> = crates.iter().flat_map(|c| c.events.clone()).collect();
    let source = "openapi/ and openapi/domains.toml";
    let mut files = Vec::new();

    files.push(
        file(
            "src/generated/clients.rs".into(),
            source,
            render::clients_module(&models),
        )
        .map_err(fail)?,
    );
    let modules = render::resource_modules(&models, manifest).map_err(fail)?;
    for m in &modules {
        files.push(
            file(
                format!("src/generated/resources/{}.rs", m.name),
                source,
                m.tokens.clone(),
            )
            .map_err(fail)?,
        );
    }
    files.push(
        file(
            "src/generated/mock.rs".into(),
            source,
            mock::module(&models),
        )
        .map_err(fail)?,
    );
    if !events.is_empty() {
        files.push(
            file(
                "src/generated/events.rs".into(),
                source,
                events::render(&events),
            )
            .map_err(fail)?,
        );
    }
    files.push(
        file(
            "src/generated/mod.rs".into(),
            source,
            render::mod_rs(&models, &modules, !events.is_empty()),
        )
        .map_err(fail)?,
    );
    let operations = models.iter().map(|m| m.operations.len()).sum();
    Ok(GeneratedCrate {
        crate_name: "telnyx-sdk".into(),
        dir: facade_dir,
        files,
        operations,
        open_enums: 0,
        patch_log: Vec::new(),
        missing_events: Vec::new(),
        facade: None,
        events: Vec::new(),
        skipped: Vec::new(),
        null_unreadable: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_separated_by_a_blank_line() {
        let text = "impl A {\n    fn a() {}\n    fn b() {\n    }\n    /// c\n    fn c() {}\n}\nimpl B {}\n";
        assert_eq!(
            space_items(text),
            "impl A {\n    fn a() {}\n    fn b() {\n    }\n\n    /// c\n    fn c() {}\n}\n\nimpl B {}\n"
        );
    }

    #[test]
    fn splice_replaces_only_the_marked_lines() {
        let text = "a\n# @generated begin: x\nold\n# @generated end: x\nb\n";
        let out = splice(text, "x", &["new 1".into(), "new 2".into()]).expect("markers");
        assert_eq!(
            out,
            "a\n# @generated begin: x\nnew 1\nnew 2\n# @generated end: x\nb\n"
        );
        assert!(
            splice(text, "y", &[]).is_err(),
            "missing markers are an error"
        );
        assert!(
            splice("# @generated begin: x\n", "x", &[]).is_err(),
            "no end marker"
        );
    }
}
