//! `crates/telnyx-sdk-ids/src/generated.rs`: one type per typed id the domains use.

use super::*;

/// Every typed id the domains use, with whether it is a UUID: an id is one when any path
/// parameter that takes it is typed as a UUID (a UUID id also fills a text parameter).
pub fn used_ids(domains: &[DomainModel]) -> BTreeMap<String, bool> {
    let mut out: BTreeMap<String, bool> = BTreeMap::new();
    for d in domains {
        for op in &d.operations {
            for p in &op.path_params {
                if let Some(IdRef { name, uuid }) = &p.id {
                    *out.entry(name.clone()).or_default() |= *uuid;
                }
            }
        }
    }
    out
}

/// The ids crate's `generated.rs`: the list of typed ids, one call of its hand-written
/// `typed_id!` macro each (`typed_id!(Name, uuid, "doc")` or `text`), the pairs that
/// convert into each other (`convertible_ids!(A, B)`), and `for_each_id!`, which hands the
/// lists to a macro of another crate (the core's `IntoOptional` conversions).
pub fn ids_module(
    manifest: &Manifest,
    used: &BTreeMap<String, bool>,
) -> Result<TokenStream, String> {
    for name in manifest.ids.keys() {
        if !used.contains_key(name) {
            return Err(format!(
                "domains.toml: [ids.{name}] is used by no path parameter"
            ));
        }
    }
    let mut items = Vec::new();
    let mut pairs = Vec::new();
    let (mut uuids, mut texts) = (Vec::new(), Vec::new());
    for (name, uuid) in used {
        let spec = manifest.ids.get(name).cloned().unwrap_or_default();
        let id = ident(name);
        let doc = if spec.doc.is_empty() {
            format!("The `{}` path parameter.", name.to_snake_case())
        } else {
            spec.doc.clone()
        };
        let doc = format!(" {doc}");
        let kind = ident(if *uuid { "uuid" } else { "text" });
        items.push(quote! { crate::typed_id!(#id, #kind, #doc); });
        if *uuid {
            uuids.push(id.clone());
        } else {
            texts.push(id.clone());
        }
        for other in &spec.converts {
            if !used.contains_key(other) {
                return Err(format!(
                    "domains.toml: [ids.{name}] converts to `{other}`, which is not a typed id"
                ));
            }
            let o = ident(other);
            pairs.push(quote! { crate::convertible_ids!(#id, #o); });
        }
    }
    Ok(quote! {
        //! Typed ids: one type per kind of id the API takes or returns, so a room id cannot be
        //! passed where a composition id is expected. Each is a thin wrapper around its text,
        //! serialized as a plain string; `crate::typed_id!` writes each.

        #(#items)*
        #(#pairs)*

        /// Calls `m! { uuid: [..], text: [..] }` with every typed id, by kind: how another
        /// crate implements its own traits for each id without listing them.
        #[doc(hidden)]
        #[macro_export]
        macro_rules! for_each_id {
            ($m:ident) => {
                $m! { uuid: [#(#uuids),*], text: [#(#texts),*] }
            };
        }
    })
}
