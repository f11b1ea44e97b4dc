//! Sends the bodies `patch::whole_spec::multipart_request_bodies` marked as
//! `multipart/form-data`, and makes the typed mock match them as forms.

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
    let mut done = 0;
    for body in multipart_bodies(file, operation_ids) {
        let mut rewrite = JsonToMultipart {
            builder: &body.builder,
            fields: &body.fields,
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

/// The typed body of an operation sent as `multipart/form-data`.
pub struct MultipartBody {
    /// The operation's builder in progenitor's `builder` module.
    builder: String,
    /// The body type in `types`.
    type_name: String,
    fields: Vec<Field>,
}

/// The typed bodies of the operations in `operation_ids` (found through their builders).
pub fn multipart_bodies(file: &syn::File, operation_ids: &[String]) -> Vec<MultipartBody> {
    operation_ids
        .iter()
        .filter_map(|id| {
            let builder = crate::patch::whole_spec::variant_name(id);
            let type_name = builder_body_type(file, &builder)?;
            let fields = body_fields(file, &type_name)?;
            Some(MultipartBody {
                builder,
                type_name,
                fields,
            })
        })
        .collect()
}

/// In the typed mock (`src/mock.rs`), the `When::body(value)` of an operation that sends a
/// form matched the body as JSON, which a form never is. It now builds a
/// `telnyx_sdk_core::mock::MultipartForm` from the typed value, part by part the way the
/// client builds its form (same wire names, file fields as file parts, unset optional fields
/// left out, a list as one part per element). Returns the number of methods rewritten.
pub fn mock_matches_multipart_bodies(mock: &mut syn::File, bodies: &[MultipartBody]) -> usize {
    if bodies.is_empty() {
        return 0;
    }
    let mut done = 0;
    let operations = mock.items.iter_mut().filter_map(|item| match item {
        Item::Mod(m) if m.ident == "operations" => m.content.as_mut(),
        _ => None,
    });
    for (_, items) in operations {
        for item in items {
            let Item::Impl(imp) = item else { continue };
            for impl_item in &mut imp.items {
                let syn::ImplItem::Fn(f) = impl_item else {
                    continue;
                };
                if f.sig.ident != "body" {
                    continue;
                }
                let Some(body) =
                    typed_argument(&f.sig).and_then(|ty| bodies.iter().find(|b| b.type_name == ty))
                else {
                    continue;
                };
                let expected = expected_form(&body.fields);
                f.block = syn::parse_quote!({ #expected });
                done += 1;
            }
        }
    }
    done
}

/// `T` of a method's one argument `value: &types::T`.
fn typed_argument(sig: &syn::Signature) -> Option<String> {
    sig.inputs.iter().find_map(|input| {
        let syn::FnArg::Typed(arg) = input else {
            return None;
        };
        let Type::Reference(r) = &*arg.ty else {
            return None;
        };
        last_ident(&r.elem)
    })
}

/// The mock's `body` method body: the expected form from `value`, then the matcher.
fn expected_form(fields: &[Field]) -> TokenStream {
    let parts = fields.iter().map(|f| {
        let ident = &f.ident;
        let wire = &f.wire;
        let method = if f.file {
            format_ident!("file")
        } else {
            format_ident!("text")
        };
        let each = if f.repeated {
            quote! { for item in items { form = form.#method(#wire, item); } }
        } else {
            quote! { form = form.#method(#wire, items); }
        };
        if f.optional {
            quote! { if let Some(items) = &value.#ident { #each } }
        } else {
            quote! { let items = &value.#ident; #each }
        }
    });
    quote! {
        let mut form = ::telnyx_sdk_core::mock::MultipartForm::new();
        #(#parts)*
        Self(form.apply(self.0))
    }
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

    /// `types` of the fixtures: a body with a file, a list of files and an optional text.
    fn gizmo_types() -> syn::ItemMod {
        parse_quote! {
            pub mod types {
                pub struct UploadGizmoBody {
                    pub photo: ::telnyx_sdk_core::multipart::FilePart,
                    #[serde(rename = "extra-files", default)]
                    pub extra_files: ::std::vec::Vec<::telnyx_sdk_core::multipart::FilePart>,
                    #[serde(default, skip_serializing_if = "Option::is_none")]
                    pub label: ::std::option::Option<::std::string::String>,
                }
            }
        }
    }

    #[test]
    fn the_mock_matches_a_marked_body_as_a_form_part_by_part() {
        let gizmo = gizmo_types();
        let client: syn::File = parse_quote! {
            #gizmo
            pub mod builder {
                pub struct UploadGizmo<'a> {
                    body: Result<types::builder::UploadGizmoBody, String>,
                }
            }
        };
        let bodies = multipart_bodies(&client, &["uploadGizmo".into(), "missing".into()]);
        assert_eq!(bodies.len(), 1);
        let mut mock: syn::File = parse_quote! {
            pub mod operations {
                impl UploadGizmoWhen {
                    pub fn body(self, value: &types::UploadGizmoBody) -> Self {
                        Self(self.0.json_body_obj(value))
                    }
                }
                impl OtherWhen {
                    pub fn body(self, value: &types::OtherBody) -> Self {
                        Self(self.0.json_body_obj(value))
                    }
                }
            }
        };
        assert_eq!(mock_matches_multipart_bodies(&mut mock, &bodies), 1);
        let text = prettyplease::unparse(&mock);
        let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(
            flat.matches("json_body_obj").count(),
            1,
            "the JSON body keeps it: {flat}"
        );
        for expected in [
            "let mut form = ::telnyx_sdk_core::mock::MultipartForm::new();",
            "let items = &value.photo; form = form.file(\"photo\", items);",
            "for item in items { form = form.file(\"extra-files\", item); }",
            "if let Some(items) = &value.label { form = form.text(\"label\", items); }",
            "Self(form.apply(self.0))",
        ] {
            assert!(flat.contains(expected), "{expected} in {flat}");
        }
    }

    #[test]
    fn the_json_body_of_a_marked_operation_is_sent_as_a_typed_form() {
        let gizmo = gizmo_types();
        let mut file: syn::File = parse_quote! {
            #gizmo
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
