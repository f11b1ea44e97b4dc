//! Stage 6: rewrite progenitor's syntax tree where its output is not what users need.
//!
//! Each step is a named function over a `syn::File` with its own tests:
//! - [`open_string_enums`]: string enums keep unknown values as `Unknown(String)`;
//! - [`allow_unknown_fields`]: new response fields never break decoding;
//! - [`keep_unknown_fields`]: decoded objects keep the fields this version does not know;
//! - [`drop_api_version_header`]: progenitor sends `info.version` as `api-version`;
//! - [`drop_client_new`]: `Client::new` builds its own reqwest client with `unwrap()`;
//!   clients are built by the facade with `new_with_client`;
//! - [`keep_types_only`]: the webhooks crate gets types, no HTTP client;
//! - [`drop_empty_header_maps`], [`encode_path_params_in_place`],
//!   [`move_response_headers`] and [`write_query_into_url`]: less work per request (an
//!   empty header map, two strings per path parameter, a copy of the response headers, a
//!   rewrite of the URL per query parameter), using helpers from
//!   `telnyx_sdk_core::codegen` that keep progenitor's behaviour;
//! - [`unexpected_response_keeps_body`]: an undocumented status hands the caller a
//!   response whose body the retry loop may have read whole; the bytes are put back;
//! - [`refuse_dot_path_params`]: a path parameter that is empty, `.` or `..` is refused
//!   before the request is built (escaping cannot keep it in its route);
//! - [`prune_type_builders`] (on progenitor's tokens, before parsing) and
//!   [`drop_builder_methods`]: typify writes a builder for every type, but only request
//!   bodies (and the types nested in them) are ever built by callers; the rest is dropped.

pub mod body_read;
pub mod enum_values;
pub mod mock;
pub mod multipart;
pub mod newtype_display;
pub mod shadowed_params;
pub mod unknown_fields;

pub use body_read::unexpected_response_keeps_body;
pub use unknown_fields::keep_unknown_fields;

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};
use syn::{Attribute, Fields, Item, ItemEnum, LitStr, Token, parse_quote};

/// What post-processing did, for the report.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Stats {
    pub open_enums: usize,
    pub unknown_fields_allowed: usize,
    pub api_version_headers_dropped: usize,
    pub type_builders_dropped: usize,
    pub empty_header_maps_dropped: usize,
    pub path_params_encoded_in_place: usize,
    pub path_params_checked: usize,
    pub response_headers_moved: usize,
    pub query_params_written_into_url: usize,
    pub unexpected_responses_keep_body: usize,
    pub unknown_fields_kept: usize,
}

/// A string enum found in the generated types: name and (variant, wire value) pairs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringEnum {
    pub name: String,
    pub variants: Vec<(String, String)>,
}

/// The `types` module's items (progenitor nests all types in `pub mod types`).
pub(crate) fn types_items(file: &mut syn::File) -> Option<&mut Vec<Item>> {
    file.items.iter_mut().find_map(|item| match item {
        Item::Mod(m) if m.ident == "types" => m.content.as_mut().map(|(_, items)| items),
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

/// A unit-only enum with serde derives is a string enum.
fn as_string_enum(e: &ItemEnum) -> Option<StringEnum> {
    let d = derives(&e.attrs);
    if !d.iter().any(|x| x == "Deserialize") || e.variants.is_empty() {
        return None;
    }
    let mut variants = Vec::new();
    for v in &e.variants {
        if !matches!(v.fields, Fields::Unit) {
            return None;
        }
        let wire = serde_rename(&v.attrs).unwrap_or_else(|| v.ident.to_string());
        variants.push((v.ident.to_string(), wire));
    }
    Some(StringEnum {
        name: e.ident.to_string(),
        variants,
    })
}

/// Whether `item` is an impl of one of the conversion traits we regenerate for `name`.
fn is_replaced_impl(item: &Item, name: &str) -> bool {
    let Item::Impl(imp) = item else { return false };
    let self_name = match &*imp.self_ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    };
    if self_name.as_deref() != Some(name) {
        return false;
    }
    let Some((path, _)) = &imp.trait_ else {
        return false;
    };
    let Some(last) = path.segments.last() else {
        return false;
    };
    match last.ident.to_string().as_str() {
        "Display" | "FromStr" => true,
        // `TryFrom<&str>`, `TryFrom<&String>`, `TryFrom<String>`: replaced by `From`.
        "TryFrom" => true,
        _ => false,
    }
}

/// Make every string enum open: unknown wire values decode into `Unknown(String)` and
/// encode back unchanged; known values keep the spec's spelling.
pub fn open_string_enums(file: &mut syn::File, stats: &mut Stats) -> Vec<StringEnum> {
    let Some(items) = types_items(file) else {
        return Vec::new();
    };
    let mut found: Vec<StringEnum> = items
        .iter()
        .filter_map(|i| match i {
            Item::Enum(e) => as_string_enum(e),
            _ => None,
        })
        .collect();
    let mut renames = Vec::new();
    for se in &mut found {
        if let Some(renamed) = free_unknown_name(se) {
            renames.push((se.name.clone(), renamed));
        }
    }
    for (enum_name, to) in &renames {
        RenameVariant { enum_name, to }.visit_file_mut(file);
    }
    let items = match types_items(file) {
        Some(items) => items,
        None => return found,
    };
    for se in &found {
        items.retain(|i| !is_replaced_impl(i, &se.name));
        for item in items.iter_mut() {
            if let Item::Enum(e) = item
                && e.ident == se.name
            {
                rewrite_enum(e);
            }
        }
        items.extend(open_enum_impls(se));
        stats.open_enums += 1;
    }
    if !found.is_empty() {
        items.insert(0, open_enum_macro());
    }
    found
}

/// A spec value spelled `unknown` would become a variant `Unknown`, the name of the
/// catch-all: that variant is renamed `UnknownValue` (or the next free name) in `se`, and the
/// new name is returned. Its wire value stays `unknown`.
fn free_unknown_name(se: &mut StringEnum) -> Option<String> {
    let taken: BTreeSet<String> = se.variants.iter().map(|(v, _)| v.clone()).collect();
    let slot = se.variants.iter_mut().find(|(v, _)| v == "Unknown")?;
    let mut name = "UnknownValue".to_owned();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("UnknownValue{n}");
        n += 1;
    }
    slot.0 = name.clone();
    Some(name)
}

/// Renames the spec's `Unknown` variant of `enum_name` to `to`, in the enum and in every
/// path `EnumName::Unknown` of the file (defaults, examples).
struct RenameVariant<'a> {
    enum_name: &'a str,
    to: &'a str,
}

