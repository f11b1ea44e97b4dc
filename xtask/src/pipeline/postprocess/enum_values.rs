//! Puts back the wire values `patch::whole_spec::distinct_enum_variant_names` replaced by
//! placeholders, before [`super::open_string_enums`] reads them.

use syn::{Fields, Item, parse_quote};

use super::{serde_rename, types_items};

/// For every string enum holding all placeholders of one recorded list, give the variants
/// named after a placeholder `#[serde(rename = "<wire value>")]`. `open_string_enums` then
/// builds `as_str`, `From<&str>` and the serde impls from those wire values, so `+` decodes
/// to `Plus` and `Minimax` to `MinimaxCapitalized`, and both encode back unchanged.
/// Returns the number of variants changed.
pub fn restore_wire_values(file: &mut syn::File, lists: &[Vec<(String, String)>]) -> usize {
    if lists.is_empty() {
        return 0;
    }
    let Some(items) = types_items(file) else {
        return 0;
    };
    let mut changed = 0;
    for item in items.iter_mut() {
        let Item::Enum(e) = item else { continue };
        if !e.variants.iter().all(|v| matches!(v.fields, Fields::Unit)) {
            continue;
        }
        let wires: Vec<String> = e
            .variants
            .iter()
            .map(|v| serde_rename(&v.attrs).unwrap_or_else(|| v.ident.to_string()))
            .collect();
        let Some(list) = lists
            .iter()
            .find(|list| list.iter().all(|(p, _)| wires.contains(p)))
        else {
            continue;
        };
        for (v, wire) in e.variants.iter_mut().zip(&wires) {
            if let Some((_, original)) = list.iter().find(|(p, _)| p == wire) {
                v.attrs.retain(|a| !a.path().is_ident("serde"));
                v.attrs.push(parse_quote!(#[serde(rename = #original)]));
                changed += 1;
            }
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::postprocess::{Stats, open_string_enums};

    #[test]
    fn placeholders_become_the_wire_values_again() {
        let mut file: syn::File = parse_quote! {
            pub mod types {
                #[derive(Clone, Debug, serde::Deserialize, serde::Serialize)]
                pub enum Op { Plus, Minus, #[serde(rename = "x")] X }
                #[derive(Clone, Debug, serde::Deserialize, serde::Serialize)]
                pub enum Other { Plus }
            }
        };
        let lists = vec![vec![
            ("Plus".to_string(), "+".to_string()),
            ("Minus".to_string(), "-".to_string()),
        ]];
        assert_eq!(restore_wire_values(&mut file, &lists), 2);
        let found = open_string_enums(&mut file, &mut Stats::default());
        let op = found.iter().find(|e| e.name == "Op").expect("Op");
        assert_eq!(
            op.variants,
            [
                ("Plus".to_string(), "+".to_string()),
                ("Minus".to_string(), "-".to_string()),
                ("X".to_string(), "x".to_string())
            ]
        );
        let other = found.iter().find(|e| e.name == "Other").expect("Other");
        assert_eq!(
            other.variants,
            [("Plus".to_string(), "Plus".to_string())],
            "an enum without every placeholder of a list is left alone"
        );
    }
}
