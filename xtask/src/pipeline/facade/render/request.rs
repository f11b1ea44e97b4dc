//! One request type per operation: its setters, docs and `send`.

use super::*;

/// One request type.
pub(super) fn request(op: &OpModel) -> Result<TokenStream, String> {
    let name = ident(&op.request);
    let builder = ident(&op.builder);
    let mut doc = sentence(op.summary.as_deref().unwrap_or(&op.id));
    doc.push_str(&format!(
        "\n\n`{} {}` (operation `{}`).",
        op.method, op.path, op.id
    ));
    let doc = docs(&doc);
    let output: syn::Type = ty(&op.output)?;

    let path_names: Vec<Ident> = op.path_params.iter().map(|p| ident(&p.binding())).collect();
    let path_types = op
        .path_params
        .iter()
        .map(param_type)
        .collect::<Result<Vec<_>, _>>()?;
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
        let message = format!("invalid value for `{}`", q.name);
        quote! {
            #doc
            pub fn #n<V>(mut self, value: V) -> Self
            where
                V: TryInto<#t>,
            {
                match value.try_into() {
                    Ok(v) => self.#n = Some(v),
                    Err(_) => self.error = Some(#message.to_owned()),
                }
                self
            }
        }
    });

    let (body_field, body_init, body_methods, body_param, body_arg) = match &op.body {
        Some(body) if !body.builder => {
            let b = ident(&body.name);
            (
                quote! { body: Option<api::types::#b>, },
                quote! { body: None, },
                quote! {
                    /// Sets the request body (required: sending without one fails with
                    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest)).
                    pub fn body<V>(mut self, value: V) -> Self
                    where
                        V: TryInto<api::types::#b>,
                        <V as TryInto<api::types::#b>>::Error: std::fmt::Display,
                    {
                        match value.try_into() {
                            Ok(v) => self.body = Some(v),
                            Err(e) => self.error = Some(format!("invalid body: {e}")),
                        }
                        self
                    }
                },
                quote! { body: Option<api::types::#b>, },
                quote! { self.body, },
            )
        }
        Some(body) => {
            let b = ident(&body.name);
            (
                quote! { body: api::types::builder::#b, },
                quote! { body: <api::types::builder::#b as Default>::default(), },
                quote! {
                    /// Sets the whole request body.
                    pub fn body<V>(mut self, value: V) -> Self
                    where
                        V: TryInto<api::types::#b>,
                        <V as TryInto<api::types::#b>>::Error: std::fmt::Display,
                    {
                        match value.try_into() {
                            Ok(v) => self.body = v.into(),
                            Err(e) => self.error = Some(format!("invalid body: {e}")),
                        }
                        self
                    }

                    /// Edits the request body field by field, e.g. `.body_map(|b| b.field(value))`.
                    pub fn body_map<F>(mut self, f: F) -> Self
                    where
                        F: FnOnce(api::types::builder::#b) -> api::types::builder::#b,
                    {
                        self.body = f(self.body);
                        self
                    }
                },
                quote! { body: api::types::builder::#b, },
                quote! { self.body, },
            )
        }
        None => (quote! {}, quote! {}, quote! {}, quote! {}, quote! {}),
    };

    let list = op.list_item.is_some();
    let paging_fields = if list {
        quote! {
            page_number: Option<u64>,
            page_size: Option<u32>,
            limit: Option<u64>,
            prefetch: bool,
        }
    } else {
        quote! {}
    };
    let paging_init = if list {
        quote! { page_number: None, page_size: None, limit: None, prefetch: false, }
    } else {
        quote! {}
    };

    let common = quote! {
        #doc
        #[derive(Clone, Debug)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct #name {
            client: crate::Client,
            overrides: crate::client::Overrides,
            error: Option<String>,
            #( #path_names: #path_types, )*
            #( #q_names: Option<#q_types>, )*
            #body_field
            #paging_fields
        }
    };

    let sending = if let Some(item) = &op.list_item {
        let item: syn::Type = ty(item)?;
        quote! {
            /// Items per page, 1..=250 (the API's default is 20). A value out of range fails
            /// with [`Error::InvalidRequest`](crate::Error::InvalidRequest) before any request.
            pub fn page_size(mut self, size: u32) -> Self {
                self.page_size = Some(size);
                self
            }

            /// The page to fetch with [`send`](Self::send), or the first page of
            /// [`stream`](Self::stream) / [`pages`](Self::pages) (1-based).
            pub fn page_number(mut self, number: u64) -> Self {
                self.page_number = Some(number);
                self
            }

            /// Stops [`stream`](Self::stream) / [`pages`](Self::pages) after `limit` items;
            /// no page beyond the one holding the last item is requested.
            pub fn limit(mut self, limit: u64) -> Self {
                self.limit = Some(limit);
                self
            }

            /// Whether [`stream`](Self::stream) / [`pages`](Self::pages) request the next
            /// page while the current one is consumed (default `false`: never request a
            /// page the caller may not read).
            pub fn prefetch(mut self, prefetch: bool) -> Self {
                self.prefetch = prefetch;
                self
            }

            /// Fetches one page (the one set by [`page_number`](Self::page_number), else the
            /// first) and returns the whole response, including its pagination metadata.
            pub fn send(
                self,
            ) -> impl std::future::Future<Output = Result<#output, crate::Error>> + Send + 'static
            {
                self.call::<crate::request::Value>()
            }

            /// Like [`send`](Self::send), with the response's status and headers (and so
            /// Telnyx's request id).
            pub fn send_with_response(
                self,
            ) -> impl std::future::Future<Output = Result<crate::Response<#output>, crate::Error>>
            + Send
            + 'static {
                self.call::<crate::request::Full>()
            }

            fn call<K: crate::request::Finish<#output> + 'static>(
                self,
            ) -> impl std::future::Future<Output = Result<K::Output, crate::Error>> + Send + 'static
            {
                // an `async move` block, not an `async fn`: that would keep `self` twice
                async move {
                    if let Some(message) = self.error {
                        return Err(crate::Error::InvalidRequest(message));
                    }
                    let size = self.page_size.map(crate::request::page_size_param).transpose()?;
                    let number = self.page_number.map(crate::request::page_number_param).transpose()?;
                    let deadline = self.overrides.deadline(&self.client);
                    let generated = <api::Client as crate::client::Domain>::select(
                        &self.client,
                        self.overrides,
                    );
                    let b = Self::into_generated(
                        &generated,
                        #( self.#path_names, )*
                        #( self.#q_names, )*
                    );
                    let b = match size {
                        Some(size) => b.page_size(size),
                        None => b,
                    };
                    let b = match number {
                        Some(number) => b.page_number(number),
                        None => b,
                    };
                    let call = crate::request::Call::<_, _, K>::start(b.send());
                    match deadline {
                        None => call.await,
                        Some(deadline) => Box::pin(crate::request::within(deadline, call)).await,
                    }
                }
            }

            /// Fetches page `number` as a [`Page`](crate::Page), with its response's status
            /// and headers.
            fn fetch_page(
                mut self,
                number: u64,
            ) -> impl std::future::Future<Output = Result<crate::Page<#item>, crate::Error>>
            + Send
            + 'static {
                self.page_number = Some(number);
                let response = self.send_with_response();
                async move {
                    let (response, status, headers) = response.await?.into_parts();
                    let (page_number, total_pages) = match &response.meta {
                        Some(meta) => (meta.page_number, meta.total_pages),
                        None => (None, None),
                    };
                    Ok(crate::request::page_of(response.data, page_number, total_pages)
                        .with_response(status, headers))
                }
            }

            /// A stream of pages, starting at [`page_number`](Self::page_number) (default 1).
            ///
            /// Ends at an empty page or after the last page the server reports. The stream
            /// follows the page numbers the server reports; when they stop increasing (a
            /// repeated page, or one going back), it ends with an error instead of looping.
            pub fn pages(
                self,
            ) -> impl futures_core::Stream<Item = Result<crate::Page<#item>, crate::Error>>
            + Send
            + Unpin
            + 'static {
                crate::request::paginator(
                    self.page_number,
                    self.page_size,
                    self.limit,
                    self.prefetch,
                    self,
                    Self::fetch_page,
                )
                .pages()
            }

            /// A stream of all items across pages; see [`pages`](Self::pages).
            pub fn stream(
                self,
            ) -> impl futures_core::Stream<Item = Result<#item, crate::Error>> + Send + Unpin + 'static
            {
                crate::request::paginator(
                    self.page_number,
                    self.page_size,
                    self.limit,
                    self.prefetch,
                    self,
                    Self::fetch_page,
                )
                .items()
            }
        }
    } else {
        quote! {
            /// Sends the request (with retries) and decodes the response.
            pub fn send(
                self,
            ) -> impl std::future::Future<Output = Result<#output, crate::Error>> + Send + 'static
            {
                self.call::<crate::request::Value>()
            }

            /// Like [`send`](Self::send), with the response's status and headers (and so
            /// Telnyx's request id).
            pub fn send_with_response(
                self,
            ) -> impl std::future::Future<Output = Result<crate::Response<#output>, crate::Error>>
            + Send
            + 'static {
                self.call::<crate::request::Full>()
            }

            fn call<K: crate::request::Finish<#output> + 'static>(
                self,
            ) -> impl std::future::Future<Output = Result<K::Output, crate::Error>> + Send + 'static
            {
                // an `async move` block, not an `async fn`: that would keep `self` twice
                async move {
                    if let Some(message) = self.error {
                        return Err(crate::Error::InvalidRequest(message));
                    }
                    let deadline = self.overrides.deadline(&self.client);
                    let generated = <api::Client as crate::client::Domain>::select(
                        &self.client,
                        self.overrides,
                    );
                    let request = Self::into_generated(
                        &generated,
                        #( self.#path_names, )*
                        #( self.#q_names, )*
                        #body_arg
                    );
                    let call = crate::request::Call::<_, _, K>::start(request.send());
                    match deadline {
                        None => call.await,
                        Some(deadline) => Box::pin(crate::request::within(deadline, call)).await,
                    }
                }
            }
        }
    };

    // `let b = b.x(..);` per parameter; the last step is the block's value
    let mut steps: Vec<TokenStream> = Vec::new();
    for (setter, name) in path_setters.iter().zip(&path_names) {
        steps.push(quote! { b.#setter(#name) });
    }
    for name in &q_names {
        steps.push(quote! {
            match #name {
                Some(v) => b.#name(v),
                None => b,
            }
        });
    }
    match &op.body {
        Some(body) if !body.builder => steps.push(quote! {
            match body {
                Some(v) => b.body(v),
                None => b,
            }
        }),
        Some(_) => steps.push(quote! { b.body(body) }),
        None => {}
    }
    let into_body = match steps.pop() {
        None => quote! { api::builder::#builder::new(generated) },
        Some(last) => quote! {
            let b = api::builder::#builder::new(generated);
            #( let b = #steps; )*
            #last
        },
    };

    let too_many = if op.path_params.len() + op.query.len() + usize::from(op.body.is_some()) > 6 {
        quote! { #[allow(clippy::too_many_arguments)] }
    } else {
        quote! {}
    };

    Ok(quote! {
        #common

        impl #name {
            pub(crate) fn new(client: &crate::Client, #( #path_names: &#path_types ),*) -> Self {
                #name {
                    client: client.clone(),
                    overrides: crate::client::Overrides::default(),
                    error: None,
                    #( #path_names: #path_names.clone(), )*
                    #( #q_names: None, )*
                    #body_init
                    #paging_init
                }
            }

            #(#q_setters)*

            #body_methods

            /// Overrides the client's per-attempt timeout for this call.
            pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
                self.overrides.timeout = Some(timeout);
                self
            }

            /// Overrides the client's retry count for this call (0 disables retries).
            pub fn max_retries(mut self, max_retries: u32) -> Self {
                self.overrides.max_retries = Some(max_retries);
                self
            }

            /// Overrides the client's total deadline for this call: all attempts and the
            /// waits between them (for a stream, each page's request).
            pub fn deadline(mut self, deadline: std::time::Duration) -> Self {
                self.overrides.deadline = Some(deadline);
                self
            }

            /// Adds a header to this call, e.g. for a parameter this SDK version does not
            /// know yet (`Authorization` and `User-Agent` stay the SDK's).
            pub fn extra_header(mut self, name: &str, value: &str) -> Self {
                if let Err(message) = self.overrides.extra_header(name, value) {
                    self.error = Some(message);
                }
                self
            }

            /// Adds a query parameter to this call, after the ones the SDK sends.
            pub fn extra_query(mut self, key: &str, value: impl ToString) -> Self {
                self.overrides.extras().query.push((key.to_owned(), value.to_string()));
                self
            }

            /// Sets a field of this call's JSON body, e.g. one this SDK version does not know
            /// yet (it replaces a field of the same name).
            pub fn extra_body_field(mut self, key: &str, value: impl serde::Serialize) -> Self {
                if let Err(message) = self.overrides.extra_body_field(key, value) {
                    self.error = Some(message);
                }
                self
            }

            #sending

            /// Builds the generated request against a generated client; the parameters are
            /// moved in, not copied (one argument per parameter of the operation).
            #too_many
            fn into_generated<'g>(
                generated: &'g api::Client,
                #( #path_names: #path_types, )*
                #( #q_names: Option<#q_types>, )*
                #body_param
            ) -> api::builder::#builder<'g> {
                #into_body
            }
        }
    })
}
