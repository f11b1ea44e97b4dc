//! Stage 8: the facade's per-operation layer, `crates/telnyx-sdk/src/generated/`.
//!
//! From the patched documents, the domain crates' post-processed trees and the manifest,
//! regen writes what used to be restated by hand in the facade: the resource handles and
//! request types of every operation ([`render`]), the typed ids, the wiring of each domain's
//! generated client into `telnyx_sdk::Client`, and the webhook `Event` enum ([`events`]).
//! [`model`] holds the defaults that let most operations go without a manifest entry.

pub mod events;
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

fn file(rel_path: String, source: &str, tokens: proc_macro2::TokenStream) -> Result<CrateFile, String> {
    let tree: syn::File = syn::parse2(tokens)
        .map_err(|e| format!("internal error: generated facade file {rel_path} does not parse: {e}"))?;
    let mut contents = crate::render::header("//", source);
    contents.push('\n');
    contents.push_str(&prettyplease::unparse(&tree));
    Ok(CrateFile { rel_path, contents })
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

    let used = render::used_ids(&models);
    files.push(
        file(
            "src/generated/ids.rs".into(),
            source,
            render::ids_module(manifest, &used).map_err(fail)?,
        )
        .map_err(fail)?,
    );
    files.push(file("src/generated/clients.rs".into(), source, render::clients_module(&models)).map_err(fail)?);
    let mut accessors: std::collections::BTreeMap<String, String> = Default::default();
    for m in &models {
        for op in &m.operations {
            let top = &op.call.resources[0].name;
            if let Some(other) = accessors.insert(top.clone(), m.name.clone())
                && other != m.name
            {
                return Err(fail(format!(
                    "`client.{top}()` would be defined by two domains, {other} and {}; \
                     give one of them another resource name in domains.toml",
                    m.name
                )));
            }
        }
        let tokens = render::domain_module(m, manifest).map_err(fail)?;
        files.push(file(format!("src/generated/resources/{}.rs", m.name), source, tokens).map_err(fail)?);
    }
    if !events.is_empty() {
        files.push(file("src/generated/events.rs".into(), source, events::render(&events)).map_err(fail)?);
    }
    files.push(
        file(
            "src/generated/mod.rs".into(),
            source,
            render::mod_rs(&models, !events.is_empty()),
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
    })
}
