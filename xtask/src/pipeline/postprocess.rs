//! Stage 6: rewrite progenitor's syntax tree where its output is not what users need.
//!
//! Each step is a named function over a `syn::File` with its own tests:
//! - [`open_string_enums`]: string enums keep unknown values as `Unknown(String)`;
//! - [`keep_unknown_fields`]: decoded objects keep the fields this version does not know;
//! - [`drop_api_version_header`]: progenitor sends `info.version` as `api-version`;
//! - [`drop_client_new`]: `Client::new` builds its own reqwest client with `unwrap()`;
//!   clients are built by the facade with `new_with_client`;
//! - [`keep_types_only`]: the webhooks crate gets types, no HTTP client;
//! - [`drop_empty_header_maps`], [`encode_path_params_in_place`],
//!   [`preallocate_request_urls`], [`move_response_headers`] and [`write_query_into_url`]:
//!   less work per request (an empty header map, two strings per path parameter, the
//!   growths of the URL string, a copy of the response headers, a rewrite of the URL per
//!   query parameter), using helpers from
//!   `telnyx_sdk_core::codegen` that keep progenitor's behaviour;
//! - [`drop_noop_hooks`]: progenitor awaits the `pre` and `post` hooks of `ClientHooks`
//!   around each request; ours are its no-op defaults, so each request goes straight to
//!   `exec`;
//! - [`unexpected_response_keeps_body`]: an undocumented status hands the caller a
//!   response whose body the retry loop may have read whole; the bytes are put back;
//! - [`refuse_dot_path_params`]: a path parameter that is empty, `.` or `..` is refused
//!   before the request is built (escaping cannot keep it in its route);
//! - [`prune_type_builders`] (on progenitor's tokens, before parsing) and
//!   [`drop_builder_methods`]: typify writes a builder for every type, but only request
//!   bodies (and the types nested in them) are ever built by callers; the rest is dropped;
//! - [`compact_type_builders`] (on tokens too, so the builders are never parsed whole) and
//!   [`document_type_builders`]: each kept builder becomes one `type_builder!` call whose
//!   setters take `&str` and bare literals, documented from the type's fields;
//! - the steps that the whole vendor spec needs: [`enum_values`] (colliding enum values),
//!   [`newtype_display`], [`shadowed_params`], [`multipart`] bodies; and [`mock`], the typed
//!   mocks.
//!
//! Layout: this file keeps the report ([`Stats`]), the helpers every step shares and the
//! small steps; each larger step or family of steps has a file in `postprocess/`
//! (`open_enums`, `request` for the per-request rewrites, `builders`, `unknown_fields`, ...),
//! and the tests of the steps kept here are in `postprocess/tests.rs`.

pub mod body_read;
mod builders;
pub mod doc_hidden;
pub mod enum_values;
pub mod mock;
pub mod multipart;
pub mod newtype_display;
mod open_enums;
mod request;
pub mod shadowed_params;
pub mod unknown_fields;

pub use body_read::unexpected_response_keeps_body;
pub use builders::{
    compact_operation_setters, compact_type_builders, document_type_builders, drop_builder_methods,
    prune_type_builders, str_into_text_unions, type_builder_names,
};
pub use open_enums::{drop_string_enum_conversions, open_string_enums};
pub(crate) use request::path_ends_with;
pub use request::{
    drop_api_version_header, drop_empty_header_maps, drop_noop_hooks, encode_path_params_in_place,
    move_response_headers, preallocate_request_urls, refuse_dot_path_params, write_query_into_url,
};
pub use unknown_fields::keep_unknown_fields;

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};
use syn::{Attribute, Fields, Item, ItemEnum, LitStr, Token, parse_quote};

