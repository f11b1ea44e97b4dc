//! One request type per operation: an alias of the facade's `Request<P>` over a generated
//! parameters type `P`, the operation's own setters, and how `P` becomes the generated
//! (progenitor) request. The per-call options are the hand-written `Request`'s.

use super::*;

/// One request type: the alias, its parameters type, setters and trait impls.
pub(super) fn request(op: &OpModel) -> Result<TokenStream, String> {
    let name = ident(&op.request);
    let params = ident(&format!("{}Params", op.request));
    let builder = ident(&op.builder);
    let mut doc = sentence(op.summary.as_deref().unwrap_or(&op.id));
    doc.push_str(&format!(
        "\n\n`{} {}` (operation `{}`).",
        op.method, op.path, op.id
    ));
    let doc = docs(&doc);
    let params_doc = docs(&format!("The parameters of [`{}`].", op.request));
    let output: syn::Type = ty(&op.output)?;
    // a file (progenitor's `ByteStream`) is handed over as the SDK's own `ByteStream`
    let (params_output, send) = if op.output.replace(' ', "") == "api::ByteStream" {
        (
            quote! { crate::download::ByteStream },
            quote! { async move { b.send().await?.map(crate::download::ByteStream::from) } },
        )
    } else {
        (quote! { #output }, quote! { b.send() })
    };

    let path_names: Vec<Ident> = op.path_params.iter().map(|p| ident(&p.binding())).collect();
    let path_types = op
        .path_params
        .iter()
        .map(param_type)
        .collect::<Result<Vec<_>, _>>()?;
    // a typed id that fills a UUID parameter is parsed when the request is made
    // (`request::UuidParam`): its text is not copied
    let uuid_param = |p: &crate::facade::model::PathParam| p.id.is_some() && p.ty.contains("Uuid");
    let field_types: Vec<TokenStream> = op
        .path_params
        .iter()
        .zip(&path_types)
        .map(|(p, t)| {
            if uuid_param(p) {
                quote! { rq::UuidParam }
            } else {
                t.clone()
            }
        })
        .collect();
    let field_inits: Vec<TokenStream> = op
        .path_params
        .iter()
        .zip(&path_names)
        .map(|(p, n)| {
            if uuid_param(p) {
                quote! { rq::UuidParam::of(#n) }
            } else {
                quote! { #n.clone() }
            }
        })
        .collect();
    let path_setters: Vec<Ident> = op
        .path_params
        .iter()
        .map(|p| ident(&crate::facade::model::sanitize(&p.name)))
        .collect();
    let q_names: Vec<Ident> = op.query.iter().map(|q| ident(&q.name)).collect();
    let q_types = op
        .query
        .iter()
        .map(|q| ty(&q.ty))
        .collect::<Result<Vec<_>, _>>()?;
    let q_setters = op.query.iter().zip(&q_types).map(|(q, t)| {
        let n = ident(&q.name);
        let mut text = q
            .doc
            .as_deref()
            .map(sentence)
            .unwrap_or_else(|| format!("Sets `{}`.", q.wire));
        text.push_str(&format!("\n\nSent as `{}`.", q.wire));
        let doc = docs(&text);
        let setter = &q.name;
        quote! {
            #doc
            pub fn #n<V: TryInto<#t>>(self, value: V) -> Self {
                self.set(#setter, value, |p, v| p.#n = Some(v))
            }
        }
    });

    // the body field, its initial value, the step that hands it to the builder, and the
    // body traits
    let (body_field, body_init, body_step, body_impls) = match &op.body {
        Some(body) if !body.builder => {
            let b = ident(&body.name);
            (
                quote! { body: Option<api::types::#b>, },
                quote! { body: None, },
                Some(quote! { b.maybe(self.body, |b, v| b.body(v)) }),
                quote! {
                    impl rq::BodyParams for #params {
                        type Body = api::types::#b;
                        fn set_body(&mut self, body: api::types::#b) {
                            self.body = Some(body);
                        }
                    }
                },
            )
        }
        Some(body) => {
            let b = ident(&body.name);
            (
                quote! { body: api::types::builder::#b, },
                quote! { body: Default::default(), },
                Some(quote! { b.body(self.body) }),
                quote! {
                    impl rq::BodyParams for #params {
                        type Body = api::types::#b;
                        fn set_body(&mut self, body: api::types::#b) {
                            self.body = body.into();
                        }
                    }

                    impl rq::BodyBuilderParams for #params {
                        type Builder = api::types::builder::#b;
                        fn builder(&mut self) -> &mut Self::Builder {
                            &mut self.body
                        }
                    }
                },
            )
        }
        None => (quote! {}, quote! {}, None, quote! {}),
    };

    // `let b = b.x(..);` per parameter, then `b.send()`
    let mut steps: Vec<TokenStream> = Vec::new();
    for (setter, name) in path_setters.iter().zip(&path_names) {
        steps.push(quote! { b.#setter(self.#name) });
    }
    for name in &q_names {
        steps.push(quote! { b.maybe(self.#name, |b, v| b.#name(v)) });
    }
    steps.extend(body_step);
    let (page, list_impl) = match &op.list_item {
        Some(item) if op.cursor => {
            let item: syn::Type = ty(item)?;
            // the `page[after]` parameter takes the cursor as it is when it is text
            let text = op
                .query
                .iter()
                .find(|q| q.name == "page_after")
                .is_some_and(|q| q.ty.replace(' ', "").ends_with("String"));
            let set = if text {
                quote! { Some(cursor) }
            } else {
                quote! { cursor.try_into().ok() }
            };
            (
                quote! { _page },
                quote! {
                    impl rq::ListParams for #params {
                        type Item = #item;
                        const CURSOR: bool = true;
                        fn page(response: #output) -> (Vec<#item>, Option<i64>, Option<i64>) {
                            (response.data, None, None)
                        }
                        fn next_cursor(response: &#output) -> Option<String> {
                            let after = response.meta.as_ref()?.cursors.as_ref()?.after.as_ref();
                            after.map(ToString::to_string)
                        }
                        fn set_cursor(&mut self, cursor: String) {
                            self.page_after = #set;
                        }
                    }
                },
            )
        }
        Some(item) => {
            let item: syn::Type = ty(item)?;
            let read = |required: bool, field: Ident| {
                if required {
                    quote! { Some(meta.#field) }
                } else {
                    quote! { meta.#field }
                }
            };
            let number = read(op.page_meta.page_number, ident("page_number"));
            let total = read(op.page_meta.total_pages, ident("total_pages"));
            let page_body = if op.page_meta.meta {
                quote! {
                    let meta = response.meta;
                    (response.data, #number, #total)
                }
            } else {
                quote! {
                    match response.meta {
                        Some(meta) => (response.data, #number, #total),
                        None => (response.data, None, None),
                    }
                }
            };
            (
                quote! { page },
                quote! {
                    impl rq::ListParams for #params {
                        type Item = #item;
                        fn page(response: #output) -> (Vec<#item>, Option<i64>, Option<i64>) {
                            #page_body
                        }
                    }

                    impl rq::NumberedListParams for #params {}
                },
            )
        }
        None if op.paged => (quote! { page }, quote! {}),
        None => (quote! { _page }, quote! {}),
    };
    let paged_impl = if op.paged {
        steps.push(quote! { b.maybe(page.size, |b, v| b.page_size(v)) });
        steps.push(quote! { b.maybe(page.number, |b, v| b.page_number(v)) });
        quote! { impl rq::PagedParams for #params {} }
    } else {
        quote! {}
    };

    Ok(quote! {
        #doc
        pub type #name = crate::Request<#params>;

        #params_doc
        #[derive(Clone, Debug)]
        pub struct #params {
            #( #path_names: #field_types, )*
            #( #q_names: Option<#q_types>, )*
            #body_field
        }

        impl #name {
            pub(crate) fn new(client: &crate::Client, #( #path_names: &#path_types ),*) -> Self {
                rq::Request::with_params(
                    client,
                    #params {
                        #( #path_names: #field_inits, )*
                        #( #q_names: None, )*
                        #body_init
                    },
                )
            }

            #(#q_setters)*
        }

        impl rq::Params for #params {
            type Output = #params_output;
            type Client = api::Client;
            fn send(self, c: &api::Client, #page: rq::PageQuery) -> impl rq::Sent<'_, Self> {
                let b = api::builder::#builder::new(c);
                #( let b = #steps; )*
                #send
            }
        }

        #list_impl

        #paged_impl

        #body_impls
    })
}
