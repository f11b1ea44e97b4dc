//! Step [`keep_unknown_fields`]: a response or webhook object keeps the fields this version
//! of the SDK does not know, in `extra`, so a field Telnyx ships tomorrow can be read today
//! and re-serializing the object loses nothing.

use std::collections::BTreeSet;

use syn::{Fields, Item, parse_quote};

use super::{Stats, derives, reachable, types_items};

/// The field that collects unknown members; `unknown_fields` when a type has a member
/// named `extra` already.
const FIELD: &str = "extra";
const FALLBACK: &str = "unknown_fields";

/// Adds `#[serde(flatten)] pub extra: serde_json::Map<String, serde_json::Value>` to every
/// named-field struct of `types` that derives `Deserialize` and is not part of a request:
/// types that callers build (request bodies, whose builders `types::builder::X` are kept,
/// and every type they refer to, through enums too) keep the members they have, so a struct
/// literal in a caller's code needs no new member. Every decoded-only type (responses,
/// events) gets the map. A type with a flattened member already is left as it is.
///
/// serde reads the known members of such a struct as before and buffers only the unknown
/// ones; it serializes the map's entries after the known members.
pub fn keep_unknown_fields(file: &mut syn::File, stats: &mut Stats) {
    let Some(items) = types_items(file) else {
        return;
    };
    let built: BTreeSet<String> = items
        .iter()
        .find_map(|item| match item {
            Item::Mod(m) if m.ident == "builder" => m
                .content
                .as_ref()
                .map(|(_, inner)| super::type_builder_names(inner)),
            _ => None,
        })
        .unwrap_or_default();
    let sent = request_reachable(items, built);
    let mut extended: Vec<(String, syn::Ident)> = Vec::new();
    for item in items.iter_mut() {
        let Item::Struct(s) = item else { continue };
        if sent.contains(&s.ident.to_string())
            || !derives(&s.attrs).iter().any(|d| d == "Deserialize")
        {
            continue;
        }
        let Fields::Named(fields) = &mut s.fields else {
            continue;
        };
        let flattened = fields.named.iter().any(|f| {
            f.attrs.iter().any(|a| {
                a.path().is_ident("serde")
                    && a.parse_args::<proc_macro2::TokenStream>()
                        .is_ok_and(|t| t.to_string().contains("flatten"))
            })
        });
        if flattened {
            continue;
        }
        let taken = |name: &str| {
            fields
                .named
                .iter()
                .any(|f| f.ident.as_ref().is_some_and(|i| i == name))
        };
        let name = if taken(FIELD) { FALLBACK } else { FIELD };
        if taken(name) {
            continue;
        }
        let ident = syn::Ident::new(name, proc_macro2::Span::call_site());
        fields.named.push(parse_quote! {
            /// Members of the object that this version of the SDK does not know, as sent.
            #[serde(flatten)]
            pub #ident: ::serde_json::Map<::std::string::String, ::serde_json::Value>
        });
        stats.unknown_fields_kept += 1;
        extended.push((s.ident.to_string(), ident));
    }
    // typify writes `impl Default for X { fn default() -> Self { Self { .. } } }` for a type
    // whose members have defaults of their own: the map starts empty there
    for item in items.iter_mut() {
        let Item::Impl(imp) = item else { continue };
        let is_default = imp
            .trait_
            .as_ref()
            .and_then(|(path, _)| path.segments.last())
            .is_some_and(|s| s.ident == "Default");
        let Some((_, field)) = (match &*imp.self_ty {
            syn::Type::Path(p) if is_default => p
                .path
                .segments
                .last()
                .and_then(|seg| extended.iter().find(|(name, _)| seg.ident == name)),
            _ => None,
        }) else {
            continue;
        };
        let field = field.clone();
        for inner in &mut imp.items {
            if let syn::ImplItem::Fn(f) = inner
                && let Some(syn::Stmt::Expr(syn::Expr::Struct(lit), None)) =
                    f.block.stmts.last_mut()
                && lit.rest.is_none()
            {
                lit.fields
                    .push(parse_quote!(#field: ::serde_json::Map::new()));
            }
        }
    }
}

/// The names of `items` reachable from `roots` (the request bodies with builders) through
/// the types their definitions mention.
fn request_reachable(items: &[Item], roots: BTreeSet<String>) -> BTreeSet<String> {
    use std::collections::BTreeMap;
    fn idents(tokens: proc_macro2::TokenStream, out: &mut BTreeSet<String>) {
        for tt in tokens {
            match tt {
                proc_macro2::TokenTree::Ident(i) => {
                    out.insert(i.to_string());
                }
                proc_macro2::TokenTree::Group(g) => idents(g.stream(), out),
                _ => {}
            }
        }
    }
    let mut mentions: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for item in items {
        let (name, tokens) = match item {
            Item::Struct(s) => (
                s.ident.to_string(),
                quote::ToTokens::to_token_stream(&s.fields),
            ),
            Item::Enum(e) => (
                e.ident.to_string(),
                quote::ToTokens::to_token_stream(&e.variants),
            ),
            _ => continue,
        };
        let mut found = BTreeSet::new();
        idents(tokens, &mut found);
        mentions.insert(name, found);
    }
    reachable(roots, &mentions)
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    fn run(file: &mut syn::File) -> Stats {
        let mut stats = Stats::default();
        keep_unknown_fields(file, &mut stats);
        stats
    }

    #[test]
    fn decoded_only_structs_get_the_map_and_built_ones_do_not() {
        let mut file: syn::File = parse_quote! {
            pub mod types {
                #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default)]
                pub struct Room { pub id: String }
                #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
                pub struct Track { pub kind: String }
                impl ::std::default::Default for Track {
                    fn default() -> Self { Self { kind: "audio".to_owned() } }
                }
                #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
                pub struct CreateRoomRequest { pub name: String, pub messages: Vec<Message> }
                #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
                pub enum Message { User(UserMessage) }
                #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
                pub struct UserMessage { pub text: String }
                #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
                pub struct Odd { pub extra: String }
                #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
                pub struct Wrapper { #[serde(flatten)] pub inner: Room }
                #[derive(::serde::Serialize, Clone, Debug)]
                pub struct SentOnly { pub a: String }
                #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
                pub struct Tuple(pub String);
                pub mod builder {
                    pub struct CreateRoomRequest { name: Result<String, String> }
                }
            }
        };
        assert_eq!(run(&mut file).unknown_fields_kept, 3);
        let text = file.to_token_stream().to_string();
        let room = text.split("pub struct Room").nth(1).expect("Room");
        assert!(
            room.split("pub struct").next().expect("body").contains(
                "# [serde (flatten)] pub extra : :: serde_json :: Map < :: std :: string :: String , :: serde_json :: Value >"
            ),
            "{text}"
        );
        assert!(text.contains("pub unknown_fields :"), "{text}");
        assert!(!text.contains("pub struct CreateRoomRequest { pub name : String , pub messages : Vec < Message > , # [serde (flatten)]"), "{text}");
        assert!(
            text.contains("pub struct UserMessage { pub text : String }"),
            "{text}"
        );
        assert_eq!(text.matches("serde (flatten)").count(), 4, "{text}");
        assert!(
            text.contains(
                "Self { kind : \"audio\" . to_owned () , extra : :: serde_json :: Map :: new () }"
            ),
            "{text}"
        );
    }
}