/// What each step removes from progenitor's output, as text it would leave
/// behind: `(step, leftover, what went wrong)`. [`leftovers`] looks for them in the
/// rendered code of every client crate, so that a progenitor upgrade that changes a shape a
/// step matches fails `regen` (naming the step) instead of quietly undoing the step.
pub const LEFTOVERS: &[(&str, &str, &str)] = &[
    (
        "postprocess::drop_api_version_header",
        "\"api-version\"",
        "progenitor's `api-version` header is still sent",
    ),
    (
        "postprocess::drop_client_new",
        "pub fn new(baseurl",
        "`Client::new` (which unwraps a builder) is still there",
    ),
    (
        "postprocess::encode_path_params_in_place",
        "encode_path(",
        "a path parameter is still encoded through two temporary strings",
    ),
    (
        "postprocess::preallocate_request_urls",
        "let url = format!(",
        "a request URL is still formatted into a string that grows as it is written",
    ),
    (
        "postprocess::drop_noop_hooks",
        ".pre(&mut request",
        "a request still awaits progenitor's no-op `pre` and `post` hooks",
    ),
    (
        "postprocess::move_response_headers",
        "ResponseValue::from_response(",
        "a response still copies its headers",
    ),
    (
        "postprocess::unexpected_response_keeps_body",
        "Error::UnexpectedResponse(response)",
        "an undocumented status still drops the body the retry loop read",
    ),
    (
        "postprocess::write_query_into_url",
        ".query(",
        "a query parameter is still set on the request builder",
    ),
    (
        "patch::open_objects",
        "deny_unknown_fields",
        "a type still refuses fields it does not know",
    ),
    (
        "postprocess::open_string_enums",
        "_ => Err(\"invalid value\".into())",
        "a string enum still refuses values it does not know",
    ),
    (
        "postprocess::compact_type_builders",
        "TryInto<::std::option::Option<",
        "an optional field's setter still refuses `&str` and bare literals",
    ),
    (
        "postprocess::compact_type_builders",
        "error converting supplied value for",
        "a body builder's setter still formats its own message",
    ),
    (
        "postprocess::compact_operation_setters",
        "map_err(|_|",
        "an operation builder's setter still converts its value itself",
    ),
    (
        "postprocess::compact_operation_setters",
        "was not initialized\".to_string()",
        "an operation builder still writes a message for each required parameter it starts with",
    ),
    (
        "postprocess::trim_method_docs",
        "```ignore",
        "a client method still carries progenitor's usage example",
    ),
];

/// The first step of [`LEFTOVERS`] whose leftover is in `code`, as an error message.
pub fn leftovers(code: &str) -> Option<String> {
    LEFTOVERS
        .iter()
        .find(|(_, leftover, _)| code.contains(leftover))
        .map(|(step, leftover, what)| {
            format!(
                "internal error: {what} (`{leftover}` in the output); {step} does not know \
                 this shape of the document or of progenitor's output"
            )
        })
}

/// What post-processing did, for the report.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Stats {
    pub open_enums: usize,
    pub api_version_headers_dropped: usize,
    pub type_builders_dropped: usize,
    pub empty_header_maps_dropped: usize,
    pub path_params_encoded_in_place: usize,
    pub path_params_checked: usize,
    pub response_headers_moved: usize,
    pub query_params_written_into_url: usize,
    pub request_urls_preallocated: usize,
    pub noop_hooks_dropped: usize,
    pub unexpected_responses_keep_body: usize,
    pub unknown_fields_kept: usize,
}

/// Tokens as text for comparing two shapes of code: no whitespace, and no trailing comma
/// before `)` or `{` (progenitor and typify write some, `quote!` does not).
pub(crate) fn token_text(tokens: impl quote::ToTokens) -> String {
    tokens
        .to_token_stream()
        .to_string()
        .split_whitespace()
        .collect::<String>()
        .replace(",)", ")")
        .replace(",{", "{")
}

/// The `types` module's items (progenitor nests all types in `pub mod types`).
pub(crate) fn types_items(file: &mut syn::File) -> Option<&mut Vec<Item>> {
    file.items.iter_mut().find_map(|item| match item {
        Item::Mod(m) if m.ident == "types" => m.content.as_mut().map(|(_, items)| items),
        _ => None,
    })
}