impl VisitMut for RenameVariant<'_> {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        let n = path.segments.len();
        if n >= 2
            && path.segments[n - 2].ident == self.enum_name
            && path.segments[n - 1].ident == "Unknown"
        {
            path.segments[n - 1].ident = format_ident!("{}", self.to);
        }
        visit_mut::visit_path_mut(self, path);
    }

    fn visit_item_enum_mut(&mut self, e: &mut ItemEnum) {
        if e.ident == self.enum_name {
            for v in e.variants.iter_mut() {
                if v.ident == "Unknown" && matches!(v.fields, Fields::Unit) {
                    v.ident = format_ident!("{}", self.to);
                    v.attrs.retain(|a| !a.path().is_ident("doc"));
                    let doc =
                        "The value `unknown`. (`Unknown(..)` holds values this SDK does not know.)";
                    v.attrs.push(parse_quote!(#[doc = #doc]));
                }
            }
        }
        visit_mut::visit_item_enum_mut(self, e);
    }
}

fn rewrite_enum(e: &mut ItemEnum) {
    let mut attrs = Vec::new();
    for a in e.attrs.drain(..) {
        if a.path().is_ident("serde") {
            continue;
        }
        if a.path().is_ident("derive") {
            let kept: Vec<syn::Path> = a
                .parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
                .map(|p| p.into_iter().collect::<Vec<syn::Path>>())
                .unwrap_or_default()
                .into_iter()
                .filter(|p| {
                    let last = p
                        .segments
                        .last()
                        .map(|s| s.ident.to_string())
                        .unwrap_or_default();
                    !matches!(last.as_str(), "Serialize" | "Deserialize" | "Copy")
                })
                .collect();
            attrs.push(parse_quote!(#[derive(#(#kept),*)]));
            continue;
        }
        attrs.push(a);
    }
    attrs.push(parse_quote!(#[non_exhaustive]));
    e.attrs = attrs;
    for v in e.variants.iter_mut() {
        v.attrs.retain(|a| !a.path().is_ident("serde"));
    }
    e.variants.push(parse_quote! {
        /// A value this version of the SDK does not know yet, kept exactly as received.
        Unknown(::std::string::String)
    });
}

/// The name of the macro that writes an open enum's impls; defined once per crate by
/// [`open_enum_macro`].
const OPEN_ENUM_MACRO: &str = "open_enum_impls";

/// `open_enum_impls!(Name { Variant => "wire", .. });`: one line per value in the generated
/// source, instead of the five (two matches, one per conversion) the impls repeat.
fn open_enum_impls(se: &StringEnum) -> Vec<Item> {
    let name = format_ident!("{}", se.name);
    let mac = format_ident!("{}", OPEN_ENUM_MACRO);
    let idents: Vec<_> = se
        .variants
        .iter()
        .map(|(v, _)| format_ident!("{}", v))
        .collect();
    let wires: Vec<_> = se.variants.iter().map(|(_, w)| w.as_str()).collect();
    vec![parse_quote! {
        #mac!(#name { #( #idents => #wires, )* });
    }]
}

/// The `macro_rules!` every open enum's impls come from, put first in `types` when the crate
/// has an open enum: `as_str`, `is_unknown`, `Display`, `From<&str>`, `From<String>`,
/// `FromStr` and serde's traits, the wire values written once per enum.
fn open_enum_macro() -> Item {
    let mac = format_ident!("{}", OPEN_ENUM_MACRO);
    parse_quote! {
        /// Writes the impls of an open string enum from its `Variant => "wire value"` pairs.
        macro_rules! #mac {
            ($name:ident { $($variant:ident => $wire:literal,)* }) => {
                impl $name {
                    /// The value as sent on the wire.
                    pub fn as_str(&self) -> &str {
                        match self {
                            $(Self::$variant => $wire,)*
                            Self::Unknown(value) => value.as_str(),
                        }
                    }

                    /// Whether the value is one this SDK version does not know.
                    pub fn is_unknown(&self) -> bool {
                        matches!(self, Self::Unknown(_))
                    }
                }

                impl ::std::fmt::Display for $name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }

                impl ::std::convert::From<&str> for $name {
                    fn from(value: &str) -> Self {
                        match value {
                            $($wire => Self::$variant,)*
                            other => Self::Unknown(other.to_owned()),
                        }
                    }
                }

                impl ::std::convert::From<::std::string::String> for $name {
                    fn from(value: ::std::string::String) -> Self {
                        match value.as_str() {
                            $($wire => Self::$variant,)*
                            _ => Self::Unknown(value),
                        }
                    }
                }

                impl ::std::str::FromStr for $name {
                    type Err = ::std::convert::Infallible;
                    fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                        Ok(Self::from(value))
                    }
                }

                impl ::serde::Serialize for $name {
                    fn serialize<S: ::serde::Serializer>(
                        &self,
                        serializer: S,
                    ) -> ::std::result::Result<S::Ok, S::Error> {
                        serializer.serialize_str(self.as_str())
                    }
                }

                impl<'de> ::serde::Deserialize<'de> for $name {
                    fn deserialize<D: ::serde::Deserializer<'de>>(
                        deserializer: D,
                    ) -> ::std::result::Result<Self, D::Error> {
                        ::std::string::String::deserialize(deserializer).map(Self::from)
                    }
                }
            };
        }
    }
}

/// Remove `deny_unknown_fields`: a field Telnyx adds tomorrow must not break decoding.
/// It is a container attribute, so only the attributes of type items are inspected.
pub fn allow_unknown_fields(file: &mut syn::File, stats: &mut Stats) {
    let Some(items) = types_items(file) else {
        return;
    };
    for item in items.iter_mut() {
        let attrs = match item {
            Item::Struct(s) => &mut s.attrs,
            Item::Enum(e) => &mut e.attrs,
            _ => continue,
        };
        let mut changed = false;
        for a in attrs.iter_mut().filter(|a| a.path().is_ident("serde")) {
            let Ok(metas) = a.parse_args_with(Punctuated::<syn::Meta, Token![,]>::parse_terminated)
            else {
                continue;
            };
            if !metas
                .iter()
                .any(|m| m.path().is_ident("deny_unknown_fields"))
            {
                continue;
            }
            let kept: Vec<_> = metas
                .into_iter()
                .filter(|m| !m.path().is_ident("deny_unknown_fields"))
                .collect();
            *a = parse_quote!(#[serde(#(#kept),*)]);
            changed = true;
            stats.unknown_fields_allowed += 1;
        }
        if changed {
            attrs.retain(|a| {
                !(a.path().is_ident("serde")
                    && a.parse_args::<proc_macro2::TokenStream>()
                        .is_ok_and(|t| t.is_empty()))
            });
        }
    }
}

/// Drop the statements that send an `api-version` header.
pub fn drop_api_version_header(file: &mut syn::File, stats: &mut Stats) {
    struct V<'a>(&'a mut Stats);
    impl VisitMut for V<'_> {
        fn visit_block_mut(&mut self, block: &mut syn::Block) {
            let before = block.stmts.len();
            block.stmts.retain(|s| !sends_api_version(s));
            self.0.api_version_headers_dropped += before - block.stmts.len();
            visit_mut::visit_block_mut(self, block);
        }
    }
    V(stats).visit_file_mut(file);
}

