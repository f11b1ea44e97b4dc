//! Generated items that only add noise to the docs, hidden from them (not from the code):
//!
//! - typify's `pub mod defaults` holds the `pub(super)` functions serde calls for default
//!   values: nothing a user can name, so its page would be empty. It stays public (the
//!   generated code refers to it by path).
//! - a constrained string newtype's `Deref<Target = String>` would list every method of
//!   `String` and `str` (about 90) on its page; the impl stays, its page says `Display`,
//!   `FromStr` and `From<_> for String`.

use syn::{File, Item, Visibility, parse_quote};

/// Marks `#[doc(hidden)]` every module `types::defaults` whose items are all private to the
/// crate; returns how many.
pub fn hide_private_defaults(file: &mut File) -> usize {
    let mut hidden = 0;
    for item in &mut file.items {
        let Item::Mod(types) = item else { continue };
        let Some((_, items)) = types.content.as_mut() else {
            continue;
        };
        for item in items {
            let Item::Mod(m) = item else { continue };
            if m.ident != "defaults" || !matches!(m.vis, Visibility::Public(_)) {
                continue;
            }
            let Some((_, inner)) = &m.content else {
                continue;
            };
            let all_private = inner.iter().all(|i| match i {
                Item::Fn(f) => !matches!(f.vis, Visibility::Public(_)),
                _ => false,
            });
            if all_private {
                m.attrs.push(parse_quote!(#[doc(hidden)]));
                hidden += 1;
            }
        }
    }
    hidden
}

/// Marks `#[doc(hidden)]` every `impl Deref for X` whose target is `String`; returns how many.
pub fn hide_string_derefs(file: &mut File) -> usize {
    let mut hidden = 0;
    let mut visit = |items: &mut Vec<Item>| {
        for item in items {
            let Item::Impl(imp) = item else { continue };
            let is_deref = imp
                .trait_
                .as_ref()
                .and_then(|(path, _)| path.segments.last())
                .is_some_and(|s| s.ident == "Deref");
            let to_string = imp.items.iter().any(|i| match i {
                syn::ImplItem::Type(t) => matches!(&t.ty, syn::Type::Path(p)
                    if p.path.segments.last().is_some_and(|s| s.ident == "String")),
                _ => false,
            });
            if is_deref && to_string {
                imp.attrs.push(parse_quote!(#[doc(hidden)]));
                hidden += 1;
            }
        }
    };
    for item in &mut file.items {
        if let Item::Mod(m) = item
            && let Some((_, items)) = m.content.as_mut()
        {
            visit(items);
        }
    }
    hidden
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hides_a_defaults_module_of_private_fns_only() {
        let mut f: File = syn::parse_quote! {
            pub mod types {
                /// Generation of default values for serde.
                pub mod defaults {
                    pub(super) fn track() -> u8 { 1 }
                }
            }
            pub mod other {
                pub mod defaults {
                    pub fn exported() -> u8 { 1 }
                }
            }
        };
        assert_eq!(hide_private_defaults(&mut f), 1);
        let out = prettyplease::unparse(&f);
        assert_eq!(out.matches("#[doc(hidden)]").count(), 1, "{out}");
    }

    #[test]
    fn hides_string_derefs_only() {
        let mut f: File = syn::parse_quote! {
            pub mod types {
                impl ::std::ops::Deref for Name {
                    type Target = ::std::string::String;
                    fn deref(&self) -> &::std::string::String { &self.0 }
                }
                impl ::std::ops::Deref for List {
                    type Target = ::std::vec::Vec<u8>;
                    fn deref(&self) -> &::std::vec::Vec<u8> { &self.0 }
                }
            }
        };
        assert_eq!(hide_string_derefs(&mut f), 1);
    }
}
