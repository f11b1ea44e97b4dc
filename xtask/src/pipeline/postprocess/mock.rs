//! Post-processing of progenitor's httpmock extension (`src/mock.rs` of a client crate).
//!
//! progenitor-impl's `Generator::httpmock` emits, per operation, a typed `When` (method,
//! path, query and body matchers) and `Then` (one method per response status of the
//! document) plus a `MockServerExt` trait on `httpmock::MockServer`. The steps here make
//! that output match what our client really sends and replies users need:
//!
//! - [`path_matchers_match_the_wire`]: a path parameter is matched percent-encoded, as the
//!   client writes it (`codegen::PathParam`), and escaped for the regex; path patterns are
//!   passed as text, so the crate needs no `regex` dependency and holds no `unwrap()`.
//! - [`error_replies`]: the error responses were stripped from the document before
//!   progenitor (see `patch`), so every `Then` gets `error(ErrorReply)` (status, Telnyx's
//!   error list, headers such as `Retry-After`), `delay(..)` and `header(..)`.
//! - [`bodies_ignore_command_id`]: the client adds a fresh `command_id` to the body of
//!   every command (idempotency), so a typed body matcher of such an operation compares
//!   the body without it.
//! - [`query_matchers_encode_like_the_client`]: a query matcher expects the pairs the client
//!   sends (one per element of a list, RFC 3339 date-times), not the value's `Display`.
//! - [`document_operations`]: each `MockServerExt` method names its operation, method and
//!   path.
//! - [`document_when_then`]: each `When` and `Then` type, and each of their methods, says
//!   what it matches or replies.
//! - [`replies_are_the_cores`]: each `Then` is the core's `mock::Then<R, STATUS>`.
//! - [`extension_is_the_cores`]: `MockServerExt` and its impl are one `mock_server_ext!`.

use heck::ToPascalCase;
use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, File, Item, Token, parse_quote};

use super::token_text;
use crate::codegen::OperationMeta;

/// What the steps changed (for the self-checks and tests).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct MockStats {
    pub path_patterns: usize,
    pub path_params: usize,
    pub then_types: usize,
    pub command_bodies: usize,
    pub documented: usize,
    pub query_params: usize,
    /// `When` / `Then` types and methods given a doc by [`document_when_then`].
    pub when_then_docs: usize,
    /// Path matchers that take any displayable value ([`path_matchers_take_the_client_ids`]).
    pub path_matchers_widened: usize,
    /// `…Then` types that became the core's `mock::Then<R, STATUS>` ([`replies_are_the_cores`]).
    pub then_aliases: usize,
    /// `…Then` types kept: a reply taking a `serde_json::Value` by value, or two replies.
    pub then_kept: usize,
    /// `…Then` types of a shape [`replies_are_the_cores`] does not know (regen fails).
    pub then_unknown: usize,
    /// The methods of the `mock_server_ext!` call `MockServerExt` and its impl became
    /// ([`extension_is_the_cores`]; none: they did not, and regen fails).
    pub extension_methods: Vec<String>,
}

/// Every mock post-process step, in order.
pub fn apply_all(file: &mut File, ops: &[OperationMeta]) -> MockStats {
    let mut stats = MockStats::default();
    path_matchers_match_the_wire(file, &mut stats);
    path_matchers_take_the_client_ids(file, &mut stats);
    error_replies(file, &mut stats);
    bodies_ignore_command_id(file, ops, &mut stats);
    query_matchers_encode_like_the_client(file, &mut stats);
    document_operations(file, ops, &mut stats);
    document_when_then(file, ops, &mut stats);
    replies_are_the_cores(file, &mut stats);
    methods_follow_the_client(file, ops);
    stats.extension_methods = extension_is_the_cores(file);
    stats
}

/// Each `MockServerExt` method takes the words of the client's call
/// (`server.rooms_get(..)` mocks `client.rooms().get(..)`), not progenitor's
/// operation-id name (`view_room`), so a test finds the mock under the words it calls.
pub fn methods_follow_the_client(file: &mut File, ops: &[OperationMeta]) {
    let rename = |ident: &mut syn::Ident| {
        if let Some(op) = ops
            .iter()
            .find(|o| *ident == o.snake_id && o.mock_name != o.snake_id)
        {
            *ident = syn::Ident::new(&op.mock_name, ident.span());
        }
    };
    for item in &mut file.items {
        match item {
            Item::Trait(t) if t.ident == "MockServerExt" => {
                for ti in &mut t.items {
                    if let syn::TraitItem::Fn(f) = ti {
                        rename(&mut f.sig.ident);
                    }
                }
            }
            Item::Impl(imp)
                if imp
                    .trait_
                    .as_ref()
                    .and_then(|(p, _)| p.segments.last())
                    .is_some_and(|s| s.ident == "MockServerExt") =>
            {
                for ii in &mut imp.items {
                    if let syn::ImplItem::Fn(f) = ii {
                        rename(&mut f.sig.ident);
                    }
                }
            }
            _ => {}
        }
    }
}

