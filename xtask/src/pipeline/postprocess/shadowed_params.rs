//! A parameter named `url` makes progenitor name its request URL `_url` in `send` (and bind
//! the parameter as `url`). The later steps (`write_query_into_url`, the path parameter
//! steps) look for the URL as `let url = ..`, and found the parameter instead: the query
//! was left on the request builder and regen failed.

use quote::format_ident;
use syn::visit_mut::{self, VisitMut};

/// Locals progenitor declares in `send` before the query parameters are read.
const SHADOWING_LOCALS: &[&str] = &["url"];

/// In each builder `send` whose parameters include one named like a local progenitor
/// declares (`url`), bind that parameter as `<name>_param` instead (in `let Self { .. } =
/// self`, in its `let <name> = <name>.map_err(..)?` and in the `.query(..)` call that sends
/// it), and give progenitor's `_<name>` local its usual name back, so every later step sees
/// the usual shape. Runs before `write_query_into_url` and `number_builder_locals`. Returns
/// the number of parameters renamed.
pub fn rename_shadowed_params(file: &mut syn::File) -> usize {
    let mut v = Visitor(0);
    v.visit_file_mut(file);
    v.0
}

struct Visitor(usize);

impl VisitMut for Visitor {
    fn visit_impl_item_fn_mut(&mut self, f: &mut syn::ImplItemFn) {
        if f.sig.ident == "send" {
            for name in SHADOWING_LOCALS {
                if rename_in_send(&mut f.block, name) {
                    self.0 += 1;
                }
            }
        }
        visit_mut::visit_impl_item_fn_mut(self, f);
    }
}

fn rename_in_send(block: &mut syn::Block, name: &str) -> bool {
    let new = format_ident!("{name}_param");
    // `let Self { .., url, .. } = self;`
    let Some(syn::Stmt::Local(first)) = block.stmts.first_mut() else {
        return false;
    };
    let syn::Pat::Struct(pat) = &mut first.pat else {
        return false;
    };
    let Some(field) = pat.fields.iter_mut().find(|f| match &f.member {
        syn::Member::Named(id) => id == name,
        syn::Member::Unnamed(_) => false,
    }) else {
        return false;
    };
    let syn::Pat::Ident(binding) = &mut *field.pat else {
        return false;
    };
    if binding.ident != name {
        return false;
    }
    binding.ident = new.clone();
    field.colon_token = Some(Default::default());
    // the first `let url = <uses url>;` converts the parameter
    let mut converted = false;
    for stmt in block.stmts.iter_mut().skip(1) {
        if converted {
            break;
        }
        if let syn::Stmt::Local(local) = stmt
            && let syn::Pat::Ident(p) = &mut local.pat
            && p.ident == name
        {
            p.ident = new.clone();
            if let Some(init) = &mut local.init {
                RenameIdent {
                    from: name,
                    to: &new,
                }
                .visit_expr_mut(&mut init.expr);
            }
            converted = true;
        }
    }
    // `.query(&QueryParam::new("url", &url))` sends the parameter
    QueryValue { name, to: &new }.visit_block_mut(block);
    // progenitor's own `let _url = format!(..)` becomes `let url = ..` again
    let underscored = format!("_{name}");
    let plain = format_ident!("{name}");
    for stmt in block.stmts.iter_mut() {
        if let syn::Stmt::Local(local) = stmt
            && let syn::Pat::Ident(p) = &mut local.pat
            && p.ident == underscored
        {
            p.ident = plain.clone();
        }
    }
    RenameIdent {
        from: &underscored,
        to: &plain,
    }
    .visit_block_mut(block);
    true
}

struct RenameIdent<'a> {
    from: &'a str,
    to: &'a syn::Ident,
}

impl VisitMut for RenameIdent<'_> {
    fn visit_expr_path_mut(&mut self, p: &mut syn::ExprPath) {
        if p.path.is_ident(self.from) {
            p.path = self.to.clone().into();
        }
    }
}

struct QueryValue<'a> {
    name: &'a str,
    to: &'a syn::Ident,
}

impl VisitMut for QueryValue<'_> {
    fn visit_expr_method_call_mut(&mut self, call: &mut syn::ExprMethodCall) {
        visit_mut::visit_expr_method_call_mut(self, call);
        if call.method != "query" {
            return;
        }
        let Some(syn::Expr::Reference(arg)) = call.args.first_mut() else {
            return;
        };
        let syn::Expr::Call(new) = &mut *arg.expr else {
            return;
        };
        let mut args = new.args.iter_mut();
        let (Some(syn::Expr::Lit(key)), Some(value)) = (args.next(), args.next()) else {
            return;
        };
        let syn::Lit::Str(key) = &key.lit else { return };
        if key.value() == self.name {
            RenameIdent {
                from: self.name,
                to: self.to,
            }
            .visit_expr_mut(value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

    #[test]
    fn a_query_parameter_named_url_is_not_shadowed_by_the_request_url() {
        let mut file: syn::File = parse_quote! {
            impl<'a> ListServers<'a> {
                pub async fn send(self) -> Result<(), Error<()>> {
                    let Self { client, kind, url } = self;
                    let kind = kind.map_err(Error::InvalidRequest)?;
                    let url = url.map_err(Error::InvalidRequest)?;
                    let _url = format!("{}/servers", client.baseurl,);
                    let request = client.client.get(_url)
                        .query(&progenitor_client::QueryParam::new("kind", &kind))
                        .query(&progenitor_client::QueryParam::new("url", &url))
                        .build()?;
                }
            }
        };
        assert_eq!(rename_shadowed_params(&mut file), 1);
        let text = prettyplease::unparse(&file);
        assert!(
            text.contains("let Self { client, kind, url: url_param } = self;"),
            "{text}"
        );
        assert!(
            text.contains("let url_param = url_param.map_err("),
            "{text}"
        );
        assert!(text.contains("let url = format!("), "{text}");
        assert!(text.contains(".get(url)"), "{text}");
        assert!(
            text.contains("QueryParam::new(\"url\", &url_param)"),
            "{text}"
        );
        assert!(text.contains("QueryParam::new(\"kind\", &kind)"), "{text}");
    }
}
