//! Sends the bodies `patch::whole_spec::multipart_request_bodies` marked as
//! `multipart/form-data`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::visit_mut::{self, VisitMut};
use syn::{Fields, GenericArgument, Item, PathArguments, Type};

use super::serde_rename;

/// In the builder `send` of each operation in `operation_ids`, replace `.json(&body)` with
/// `.multipart(form)`, where `form` holds one part per field of the typed body, named by its
/// wire name: a `FilePart` field becomes a file part, any other field a text part (a string
/// as it is, other values as JSON text); optional fields are sent only when set, and list
/// fields as one part per element. Returns the number of operations rewritten.
pub fn send_multipart_bodies(file: &mut syn::File, operation_ids: &[String]) -> usize {
    if operation_ids.is_empty() {
        return 0;
    }
    // body type of each marked builder
    let mut targets: Vec<(String, String)> = Vec::new();
    for id in operation_ids {
        let builder = crate::patch::whole_spec::variant_name(id);
        if let Some(body) = builder_body_type(file, &builder) {
            targets.push((builder, body));
        }
    }
    let mut done = 0;
    for (builder, body) in targets {
        let Some(fields) = body_fields(file, &body) else {
            continue;
        };
        let mut rewrite = JsonToMultipart {
            builder: &builder,
            fields: &fields,
            inside: false,
            done: 0,
        };
        rewrite.visit_file_mut(file);
        if rewrite.done > 0 {
            done += 1;
        }
    }
    done
}

/// One field of a multipart body.
struct Field {
    ident: syn::Ident,
    wire: String,
    optional: bool,
    repeated: bool,
    file: bool,
}

fn module_items<'a>(file: &'a syn::File, name: &str) -> Option<&'a Vec<Item>> {
    file.items.iter().find_map(|item| match item {
        Item::Mod(m) if m.ident == name => m.content.as_ref().map(|(_, items)| items),
        _ => None,
    })
}

/// `T` of the builder struct's `body: Result<types::builder::T, String>`.
fn builder_body_type(file: &syn::File, builder: &str) -> Option<String> {
    let items = module_items(file, "builder")?;
    items.iter().find_map(|item| {
        let Item::Struct(s) = item else { return None };
        if s.ident != builder {
            return None;
        }
        s.fields.iter().find_map(|f| {
            if f.ident.as_ref()? != "body" {
                return None;
            }
            let inner = generic_args(&f.ty).into_iter().next()?;
            last_ident(inner)
        })
    })
}

/// The named fields of `types::<name>`.
fn body_fields(file: &syn::File, name: &str) -> Option<Vec<Field>> {
    let items = module_items(file, "types")?;
    let s = items.iter().find_map(|item| match item {
        Item::Struct(s) if s.ident == name => Some(s),
        _ => None,
    })?;
    let Fields::Named(named) = &s.fields else {
        return None;
    };
    let mut out = Vec::new();
    for f in &named.named {
        let ident = f.ident.clone()?;
        let wire = serde_rename(&f.attrs)
            .unwrap_or_else(|| ident.to_string().trim_start_matches("r#").to_string());
        let mut ty = &f.ty;
        let optional = last_ident(ty).as_deref() == Some("Option");
        if optional {
            ty = generic_args(ty).into_iter().next()?;
        }
        let repeated = last_ident(ty).as_deref() == Some("Vec");
        if repeated {
            ty = generic_args(ty).into_iter().next()?;
        }
        let file = last_ident(ty).as_deref() == Some("FilePart");
        out.push(Field {
            ident,
            wire,
            optional,
            repeated,
            file,
        });
    }
    Some(out)
}

fn last_ident(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

fn generic_args(ty: &Type) -> Vec<&Type> {
    let Type::Path(p) = ty else { return Vec::new() };
    let Some(last) = p.path.segments.last() else {
        return Vec::new();
    };
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return Vec::new();
    };
    args.args
        .iter()
        .filter_map(|a| match a {
            GenericArgument::Type(t) => Some(t),
            _ => None,
        })
        .collect()
}

