//! Steps [`prune_type_builders`] and [`drop_builder_methods`]: only the type builders a
//! caller can use (request bodies and what they contain) are kept.

use super::*;

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
    let keep = reachable(roots, &refers);
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

/// The setter of an optional field takes what users have: `&str` for text, a bare integer
/// literal for any integer width, the value or an `Option` of it
/// (`telnyx_sdk_core::IntoOptional`). typify writes `T: TryInto<Option<X>>`, which refuses
/// `&str` and an `i32` literal for an `i64` field, and has no setting for its setters.
///
/// Each setter also gets the field's description from the type it builds (typify writes
/// setters without docs), so the setters called in `body_map` closures are documented.
///
/// The setter bodies call the core's `optional_field` / `required_field`, which keep the value
/// or a message naming the field, and the builder's fields hold `Result<X, String>`: typify
/// writes the same `try_into().map_err(..)` closure into every setter of every builder.
pub fn plain_value_setters(file: &mut syn::File, stats: &mut Stats) {
    let Some(types) = types_items(file) else {
        return;
    };
    // field docs of each type: (type, field) -> doc attributes
    let mut docs: std::collections::BTreeMap<(String, String), Vec<Attribute>> = Default::default();
    for item in types.iter() {
        if let Item::Struct(s) = item
            && let Fields::Named(named) = &s.fields
        {
            for f in &named.named {
                let attrs: Vec<Attribute> = f
                    .attrs
                    .iter()
                    .filter(|a| a.path().is_ident("doc"))
                    .cloned()
                    .collect();
                if let Some(ident) = &f.ident
                    && !attrs.is_empty()
                {
                    docs.insert((s.ident.to_string(), ident.to_string()), attrs);
                }
            }
        }
    }
    // text with a pattern or a length limit: `impl TryFrom<&str> for X` on a struct
    let structs: std::collections::BTreeSet<String> = types
        .iter()
        .filter_map(|i| match i {
            Item::Struct(s) => Some(s.ident.to_string()),
            _ => None,
        })
        .collect();
    let text: Vec<syn::Ident> = types
        .iter()
        .filter_map(|i| match i {
            Item::Impl(imp) => {
                let (path, _) = imp.trait_.as_ref()?;
                let last = path.segments.last()?;
                let from_str = last.ident == "TryFrom"
                    && quote!(#last).to_string().replace(' ', "") == "TryFrom<&str>";
                let syn::Type::Path(ty) = &*imp.self_ty else {
                    return None;
                };
                let name = ty.path.segments.last()?.ident.clone();
                (from_str && structs.contains(&name.to_string())).then_some(name)
            }
            _ => None,
        })
        .collect();
    let Some(builder) = types.iter_mut().find_map(|item| match item {
        Item::Mod(m) if m.ident == "builder" => m.content.as_mut().map(|(_, items)| items),
        _ => None,
    }) else {
        return;
    };
    let builders: Vec<syn::Ident> = builder
        .iter()
        .filter_map(|i| match i {
            Item::Struct(s) => Some(s.ident.clone()),
            _ => None,
        })
        .collect();
    for item in builder.iter_mut() {
        // a field holds its value or why the value does not fit: `Result<X, String>`, by
        // the prelude's names (nothing in the builder module shadows them)
        if let Item::Struct(st) = item {
            for field in st.fields.iter_mut() {
                if let Some(value) = result_of_string(&field.ty) {
                    field.ty = parse_quote! { Result<#value, String> };
                }
            }
            continue;
        }
        let Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some() {
            continue;
        }
        let syn::Type::Path(ty) = &*imp.self_ty else {
            continue;
        };
        let Some(owner) = ty.path.segments.last().map(|s| s.ident.to_string()) else {
            continue;
        };
        for member in imp.items.iter_mut() {
            let syn::ImplItem::Fn(f) = member else {
                continue;
            };
            let field = f.sig.ident.to_string();
            if let Some(attrs) = docs.get(&(owner.clone(), field.clone())) {
                f.attrs.extend(attrs.iter().cloned());
            }
            let ident = f.sig.ident.clone();
            let name = ident.to_string();
            match try_into_bound(f) {
                Some(Some(inner)) => {
                    f.sig.generics = parse_quote! { <T: IntoOptional<#inner>> };
                    f.block = parse_quote! {{
                        self.#ident = optional_field(value, #name);
                        self
                    }};
                    stats.plain_value_setters += 1;
                }
                // a required field keeps typify's bound; the message is the core's
                Some(None) => {
                    f.block = parse_quote! {{
                        self.#ident = required_field(value, #name);
                        self
                    }};
                }
                None => {}
            }
        }
    }
    // the setters name the core's helpers by their short names
    builder.insert(
        0,
        parse_quote! { use ::telnyx_sdk_core::{IntoOptional, optional_field, required_field}; },
    );
    // a builder, and plain text for text with a pattern, also fit an optional field
    if !builders.is_empty() || !text.is_empty() {
        let impls: Item = parse_quote! {
            ::telnyx_sdk_core::into_optional_impls!(builders: [#(#builders),*], text: [#(#text),*]);
        };
        if let Some(types) = types_items(file) {
            types.push(impls);
        }
    }
}

/// `X` of `::std::result::Result<X, ::std::string::String>`.
fn result_of_string(ty: &syn::Type) -> Option<syn::Type> {
    let syn::Type::Path(p) = ty else {
        return None;
    };
    let seg = p.path.segments.last()?;
    let syn::PathArguments::AngleBracketed(args) = &seg.arguments else {
        return None;
    };
    let mut args = args.args.iter();
    match (seg.ident == "Result", args.next(), args.next()) {
        (true, Some(syn::GenericArgument::Type(value)), Some(syn::GenericArgument::Type(err)))
            if matches!(
                quote!(#err).to_string().replace(' ', "").as_str(),
                "::std::string::String" | "String"
            ) =>
        {
            Some(value.clone())
        }
        _ => None,
    }
}

/// Whether a setter is bounded by `T: TryInto<Y>`: `Some(Some(X))` when `Y` is `Option<X>`
/// (an optional field), `Some(None)` for any other `Y` (a required one).
fn try_into_bound(f: &syn::ImplItemFn) -> Option<Option<syn::Type>> {
    let where_clause = f.sig.generics.where_clause.as_ref()?;
    for predicate in &where_clause.predicates {
        let syn::WherePredicate::Type(p) = predicate else {
            continue;
        };
        for bound in &p.bounds {
            let syn::TypeParamBound::Trait(t) = bound else {
                continue;
            };
            let last = t.path.segments.last()?;
            if last.ident != "TryInto" {
                continue;
            }
            let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
                continue;
            };
            let Some(syn::GenericArgument::Type(target)) = args.args.first() else {
                continue;
            };
            let optional = match target {
                syn::Type::Path(p) => p.path.segments.last().and_then(|seg| {
                    let syn::PathArguments::AngleBracketed(inner) = &seg.arguments else {
                        return None;
                    };
                    match inner.args.first() {
                        Some(syn::GenericArgument::Type(x)) if seg.ident == "Option" => {
                            Some(x.clone())
                        }
                        _ => None,
                    }
                }),
                _ => None,
            };
            return Some(optional);
        }
    }
    None
}

/// A union one of whose members is plain text (`to`: a number or a list of numbers) converts
/// from `&str` as well as from `String` (typify writes `From<String>` only), so
/// `.to("+15550100")` compiles.
pub fn str_into_text_unions(file: &mut syn::File) {
    let Some(types) = types_items(file) else {
        return;
    };
    let mut added: Vec<Item> = Vec::new();
    for item in types.iter() {
        let Item::Enum(e) = item else { continue };
        let has_text = e.variants.iter().any(|v| {
            v.ident == "String"
                && matches!(&v.fields, Fields::Unnamed(u) if u.unnamed.len() == 1
                    && { let ty = &u.unnamed[0].ty; quote!(#ty).to_string() == ":: std :: string :: String" })
        });
        if has_text {
            let name = &e.ident;
            added.push(parse_quote! {
                impl ::std::convert::From<&str> for #name {
                    fn from(value: &str) -> Self {
                        Self::String(value.to_owned())
                    }
                }
            });
        }
    }
    types.extend(added);
}

/// The setters of progenitor's operation builders call the core's
/// `operation_param` / `optional_operation_param` instead of each writing out
/// `value.try_into().map(Some).map_err(|_| "..".to_string())` (13 lines per parameter
/// after formatting, 545 parameters). The core's message names the parameter and its type,
/// as progenitor's does. progenitor has no setting for its setters' bodies. A setter of
/// another shape is left alone, and [`super::LEFTOVERS`] fails regen if one is left.
pub fn compact_operation_setters(file: &mut syn::File) -> usize {
    let mut count = 0;
    let Some(builder) = file.items.iter_mut().find_map(|item| match item {
        Item::Mod(m) if m.ident == "builder" => m.content.as_mut().map(|(_, items)| items),
        _ => None,
    }) else {
        return 0;
    };
    for item in builder.iter_mut() {
        let Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some() {
            continue;
        }
        for member in imp.items.iter_mut() {
            let syn::ImplItem::Fn(f) = member else {
                continue;
            };
            let Some((field, optional)) = operation_setter(f) else {
                continue;
            };
            let helper: syn::Ident = if optional {
                parse_quote!(optional_param)
            } else {
                parse_quote!(param)
            };
            let name = f.sig.ident.to_string();
            f.block = parse_quote! {{
                self.#field = #helper(value, #name);
                self
            }};
            count += 1;
        }
    }
    if count > 0 {
        builder.insert(
            0,
            parse_quote! {
                use ::telnyx_sdk_core::{
                    operation_param as param, optional_operation_param as optional_param,
                };
            },
        );
    }
    count
}

/// `(field, optional)` of a setter whose body is
/// `self.field = value.try_into()[.map(Some)].map_err(|_| "message".to_string()); self`.
fn operation_setter(f: &syn::ImplItemFn) -> Option<(syn::Member, bool)> {
    let [
        syn::Stmt::Expr(syn::Expr::Assign(assign), Some(_)),
        syn::Stmt::Expr(_, None),
    ] = f.block.stmts.as_slice()
    else {
        return None;
    };
    let syn::Expr::Field(target) = &*assign.left else {
        return None;
    };
    // the chain, outermost call first
    let mut calls: Vec<&syn::ExprMethodCall> = Vec::new();
    let mut at = &*assign.right;
    while let syn::Expr::MethodCall(call) = at {
        calls.push(call);
        at = &call.receiver;
    }
    let syn::Expr::Path(receiver) = at else {
        return None;
    };
    let names: Vec<String> = calls.iter().rev().map(|c| c.method.to_string()).collect();
    let optional = match names
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["try_into", "map_err"] => false,
        ["try_into", "map", "map_err"] => true,
        _ => return None,
    };
    if !receiver.path.is_ident("value") {
        return None;
    }
    // `|_| { "..".to_string() }`
    let syn::Expr::Closure(closure) = calls.first()?.args.first()? else {
        return None;
    };
    let mut body = &*closure.body;
    if let syn::Expr::Block(b) = body
        && let [syn::Stmt::Expr(e, None)] = b.block.stmts.as_slice()
    {
        body = e;
    }
    let syn::Expr::MethodCall(to_string) = body else {
        return None;
    };
    let syn::Expr::Lit(syn::ExprLit {
        lit: syn::Lit::Str(_),
        ..
    }) = &*to_string.receiver
    else {
        return None;
    };
    (to_string.method == "to_string").then(|| (target.member.clone(), optional))
}

/// Each body builder typify writes under `types::builder` (a struct, `Default`, one setter
/// per field, `TryFrom<builder> for X`, `From<X> for builder`: about 25 lines per type and 10
/// per field) becomes one invocation of the core's `type_builder!`, which lists the fields
/// and writes the same items: `X { #[doc = ".."] optional name: Type, required id: Type, .. }`.
/// typify has no setting for the form of its builders. Runs after every step over the
/// builders ([`plain_value_setters`]), on the output they leave; a builder whose items
/// differ in any way from what the macro writes is left as it is, and is counted in the
/// second figure (regen fails on it).
pub fn compact_type_builders(file: &mut syn::File) -> (usize, usize) {
    let Some(types) = types_items(file) else {
        return (0, 0);
    };
    let Some(builder) = types.iter_mut().find_map(|item| match item {
        Item::Mod(m) if m.ident == "builder" => m.content.as_mut().map(|(_, items)| items),
        _ => None,
    }) else {
        return (0, 0);
    };
    // name -> the indexes of its five items: struct, Default, setters, TryFrom, From
    let mut groups: std::collections::BTreeMap<String, [Option<usize>; 5]> = Default::default();
    for (at, item) in builder.iter().enumerate() {
        let (name, slot) = match item {
            Item::Struct(s) => (s.ident.to_string(), 0),
            Item::Impl(imp) => match builder_impl_role(imp) {
                Some(role) => role,
                None => continue,
            },
            _ => continue,
        };
        let group = groups.entry(name).or_default();
        if group[slot].is_some() {
            group[slot] = Some(usize::MAX); // two of one kind: not typify's shape
        } else {
            group[slot] = Some(at);
        }
    }
    let mut replaced: Vec<(usize, Vec<usize>, Item)> = Vec::new();
    let mut left = 0;
    for (name, group) in &groups {
        let [Some(s), Some(d), Some(i), Some(t), Some(f)] = *group else {
            left += 1;
            continue;
        };
        if [s, d, i, t, f].contains(&usize::MAX) {
            left += 1;
            continue;
        }
        match builder_macro(
            name,
            [
                &builder[s],
                &builder[d],
                &builder[i],
                &builder[t],
                &builder[f],
            ],
        ) {
            Some(item) => replaced.push((s, vec![s, d, i, t, f], item)),
            None => left += 1,
        }
    }
    let compacted = replaced.len();
    let mut drop: BTreeSet<usize> = BTreeSet::new();
    let mut put: std::collections::BTreeMap<usize, Item> = Default::default();
    for (at, all, item) in replaced {
        drop.extend(all);
        put.insert(at, item);
    }
    let old = std::mem::take(builder);
    for (at, item) in old.into_iter().enumerate() {
        if let Some(new) = put.remove(&at) {
            builder.push(new);
        } else if !drop.contains(&at) {
            builder.push(item);
        }
    }
    // the short names the setters used: only those still named stay imported
    let rest: String = builder
        .iter()
        .filter(|i| !matches!(i, Item::Use(_)))
        .map(|i| quote!(#i).to_string())
        .collect();
    let used: Vec<syn::Ident> = ["IntoOptional", "optional_field", "required_field"]
        .into_iter()
        .filter(|n| rest.contains(n))
        .map(|n| syn::Ident::new(n, proc_macro2::Span::call_site()))
        .collect();
    builder.retain(|i| {
        !matches!(i, Item::Use(u) if quote!(#u).to_string().contains("telnyx_sdk_core :: { IntoOptional"))
    });
    if !used.is_empty() {
        builder.insert(0, parse_quote! { use ::telnyx_sdk_core::{#(#used),*}; });
    }
    (compacted, left)
}

/// Which of a builder's items an `impl` is, with the builder's name: 1 `Default`,
/// 2 the setters, 3 `TryFrom<builder> for super::X`, 4 `From<super::X> for builder`.
fn builder_impl_role(imp: &syn::ItemImpl) -> Option<(String, usize)> {
    let syn::Type::Path(ty) = &*imp.self_ty else {
        return None;
    };
    let self_name = ty.path.segments.last()?.ident.to_string();
    let Some(trait_) = &imp.trait_ else {
        return Some((self_name, 2));
    };
    let last = trait_.0.segments.last()?;
    match last.ident.to_string().as_str() {
        "Default" => Some((self_name, 1)),
        "TryFrom" => Some((self_name, 3)),
        "From" => Some((self_name, 4)),
        _ => None,
    }
}

/// The `type_builder!` invocation that writes exactly `items` (struct, `Default`, setters,
/// `TryFrom`, `From`), or `None` if any of them differs from what the macro writes.
fn builder_macro(name: &str, items: [&Item; 5]) -> Option<Item> {
    let [
        Item::Struct(st),
        Item::Impl(default),
        Item::Impl(setters),
        Item::Impl(try_from),
        Item::Impl(from),
    ] = items
    else {
        return None;
    };
    let ident = syn::Ident::new(name, proc_macro2::Span::call_site());
    let attrs = &st.attrs;
    if attrs.len() != 1
        || token_text(quote!(#(#attrs)*)) != token_text(quote!(#[derive(Clone, Debug)]))
        || !st.generics.params.is_empty()
        || !matches!(st.vis, syn::Visibility::Public(_))
    {
        return None;
    }
    let Fields::Named(named) = &st.fields else {
        return None;
    };
    // initial values from `Default`
    let syn::ImplItem::Fn(default_fn) = default.items.first()? else {
        return None;
    };
    let [syn::Stmt::Expr(syn::Expr::Struct(init), None)] = default_fn.block.stmts.as_slice() else {
        return None;
    };
    let init_of = |field: &syn::Ident| {
        init.fields.iter().find_map(|fv| match &fv.member {
            syn::Member::Named(m) if m == field => Some(fv.expr.clone()),
            _ => None,
        })
    };
    let mut entries = Vec::new();
    let mut fields = Vec::new();
    for field in &named.named {
        let f = field.ident.clone()?;
        if !field.attrs.is_empty() || !matches!(field.vis, syn::Visibility::Inherited) {
            return None;
        }
        let stored = result_of_string(&field.ty)?;
        let setter = setters.items.iter().find_map(|m| match m {
            syn::ImplItem::Fn(func) if func.sig.ident == f => Some(func),
            _ => None,
        })?;
        if setter.attrs.iter().any(|a| !a.path().is_ident("doc")) {
            return None;
        }
        let docs = &setter.attrs;
        let fname = f.to_string();
        let optional_inner = option_inner(&stored);
        let is_optional = setter
            .block
            .stmts
            .iter()
            .any(|s| token_text(s).contains("optional_field("));
        let (kind, ty, expected) = match (is_optional, optional_inner) {
            (true, Some(inner)) => (
                quote!(optional),
                inner.clone(),
                quote! {
                    pub fn #f<T: IntoOptional<#inner>>(mut self, value: T) -> Self {
                        self.#f = optional_field(value, #fname);
                        self
                    }
                },
            ),
            (true, None) => return None,
            (false, _) => (
                quote!(required),
                stored.clone(),
                quote! {
                    pub fn #f<T>(mut self, value: T) -> Self
                    where
                        T: ::std::convert::TryInto<#stored>,
                        T::Error: ::std::fmt::Display,
                    {
                        self.#f = required_field(value, #fname);
                        self
                    }
                },
            ),
        };
        let mut bare = setter.clone();
        bare.attrs.clear();
        if token_text(&bare) != token_text(expected) {
            return None;
        }
        let initial = init_of(&f)?;
        let implied = if kind.to_string() == "optional" {
            quote!(Ok(Default::default()))
        } else {
            let message = format!("no value supplied for {fname}");
            quote!(Err(#message.to_string()))
        };
        let init_tokens = if token_text(&initial) == token_text(implied) {
            quote!()
        } else {
            quote!(= #initial)
        };
        entries.push(quote! { #(#docs)* #kind #f: #ty #init_tokens });
        fields.push(f);
    }
    if setters.items.len() != fields.len()
        || init.fields.len() != fields.len()
        || init.rest.is_some()
        || default.items.len() != 1
        || !setters.generics.params.is_empty()
    {
        return None;
    }
    let expected_default = quote! {
        impl ::std::default::Default for #ident {
            fn default() -> Self { #init }
        }
    };
    let expected_try_from = quote! {
        impl ::std::convert::TryFrom<#ident> for super::#ident {
            type Error = super::error::ConversionError;
            fn try_from(value: #ident) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self { #(#fields: value.#fields?,)* })
            }
        }
    };
    let expected_from = quote! {
        impl ::std::convert::From<super::#ident> for #ident {
            fn from(value: super::#ident) -> Self {
                Self { #(#fields: Ok(value.#fields),)* }
            }
        }
    };
    if token_text(default) != token_text(expected_default)
        || token_text(try_from) != token_text(expected_try_from)
        || token_text(from) != token_text(expected_from)
    {
        return None;
    }
    Some(parse_quote! {
        ::telnyx_sdk_core::type_builder!(#ident { #(#entries),* });
    })
}

/// `X` of `::std::option::Option<X>`.
fn option_inner(ty: &syn::Type) -> Option<syn::Type> {
    use crate::pipeline::null_fields::{last_segment, only_argument};
    let last = last_segment(ty).filter(|s| s.ident == "Option")?;
    only_argument(last).cloned()
}
