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
    use proc_macro2::TokenTree;
    use std::collections::BTreeMap;

    let top: Vec<TokenTree> = tokens.into_iter().collect();
    // what the code outside `mod types { .. }` names
    let types_at = mod_group_index(&top, "types");
    let mut roots = BTreeSet::new();
    for (i, tt) in top.iter().enumerate() {
        if Some(i) != types_at {
            scan_paths(
                std::iter::once(tt.clone()).collect(),
                &["types", "builder"],
                &mut roots,
            );
        }
    }
    let (tokens, removed) = edit_module(top.into_iter().collect(), &["types", "builder"], |body| {
        let items = split_items(body);
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
        (kept, removed)
    });
    (tokens, removed.unwrap_or_default())
}

/// Runs `edit` on the body of the module at `path` (`["types", "builder"]` is
/// `mod types { mod builder { .. } }`, each the first of its name at its level) and puts back
/// the body it returns, with what else it returns; `None` when there is no such module, and
/// the tokens are then as they were.
pub(super) fn edit_module<T>(
    tokens: TokenStream,
    path: &[&str],
    edit: impl FnOnce(TokenStream) -> (TokenStream, T),
) -> (TokenStream, Option<T>) {
    use proc_macro2::{Delimiter, Group, TokenTree};
    let Some((name, rest)) = path.split_first() else {
        let (body, out) = edit(tokens);
        return (body, Some(out));
    };
    let mut trees: Vec<TokenTree> = tokens.into_iter().collect();
    let Some(at) = mod_group_index(&trees, name) else {
        return (trees.into_iter().collect(), None);
    };
    let TokenTree::Group(group) = &trees[at] else {
        return (trees.into_iter().collect(), None);
    };
    let (body, out) = edit_module(group.stream(), rest, edit);
    let mut edited = Group::new(Delimiter::Brace, body);
    edited.set_span(group.span());
    trees[at] = TokenTree::Group(edited);
    (trees.into_iter().collect(), out)
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
pub(super) fn split_items(tokens: TokenStream) -> Vec<Vec<proc_macro2::TokenTree>> {
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
pub(super) fn subject(item: &[proc_macro2::TokenTree]) -> Option<String> {
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

/// One body builder, as [`compact_type_builders`] read it from typify's tokens: what the
/// core's `type_builder!` needs to write it again, apart from the setters' docs, which
/// [`document_type_builders`] adds from the parsed types.
#[derive(Debug, Clone)]
pub struct TypeBuilder {
    name: syn::Ident,
    fields: Vec<BuilderField>,
}

/// A field of a [`TypeBuilder`]: `optional name: Inner` or `required name: Stored`, with
/// the initial value when it is not the one the macro implies.
#[derive(Debug, Clone)]
struct BuilderField {
    name: syn::Ident,
    optional: bool,
    ty: syn::Type,
    initial: Option<syn::Expr>,
}

impl TypeBuilder {
    /// The macro's input: `X { #[doc = ..] optional name: Type, required id: Type = init }`.
    fn macro_input(&self, docs: impl Fn(&str) -> Vec<Attribute>) -> TokenStream {
        let entries = self.fields.iter().map(|f| {
            let doc = docs(&f.name.to_string());
            let kind = if f.optional {
                quote!(optional)
            } else {
                quote!(required)
            };
            let (name, ty) = (&f.name, &f.ty);
            let initial = f.initial.as_ref().map(|e| quote!(= #e));
            quote! { #(#doc)* #kind #name: #ty #initial }
        });
        let name = &self.name;
        quote! { #name { #(#entries),* } }
    }
}

/// Each body builder typify writes under `types::builder` (a struct, `Default`, one setter
/// per field, `TryFrom<builder> for X`, `From<X> for builder`: about 25 lines per type and 10
/// per field) becomes one invocation of the core's `type_builder!`, which lists the fields
/// and writes those items the way users need them: a setter of an optional field takes the
/// value or an `Option` of it, `&str` for text and a bare integer literal for any width
/// (`telnyx_sdk_core::IntoOptional`; typify's `T: TryInto<Option<X>>` refuses `&str` and an
/// `i32` literal for an `i64` field), and the messages are the core's. typify has no setting
/// for the form of its builders or their setters.
///
/// Works on progenitor's tokens, after [`prune_type_builders`], so the builders are never
/// parsed whole: only each builder's struct and `Default` impl are; its setters and both
/// conversions are compared, token for token, with what typify is known to write. A builder
/// whose items differ in any way is left as it is and counted in the last figure: regen
/// fails on it, so a typify upgrade that changes their shape cannot pass unseen.
///
/// The invocations have no docs yet: [`document_type_builders`] adds them.
pub fn compact_type_builders(tokens: TokenStream) -> (TokenStream, Vec<TypeBuilder>, usize) {
    let (tokens, out) = edit_module(tokens, &["types", "builder"], compact_builder_module);
    let (builders, left) = out.unwrap_or_default();
    (tokens, builders, left)
}

/// [`compact_type_builders`] on the body of `types::builder`.
fn compact_builder_module(body: TokenStream) -> (TokenStream, (Vec<TypeBuilder>, usize)) {
    let items = split_items(body);
    // name -> the indexes of its five items: struct, Default, setters, TryFrom, From
    let mut groups: std::collections::BTreeMap<String, [Option<usize>; 5]> = Default::default();
    for (at, item) in items.iter().enumerate() {
        let Some((name, slot)) = builder_item_role(item) else {
            continue;
        };
        let group = groups.entry(name).or_default();
        // two of one kind: not typify's shape
        group[slot] = if group[slot].is_some() {
            Some(usize::MAX)
        } else {
            Some(at)
        };
    }
    let mut builders = Vec::new();
    let mut left = 0;
    let mut put: std::collections::BTreeMap<usize, TokenStream> = Default::default();
    let mut drop: BTreeSet<usize> = BTreeSet::new();
    for group in groups.values() {
        let found = match *group {
            [Some(s), Some(d), Some(i), Some(t), Some(f)]
                if ![s, d, i, t, f].contains(&usize::MAX) =>
            {
                Some([s, d, i, t, f])
            }
            _ => None,
        };
        let read = found.and_then(|at| {
            type_builder(at.map(|i| items[i].iter().cloned().collect::<TokenStream>()))
                .map(|b| (at, b))
        });
        let Some((at, builder)) = read else {
            left += 1;
            continue;
        };
        let input = builder.macro_input(|_| Vec::new());
        put.insert(at[0], quote! { ::telnyx_sdk_core::type_builder!(#input); });
        drop.extend(at);
        builders.push(builder);
    }
    let kept: TokenStream = items
        .into_iter()
        .enumerate()
        .flat_map(|(at, item)| match put.remove(&at) {
            Some(call) => call.into_iter().collect(),
            None if drop.contains(&at) => Vec::new(),
            None => item,
        })
        .collect();
    (kept, (builders, left))
}

/// Which of a builder's items `item` is, with the builder's name: 0 the struct,
/// 1 `Default`, 2 the setters, 3 `TryFrom<builder> for super::X`, 4 `From<super::X> for
/// builder`.
fn builder_item_role(item: &[proc_macro2::TokenTree]) -> Option<(String, usize)> {
    use proc_macro2::TokenTree;
    let name = subject(item)?;
    if is_struct(item) {
        return Some((name, 0));
    }
    let ident = |want: &str| {
        item.iter()
            .any(|tt| matches!(tt, TokenTree::Ident(i) if i == want))
    };
    let slot = if !ident("for") {
        2
    } else if ident("Default") {
        1
    } else if ident("TryFrom") {
        3
    } else if ident("From") {
        4
    } else {
        return None;
    };
    Some((name, slot))
}

/// The builder that `items` (struct, `Default`, setters, `TryFrom`, `From`) write, or `None`
/// if any of them differs from what `type_builder!` writes.
fn type_builder(items: [TokenStream; 5]) -> Option<TypeBuilder> {
    let [st, default, setters, try_from, from] = items;
    let st: syn::ItemStruct = syn::parse2(st).ok()?;
    let default: syn::ItemImpl = syn::parse2(default).ok()?;
    let ident = st.ident.clone();
    let attrs = &st.attrs;
    if attrs.len() != 1
        || !same_tokens(quote!(#(#attrs)*), quote!(#[derive(Clone, Debug)]))
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
    let expected_default = quote! {
        impl ::std::default::Default for #ident {
            fn default() -> Self { #init }
        }
    };
    if default.items.len() != 1
        || init.rest.is_some()
        || init.fields.len() != named.named.len()
        || !same_tokens(quote!(#default), expected_default)
    {
        return None;
    }
    let mut fields = Vec::new();
    let mut expected_setters = Vec::new();
    for (field, value) in named.named.iter().zip(&init.fields) {
        let name = field.ident.clone()?;
        if !field.attrs.is_empty()
            || !matches!(field.vis, syn::Visibility::Inherited)
            || !matches!(&value.member, syn::Member::Named(m) if *m == name)
        {
            return None;
        }
        let stored = result_of_string(&field.ty)?;
        let message = format!("error converting supplied value for {name}: {{e}}");
        expected_setters.push(quote! {
            pub fn #name<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<#stored>,
                T::Error: ::std::fmt::Display,
            {
                self.#name = value.try_into().map_err(|e| format!(#message));
                self
            }
        });
        let (optional, ty) = match option_inner(&stored) {
            Some(inner) => (true, inner),
            None => (false, stored),
        };
        let implied = if optional {
            quote!(Ok(Default::default()))
        } else {
            let message = format!("no value supplied for {name}");
            quote!(Err(#message.to_string()))
        };
        let initial = &value.expr;
        let initial = (!same_tokens(quote!(#initial), implied)).then(|| initial.clone());
        fields.push(BuilderField {
            name,
            optional,
            ty,
            initial,
        });
    }
    let names: Vec<&syn::Ident> = fields.iter().map(|f| &f.name).collect();
    let expected_setters = quote! { impl #ident { #(#expected_setters)* } };
    let expected_try_from = quote! {
        impl ::std::convert::TryFrom<#ident> for super::#ident {
            type Error = super::error::ConversionError;
            fn try_from(value: #ident) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self { #(#names: value.#names?,)* })
            }
        }
    };
    let expected_from = quote! {
        impl ::std::convert::From<super::#ident> for #ident {
            fn from(value: super::#ident) -> Self {
                Self { #(#names: Ok(value.#names),)* }
            }
        }
    };
    (same_tokens(setters, expected_setters)
        && same_tokens(try_from, expected_try_from)
        && same_tokens(from, expected_from))
    .then_some(TypeBuilder {
        name: ident,
        fields,
    })
}

/// Whether two token streams are the same code, compared tree by tree without printing
/// them: spacing and spans aside, and a trailing comma before the end of a group or a
/// `{ .. }` group aside (typify writes some that `quote!` does not), as [`token_text`].
fn same_tokens(a: TokenStream, b: TokenStream) -> bool {
    use proc_macro2::{Delimiter, TokenTree};
    /// The next token that counts: a comma before the end or before a `{ .. }` is skipped.
    fn next(
        tokens: &mut std::iter::Peekable<proc_macro2::token_stream::IntoIter>,
    ) -> Option<TokenTree> {
        loop {
            let token = tokens.next()?;
            let comma = matches!(&token, TokenTree::Punct(p) if p.as_char() == ',');
            let before_end = match tokens.peek() {
                None => true,
                Some(TokenTree::Group(g)) => g.delimiter() == Delimiter::Brace,
                Some(_) => false,
            };
            if !(comma && before_end) {
                return Some(token);
            }
        }
    }
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let same = match (next(&mut a), next(&mut b)) {
            (None, None) => return true,
            (Some(TokenTree::Group(x)), Some(TokenTree::Group(y))) => {
                x.delimiter() == y.delimiter() && same_tokens(x.stream(), y.stream())
            }
            (Some(TokenTree::Ident(x)), Some(TokenTree::Ident(y))) => x == y,
            (Some(TokenTree::Punct(x)), Some(TokenTree::Punct(y))) => x.as_char() == y.as_char(),
            (Some(TokenTree::Literal(x)), Some(TokenTree::Literal(y))) => {
                x.to_string() == y.to_string()
            }
            _ => false,
        };
        if !same {
            return false;
        }
    }
}

/// The names of the type builders among a `builder` module's items: typify's structs and
/// the `type_builder!` invocations [`compact_type_builders`] put in their place.
pub fn type_builder_names(items: &[Item]) -> BTreeSet<String> {
    items
        .iter()
        .filter_map(|item| match item {
            Item::Struct(s) => Some(s.ident.to_string()),
            Item::Macro(m) => type_builder_call_name(m),
            _ => None,
        })
        .collect()
}

/// The builder a `type_builder!` call writes (its first token), or `None` for another item.
fn type_builder_call_name(m: &syn::ItemMacro) -> Option<String> {
    let is_call = m
        .mac
        .path
        .segments
        .last()
        .is_some_and(|s| s.ident == "type_builder");
    is_call
        .then(|| m.mac.tokens.clone().into_iter().next())
        .flatten()
        .map(|name| name.to_string())
}

/// Gives each `type_builder!` entry the description of the field it sets (typify writes
/// setters without docs), from the type the builder builds, so the setters called in
/// `body_map` closures are documented; and lets a builder, and plain text for text with a
/// pattern, fit an optional field (`into_optional_impls!`).
pub fn document_type_builders(file: &mut syn::File, builders: &[TypeBuilder]) {
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
    let structs: BTreeSet<String> = types
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
    let by_name: std::collections::BTreeMap<String, &TypeBuilder> =
        builders.iter().map(|b| (b.name.to_string(), b)).collect();
    let mut names: Vec<&syn::Ident> = Vec::new();
    // a types-only crate (webhooks) has no builder module, and needs no conversions
    let Some(module) = types.iter_mut().find_map(|item| match item {
        Item::Mod(m) if m.ident == "builder" => m.content.as_mut().map(|(_, items)| items),
        _ => None,
    }) else {
        return;
    };
    for item in module.iter_mut() {
        let Item::Macro(m) = item else { continue };
        let Some(builder) = type_builder_call_name(m).and_then(|name| by_name.get(&name)) else {
            continue;
        };
        let owner = builder.name.to_string();
        m.mac.tokens = builder.macro_input(|field| {
            docs.get(&(owner.clone(), field.to_owned()))
                .cloned()
                .unwrap_or_default()
        });
        names.push(&builder.name);
    }
    if !names.is_empty() || !text.is_empty() {
        types.push(parse_quote! {
            ::telnyx_sdk_core::into_optional_impls!(builders: [#(#names),*], text: [#(#text),*]);
        });
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
        defer_unset_messages(imp);
    }
    if count > 0 {
        builder.insert(
            0,
            parse_quote! {
                use ::telnyx_sdk_core::{
                    operation_param as param, optional_operation_param as optional_param,
                    required_operation_param as required, unset_operation_param as unset,
                };
            },
        );
    }
    count
}

/// The suffix of progenitor's placeholder for a required parameter no setter has set.
const UNSET_SUFFIX: &str = " was not initialized";

/// A required parameter of an operation builder starts as `Err(unset())`, which does not
/// allocate, instead of progenitor's `Err("name was not initialized".to_string())`, built
/// (and dropped by the setter) on every call. `send` reads it through
/// `required(local, "name")`, which writes progenitor's message when no setter was called.
/// progenitor has no setting for either. A field is changed only when both its initializer
/// in `new` and the statement of `send` that unwraps it have the expected shape;
/// [`super::LEFTOVERS`] fails regen if a placeholder is left.
fn defer_unset_messages(imp: &mut syn::ItemImpl) {
    // field -> parameter name, from `new`'s `Self { field: Err("name was not initialized".to_string()), .. }`
    let Some(init) = new_initializer(imp) else {
        return;
    };
    let unset: Vec<(syn::Member, String)> = init
        .fields
        .iter()
        .filter_map(|field| Some((field.member.clone(), placeholder_name(&field.expr)?)))
        .collect();
    if unset.is_empty() {
        return;
    }
    // which of them `send` reads through `required`
    let mut deferred: Vec<syn::Member> = Vec::new();
    for member in imp.items.iter_mut() {
        let syn::ImplItem::Fn(f) = member else {
            continue;
        };
        if f.sig.ident != "send" {
            continue;
        }
        // `let Self { field, other: local, .. } = self;`
        let mut locals: Vec<(syn::Member, syn::Ident)> = Vec::new();
        for stmt in &f.block.stmts {
            if let syn::Stmt::Local(local) = stmt
                && let syn::Pat::Struct(pat) = &local.pat
                && pat.path.is_ident("Self")
            {
                for field in &pat.fields {
                    if let syn::Pat::Ident(id) = &*field.pat {
                        locals.push((field.member.clone(), id.ident.clone()));
                    }
                }
            }
        }
        for stmt in f.block.stmts.iter_mut() {
            let syn::Stmt::Local(local) = stmt else {
                continue;
            };
            let syn::Pat::Ident(target) = &local.pat else {
                continue;
            };
            let Some((field, _)) = locals.iter().find(|(_, l)| *l == target.ident) else {
                continue;
            };
            let Some((_, name)) = unset.iter().find(|(f, _)| f == field) else {
                continue;
            };
            let Some(init) = &mut local.init else {
                continue;
            };
            // `local.map_err(..)?`, `local.and_then(..).map_err(..)?`: the chain's root
            let syn::Expr::Try(tried) = &mut *init.expr else {
                continue;
            };
            let mut at = &mut *tried.expr;
            while let syn::Expr::MethodCall(call) = at {
                at = &mut *call.receiver;
            }
            if let syn::Expr::Path(root) = at
                && root.path.is_ident(&target.ident)
            {
                let local = &target.ident;
                *at = parse_quote!(required(#local, #name));
                deferred.push(field.clone());
            }
        }
    }
    if let Some(init) = new_initializer(imp) {
        for field in init.fields.iter_mut() {
            if deferred.contains(&field.member) {
                field.expr = parse_quote!(Err(unset()));
            }
        }
    }
}

/// The `Self { .. }` an operation builder's `new` ends with.
fn new_initializer(imp: &mut syn::ItemImpl) -> Option<&mut syn::ExprStruct> {
    imp.items.iter_mut().find_map(|member| match member {
        syn::ImplItem::Fn(f) if f.sig.ident == "new" => match f.block.stmts.last_mut() {
            Some(syn::Stmt::Expr(syn::Expr::Struct(init), None)) => Some(init),
            _ => None,
        },
        _ => None,
    })
}

/// `name` of progenitor's `Err("name was not initialized".to_string())`.
fn placeholder_name(expr: &syn::Expr) -> Option<String> {
    let syn::Expr::Call(call) = expr else {
        return None;
    };
    let syn::Expr::Path(func) = &*call.func else {
        return None;
    };
    let mut args = call.args.iter();
    let (Some(arg), None) = (args.next(), args.next()) else {
        return None;
    };
    if !func.path.is_ident("Err") {
        return None;
    }
    literal_to_string(arg)?
        .value()
        .strip_suffix(UNSET_SUFFIX)
        .map(str::to_owned)
}

/// The literal of `"text".to_string()`, the way progenitor writes its messages.
fn literal_to_string(expr: &syn::Expr) -> Option<&syn::LitStr> {
    let syn::Expr::MethodCall(call) = expr else {
        return None;
    };
    match &*call.receiver {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(text),
            ..
        }) if call.method == "to_string" && call.args.is_empty() => Some(text),
        _ => None,
    }
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
    literal_to_string(body).map(|_| (target.member.clone(), optional))
}

/// `X` of `::std::option::Option<X>`.
fn option_inner(ty: &syn::Type) -> Option<syn::Type> {
    use crate::pipeline::null_fields::{last_segment, only_argument};
    let last = last_segment(ty).filter(|s| s.ident == "Option")?;
    only_argument(last).cloned()
}