/// The block building the form from the body value `body`.
fn form_expr(body: &syn::Expr, fields: &[Field]) -> TokenStream {
    let value = format_ident!("multipart_body");
    let parts = fields.iter().map(|f| {
        let ident = &f.ident;
        let wire = &f.wire;
        let one = |v: TokenStream| {
            if f.file {
                quote! { form = form.part(#wire, #v.into_part().map_err(Error::InvalidRequest)?); }
            } else {
                quote! { form = form.text(#wire, ::telnyx_sdk_core::multipart::text(&#v).map_err(Error::InvalidRequest)?); }
            }
        };
        let each = if f.repeated {
            let body = one(quote!(item));
            quote! { for item in items { #body } }
        } else {
            one(quote!(items))
        };
        if f.optional {
            quote! { if let Some(items) = #value.#ident { #each } }
        } else {
            quote! { let items = #value.#ident; #each }
        }
    });
    quote! {
        {
            let #value = #body;
            let mut form = ::reqwest::multipart::Form::new();
            #(#parts)*
            form
        }
    }
}

struct JsonToMultipart<'a> {
    builder: &'a str,
    fields: &'a [Field],
    inside: bool,
    done: usize,
}

impl VisitMut for JsonToMultipart<'_> {
    fn visit_item_impl_mut(&mut self, imp: &mut syn::ItemImpl) {
        let is_builder =
            imp.trait_.is_none() && last_ident(&imp.self_ty).as_deref() == Some(self.builder);
        let before = self.inside;
        self.inside = is_builder;
        visit_mut::visit_item_impl_mut(self, imp);
        self.inside = before;
    }

    fn visit_expr_method_call_mut(&mut self, call: &mut syn::ExprMethodCall) {
        visit_mut::visit_expr_method_call_mut(self, call);
        if !self.inside || call.method != "json" || call.args.len() != 1 {
            return;
        }
        let Some(syn::Expr::Reference(r)) = call.args.first() else {
            return;
        };
        let form = form_expr(&r.expr, self.fields);
        let Ok(expr) = syn::parse2::<syn::Expr>(form) else {
            return;
        };
        call.method = format_ident!("multipart");
        call.args = std::iter::once(expr).collect();
        self.done += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

    #[test]
    fn the_json_body_of_a_marked_operation_is_sent_as_a_typed_form() {
        let mut file: syn::File = parse_quote! {
            pub mod types {
                pub struct UploadGizmoBody {
                    pub photo: ::telnyx_sdk_core::multipart::FilePart,
                    #[serde(rename = "extra-files", default)]
                    pub extra_files: ::std::vec::Vec<::telnyx_sdk_core::multipart::FilePart>,
                    #[serde(default, skip_serializing_if = "Option::is_none")]
                    pub label: ::std::option::Option<::std::string::String>,
                }
            }
            pub mod builder {
                pub struct UploadGizmo<'a> {
                    client: &'a super::Client,
                    body: Result<types::builder::UploadGizmoBody, String>,
                }
                impl<'a> UploadGizmo<'a> {
                    pub async fn send(self) -> Result<(), Error<()>> {
                        let request = client.client.post(url).json(&arg0).build()?;
                    }
                }
                impl<'a> Other<'a> {
                    pub async fn send(self) -> Result<(), Error<()>> {
                        let request = client.client.post(url).json(&arg0).build()?;
                    }
                }
            }
        };
        assert_eq!(send_multipart_bodies(&mut file, &["uploadGizmo".into()]), 1);
        let text = prettyplease::unparse(&file);
        assert_eq!(text.matches(".multipart(").count(), 1, "{text}");
        assert_eq!(
            text.matches(".json(&arg0)").count(),
            1,
            "the other builder keeps JSON"
        );
        assert!(text.contains("let multipart_body = arg0;"), "{text}");
        let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains(
                "let items = multipart_body.photo; form = form .part( \"photo\", items.into_part()"
            ),
            "{flat}"
        );
        assert!(
            flat.contains(
                "for item in items { form = form .part( \"extra-files\", item.into_part()"
            ),
            "{flat}"
        );
        assert!(
            flat.contains("if let Some(items) = multipart_body.label"),
            "{flat}"
        );
        assert!(
            flat.contains(".text( \"label\", ::telnyx_sdk_core::multipart::text(&items)"),
            "{flat}"
        );
    }
}
