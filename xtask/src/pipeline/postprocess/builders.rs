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
    let Some(builder) = types.iter_mut().find_map(|item| match item {
        Item::Mod(m) if m.ident == "builder" => m.content.as_mut().map(|(_, items)| items),
        _ => None,
    }) else {
        return;
    };
    for item in builder.iter_mut() {
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
            let Some(inner) = optional_try_into_bound(f) else {
                continue;
            };
            let ident = &f.sig.ident;
            f.sig.generics.where_clause = Some(parse_quote! {
                where T: ::telnyx_sdk_core::IntoOptional<#inner>
            });
            f.block = parse_quote! {{
                self.#ident = Ok(::telnyx_sdk_core::IntoOptional::into_optional(value));
                self
            }};
            stats.plain_value_setters += 1;
        }
    }
}

/// `X` of a setter bounded by `T: TryInto<Option<X>>`.
fn optional_try_into_bound(f: &syn::ImplItemFn) -> Option<syn::Type> {
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
            let Some(syn::GenericArgument::Type(syn::Type::Path(target))) = args.args.first()
            else {
                continue;
            };
            let seg = target.path.segments.last()?;
            if seg.ident != "Option" {
                continue;
            }
            let syn::PathArguments::AngleBracketed(inner) = &seg.arguments else {
                continue;
            };
            if let Some(syn::GenericArgument::Type(x)) = inner.args.first() {
                return Some(x.clone());
            }
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