/// `header_map.append(HeaderName::from_static("api-version"), ...)`; only method calls
/// named `append` are rendered to text, which keeps this pass cheap.
fn sends_api_version(stmt: &syn::Stmt) -> bool {
    match stmt {
        syn::Stmt::Expr(syn::Expr::MethodCall(call), _) if call.method == "append" => {
            quote!(#call).to_string().contains("\"api-version\"")
        }
        _ => false,
    }
}

/// The local progenitor collects header parameters in.
const HEADER_MAP: &str = "header_map";

/// Drop `let mut header_map = HeaderMap::with_capacity(..)` and its `.headers(header_map)`
/// where nothing is ever inserted (operations without header parameters, once
/// [`drop_api_version_header`] has run): the empty map costs an allocation and a merge on
/// every request. Blocks that use the map in any other way are left as they are.
pub fn drop_empty_header_maps(file: &mut syn::File, stats: &mut Stats) {
    struct V<'a>(&'a mut Stats);
    impl VisitMut for V<'_> {
        fn visit_block_mut(&mut self, block: &mut syn::Block) {
            if let Some(index) = block.stmts.iter().position(|s| declares(s, HEADER_MAP)) {
                let mut candidate = block.clone();
                candidate.stmts.remove(index);
                let mut strip = StripHeaders(0);
                strip.visit_block_mut(&mut candidate);
                if strip.0 == 1 && !mentions(&candidate, HEADER_MAP) {
                    *block = candidate;
                    self.0.empty_header_maps_dropped += 1;
                }
            }
            visit_mut::visit_block_mut(self, block);
        }
    }
    /// Replaces `<receiver>.headers(header_map)` by `<receiver>`, counting the calls.
    struct StripHeaders(usize);
    impl VisitMut for StripHeaders {
        fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
            if let syn::Expr::MethodCall(call) = expr
                && call.method == "headers"
                && call.args.len() == 1
                && matches!(call.args.first(), Some(syn::Expr::Path(p)) if p.path.is_ident(HEADER_MAP))
            {
                let receiver = (*call.receiver).clone();
                *expr = receiver;
                self.0 += 1;
            }
            visit_mut::visit_expr_mut(self, expr);
        }
    }
    V(stats).visit_file_mut(file);
}

/// `let <name> = ...;` or `let mut <name> = ...;`
fn declares(stmt: &syn::Stmt, name: &str) -> bool {
    matches!(stmt, syn::Stmt::Local(local)
        if local.init.is_some() && matches!(&local.pat, syn::Pat::Ident(p) if p.ident == name))
}

/// Whether `path` ends with the segments `ends` (`[.., "Type", "function"]`).
pub(crate) fn path_ends_with(path: &syn::Path, ends: &[&str]) -> bool {
    path.segments.len() >= ends.len()
        && path
            .segments
            .iter()
            .rev()
            .zip(ends.iter().rev())
            .all(|(segment, end)| segment.ident == end)
}

/// Whether `ident` occurs anywhere in `block`, macro arguments included.
fn mentions(block: &syn::Block, ident: &str) -> bool {
    fn walk(tokens: TokenStream, ident: &str) -> bool {
        tokens.into_iter().any(|t| match t {
            proc_macro2::TokenTree::Ident(i) => i == ident,
            proc_macro2::TokenTree::Group(g) => walk(g.stream(), ident),
            _ => false,
        })
    }
    walk(quote!(#block), ident)
}

/// In the `format!` that builds a request URL, write each path parameter through
/// `::telnyx_sdk_core::codegen::PathParam(&arg)` instead of progenitor's
/// `encode_path(&arg.to_string())`: the same escaping, without the two temporary strings.
pub fn encode_path_params_in_place(file: &mut syn::File, stats: &mut Stats) {
    struct V<'a>(&'a mut Stats);
    impl VisitMut for V<'_> {
        fn visit_macro_mut(&mut self, m: &mut syn::Macro) {
            let calls_encode_path = || {
                m.tokens
                    .clone()
                    .into_iter()
                    .any(|t| matches!(&t, proc_macro2::TokenTree::Ident(i) if i == "encode_path"))
            };
            if m.path.is_ident("format") && calls_encode_path() {
                let (tokens, n) = rewrite_encode_path(m.tokens.clone());
                m.tokens = tokens;
                self.0.path_params_encoded_in_place += n;
            }
            visit_mut::visit_macro_mut(self, m);
        }
    }
    V(stats).visit_file_mut(file);
}

/// Before the `let url = format!(..)` that writes path parameters through `PathParam`,
/// refuse each parameter that escaping cannot keep in its route (empty, `.` or `..`):
/// `::telnyx_sdk_core::codegen::check_path_param("name", &name).map_err(Error::InvalidRequest)?;`
/// Runs after [`encode_path_params_in_place`]; the request is never built or sent.
pub fn refuse_dot_path_params(file: &mut syn::File, stats: &mut Stats) {
    struct V<'a>(&'a mut Stats);
    impl VisitMut for V<'_> {
        fn visit_block_mut(&mut self, block: &mut syn::Block) {
            if let Some(index) = block.stmts.iter().position(|s| declares(s, "url")) {
                let params = block
                    .stmts
                    .get(index)
                    .map(path_param_args)
                    .unwrap_or_default();
                let checks: Vec<syn::Stmt> = params
                    .iter()
                    .map(|arg| {
                        let name = arg.to_string();
                        parse_quote! {
                            ::telnyx_sdk_core::codegen::check_path_param(#name, &#arg)
                                .map_err(Error::InvalidRequest)?;
                        }
                    })
                    .collect();
                self.0.path_params_checked += checks.len();
                block.stmts.splice(index..index, checks);
            }
            visit_mut::visit_block_mut(self, block);
        }
    }
    V(stats).visit_file_mut(file);
}

