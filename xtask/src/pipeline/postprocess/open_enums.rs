//! Step [`open_string_enums`]: string enums keep values this version does not know, and
//! their impls come from one `macro_rules!` per crate.

use super::*;

/// A string enum found in the generated types: name and (variant, wire value) pairs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringEnum {
    pub name: String,
    pub variants: Vec<(String, String)>,
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

/// Whether `item` is an impl of one of the conversion traits we regenerate for one of
/// `names`.
fn is_replaced_impl(item: &Item, names: &BTreeSet<&str>) -> bool {
    let Item::Impl(imp) = item else { return false };
    let is_named = match &*imp.self_ty {
        syn::Type::Path(p) => p
            .path
            .segments
            .last()
            .is_some_and(|s| names.contains(s.ident.to_string().as_str())),
        _ => false,
    };
    if !is_named {
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

/// The conversions typify writes for each string enum (`Display`, `FromStr` and three
/// `TryFrom`s), which [`open_string_enums`] replaces, are dropped from progenitor's tokens,
/// so they are never parsed. A string enum is told from its tokens as that step tells it
/// from the tree: it derives `Deserialize` and its variants are all units (no `( .. )` or
/// `{ .. }` in its body). Whatever this leaves, the step removes after parsing.
pub fn drop_string_enum_conversions(tokens: TokenStream) -> TokenStream {
    use super::builders::{edit_module, split_items};
    edit_module(tokens, &["types"], |body| {
        let items = split_items(body);
        let enums: BTreeSet<String> = items
            .iter()
            .filter_map(|item| string_enum_name(item))
            .collect();
        let kept: TokenStream = items
            .into_iter()
            .filter(|item| enums.is_empty() || !is_conversion_of(item, &enums))
            .flatten()
            .collect();
        (kept, ())
    })
    .0
}

/// The tokens of an item without its leading attributes (`#` and a `[ .. ]` group each).
fn after_attributes(item: &[proc_macro2::TokenTree]) -> &[proc_macro2::TokenTree] {
    use proc_macro2::{Delimiter, TokenTree};
    let mut at = 0;
    while let (Some(TokenTree::Punct(p)), Some(TokenTree::Group(g))) =
        (item.get(at), item.get(at + 1))
        && p.as_char() == '#'
        && g.delimiter() == Delimiter::Bracket
    {
        at += 2;
    }
    &item[at..]
}

/// `X` of `enum X { A, B }` deriving `Deserialize`, every variant a unit.
fn string_enum_name(item: &[proc_macro2::TokenTree]) -> Option<String> {
    use proc_macro2::{Delimiter, TokenTree};
    let rest = after_attributes(item);
    let head: Vec<&TokenTree> = rest
        .iter()
        .take_while(|tt| !matches!(tt, TokenTree::Group(_)))
        .collect();
    // `pub enum X` (or `pub(crate) enum X`): the name follows `enum`, and the body follows it
    let name = match head
        .iter()
        .position(|tt| matches!(tt, TokenTree::Ident(i) if i == "enum"))
    {
        Some(at) if at + 2 == head.len() => match head[at + 1] {
            TokenTree::Ident(name) => name.to_string(),
            _ => return None,
        },
        _ => return None,
    };
    let Some(TokenTree::Group(body)) = rest.get(head.len()) else {
        return None;
    };
    if head.len() + 1 != rest.len()
        || body.delimiter() != Delimiter::Brace
        || body.stream().is_empty()
    {
        return None;
    }
    let derives_deserialize = item[..item.len() - rest.len()].iter().any(|tt| match tt {
        TokenTree::Group(g) => {
            let mut inner = g.stream().into_iter();
            matches!(inner.next(), Some(TokenTree::Ident(i)) if i == "derive")
                && matches!(inner.next(), Some(TokenTree::Group(args))
                    if args.stream().into_iter().any(|t| matches!(t, TokenTree::Ident(i) if i == "Deserialize")))
        }
        _ => false,
    });
    let mut tokens = body.stream().into_iter().peekable();
    let mut units = true;
    while let Some(tt) = tokens.next() {
        match tt {
            // an attribute: `#` and its `[ .. ]`
            TokenTree::Punct(p) if p.as_char() == '#' => {
                tokens.next();
            }
            TokenTree::Group(_) => units = false,
            _ => {}
        }
    }
    (derives_deserialize && units).then_some(name)
}

/// `impl Display | FromStr | TryFrom<..> for X { .. }` for an `X` of `enums`.
fn is_conversion_of(item: &[proc_macro2::TokenTree], enums: &BTreeSet<String>) -> bool {
    use proc_macro2::TokenTree;
    let rest = after_attributes(item);
    if !matches!(rest.first(), Some(TokenTree::Ident(i)) if i == "impl") {
        return false;
    }
    let Some(for_at) = rest
        .iter()
        .position(|tt| matches!(tt, TokenTree::Ident(i) if i == "for"))
    else {
        return false;
    };
    // the trait's last segment: its last identifier outside `< .. >`
    let mut depth = 0i32;
    let mut last = None;
    for tt in &rest[1..for_at] {
        match tt {
            TokenTree::Punct(p) if p.as_char() == '<' => depth += 1,
            TokenTree::Punct(p) if p.as_char() == '>' => depth -= 1,
            TokenTree::Ident(i) if depth == 0 => last = Some(i.to_string()),
            _ => {}
        }
    }
    matches!(last.as_deref(), Some("Display" | "FromStr" | "TryFrom"))
        && super::builders::subject(item).is_some_and(|name| enums.contains(&name))
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
    let names: BTreeSet<&str> = found.iter().map(|se| se.name.as_str()).collect();
    items.retain(|i| !is_replaced_impl(i, &names));
    for se in &found {
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
