//! `Display` for typify's constrained-string newtypes.

use syn::{Fields, Item, parse_quote};

use super::types_items;

/// typify turns a string with a pattern or length bounds into `pub struct X(String)` with
/// `Deref`, `FromStr` and serde impls but no `Display`. Such a type can be a path or query
/// parameter, whose value is written with `Display`: add `Display` (the string as it is)
/// to every such newtype that lacks it. Returns the number of impls added.
pub fn display_for_string_newtypes(file: &mut syn::File) -> usize {
    let Some(items) = types_items(file) else {
        return 0;
    };
    let has_display: Vec<String> = items
        .iter()
        .filter_map(|i| match i {
            Item::Impl(imp)
                if imp
                    .trait_
                    .as_ref()
                    .is_some_and(|t| t.0.segments.last().is_some_and(|s| s.ident == "Display")) =>
            {
                match &*imp.self_ty {
                    syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
                    _ => None,
                }
            }
            _ => None,
        })
        .collect();
    let newtypes: Vec<syn::Ident> = items
        .iter()
        .filter_map(|i| match i {
            Item::Struct(s) => match &s.fields {
                Fields::Unnamed(f)
                    if f.unnamed.len() == 1
                        && matches!(&f.unnamed[0].ty, syn::Type::Path(p)
                            if p.path.segments.last().is_some_and(|s| s.ident == "String"))
                        && !has_display.contains(&s.ident.to_string()) =>
                {
                    Some(s.ident.clone())
                }
                _ => None,
            },
            _ => None,
        })
        .collect();
    for name in &newtypes {
        items.push(parse_quote! {
            impl ::std::fmt::Display for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(&self.0)
                }
            }
        });
    }
    newtypes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_newtypes_get_display_once() {
        let mut file: syn::File = parse_quote! {
            pub mod types {
                pub struct KeyName(::std::string::String);
                pub struct Shown(::std::string::String);
                impl ::std::fmt::Display for Shown {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result { f.write_str(&self.0) }
                }
                pub struct Count(i64);
            }
        };
        assert_eq!(display_for_string_newtypes(&mut file), 1);
        let text = prettyplease::unparse(&file);
        assert!(
            text.contains("impl ::std::fmt::Display for KeyName"),
            "{text}"
        );
        assert_eq!(text.matches("Display for Shown").count(), 1);
        assert!(!text.contains("Display for Count"));
    }
}