/// The `X` of every `PathParam(&X)` in a statement (macro arguments included).
fn path_param_args(stmt: &syn::Stmt) -> Vec<proc_macro2::Ident> {
    use proc_macro2::TokenTree;
    fn walk(tokens: TokenStream, out: &mut Vec<proc_macro2::Ident>) {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        for (i, tree) in trees.iter().enumerate() {
            match (tree, trees.get(i + 1)) {
                (TokenTree::Ident(name), Some(TokenTree::Group(args))) if name == "PathParam" => {
                    let inner: Vec<TokenTree> = args.stream().into_iter().collect();
                    if let [TokenTree::Punct(amp), TokenTree::Ident(arg)] = inner.as_slice()
                        && amp.as_char() == '&'
                    {
                        out.push(arg.clone());
                    }
                }
                (TokenTree::Group(g), _) => walk(g.stream(), out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(quote!(#stmt), &mut out);
    out
}

/// Rewrites `encode_path(&X.to_string())` (X one identifier) in a token stream; returns the
/// new tokens and the number of rewrites.
fn rewrite_encode_path(tokens: TokenStream) -> (TokenStream, usize) {
    use proc_macro2::TokenTree;
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(trees.len());
    let mut count = 0;
    let mut i = 0;
    while i < trees.len() {
        if let (TokenTree::Ident(name), Some(TokenTree::Group(args))) =
            (&trees[i], trees.get(i + 1))
            && name == "encode_path"
            && args.delimiter() == proc_macro2::Delimiter::Parenthesis
            && let Some(arg) = to_string_argument(args.stream())
        {
            out.extend(quote!(::telnyx_sdk_core::codegen::PathParam(&#arg)));
            count += 1;
            i += 2;
            continue;
        }
        out.push(trees[i].clone());
        i += 1;
    }
    (out.into_iter().collect(), count)
}

/// `X` from the tokens `& X . to_string ()`.
fn to_string_argument(tokens: TokenStream) -> Option<proc_macro2::Ident> {
    use proc_macro2::TokenTree;
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    match trees.as_slice() {
        [
            TokenTree::Punct(amp),
            TokenTree::Ident(arg),
            TokenTree::Punct(dot),
            TokenTree::Ident(method),
            TokenTree::Group(call),
        ] if amp.as_char() == '&'
            && dot.as_char() == '.'
            && method == "to_string"
            && call.stream().is_empty() =>
        {
            Some(arg.clone())
        }
        _ => None,
    }
}

/// Decode JSON responses with `::telnyx_sdk_core::codegen::response_value`, which moves the
/// response headers into the returned value, instead of progenitor's
/// `ResponseValue::from_response`, which copies them.
pub fn move_response_headers(file: &mut syn::File, stats: &mut Stats) {
    struct V<'a>(&'a mut Stats);
    impl VisitMut for V<'_> {
        fn visit_expr_call_mut(&mut self, call: &mut syn::ExprCall) {
            if let syn::Expr::Path(p) = &*call.func
                && path_ends_with(&p.path, &["ResponseValue", "from_response"])
            {
                *call.func = parse_quote!(::telnyx_sdk_core::codegen::response_value);
                self.0.response_headers_moved += 1;
            }
            visit_mut::visit_expr_call_mut(self, call);
        }
    }
    V(stats).visit_file_mut(file);
}

/// Write the query parameters into the request URL before the request builder parses it:
/// the `.query(&progenitor_client::QueryParam::new(name, &value))` calls of a request
/// builder chain move to the block's `let url = ...;` as
/// `::telnyx_sdk_core::codegen::QueryUrl::new(...).param(name, value)...finish()`, in
/// the same order; a parameter passed as `&argN` is moved in, so that it is dropped once
/// written instead of taking room in the request's future until the response is read.
/// Progenitor's calls take the URL's query apart and put it back once per parameter, absent
/// ones included. `regen` fails if any `.query(` call is left in the generated code, so
/// that a change in progenitor's output cannot reorder or drop parameters unnoticed. A
/// value that cannot be serialized becomes `Error::InvalidRequest` (progenitor's reqwest
/// builder reported it when building).
pub fn write_query_into_url(file: &mut syn::File, stats: &mut Stats) {
    struct V<'a>(&'a mut Stats);
    impl VisitMut for V<'_> {
        fn visit_block_mut(&mut self, block: &mut syn::Block) {
            if let Some(index) = block.stmts.iter().position(|s| declares(s, "url")) {
                let mut pairs = Vec::new();
                for stmt in block.stmts.iter_mut().skip(index + 1) {
                    let mut strip = StripQueryParams(Vec::new());
                    strip.visit_stmt_mut(stmt);
                    // the visitor meets the outermost (last) call of a chain first
                    pairs.extend(strip.0.into_iter().rev());
                }
                if !pairs.is_empty()
                    && let Some(syn::Stmt::Local(local)) = block.stmts.get_mut(index)
                    && let Some(init) = &mut local.init
                {
                    let url = &init.expr;
                    let params = pairs.iter().map(|(name, value)| {
                        // `&argN` becomes `argN`: the value is dropped once written instead
                        // of living (and taking room in the future) until the request ends
                        let value = match value {
                            syn::Expr::Reference(r)
                                if r.mutability.is_none()
                                    && matches!(&*r.expr, syn::Expr::Path(_)) =>
                            {
                                &*r.expr
                            }
                            other => other,
                        };
                        quote!(.param(#name, #value))
                    });
                    *init.expr = parse_quote!(
                        ::telnyx_sdk_core::codegen::QueryUrl::new(#url)
                            #(#params)*
                            .finish()
                            .map_err(Error::InvalidRequest)?
                    );
                    self.0.query_params_written_into_url += pairs.len();
                }
            }
            visit_mut::visit_block_mut(self, block);
        }
    }
    /// Replaces `<receiver>.query(&QueryParam::new(name, value))` by `<receiver>`,
    /// collecting `(name, value)`.
    struct StripQueryParams(Vec<(syn::Expr, syn::Expr)>);
    impl VisitMut for StripQueryParams {
        fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
            while let syn::Expr::MethodCall(call) = expr
                && let Some(pair) = query_param_args(call)
            {
                self.0.push(pair);
                let receiver = (*call.receiver).clone();
                *expr = receiver;
            }
            visit_mut::visit_expr_mut(self, expr);
        }
    }
    V(stats).visit_file_mut(file);
}

/// `(name, value)` of a `.query(&QueryParam::new(name, value))` call.
fn query_param_args(call: &syn::ExprMethodCall) -> Option<(syn::Expr, syn::Expr)> {
    if call.method != "query" || call.args.len() != 1 {
        return None;
    }
    let Some(syn::Expr::Reference(arg)) = call.args.first() else {
        return None;
    };
    let syn::Expr::Call(new) = &*arg.expr else {
        return None;
    };
    let syn::Expr::Path(func) = &*new.func else {
        return None;
    };
    if !path_ends_with(&func.path, &["QueryParam", "new"]) {
        return None;
    }
    let mut args = new.args.iter().cloned();
    match (args.next(), args.next(), args.next()) {
        (Some(name), Some(value), None) => Some((name, value)),
        _ => None,
    }
}

/// Shorten the docs progenitor writes on each client method: keep the summary and the
/// "Sends a `GET` request to `/path`" line, drop the generated "Arguments:" list and the
/// `ignore` usage example. Those only repeat parameter names (the builder's setters say
/// the same), and long runs of them are needless noise in rustdoc.
pub fn trim_method_docs(file: &mut syn::File) -> usize {
    let mut trimmed = 0;
    for item in file.items.iter_mut() {
        let Item::Trait(t) = item else { continue };
        for ti in t.items.iter_mut() {
            let syn::TraitItem::Fn(f) = ti else { continue };
            for a in f.attrs.iter_mut().filter(|a| a.path().is_ident("doc")) {
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
    }
    trimmed
}

/// In each builder's `send`, progenitor binds every parameter to a local of the same
/// name (`let Self { client, filter_x, .. } = self; let filter_x = filter_x.map_err(..)`).
/// The vendor's parameter descriptions are bare lists of the same names, so those runs of
/// locals reproduced their text word for word (our `prose-check` flags 9-word runs). The
/// locals are renamed by position, `arg0`, `arg1`, ... (`let Self { filter_x: arg0, .. }
/// = self`; the query key string beside each use still names the parameter). Nothing
/// outside the function sees them.
pub fn number_builder_locals(file: &mut syn::File) -> usize {
    use std::collections::BTreeMap;

    struct Rename<'a>(&'a BTreeMap<String, syn::Ident>);
    impl VisitMut for Rename<'_> {
        fn visit_expr_path_mut(&mut self, e: &mut syn::ExprPath) {
            if e.qself.is_none()
                && e.path.segments.len() == 1
                && let Some(seg) = e.path.segments.first_mut()
                && let Some(new) = self.0.get(&seg.ident.to_string())
            {
                seg.ident = new.clone();
            }
        }
        fn visit_pat_ident_mut(&mut self, p: &mut syn::PatIdent) {
            if let Some(new) = self.0.get(&p.ident.to_string()) {
                p.ident = new.clone();
            }
            visit_mut::visit_pat_ident_mut(self, p);
        }
        // Macro arguments (`format!("{}/rooms/{}", .., encode_path(&room_id..))`) are
        // plain tokens to syn: rename identifiers there too, except after a `.`
        // (field and method names).
        fn visit_macro_mut(&mut self, m: &mut syn::Macro) {
            m.tokens = rename_tokens(std::mem::take(&mut m.tokens), self.0);
        }
    }

    fn rename_tokens(tokens: TokenStream, names: &BTreeMap<String, syn::Ident>) -> TokenStream {
        use proc_macro2::{Group, TokenTree};
        let mut after_dot = false;
        tokens
            .into_iter()
            .map(|tt| {
                let out = match tt {
                    TokenTree::Ident(ref i) if !after_dot => match names.get(&i.to_string()) {
                        Some(new) => TokenTree::Ident(new.clone()),
                        None => tt,
                    },
                    TokenTree::Group(g) => {
                        let mut ng = Group::new(g.delimiter(), rename_tokens(g.stream(), names));
                        ng.set_span(g.span());
                        TokenTree::Group(ng)
                    }
                    other => other,
                };
                after_dot = matches!(&out, TokenTree::Punct(p) if p.as_char() == '.');
                out
            })
            .collect()
    }

    struct V(usize);
    impl VisitMut for V {
        fn visit_impl_item_fn_mut(&mut self, f: &mut syn::ImplItemFn) {
            if f.sig.ident != "send" {
                return;
            }
            let mut names = BTreeMap::new();
            for stmt in f.block.stmts.iter_mut() {
                let syn::Stmt::Local(local) = stmt else {
                    continue;
                };
                let syn::Pat::Struct(ps) = &mut local.pat else {
                    continue;
                };
                if !ps.path.is_ident("Self") {
                    continue;
                }
                for fp in ps.fields.iter_mut() {
                    let syn::Member::Named(member) = &fp.member else {
                        continue;
                    };
                    if member == "client" {
                        continue;
                    }
                    // the local is the binding (`url: url_param` binds `url_param`)
                    let local = match &*fp.pat {
                        syn::Pat::Ident(p) => p.ident.to_string(),
                        _ => member.to_string(),
                    };
                    let renamed = format_ident!("arg{}", names.len());
                    names.insert(local, renamed.clone());
                    *fp.pat = parse_quote!(#renamed);
                    fp.colon_token = Some(Default::default());
                }
            }
            if names.is_empty() {
                return;
            }
            let mut rename = Rename(&names);
            for stmt in f.block.stmts.iter_mut() {
                if matches!(stmt, syn::Stmt::Local(l) if matches!(&l.pat, syn::Pat::Struct(_))) {
                    continue;
                }
                rename.visit_stmt_mut(stmt);
            }
            self.0 += 1;
        }
    }
    let mut v = V(0);
    v.visit_file_mut(file);
    v.0
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

/// Removes `impl X { pub fn builder() -> builder::X }` from the types whose builder
/// [`prune_type_builders`] removed (an `impl` block left empty goes too).
pub fn drop_builder_methods(file: &mut syn::File, removed: &BTreeSet<String>, stats: &mut Stats) {
    let Some(types) = types_items(file) else {
        return;
    };
    for item in types.iter_mut() {
        if let Item::Impl(imp) = item
            && imp.trait_.is_none()
            && let syn::Type::Path(p) = &*imp.self_ty
            && p.path
                .segments
                .last()
                .is_some_and(|s| removed.contains(&s.ident.to_string()))
        {
            imp.items
                .retain(|i| !matches!(i, syn::ImplItem::Fn(f) if f.sig.ident == "builder"));
        }
    }
    types.retain(
        |item| !matches!(item, Item::Impl(imp) if imp.trait_.is_none() && imp.items.is_empty()),
    );
    stats.type_builders_dropped += removed.len();
}

/// Keeps only the type builders a caller can need: those of request bodies, named as
/// `types::builder::X` by the operation builders, and of the types their fields refer to,
/// transitively. Response types are only ever decoded, so their builders are dead code that
/// every user would compile (about 45% of the video crate's lines).
///
/// Works on progenitor's token stream, so the removed items are never parsed; returns the
/// tokens and the names of the removed builders, whose `X::builder()` functions
/// [`drop_builder_methods`] then removes from the parsed tree.
///
/// Items are told apart at token level: an item is its attributes, then tokens up to and
/// including its first top-level `{ .. }` group (builders are named-field structs and impl
/// blocks); its subject is the last identifier before that group (`struct X`, `impl X`,
/// `impl Default for X`, `impl TryFrom<X> for super::X`).
pub fn prune_type_builders(tokens: TokenStream) -> (TokenStream, BTreeSet<String>) {
    use proc_macro2::{Delimiter, Group, TokenTree};
    use std::collections::BTreeMap;

    let mut top: Vec<TokenTree> = tokens.into_iter().collect();
    // `mod types { .. }` at the top level.
    let Some(types_at) = mod_group_index(&top, "types") else {
        return (top.into_iter().collect(), BTreeSet::new());
    };
    let mut roots = BTreeSet::new();
    for (i, tt) in top.iter().enumerate() {
        if i != types_at {
            scan_paths(
                std::iter::once(tt.clone()).collect(),
                &["types", "builder"],
                &mut roots,
            );
        }
    }
    let TokenTree::Group(types_group) = &top[types_at] else {
        return (top.into_iter().collect(), BTreeSet::new());
    };
    let mut types_body: Vec<TokenTree> = types_group.stream().into_iter().collect();
    let Some(builder_at) = mod_group_index(&types_body, "builder") else {
        return (top.into_iter().collect(), BTreeSet::new());
    };
    let TokenTree::Group(builder_group) = &types_body[builder_at] else {
        return (top.into_iter().collect(), BTreeSet::new());
    };
    let items = split_items(builder_group.stream());
    let mut refers: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for item in &items {
        if is_struct(item)
            && let Some(name) = subject(item)
        {
            let mut found = BTreeSet::new();
            scan_paths(item.iter().cloned().collect(), &["super"], &mut found);
            refers.insert(name, found);
        }
    }
    let mut keep = roots;
    let mut queue: Vec<String> = keep.iter().cloned().collect();
    while let Some(name) = queue.pop() {
        for r in refers.get(&name).into_iter().flatten() {
            if refers.contains_key(r) && keep.insert(r.clone()) {
                queue.push(r.clone());
            }
        }
    }
    let removed: BTreeSet<String> = refers
        .keys()
        .filter(|name| !keep.contains(*name))
        .cloned()
        .collect();
    let kept: TokenStream = items
        .into_iter()
        .filter(|item| {
            subject(item).is_none_or(|name| !refers.contains_key(&name) || keep.contains(&name))
        })
        .flatten()
        .collect();
    let mut new_builder = Group::new(Delimiter::Brace, kept);
    new_builder.set_span(builder_group.span());
    types_body[builder_at] = TokenTree::Group(new_builder);
    let mut new_types = Group::new(Delimiter::Brace, types_body.into_iter().collect());
    new_types.set_span(types_group.span());
    top[types_at] = TokenTree::Group(new_types);
    (top.into_iter().collect(), removed)
}

/// The index of the `{ .. }` group of `mod <name>` among `tokens`.
fn mod_group_index(tokens: &[proc_macro2::TokenTree], name: &str) -> Option<usize> {
    use proc_macro2::{Delimiter, TokenTree};
    tokens
        .windows(3)
        .position(|w| {
            matches!(&w[0], TokenTree::Ident(i) if i == "mod")
                && matches!(&w[1], TokenTree::Ident(i) if i == name)
                && matches!(&w[2], TokenTree::Group(g) if g.delimiter() == Delimiter::Brace)
        })
        .map(|i| i + 2)
}

/// Splits a module body into items: attributes, then tokens up to and including the first
/// top-level brace group (or a `;`).
fn split_items(tokens: TokenStream) -> Vec<Vec<proc_macro2::TokenTree>> {
    use proc_macro2::{Delimiter, TokenTree};
    let mut items = Vec::new();
    let mut current = Vec::new();
    for tt in tokens {
        let ends = match &tt {
            TokenTree::Group(g) => g.delimiter() == Delimiter::Brace,
            TokenTree::Punct(p) => p.as_char() == ';',
            _ => false,
        };
        current.push(tt);
        if ends {
            items.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        items.push(current);
    }
    items
}

fn is_struct(item: &[proc_macro2::TokenTree]) -> bool {
    item.iter()
        .any(|tt| matches!(tt, proc_macro2::TokenTree::Ident(i) if i == "struct"))
}

/// The last identifier before an item's body group.
fn subject(item: &[proc_macro2::TokenTree]) -> Option<String> {
    use proc_macro2::TokenTree;
    let starts = item
        .iter()
        .any(|tt| matches!(tt, TokenTree::Ident(i) if i == "struct" || i == "impl"));
    if !starts {
        return None;
    }
    let body = item.len().checked_sub(1)?;
    item[..body].iter().rev().find_map(|tt| match tt {
        TokenTree::Ident(i) => Some(i.to_string()),
        _ => None,
    })
}

/// Adds `X` for every `prefix :: X` path in `tokens` (groups included).
fn scan_paths(tokens: TokenStream, prefix: &[&str], out: &mut BTreeSet<String>) {
    use proc_macro2::TokenTree;
    let flat: Vec<TokenTree> = tokens.into_iter().collect();
    let mut i = 0;
    while i < flat.len() {
        if let TokenTree::Group(g) = &flat[i] {
            scan_paths(g.stream(), prefix, out);
        }
        // prefix[0] :: prefix[1] :: .. :: X
        let mut j = i;
        let mut matched = true;
        for want in prefix {
            let is_ident = matches!(flat.get(j), Some(TokenTree::Ident(id)) if id == want);
            let sep = matches!(flat.get(j + 1), Some(TokenTree::Punct(p)) if p.as_char() == ':')
                && matches!(flat.get(j + 2), Some(TokenTree::Punct(p)) if p.as_char() == ':');
            if !(is_ident && sep) {
                matched = false;
                break;
            }
            j += 3;
        }
        if matched && let Some(TokenTree::Ident(x)) = flat.get(j) {
            out.insert(x.to_string());
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typify_like() -> syn::File {
        parse_quote! {
            pub mod types {
                #[derive(:: serde :: Deserialize, :: serde :: Serialize, Clone, Copy, Debug, Eq, Hash, Ord, PartialEq, PartialOrd)]
                pub enum Status {
                    #[serde(rename = "in_progress")]
                    InProgress,
                    #[serde(rename = "completed")]
                    Completed,
                }
                impl ::std::fmt::Display for Status {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result { Ok(()) }
                }
                impl ::std::str::FromStr for Status {
                    type Err = ();
                    fn from_str(value: &str) -> Result<Self, ()> { Err(()) }
                }
                impl ::std::convert::TryFrom<&str> for Status {
                    type Error = ();
                    fn try_from(value: &str) -> Result<Self, ()> { Err(()) }
                }
                impl ::std::convert::From<&Status> for Status {
                    fn from(value: &Status) -> Self { value.clone() }
                }
                #[derive(:: serde :: Deserialize, :: serde :: Serialize, Clone, Debug)]
                #[serde(deny_unknown_fields)]
                pub struct Room { pub status: Status }
                #[derive(:: serde :: Deserialize, Clone, Debug)]
                #[serde(untagged)]
                pub enum Either { A(String), B(i64) }
            }
            impl Client {
                pub fn new(baseurl: &str) -> Self { reqwest::Client::builder().build().unwrap() }
                pub fn new_with_client() -> Self { todo!() }
                pub fn send(&self) {
                    let mut header_map = HeaderMap::new();
                    header_map.append(HeaderName::from_static("api-version"), HeaderValue::from_static(Client::api_version()));
                    let x = 1;
                }
            }
        }
    }

    fn text(f: &syn::File) -> String {
        quote!(#f).to_string()
    }

    #[test]
    fn string_enums_become_open() {
        let mut f = typify_like();
        let mut stats = Stats::default();
        let found = open_string_enums(&mut f, &mut stats);
        assert_eq!(
            found.len(),
            1,
            "the untagged data enum is not a string enum"
        );
        assert_eq!(
            found[0].variants[0],
            ("InProgress".to_string(), "in_progress".to_string())
        );
        let t = text(&f);
        assert!(t.contains("Unknown (:: std :: string :: String)"), "{t}");
        assert!(t.contains("non_exhaustive"));
        assert!(!t.contains("Copy"), "Copy cannot hold a String");
        assert!(
            !t.contains("TryFrom < & str >"),
            "old fallible conversions removed"
        );
        assert!(
            t.contains("From < & Status > for Status"),
            "unrelated impls kept"
        );
        assert!(
            t.contains("open_enum_impls ! (Status { InProgress => \"in_progress\" ,"),
            "{t}"
        );
        assert!(
            t.contains("macro_rules ! open_enum_impls"),
            "defined once: {t}"
        );
        assert_eq!(stats.open_enums, 1);
    }

    #[test]
    fn a_spec_value_unknown_keeps_its_own_variant_beside_the_catch_all() {
        let mut f: syn::File = parse_quote! {
            pub mod types {
                #[derive(Clone, Debug, Deserialize, Serialize)]
                pub enum HangupSource {
                    #[serde(rename = "caller")]
                    Caller,
                    #[serde(rename = "unknown")]
                    Unknown,
                }
                impl Default for HangupSource {
                    fn default() -> Self {
                        HangupSource::Unknown
                    }
                }
            }
        };
        let found = open_string_enums(&mut f, &mut Stats::default());
        assert_eq!(
            found[0].variants,
            [
                ("Caller".to_owned(), "caller".to_owned()),
                ("UnknownValue".to_owned(), "unknown".to_owned())
            ]
        );
        let t = text(&f);
        assert!(t.contains("UnknownValue ,"), "{t}");
        assert!(t.contains("Unknown (:: std :: string :: String)"), "{t}");
        assert!(
            t.contains("HangupSource :: UnknownValue"),
            "default follows: {t}"
        );
        assert!(t.contains("UnknownValue => \"unknown\""), "{t}");
    }

    #[test]
    fn deny_unknown_fields_is_removed() {
        let mut f = typify_like();
        let mut stats = Stats::default();
        allow_unknown_fields(&mut f, &mut stats);
        let t = text(&f);
        assert!(!t.contains("deny_unknown_fields"));
        assert!(t.contains("untagged"), "other serde attributes stay");
        assert_eq!(stats.unknown_fields_allowed, 1);
    }

    #[test]
    fn api_version_header_and_client_new_are_dropped() {
        let mut f = typify_like();
        let mut stats = Stats::default();
        drop_api_version_header(&mut f, &mut stats);
        drop_client_new(&mut f);
        let t = text(&f);
        assert!(!t.contains("api-version"));
        assert!(t.contains("let x = 1"));
        assert!(!t.contains("pub fn new ("));
        assert!(t.contains("new_with_client"));
        assert_eq!(stats.api_version_headers_dropped, 1);
    }

    #[test]
    fn send_paths_lose_empty_header_maps_path_strings_and_header_copies() {
        let mut f: syn::File = parse_quote! {
            impl<'a> GetRoom<'a> {
                pub async fn send(self) -> Result<ResponseValue<types::Room>, Error<()>> {
                    let url = format!("{}/rooms/{}/x/{}", client.baseurl, encode_path(&arg0.to_string()), encode_path(&arg1.to_string()),);
                    let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
                    #[allow(unused_mut)]
                    let mut request = client.client.get(url).header(ACCEPT, json).headers(header_map).build()?;
                    let response = result?;
                    match response.status().as_u16() {
                        200u16 => ResponseValue::from_response(response).await,
                        _ => Err(Error::UnexpectedResponse(response)),
                    }
                }
            }
            impl<'a> WithHeader<'a> {
                pub async fn send(self) -> Result<ResponseValue<()>, Error<()>> {
                    let url = format!("{}/q/{}", client.baseurl, encode_path(&name));
                    let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
                    header_map.append("x-token", value);
                    let request = client.client.get(url).headers(header_map).build()?;
                    Ok(ResponseValue::empty(request))
                }
            }
        };
        let mut stats = Stats::default();
        drop_empty_header_maps(&mut f, &mut stats);
        encode_path_params_in_place(&mut f, &mut stats);
        move_response_headers(&mut f, &mut stats);
        let t = text(&f);
        let (first, second) = t.split_at(t.find("WithHeader").expect("second impl"));

        assert!(!first.contains("header_map"), "{first}");
        assert!(
            first.contains(". header (ACCEPT , json) . build ()"),
            "{first}"
        );
        assert!(first.contains(
            "client . baseurl , :: telnyx_sdk_core :: codegen :: PathParam (& arg0) , :: telnyx_sdk_core :: codegen :: PathParam (& arg1) ,"
        ), "{first}");
        assert!(
            first.contains(":: telnyx_sdk_core :: codegen :: response_value (response) . await")
        );
        assert!(!first.contains("encode_path") && !first.contains("from_response"));

        // a map that receives a header stays; `encode_path` of a non-`to_string` argument too
        assert!(second.contains("let mut header_map"), "{second}");
        assert!(second.contains(". headers (header_map)"), "{second}");
        assert!(second.contains("encode_path (& name)"), "{second}");

        assert_eq!(stats.empty_header_maps_dropped, 1);
        assert_eq!(stats.path_params_encoded_in_place, 2);
        assert_eq!(stats.response_headers_moved, 1);
    }

    #[test]
    fn dot_and_empty_path_params_are_refused_before_the_url_is_built() {
        let mut f: syn::File = parse_quote! {
            impl<'a> ListQueueCalls<'a> {
                pub async fn send(self) -> Result<ResponseValue<types::X>, Error<()>> {
                    let queue_name = queue_name.map_err(Error::InvalidRequest)?;
                    let url = format!("{}/queues/{}/calls/{}", client.baseurl, encode_path(&queue_name.to_string()), encode_path(&call_id.to_string()),);
                    let request = client.client.get(url).build()?;
                }
            }
            impl<'a> ListQueues<'a> {
                pub async fn send(self) -> Result<ResponseValue<types::Y>, Error<()>> {
                    let url = format!("{}/queues", client.baseurl,);
                    let request = client.client.get(url).build()?;
                }
            }
        };
        let mut stats = Stats::default();
        encode_path_params_in_place(&mut f, &mut stats);
        refuse_dot_path_params(&mut f, &mut stats);
        let t = text(&f);
        let checks = ":: telnyx_sdk_core :: codegen :: check_path_param (\"queue_name\" , & queue_name) . map_err (Error :: InvalidRequest) ? ; \
                      :: telnyx_sdk_core :: codegen :: check_path_param (\"call_id\" , & call_id) . map_err (Error :: InvalidRequest) ? ; \
                      let url";
        assert!(t.contains(checks), "{t}");
        assert_eq!(t.matches("check_path_param").count(), 2, "{t}");
        assert_eq!(stats.path_params_checked, 2);
        // the checks survive the renaming of the builder's locals with their names
        let mut g: syn::File = parse_quote! {
            impl<'a> GetQueue<'a> {
                pub async fn send(self) -> Result<ResponseValue<types::X>, Error<()>> {
                    let Self { client, queue_name } = self;
                    let queue_name = queue_name.map_err(Error::InvalidRequest)?;
                    let url = format!("{}/queues/{}", client.baseurl, encode_path(&queue_name.to_string()),);
                }
            }
        };
        encode_path_params_in_place(&mut g, &mut stats);
        refuse_dot_path_params(&mut g, &mut stats);
        number_builder_locals(&mut g);
        let t = text(&g);
        assert!(
            t.contains("check_path_param (\"queue_name\" , & arg0)"),
            "{t}"
        );
    }

    #[test]
    fn query_params_move_into_the_url_in_order() {
        let mut f: syn::File = parse_quote! {
            pub mod builder {
                impl<'a> ListRooms<'a> {
                    pub async fn send(self) {
                        let url = format!("{}/rooms", client.baseurl,);
                        #[allow(unused_mut)]
                        let mut request = client.client.get(url)
                            .header(ACCEPT, value)
                            .query(&progenitor_client::QueryParam::new("filter[x]", &arg0))
                            .query(&progenitor_client::QueryParam::new("page[size]", &arg1))
                            .query(&other)
                            .build()?;
                    }
                }
                impl<'a> GetRoom<'a> {
                    pub async fn send(self) {
                        let url = format!("{}/rooms/{}", client.baseurl, id);
                        let request = client.client.get(url).build()?;
                    }
                }
            }
        };
        let mut stats = Stats::default();
        write_query_into_url(&mut f, &mut stats);
        let t = text(&f);
        assert!(t.contains(
            "let url = :: telnyx_sdk_core :: codegen :: QueryUrl :: new (format ! (\"{}/rooms\" , client . baseurl ,)) \
             . param (\"filter[x]\" , arg0) . param (\"page[size]\" , arg1) \
             . finish () . map_err (Error :: InvalidRequest) ?"
        ), "{t}");
        assert!(t.contains(
            "client . client . get (url) . header (ACCEPT , value) . query (& other) . build () ?"
        ), "{t}");
        assert!(!t.contains("QueryParam"), "{t}");
        assert!(
            t.contains("let url = format ! (\"{}/rooms/{}\" , client . baseurl , id) ;"),
            "{t}"
        );
        assert_eq!(t.matches("QueryUrl").count(), 1, "{t}");
        assert_eq!(stats.query_params_written_into_url, 2);
    }

    #[test]
    fn method_docs_lose_argument_lists_and_examples() {
        let mut f: syn::File = parse_quote! {
            pub trait ClientRoomsExt {
                #[doc = "List rooms\n\nSends a `GET` request to `/rooms`\n\nArguments:\n- `page_size`\n```ignore\nclient.list_rooms().send()\n```"]
                fn list_rooms(&self);
            }
        };
        assert_eq!(trim_method_docs(&mut f), 1);
        let mut g: syn::File = parse_quote! {
            pub trait ClientRoomsExt {
                #[doc = "Get a room\n\nSends a `GET` request to `/rooms/{id}`\n\n```ignore\nclient.view_room().send()\n```"]
                fn view_room(&self);
            }
        };
        assert_eq!(
            trim_method_docs(&mut g),
            1,
            "docs without an argument list lose the example too"
        );
        assert!(!text(&g).contains("ignore"));
        let t = text(&f);
        assert!(t.contains("Sends a `GET` request to `/rooms`"), "{t}");
        assert!(!t.contains("Arguments") && !t.contains("ignore"), "{t}");
    }

    #[test]
    fn builder_locals_are_numbered() {
        let mut f: syn::File = parse_quote! {
            impl X {
                fn send(self) {
                    let Self { client, room_id, body } = self;
                    let room_id = room_id.map_err(Error::InvalidRequest)?;
                    let url = format!("{}/rooms/{}", client.baseurl, encode_path(&room_id.to_string()));
                    client.client.post(url).json(&body).body(x)
                }
            }
        };
        assert_eq!(number_builder_locals(&mut f), 1);
        let t = text(&f);
        assert!(
            t.contains("let Self { client , room_id : arg0 , body : arg1 } = self"),
            "{t}"
        );
        assert!(t.contains("let arg0 = arg0 . map_err"), "{t}");
        assert!(t.contains("encode_path (& arg0 . to_string ())"), "{t}");
        assert!(
            t.contains("json (& arg1) . body (x)"),
            "method names stay: {t}"
        );
        assert!(t.contains("client . baseurl"), "{t}");
    }

    #[test]
    fn types_only_keeps_the_types_module() {
        let mut f = typify_like();
        keep_types_only(&mut f);
        assert_eq!(f.items.len(), 1);
    }

    fn builders_fixture() -> TokenStream {
        quote! {
            pub mod types {
                pub struct Body { pub inner: Option<Inner> }
                impl Body { pub fn builder() -> builder::Body { Default::default() } }
                pub struct Inner { pub n: i64 }
                impl Inner { pub fn builder() -> builder::Inner { Default::default() } }
                pub struct Resp { pub data: Option<Inner> }
                impl Resp { pub fn builder() -> builder::Resp { Default::default() } }
                impl Resp { pub fn extra(&self) {} }
                pub struct Tuple(pub i64);
                pub mod builder {
                    #[derive(Clone, Debug)]
                    pub struct Body { inner: Result<Option<super::Inner>, String> }
                    impl Default for Body { fn default() -> Self { todo!() } }
                    impl Body { pub fn inner<T>(self, value: T) -> Self { self } }
                    impl TryFrom<Body> for super::Body { type Error = (); fn try_from(v: Body) -> Result<Self, ()> { todo!() } }
                    impl From<super::Body> for Body { fn from(v: super::Body) -> Self { todo!() } }
                    #[derive(Clone, Debug)]
                    pub struct Inner { n: Result<i64, String> }
                    impl Default for Inner { fn default() -> Self { todo!() } }
                    impl TryFrom<Inner> for super::Inner { type Error = (); fn try_from(v: Inner) -> Result<Self, ()> { todo!() } }
                    #[derive(Clone, Debug)]
                    pub struct Resp { data: Result<Option<super::Inner>, String> }
                    impl Default for Resp { fn default() -> Self { todo!() } }
                    impl TryFrom<Resp> for super::Resp { type Error = (); fn try_from(v: Resp) -> Result<Self, ()> { todo!() } }
                    impl From<super::Resp> for Resp { fn from(v: super::Resp) -> Self { todo!() } }
                }
            }
            pub mod builder {
                pub struct CreateThing<'a> { body: Result<types::builder::Body, String>, c: &'a () }
            }
        }
    }

    #[test]
    fn only_request_body_builders_and_their_nested_types_are_kept() {
        let (tokens, removed) = prune_type_builders(builders_fixture());
        assert_eq!(removed, BTreeSet::from(["Resp".to_owned()]));
        let mut f: syn::File = syn::parse2(tokens).expect("still valid Rust");
        let text = quote!(#f).to_string();
        assert!(!text.contains("pub struct Resp { data : Result"), "{text}");
        assert!(!text.contains("TryFrom < Resp >"), "{text}");
        assert!(!text.contains("From < super :: Resp > for Resp"), "{text}");
        // other items of the module are untouched, whatever their shape
        assert!(text.contains("pub struct Tuple (pub i64) ;"), "{text}");
        // the body and the type nested in it keep their builders
        assert!(
            text.contains("TryFrom < Inner > for super :: Inner"),
            "{text}"
        );
        assert!(text.contains("impl Body { pub fn inner"), "{text}");
        assert!(text.contains("fn builder () -> builder :: Resp"), "{text}");

        let mut stats = Stats::default();
        drop_builder_methods(&mut f, &removed, &mut stats);
        assert_eq!(stats.type_builders_dropped, 1);
        let text = quote!(#f).to_string();
        assert!(!text.contains("builder :: Resp"), "{text}");
        // the response type itself and its other methods stay
        assert!(text.contains("pub struct Resp { pub data"), "{text}");
        assert!(text.contains("fn extra"), "{text}");
        assert!(text.contains("fn builder () -> builder :: Body"), "{text}");
        assert!(text.contains("fn builder () -> builder :: Inner"), "{text}");
    }
}
