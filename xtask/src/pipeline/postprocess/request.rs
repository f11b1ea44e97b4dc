//! Steps that make each request cheaper or safer, rewriting progenitor's request code: no
//! `api-version` header, no empty header map, path parameters escaped in place (and `.`/`..`
//! refused), the URL written into one allocation, response headers moved, the query written
//! into the URL in one pass.

use super::*;

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

/// Write each request URL into a string allocated once: `let url = format!(args);` becomes
/// `let url = ::telnyx_sdk_core::codegen::request_url(format_args!(args));`. `format!`
/// guesses a few dozen bytes and grows the string two or three times for a base URL and a
/// path with ids, and [`write_query_into_url`] appends the query to the same string. Each
/// growth is a `realloc`, which glibc's allocator serves under its arena lock: with requests
/// sent from several threads, that lock is contended, and the two growths cost about 4% of
/// the CPU of a call under load (`cargo xtask bench`, section `concurrency`). progenitor has
/// no setting for how it writes URLs. Runs before [`write_query_into_url`]; `regen` fails if
/// any `let url = format!` is left ([`super::LEFTOVERS`]).
pub fn preallocate_request_urls(file: &mut syn::File, stats: &mut Stats) {
    struct V<'a>(&'a mut Stats);
    impl VisitMut for V<'_> {
        fn visit_local_mut(&mut self, local: &mut syn::Local) {
            if let syn::Pat::Ident(p) = &local.pat
                && p.ident == "url"
                && let Some(init) = &mut local.init
                && let syn::Expr::Macro(m) = &*init.expr
                && m.mac.path.is_ident("format")
            {
                let args = &m.mac.tokens;
                *init.expr =
                    parse_quote!(::telnyx_sdk_core::codegen::request_url(format_args!(#args)));
                self.0.request_urls_preallocated += 1;
            }
            visit_mut::visit_local_mut(self, local);
        }
    }
    V(stats).visit_file_mut(file);
}

/// Send each request straight through `exec`: progenitor writes
/// `client.pre(&mut request, &info).await?; let result = client.exec(request, &info).await;
/// client.post(&result, &info).await?; let response = result?;`, and this step makes it
/// `let response = client.exec(request, &info).await?;`. The generated `Client`'s
/// `ClientHooks` impl (`render::runtime_glue`) defines only `exec`, so `pre` and `post` are
/// progenitor's defaults, which return `Ok(())`; each of their awaits still costs the `send`
/// future a state, and the compiler a generator to type and borrow-check, in every operation.
/// progenitor has no setting to leave them out (`with_pre_hook` and friends add hooks beside
/// them). `regen` fails if a call to `pre` is left ([`super::LEFTOVERS`]).
pub fn drop_noop_hooks(file: &mut syn::File, stats: &mut Stats) {
    struct V<'a>(&'a mut Stats);
    impl VisitMut for V<'_> {
        fn visit_block_mut(&mut self, block: &mut syn::Block) {
            let mut i = 0;
            while i < block.stmts.len() {
                if let Some(send) = exec_without_hooks(&block.stmts[i..]) {
                    block.stmts.splice(i..i + 4, [send]);
                    self.0.noop_hooks_dropped += 1;
                }
                i += 1;
            }
            visit_mut::visit_block_mut(self, block);
        }
    }
    V(stats).visit_file_mut(file);
}

/// If `stmts` starts with progenitor's four statements (`pre(..).await?;`,
/// `let result = ..exec(..).await;`, `post(&result, ..).await?;`, `let response = result?;`),
/// the one that replaces them: `let response = ..exec(..).await?;`.
fn exec_without_hooks(stmts: &[syn::Stmt]) -> Option<syn::Stmt> {
    let [
        pre,
        syn::Stmt::Local(exec),
        post,
        syn::Stmt::Local(response),
        ..,
    ] = stmts
    else {
        return None;
    };
    let awaits = |stmt: &syn::Stmt, name: &str| {
        matches!(stmt, syn::Stmt::Expr(syn::Expr::Try(t), Some(_))
            if matches!(&*t.expr, syn::Expr::Await(a)
                if matches!(&*a.base, syn::Expr::MethodCall(m) if m.method == name)))
    };
    let syn::Pat::Ident(result) = &exec.pat else {
        return None;
    };
    let sent = &exec.init.as_ref()?.expr;
    let sends = matches!(&**sent, syn::Expr::Await(a)
        if matches!(&*a.base, syn::Expr::MethodCall(m) if m.method == "exec"));
    let reads_result = matches!(&*response.init.as_ref()?.expr, syn::Expr::Try(t)
        if matches!(&*t.expr, syn::Expr::Path(p) if p.path.is_ident(&result.ident)));
    if !(awaits(pre, "pre") && sends && awaits(post, "post") && reads_result) {
        return None;
    }
    let mut merged = response.clone();
    let init = merged.init.as_mut()?;
    *init.expr = parse_quote!(#sent?);
    Some(syn::Stmt::Local(merged))
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
/// the same order; a parameter passed by reference is moved in, so that it is dropped once
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