/// [`types_items`], read-only.
pub(crate) fn types_items_ref(file: &syn::File) -> Option<&Vec<Item>> {
    file.items.iter().find_map(|item| match item {
        Item::Mod(m) if m.ident == "types" => m.content.as_ref().map(|(_, items)| items),
        _ => None,
    })
}

pub(crate) fn derives(attrs: &[Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("derive"))
        .filter_map(|a| {
            a.parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
                .ok()
        })
        .flat_map(|paths| {
            paths
                .into_iter()
                .filter_map(|p| p.segments.last().map(|s| s.ident.to_string()))
                .collect::<Vec<_>>()
        })
        .collect()
}

pub(crate) fn serde_rename(attrs: &[Attribute]) -> Option<String> {
    let mut out = None;
    for a in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = a.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let lit: LitStr = meta.value()?.parse()?;
                out = Some(lit.value());
            } else if meta.input.peek(Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    out
}

/// Shorten the docs progenitor writes on each client method: keep the summary and the
/// "Sends a `GET` request to `/path`" line, drop the generated "Arguments:" list and the
/// `ignore` usage example. Those only repeat parameter names (the builder's setters say
/// the same), and long runs of them are needless noise in rustdoc.
pub fn trim_method_docs(file: &mut syn::File) -> usize {
    let mut trimmed = 0;
    // tagged operations are methods of a `Client<Tag>Ext` trait; untagged ones, inherent
    // methods of `Client`
    let attrs = file.items.iter_mut().flat_map(|item| match item {
        Item::Trait(t) => t
            .items
            .iter_mut()
            .filter_map(|ti| match ti {
                syn::TraitItem::Fn(f) => Some(&mut f.attrs),
                _ => None,
            })
            .collect::<Vec<_>>(),
        Item::Impl(i) if i.trait_.is_none() => i
            .items
            .iter_mut()
            .filter_map(|ii| match ii {
                syn::ImplItem::Fn(f) => Some(&mut f.attrs),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    });
    for fn_attrs in attrs {
        for a in fn_attrs.iter_mut().filter(|a| a.path().is_ident("doc")) {
            let syn::Meta::NameValue(nv) = &a.meta else {
                continue;
            };
            let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(text),
                ..
            }) = &nv.value
            else {
                continue;
            };
            let value = text.value();
            let cut = ["\n\nArguments:", "\n\n```ignore"]
                .iter()
                .filter_map(|m| value.find(m))
                .min();
            if let Some(cut) = cut {
                let kept = value[..cut].to_string();
                *a = parse_quote!(#[doc = #kept]);
                trimmed += 1;
            }
        }
    }
    trimmed
}

/// Remove `Client::new` (it calls `unwrap()` on a builder); `new_with_client` stays.
pub fn drop_client_new(file: &mut syn::File) {
    for item in file.items.iter_mut() {
        if let Item::Impl(imp) = item {
            let is_client =
                matches!(&*imp.self_ty, syn::Type::Path(p) if p.path.is_ident("Client"));
            if is_client && imp.trait_.is_none() {
                imp.items
                    .retain(|i| !matches!(i, syn::ImplItem::Fn(f) if f.sig.ident == "new"));
            }
        }
    }
}

/// Keep only `pub mod types` (for crates without an HTTP client).
pub fn keep_types_only(file: &mut syn::File) {
    file.items
        .retain(|i| matches!(i, Item::Mod(m) if m.ident == "types"));
}

/// `roots` and every name reachable from them through `refers` (name -> the names its
/// definition mentions); only names that are keys of `refers` are followed.
pub(crate) fn reachable(
    roots: BTreeSet<String>,
    refers: &std::collections::BTreeMap<String, BTreeSet<String>>,
) -> BTreeSet<String> {
    let mut reached = roots;
    let mut queue: Vec<String> = reached.iter().cloned().collect();
    while let Some(name) = queue.pop() {
        for r in refers.get(&name).into_iter().flatten() {
            if refers.contains_key(r) && reached.insert(r.clone()) {
                queue.push(r.clone());
            }
        }
    }
    reached
}

#[cfg(test)]
mod tests;