/// `regex::Regex::new(LIT).unwrap()` becomes `LIT`, and
/// `regex::Regex::new(&format!(FMT, value.to_string())).unwrap()` becomes
/// `format!(FMT, ::telnyx_sdk_core::mock::path_segment(&value))`: httpmock's
/// `path_matches` takes the pattern as text, and httpmock matches the raw (percent-encoded)
/// request path, so a value must be encoded like the client does and then escaped.
pub fn path_matchers_match_the_wire(file: &mut File, stats: &mut MockStats) {
    struct V<'a>(&'a mut MockStats);
    impl VisitMut for V<'_> {
        fn visit_expr_mut(&mut self, expr: &mut Expr) {
            visit_mut::visit_expr_mut(self, expr);
            let Some(arg) = regex_new_unwrap(expr) else {
                return;
            };
            match arg {
                Expr::Lit(lit) => {
                    *expr = Expr::Lit(lit);
                    self.0.path_patterns += 1;
                }
                Expr::Reference(r) => {
                    if let Expr::Macro(mut m) = *r.expr
                        && m.mac.path.is_ident("format")
                    {
                        let (tokens, n) = encode_to_string_args(m.mac.tokens.clone());
                        m.mac.tokens = tokens;
                        self.0.path_params += n;
                        *expr = Expr::Macro(m);
                    }
                }
                _ => {}
            }
        }
    }
    V(stats).visit_file_mut(file);
}

/// A path matcher (`when.room_id(..)`) takes any displayable value, as the path holds its
/// text: the client's typed id (`&RoomId`), a `Uuid` or plain text all match the same
/// request. Progenitor's mock types the value as the schema's type (`&::uuid::Uuid`), which
/// the SDK's typed ids are not; no progenitor setting changes it, and the domain crate cannot
/// name the facade's ids. Runs after [`path_matchers_match_the_wire`], whose
/// `path_segment(&value)` takes any `Display`; every matcher it wrote must be widened here.
pub fn path_matchers_take_the_client_ids(file: &mut File, stats: &mut MockStats) {
    for item in operations_items(file) {
        let Item::Impl(imp) = item else { continue };
        for member in &mut imp.items {
            let syn::ImplItem::Fn(method) = member else {
                continue;
            };
            let body = method.block.to_token_stream().to_string();
            if !(body.contains("path_matches") && body.contains("path_segment")) {
                continue;
            }
            for input in method.sig.inputs.iter_mut() {
                if let syn::FnArg::Typed(arg) = input
                    && matches!(&*arg.pat, syn::Pat::Ident(p) if p.ident == "value")
                {
                    *arg.ty = parse_quote!(impl ::std::fmt::Display);
                    stats.path_matchers_widened += 1;
                }
            }
        }
    }
}

/// `ARG` of `regex::Regex::new(ARG).unwrap()`.
fn regex_new_unwrap(expr: &Expr) -> Option<Expr> {
    let Expr::MethodCall(call) = expr else {
        return None;
    };
    if call.method != "unwrap" || !call.args.is_empty() {
        return None;
    }
    let Expr::Call(new) = &*call.receiver else {
        return None;
    };
    let Expr::Path(func) = &*new.func else {
        return None;
    };
    let names: Vec<String> = func
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    if names != ["regex", "Regex", "new"] || new.args.len() != 1 {
        return None;
    }
    new.args.first().cloned()
}

/// In `format!` arguments, `X.to_string()` becomes `::telnyx_sdk_core::mock::path_segment(&X)`.
fn encode_to_string_args(tokens: TokenStream) -> (TokenStream, usize) {
    let parser = Punctuated::<Expr, Token![,]>::parse_terminated;
    let Ok(args) = syn::parse::Parser::parse2(parser, tokens.clone()) else {
        return (tokens, 0);
    };
    let mut count = 0;
    let args = args.into_iter().map(|arg| match &arg {
        Expr::MethodCall(call) if call.method == "to_string" && call.args.is_empty() => {
            count += 1;
            let value = &call.receiver;
            parse_quote!(::telnyx_sdk_core::mock::path_segment(&#value))
        }
        _ => arg,
    });
    let args: Vec<Expr> = args.collect();
    (quote!(#(#args),*), count)
}

/// Adds `error`, `delay` and `header` to every `…Then` wrapper of `mod operations`.
pub fn error_replies(file: &mut File, stats: &mut MockStats) {
    for item in operations_items(file) {
        let Item::Impl(imp) = item else { continue };
        let syn::Type::Path(ty) = &*imp.self_ty else {
            continue;
        };
        let is_then = ty
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident.to_string().ends_with("Then"));
        if !is_then || imp.trait_.is_some() {
            continue;
        }
        let extra: syn::ItemImpl = parse_quote! {
            impl X {
                /// Replies with an error: its status, Telnyx's error list
                /// (`{"errors":[{code,title,detail}]}`) and headers such as `Retry-After`.
                pub fn error(self, reply: ::telnyx_sdk_core::mock::ErrorReply) -> Self {
                    Self(reply.apply(self.0))
                }
                /// Sends the reply only after `delay` (for testing timeouts).
                pub fn delay(self, delay: ::std::time::Duration) -> Self {
                    Self(self.0.delay(delay))
                }
                /// Adds a response header.
                pub fn header(self, name: &str, value: &str) -> Self {
                    Self(self.0.header(name, value))
                }
            }
        };
        imp.items.extend(extra.items);
        stats.then_types += 1;
    }
}

/// In the `…When` of an operation whose body takes a `command_id`,
/// `self.0.json_body_obj(value)` becomes
/// `::telnyx_sdk_core::mock::json_body_without_command_id(self.0, value)`.
pub fn bodies_ignore_command_id(file: &mut File, ops: &[OperationMeta], stats: &mut MockStats) {
    let whens: Vec<String> = ops
        .iter()
        .filter(|o| o.accepts_command_id)
        .map(|o| format!("{}When", o.snake_id.to_pascal_case()))
        .collect();
    struct V<'a>(&'a mut MockStats);
    impl VisitMut for V<'_> {
        fn visit_expr_mut(&mut self, expr: &mut Expr) {
            visit_mut::visit_expr_mut(self, expr);
            if let Expr::MethodCall(call) = expr
                && call.method == "json_body_obj"
                && call.args.len() == 1
            {
                let inner = &call.receiver;
                let value = &call.args[0];
                *expr = parse_quote!(::telnyx_sdk_core::mock::json_body_without_command_id(#inner, #value));
                self.0.command_bodies += 1;
            }
        }
    }
    for item in operations_items(file) {
        let Item::Impl(imp) = item else { continue };
        let syn::Type::Path(ty) = &*imp.self_ty else {
            continue;
        };
        let matches = ty
            .path
            .segments
            .last()
            .is_some_and(|s| whens.iter().any(|w| s.ident == w));
        if matches {
            V(stats).visit_item_impl_mut(imp);
        }
    }
}

/// In every `…When` method, `X.query_param(NAME, value.to_string())` becomes
/// `::telnyx_sdk_core::mock::query_param(X, NAME, &value)`: the pairs the client sends for
/// the value, encoded the same way (`codegen::QueryUrl`). progenitor's `to_string()` did not
/// compile for a list or an untagged value, and gave another text than the client sends for
/// a date-time (`Display` is not RFC 3339) or a float (`1` for `1.0`).
pub fn query_matchers_encode_like_the_client(file: &mut File, stats: &mut MockStats) {
    struct V<'a>(&'a mut MockStats);
    impl VisitMut for V<'_> {
        fn visit_expr_mut(&mut self, expr: &mut Expr) {
            visit_mut::visit_expr_mut(self, expr);
            let Expr::MethodCall(call) = expr else { return };
            if call.method != "query_param" || call.args.len() != 2 {
                return;
            }
            let Expr::MethodCall(arg) = &call.args[1] else {
                return;
            };
            let on_value = matches!(&*arg.receiver, Expr::Path(p) if p.path.is_ident("value"));
            if arg.method != "to_string" || !arg.args.is_empty() || !on_value {
                return;
            }
            let when = &call.receiver;
            let name = &call.args[0];
            *expr = parse_quote!(::telnyx_sdk_core::mock::query_param(#when, #name, &value));
            self.0.query_params += 1;
        }
    }
    for item in operations_items(file) {
        if let Item::Impl(imp) = item {
            V(stats).visit_item_impl_mut(imp);
        }
    }
}

/// The items of `pub mod operations { .. }`.
fn operations_items(file: &mut File) -> impl Iterator<Item = &mut Item> {
    file.items
        .iter_mut()
        .filter_map(|item| match item {
            Item::Mod(m) if m.ident == "operations" => m.content.as_mut(),
            _ => None,
        })
        .flat_map(|(_, items)| items.iter_mut())
}

/// Documents each method of `MockServerExt`: the operation, its method and path.
pub fn document_operations(file: &mut File, ops: &[OperationMeta], stats: &mut MockStats) {
    for item in &mut file.items {
        let Item::Trait(t) = item else { continue };
        if t.ident != "MockServerExt" {
            continue;
        }
        for ti in &mut t.items {
            if let syn::TraitItem::Fn(f) = ti
                && let Some(op) = ops.iter().find(|o| f.sig.ident == o.snake_id)
            {
                let doc = format!(
                    " Mocks `{}` (`{} {}`): `config_fn` gets the typed request matcher and \
                     reply.",
                    op.id, op.method, op.path
                );
                f.attrs.insert(0, parse_quote!(#[doc = #doc]));
                stats.documented += 1;
            }
        }
    }
}

/// Documents every `…When` and `…Then` type of `mod operations` and each of their methods
/// that has no doc yet: the operation a type belongs to, and what each method matches
/// (a path parameter, a query parameter under the name the client sends, the body) or
/// replies (the status of a typed success reply). The doc is read off the method's own
/// code, so it says what the method does, not what its name suggests.
pub fn document_when_then(file: &mut File, ops: &[OperationMeta], stats: &mut MockStats) {
    let by_stem: std::collections::HashMap<String, &OperationMeta> = ops
        .iter()
        .rev()
        .map(|o| (o.snake_id.to_pascal_case(), o))
        .collect();
    let op_of = |type_name: &str| -> Option<(&OperationMeta, bool)> {
        let (stem, is_when) = match type_name.strip_suffix("When") {
            Some(stem) => (stem, true),
            None => (type_name.strip_suffix("Then")?, false),
        };
        by_stem.get(stem).map(|o| (*o, is_when))
    };
    for item in operations_items(file) {
        match item {
            Item::Struct(s) => {
                let Some((op, is_when)) = op_of(&s.ident.to_string()) else {
                    continue;
                };
                if has_doc(&s.attrs) {
                    continue;
                }
                let doc = if is_when {
                    format!(
                        " The request matcher of `{}` (`{} {}`), the `when` of \
                         `MockServerExt::{}`: it matches the method and path, and each method \
                         adds one condition (a path parameter, a query parameter, the body).",
                        op.id, op.method, op.path, op.mock_name
                    )
                } else {
                    format!(
                        " The reply of `{}` (`{} {}`), the `then` of `MockServerExt::{}`: a \
                         typed success reply, or `error(..)`, optionally after `delay(..)`.",
                        op.id, op.method, op.path, op.mock_name
                    )
                };
                s.attrs.insert(0, parse_quote!(#[doc = #doc]));
                stats.when_then_docs += 1;
            }
            Item::Impl(imp) if imp.trait_.is_none() => {
                let syn::Type::Path(ty) = &*imp.self_ty else {
                    continue;
                };
                let Some(name) = ty.path.segments.last().map(|s| s.ident.to_string()) else {
                    continue;
                };
                let Some((_, is_when)) = op_of(&name) else {
                    continue;
                };
                for ii in &mut imp.items {
                    let syn::ImplItem::Fn(f) = ii else { continue };
                    if has_doc(&f.attrs) {
                        continue;
                    }
                    let doc = method_doc(&f.sig.ident.to_string(), &f.block, is_when);
                    f.attrs.insert(0, parse_quote!(#[doc = #doc]));
                    stats.when_then_docs += 1;
                }
            }
            _ => {}
        }
    }
}

fn has_doc(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("doc"))
}

/// The doc of one `When` / `Then` method, from what its body calls.
fn method_doc(name: &str, block: &syn::Block, is_when: bool) -> String {
    let (inner, side) = if is_when {
        ("::httpmock::When", "request matcher")
    } else {
        ("::httpmock::Then", "reply")
    };
    if name == "new" {
        return if is_when {
            format!(" Wraps a `{inner}` and matches this operation's method and path.")
        } else {
            format!(" Wraps a `{inner}`.")
        };
    }
    if name == "into_inner" {
        return format!(
            " The underlying `{inner}`, for a condition or reply this {side} has no method for."
        );
    }
    let code: String = quote!(#block).to_string().split_whitespace().collect();
    if is_when {
        if let Some(key) = first_string_after(&code, "query_param(self.0,\"") {
            return format!(
                " Matches query parameter `{key}` as the client sends it; `None`: the request \
                 must not have it."
            );
        }
        if code.contains("path_matches") {
            return format!(
                " Matches path parameter `{name}`, percent-encoded as the client writes it."
            );
        }
        if code.contains("json_body_without_command_id") {
            return " Matches the JSON body, compared without the `command_id` the client adds."
                .to_owned();
        }
        if code.contains("json_body") {
            return " Matches the JSON body exactly.".to_owned();
        }
        if code.contains("header") {
            return format!(" Matches request header `{name}`.");
        }
        return format!(" Matches `{name}`.");
    }
    if let Some(status) = first_number_after(&code, ".status(") {
        let body = if code.contains("json_body") {
            ", with `value` as its JSON body"
        } else {
            ", without a body"
        };
        return format!(" Replies with status {status}{body}.");
    }
    format!(" Sets the reply's `{name}`.")
}

/// The text up to the next `"` after `prefix` in `code`.
fn first_string_after<'a>(code: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = &code[code.find(prefix)? + prefix.len()..];
    rest.split('"').next()
}

/// The digits right after `prefix` in `code` (`.status(200u16)` -> `200`).
fn first_number_after(code: &str, prefix: &str) -> Option<String> {
    let rest = &code[code.find(prefix)? + prefix.len()..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    (!digits.is_empty()).then_some(digits)
}

/// Whether generated mock code still holds something the steps should have rewritten.
pub fn leftovers(body: &str) -> Option<&'static str> {
    if body.contains("regex::") {
        Some("a `regex::Regex::new(..).unwrap()` path matcher")
    } else {
        None
    }
}

/// Each operation's `…Then` (a newtype over `httpmock::Then` with `new`, `into_inner`,
/// `error`, `delay`, `header` and one typed success reply, about 36 lines) becomes an alias
/// of the core's `mock::Then<R, STATUS>`, which writes those methods once: `ok` for 200,
/// `created` for 201, `accepted` for 202, `multi_status` for 207 (each taking `&R`, or
/// nothing when `R` is `mock::NoBody`), `no_content` for 204.
/// progenitor's httpmock generator has no setting for the form of its `Then` types. A
/// `Then` whose reply takes a `serde_json::Value` by value (the core's reply takes `&R`) or
/// that has two success replies (the core's has one status) is kept as it is; one of any
/// other shape is counted in `then_unknown`, and regen fails on it.
pub fn replies_are_the_cores(file: &mut File, stats: &mut MockStats) {
    let shared: syn::ItemImpl = parse_quote! {
        impl X {
            pub fn new(inner: ::httpmock::Then) -> Self { Self(inner) }
            pub fn into_inner(self) -> ::httpmock::Then { self.0 }
            pub fn error(self, reply: ::telnyx_sdk_core::mock::ErrorReply) -> Self {
                Self(reply.apply(self.0))
            }
            pub fn delay(self, delay: ::std::time::Duration) -> Self { Self(self.0.delay(delay)) }
            pub fn header(self, name: &str, value: &str) -> Self { Self(self.0.header(name, value)) }
        }
    };
    let shared: Vec<String> = shared.items.iter().map(token_text).collect();
    for (_, items) in file.items.iter_mut().filter_map(|item| match item {
        Item::Mod(m) if m.ident == "operations" => m.content.as_mut(),
        _ => None,
    }) {
        let mut aliases: Vec<(String, Item)> = Vec::new();
        for item in items.iter() {
            let Item::Impl(imp) = item else { continue };
            let syn::Type::Path(ty) = &*imp.self_ty else {
                continue;
            };
            let Some(name) = ty.path.segments.last().map(|s| s.ident.to_string()) else {
                continue;
            };
            if !name.ends_with("Then") || imp.trait_.is_some() {
                continue;
            }
            let mut rest: Vec<&syn::ImplItemFn> = Vec::new();
            let mut shared_seen = 0;
            for ii in &imp.items {
                let syn::ImplItem::Fn(f) = ii else {
                    rest.clear();
                    shared_seen = usize::MAX;
                    break;
                };
                let mut bare = f.clone();
                bare.attrs.clear();
                if shared.contains(&token_text(&bare)) {
                    shared_seen += 1;
                } else {
                    rest.push(f);
                }
            }
            let reply = match rest.as_slice() {
                [f] if shared_seen == shared.len() => success_reply(f),
                // two success replies (200 and 202): the core's reply has one status
                [_, _, ..]
                    if shared_seen == shared.len()
                        && rest.iter().all(|f| success_reply(f).is_some()) =>
                {
                    Some(Err(()))
                }
                _ => None,
            };
            match reply {
                Some(Ok((body, status))) => {
                    let docs = items
                        .iter()
                        .find_map(|i| match i {
                            Item::Struct(s) if s.ident == name => Some(s.attrs.clone()),
                            _ => None,
                        })
                        .unwrap_or_default();
                    let ident = syn::Ident::new(&name, proc_macro2::Span::call_site());
                    let status =
                        syn::LitInt::new(&status.to_string(), proc_macro2::Span::call_site());
                    aliases.push((
                        name,
                        parse_quote! {
                            #(#docs)*
                            pub type #ident = ::telnyx_sdk_core::mock::Then<#body, #status>;
                        },
                    ));
                }
                Some(Err(())) => stats.then_kept += 1,
                None => stats.then_unknown += 1,
            }
        }
        stats.then_aliases += aliases.len();
        let mut out = Vec::with_capacity(items.len());
        for item in std::mem::take(items) {
            let named = match &item {
                Item::Struct(s) => Some(s.ident.to_string()),
                Item::Impl(imp) if imp.trait_.is_none() => match &*imp.self_ty {
                    syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
                    _ => None,
                },
                _ => None,
            };
            match named.and_then(|n| aliases.iter().position(|(a, _)| *a == n)) {
                Some(at) if matches!(item, Item::Struct(_)) => out.push(aliases[at].1.clone()),
                Some(_) => {}
                None => out.push(item),
            }
        }
        *items = out;
    }
}

/// The body type and status of a `Then`'s one success reply: `Ok((R, status))` for
/// `ok`/`created`/`accepted`/`multi_status(self, value: &R)` sending `value` as JSON, or
/// `Ok((NoBody, status))` for one of those or `no_content(self)` sending no body;
/// `Err(())` for a reply that takes a `serde_json::Value` by value.
fn success_reply(f: &syn::ImplItemFn) -> Option<Result<(syn::Type, u16), ()>> {
    let mut bare = f.clone();
    bare.attrs.clear();
    let ident = &f.sig.ident;
    let status: u16 = match ident.to_string().as_str() {
        "ok" => 200,
        "created" => 201,
        "accepted" => 202,
        "no_content" => 204,
        "multi_status" => 207,
        _ => return None,
    };
    let status_lit = syn::LitInt::new(&format!("{status}u16"), proc_macro2::Span::call_site());
    let actual = token_text(&bare);
    let no_body = quote! { pub fn #ident(self) -> Self { Self(self.0.status(#status_lit)) } };
    if actual == token_text(no_body) {
        return Some(Ok((parse_quote!(::telnyx_sdk_core::mock::NoBody), status)));
    }
    let Some(syn::FnArg::Typed(arg)) = f.sig.inputs.iter().nth(1) else {
        return None;
    };
    if let syn::Type::Reference(r) = &*arg.ty {
        let body = &r.elem;
        let expected = quote! {
            pub fn #ident(self, value: &#body) -> Self {
                Self(self.0.status(#status_lit).header("content-type", "application/json").json_body_obj(value))
            }
        };
        return (actual == token_text(expected)).then(|| Ok(((**body).clone(), status)));
    }
    let expected = quote! {
        pub fn #ident(self, value: ::serde_json::Value) -> Self {
            Self(self.0.status(#status_lit).header("content-type", "application/json").json_body(value))
        }
    };
    (actual == token_text(expected)).then_some(Err(()))
}

/// `MockServerExt` (one method per operation) and its impl on `httpmock::MockServer` (each
/// method wraps `when` and `then` in the operation's types and calls the closure: 15 lines
/// per operation) become one call of the core's `mock_server_ext!`, which lists each
/// method's docs, name, `When` and `Then`. progenitor's httpmock generator has no setting for
/// this. Returns the methods' names; none if any method or the impl differs from what the
/// macro writes (nothing is changed then, and regen fails).
pub fn extension_is_the_cores(file: &mut File) -> Vec<String> {
    let Some(trait_at) = file
        .items
        .iter()
        .position(|i| matches!(i, Item::Trait(t) if t.ident == "MockServerExt"))
    else {
        return Vec::new();
    };
    let Some(impl_at) = file.items.iter().position(|i| {
        matches!(i, Item::Impl(imp) if imp.trait_.as_ref().is_some_and(|t| t.0.is_ident("MockServerExt")))
    }) else {
        return Vec::new();
    };
    let (Item::Trait(tr), Item::Impl(imp)) = (&file.items[trait_at], &file.items[impl_at]) else {
        return Vec::new();
    };
    if token_text(imp.self_ty.to_token_stream()) != "::httpmock::MockServer"
        || imp.items.len() != tr.items.len()
    {
        return Vec::new();
    }
    let mut entries = Vec::new();
    let mut names = Vec::new();
    for ti in &tr.items {
        let syn::TraitItem::Fn(f) = ti else {
            return Vec::new();
        };
        let name = &f.sig.ident;
        // `F: FnOnce(When, Then)`
        let Some(syn::WherePredicate::Type(bound)) = f
            .sig
            .generics
            .where_clause
            .as_ref()
            .and_then(|w| w.predicates.first())
        else {
            return Vec::new();
        };
        let Some(syn::TypeParamBound::Trait(fn_once)) = bound.bounds.first() else {
            return Vec::new();
        };
        let Some(seg) = fn_once.path.segments.last() else {
            return Vec::new();
        };
        let syn::PathArguments::Parenthesized(args) = &seg.arguments else {
            return Vec::new();
        };
        let (Some(when), Some(then)) = (args.inputs.first(), args.inputs.iter().nth(1)) else {
            return Vec::new();
        };
        let attrs = &f.attrs;
        let declared = quote! {
            #(#attrs)*
            fn #name<F>(&self, config_fn: F) -> ::httpmock::Mock<'_>
            where
                F: FnOnce(#when, #then);
        };
        let implemented = quote! {
            fn #name<F>(&self, config_fn: F) -> ::httpmock::Mock<'_>
            where
                F: FnOnce(#when, #then),
            {
                self.mock(|when, then| {
                    config_fn(#when::new(when), #then::new(then))
                })
            }
        };
        let Some(actual) = imp.items.iter().find_map(|i| match i {
            syn::ImplItem::Fn(g) if g.sig.ident == *name => Some(g),
            _ => None,
        }) else {
            return Vec::new();
        };
        if token_text(f) != token_text(declared) || token_text(actual) != token_text(implemented) {
            return Vec::new();
        }
        entries.push(quote! { #(#attrs)* #name(#when, #then); });
        names.push(name.to_string());
    }
    let trait_attrs = &tr.attrs;
    let call: Item = parse_quote! {
        ::telnyx_sdk_core::mock_server_ext!(#(#trait_attrs)* { #(#entries)* });
    };
    let (first, second) = (trait_at.min(impl_at), trait_at.max(impl_at));
    file.items.remove(second);
    file.items[first] = call;
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(tokens: TokenStream) -> File {
        syn::parse2(tokens).expect("parses")
    }

    fn unparse(f: &File) -> String {
        prettyplease::unparse(f)
    }

    #[test]
    fn query_matchers_use_the_clients_encoding() {
        let mut f = file(quote! {
            pub mod operations {
                impl ListThingsWhen {
                    pub fn tags<'a, T>(self, value: T) -> Self
                    where
                        T: Into<Option<&'a ::std::vec::Vec<::std::string::String>>>,
                    {
                        if let Some(value) = value.into() {
                            Self(self.0.query_param("tags", value.to_string()))
                        } else {
                            Self(self.0.query_param_missing("tags"))
                        }
                    }
                    pub fn kind(self, value: types::Kind) -> Self {
                        Self(self.0.query_param("kind", value.to_string()))
                    }
                }
            }
        });
        let mut stats = MockStats::default();
        query_matchers_encode_like_the_client(&mut f, &mut stats);
        assert_eq!(stats.query_params, 2);
        let flat: String = unparse(&f).split_whitespace().collect();
        for name in ["tags", "kind"] {
            let expected =
                format!("Self(::telnyx_sdk_core::mock::query_param(self.0,\"{name}\",&value))");
            assert!(flat.contains(&expected), "{expected} in {flat}");
        }
        assert!(
            flat.contains("Self(self.0.query_param_missing(\"tags\"))"),
            "{flat}"
        );
        assert!(!flat.contains("to_string"), "{flat}");
    }

    #[test]
    fn path_matchers_are_text_and_encode_the_value() {
        let mut f = file(quote! {
            fn new(inner: When) -> When {
                inner.path_matches(regex::Regex::new("^/rooms/[^/]*$").unwrap())
            }
            fn room_id(self, value: &::uuid::Uuid) -> Self {
                let re = regex::Regex::new(&format!("^/rooms/{}$", value.to_string())).unwrap();
                Self(self.0.path_matches(re))
            }
        });
        let mut stats = MockStats::default();
        path_matchers_match_the_wire(&mut f, &mut stats);
        let out = unparse(&f);
        assert!(
            out.contains(r#"inner.path_matches("^/rooms/[^/]*$")"#),
            "{out}"
        );
        assert!(
            out.contains(
                r#"format!("^/rooms/{}$", ::telnyx_sdk_core::mock::path_segment(& value))"#
            ) || out.contains(
                r#"format!("^/rooms/{}$", ::telnyx_sdk_core::mock::path_segment(&value))"#
            ),
            "{out}"
        );
        assert!(leftovers(&out).is_none(), "{out}");
        assert_eq!(stats.path_patterns, 1);
        assert_eq!(stats.path_params, 1);
    }

    #[test]
    fn path_matchers_take_any_displayable_value() {
        let mut f: File = parse_quote! {
            pub mod operations {
                impl GetRoomWhen {
                    pub fn room_id(self, value: &::uuid::Uuid) -> Self {
                        let re = regex::Regex::new(&format!("^/rooms/{}$", value.to_string())).unwrap();
                        Self(self.0.path_matches(re))
                    }
                    pub fn include_sessions(self, value: bool) -> Self {
                        Self(self.0.query_param("include_sessions", value.to_string()))
                    }
                }
            }
        };
        let mut stats = MockStats::default();
        path_matchers_match_the_wire(&mut f, &mut stats);
        path_matchers_take_the_client_ids(&mut f, &mut stats);
        let out = unparse(&f);
        assert!(
            out.contains("pub fn room_id(self, value: impl ::std::fmt::Display) -> Self"),
            "{out}"
        );
        assert!(
            out.contains("pub fn include_sessions(self, value: bool)"),
            "a query matcher keeps its type: {out}"
        );
        assert_eq!(stats.path_matchers_widened, stats.path_params);
    }

    #[test]
    fn a_matcher_of_another_shape_is_reported() {
        assert!(leftovers("let re = regex::Regex::new(x).unwrap();").is_some());
    }

    #[test]
    fn every_then_gets_error_delay_and_header() {
        let mut f = file(quote! {
            pub mod operations {
                pub struct ListRoomsWhen(::httpmock::When);
                impl ListRoomsWhen { pub fn new(inner: ::httpmock::When) -> Self { Self(inner) } }
                pub struct ListRoomsThen(::httpmock::Then);
                impl ListRoomsThen { pub fn new(inner: ::httpmock::Then) -> Self { Self(inner) } }
            }
        });
        let mut stats = MockStats::default();
        error_replies(&mut f, &mut stats);
        let out = unparse(&f);
        assert_eq!(stats.then_types, 1);
        assert!(
            out.contains("pub fn error(self, reply: ::telnyx_sdk_core::mock::ErrorReply)"),
            "{out}"
        );
        assert!(out.contains("pub fn delay("), "{out}");
        assert_eq!(
            out.matches("pub fn error(").count(),
            1,
            "only on Then: {out}"
        );
    }

    #[test]
    fn command_bodies_are_matched_without_command_id() {
        let mut f = file(quote! {
            pub mod operations {
                impl MuteThingWhen {
                    pub fn body(self, value: &types::MuteRequest) -> Self { Self(self.0.json_body_obj(value)) }
                }
                impl CreateRoomWhen {
                    pub fn body(self, value: &types::CreateRoomRequest) -> Self { Self(self.0.json_body_obj(value)) }
                }
            }
        });
        let op = |snake: &str, cmd: bool| OperationMeta {
            snake_id: snake.into(),
            id: snake.into(),
            method: "POST".into(),
            path: "/x".into(),
            accepts_command_id: cmd,
            mock_name: snake.into(),
        };
        let mut stats = MockStats::default();
        bodies_ignore_command_id(
            &mut f,
            &[op("mute_thing", true), op("create_room", false)],
            &mut stats,
        );
        let out = unparse(&f);
        assert_eq!(stats.command_bodies, 1);
        assert!(
            out.contains("json_body_without_command_id(self.0, value)"),
            "{out}"
        );
        assert!(
            out.contains("self.0.json_body_obj(value)"),
            "the other body is exact: {out}"
        );
    }

    #[test]
    fn when_and_then_say_what_they_match_and_reply() {
        let mut f = file(quote! {
            pub mod operations {
                pub struct ViewRoomWhen(::httpmock::When);
                impl ViewRoomWhen {
                    pub fn new(inner: ::httpmock::When) -> Self { Self(inner) }
                    pub fn room_id(self, value: &::uuid::Uuid) -> Self {
                        let re = format!("^/rooms/{}$", ::telnyx_sdk_core::mock::path_segment(&value));
                        Self(self.0.path_matches(re))
                    }
                    pub fn include_sessions<T>(self, value: T) -> Self where T: Into<Option<bool>> {
                        if let Some(value) = value.into() {
                            Self(::telnyx_sdk_core::mock::query_param(self.0, "include_sessions", &value))
                        } else {
                            Self(self.0.query_param_missing("include_sessions"))
                        }
                    }
                }
                pub struct ViewRoomThen(::httpmock::Then);
                impl ViewRoomThen {
                    pub fn ok(self, value: &types::Room) -> Self {
                        Self(self.0.status(200u16).json_body_obj(value))
                    }
                    /// Already documented.
                    pub fn delay(self, d: ::std::time::Duration) -> Self { Self(self.0.delay(d)) }
                }
            }
        });
        let ops = vec![OperationMeta {
            snake_id: "view_room".into(),
            id: "ViewRoom".into(),
            method: "GET".into(),
            path: "/rooms/{room_id}".into(),
            accepts_command_id: false,
            mock_name: "rooms_get".into(),
        }];
        let mut stats = MockStats::default();
        document_when_then(&mut f, &ops, &mut stats);
        let out = unparse(&f);
        assert_eq!(stats.when_then_docs, 6, "{out}");
        for expected in [
            "The request matcher of `ViewRoom` (`GET /rooms/{room_id}`)",
            "The reply of `ViewRoom`",
            "Matches path parameter `room_id`",
            "Matches query parameter `include_sessions`",
            "Replies with status 200, with `value` as its JSON body.",
            "Already documented.",
        ] {
            assert!(out.contains(expected), "{expected} in {out}");
        }
        assert!(
            !out.contains("Sets the reply's `delay`"),
            "one doc only: {out}"
        );
    }

    #[test]
    fn trait_methods_name_their_operation() {
        let mut f = file(quote! {
            pub trait MockServerExt {
                fn list_rooms<F>(&self, config_fn: F) -> ::httpmock::Mock<'_>;
            }
        });
        let ops = vec![OperationMeta {
            snake_id: "list_rooms".into(),
            id: "ListRooms".into(),
            method: "GET".into(),
            path: "/rooms".into(),
            accepts_command_id: false,
            mock_name: "rooms_get".into(),
        }];
        let mut stats = MockStats::default();
        document_operations(&mut f, &ops, &mut stats);
        assert_eq!(stats.documented, 1);
        assert!(unparse(&f).contains("Mocks `ListRooms` (`GET /rooms`)"));
    }

    #[test]
    fn replies_become_the_cores_then_and_a_by_value_reply_is_kept() {
        let mut f = file(quote! {
            pub mod operations {
                /// The reply of `GetRoom`.
                pub struct GetRoomThen(::httpmock::Then);
                impl GetRoomThen {
                    pub fn new(inner: ::httpmock::Then) -> Self { Self(inner) }
                    pub fn into_inner(self) -> ::httpmock::Then { self.0 }
                    pub fn ok(self, value: &types::RoomResponse) -> Self {
                        Self(self.0.status(200u16).header("content-type", "application/json").json_body_obj(value))
                    }
                }
                pub struct DeleteRoomThen(::httpmock::Then);
                impl DeleteRoomThen {
                    pub fn new(inner: ::httpmock::Then) -> Self { Self(inner) }
                    pub fn into_inner(self) -> ::httpmock::Then { self.0 }
                    pub fn no_content(self) -> Self { Self(self.0.status(204u16)) }
                }
                pub struct ReportThen(::httpmock::Then);
                impl ReportThen {
                    pub fn new(inner: ::httpmock::Then) -> Self { Self(inner) }
                    pub fn into_inner(self) -> ::httpmock::Then { self.0 }
                    pub fn ok(self, value: ::serde_json::Value,) -> Self {
                        Self(self.0.status(200u16).header("content-type", "application/json").json_body(value))
                    }
                }
                pub struct OddThen(::httpmock::Then);
                impl OddThen {
                    pub fn new(inner: ::httpmock::Then) -> Self { Self(inner) }
                    pub fn into_inner(self) -> ::httpmock::Then { self.0 }
                    pub fn created(self, value: &types::Room) -> Self {
                        Self(self.0.status(200u16).json_body_obj(value))
                    }
                }
            }
        });
        let mut stats = MockStats::default();
        error_replies(&mut f, &mut stats);
        replies_are_the_cores(&mut f, &mut stats);
        assert_eq!(
            (stats.then_aliases, stats.then_kept, stats.then_unknown),
            (2, 1, 1)
        );
        let text = unparse(&f);
        assert!(
            text.contains(
                "/// The reply of `GetRoom`.\n    pub type GetRoomThen = ::telnyx_sdk_core::mock::Then<\n        types::RoomResponse,\n        200,\n    >;"
            ) || text.contains("pub type GetRoomThen = ::telnyx_sdk_core::mock::Then<types::RoomResponse, 200>;"),
            "{text}"
        );
        assert!(
            text.contains("pub type DeleteRoomThen = ::telnyx_sdk_core::mock::Then<\n        ::telnyx_sdk_core::mock::NoBody,\n        204,\n    >;"),
            "{text}"
        );
        assert!(!text.contains("impl GetRoomThen"), "{text}");
        // kept whole: the by-value reply, and the reply of a shape the step does not know
        assert!(
            text.contains("pub struct ReportThen(::httpmock::Then);"),
            "{text}"
        );
        assert!(
            text.contains("pub struct OddThen(::httpmock::Then);"),
            "{text}"
        );
    }

    #[test]
    fn the_extension_trait_becomes_one_macro_call_unless_a_method_differs() {
        let source = quote! {
            /// Methods per operation.
            pub trait MockServerExt {
                /// Mocks `GetRoom`.
                fn rooms_get<F>(&self, config_fn: F) -> ::httpmock::Mock<'_>
                where
                    F: FnOnce(operations::GetRoomWhen, operations::GetRoomThen);
            }
            impl MockServerExt for ::httpmock::MockServer {
                fn rooms_get<F>(&self, config_fn: F) -> ::httpmock::Mock<'_>
                where
                    F: FnOnce(operations::GetRoomWhen, operations::GetRoomThen),
                {
                    self.mock(|when, then| {
                        config_fn(operations::GetRoomWhen::new(when), operations::GetRoomThen::new(then))
                    })
                }
            }
        };
        let mut f = file(source.clone());
        assert_eq!(extension_is_the_cores(&mut f), vec!["rooms_get".to_owned()]);
        let text: String = unparse(&f).split_whitespace().collect();
        assert!(
            text.contains(
                "::telnyx_sdk_core::mock_server_ext!(#[doc=r\"Methodsperoperation.\"]{#[doc=r\"Mocks`GetRoom`.\"]rooms_get(operations::GetRoomWhen,operations::GetRoomThen);});"
            ),
            "{text}"
        );
        assert!(!text.contains("implMockServerExt"), "{text}");
        // an impl that does something else is left whole, and the step says so
        let odd = source.to_string().replace(
            "operations :: GetRoomThen :: new (then)",
            "operations :: GetRoomThen :: new (then . status (500))",
        );
        let mut f = file(odd.parse().expect("tokens"));
        assert!(extension_is_the_cores(&mut f).is_empty());
        assert!(unparse(&f).contains("impl MockServerExt for ::httpmock::MockServer"));
    }
}
