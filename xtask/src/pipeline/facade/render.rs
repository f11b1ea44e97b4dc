//! Renders the facade's per-operation layer: resource handles and request types per domain,
//! the typed ids, and the wiring of the domain clients into `telnyx_sdk::Client`.
//!
//! The output is plain items (no `macro_rules!`), so rustdoc shows each request type with
//! its own setters and docs. What every request shares (sending, retries, pagination,
//! error mapping) is the facade's hand-written `request` module.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToPascalCase, ToSnakeCase};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::model::{DomainModel, IdRef, OpModel, PathParam};
use crate::manifest::{Manifest, ResourceSpec};

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

fn ty(tokens: &str) -> Result<syn::Type, String> {
    syn::parse_str(tokens).map_err(|e| format!("internal error: type `{tokens}`: {e}"))
}

/// Doc lines as attributes (`#[doc = " line"]`), one per line of `text`.
pub fn docs(text: &str) -> TokenStream {
    let lines = text.lines().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote! { #[doc = #l] }
    });
    quote! { #(#lines)* }
}

/// Inner doc lines (`#![doc = " line"]`), for a module's own docs.
pub fn inner_docs(text: &str) -> TokenStream {
    let lines = text.lines().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote! { #![doc = #l] }
    });
    quote! { #(#lines)* }
}

fn sentence(text: &str) -> String {
    let t = text.trim();
    if t.ends_with(['.', '!', '?']) {
        t.to_owned()
    } else {
        format!("{t}.")
    }
}

fn singular(name: &str) -> String {
    if let Some(stem) = name.strip_suffix("ies") {
        format!("{stem}y")
    } else if let Some(stem) = name.strip_suffix('s') {
        stem.to_owned()
    } else {
        name.to_owned()
    }
}

/// One resource handle in the tree.
#[derive(Debug, Clone)]
struct Handle {
    key: String,
    name: String,
    /// The handle type's name.
    type_name: String,
    /// The values it carries (binding, id or type), outermost first.
    carried: Vec<PathParam>,
    /// The args its accessor takes (a suffix of `carried`).
    takes: Vec<PathParam>,
    parent: Option<String>,
    doc: Option<String>,
    /// The domains with an operation under it (a handle two domains share, such as `calls`,
    /// is generated once, in the `shared` module).
    domains: BTreeSet<String>,
}

impl Handle {
    /// The module it is generated in.
    fn module(&self) -> String {
        match (self.domains.len(), self.domains.first()) {
            (1, Some(d)) => d.clone(),
            _ => SHARED.to_owned(),
        }
    }

    /// The path to its type from module `from`.
    fn path_from(&self, from: &str) -> TokenStream {
        let t = ident(&self.type_name);
        if self.module() == from {
            return quote! { #t };
        }
        let m = ident(&self.module());
        quote! { crate::resources::#m::#t }
    }
}

/// The module of handles that several domains share.
pub const SHARED: &str = "shared";

/// `#[cfg(..)]` for items that exist when any of `features` is on.
fn cfg_any(features: &BTreeSet<String>) -> TokenStream {
    let list: Vec<&String> = features.iter().collect();
    match list.as_slice() {
        [] => quote! {},
        [one] => quote! { #[cfg(feature = #one)] },
        many => quote! { #[cfg(any(#(feature = #many),*))] },
    }
}

/// The handles of every domain, keyed by resource path.
fn handles(
    domains: &[DomainModel],
    manifest: &Manifest,
) -> Result<BTreeMap<String, Handle>, String> {
    let mut out: BTreeMap<String, Handle> = BTreeMap::new();
    let spec_of = |key: &str| -> Option<&ResourceSpec> {
        domains.iter().find_map(|d| {
            manifest
                .domains
                .get(&d.name)
                .and_then(|m| m.facade.resources.get(key))
        })
    };
    for domain in domains {
        for op in &domain.operations {
            let mut carried: Vec<PathParam> = Vec::new();
            for depth in 1..=op.call.resources.len() {
                let step = &op.call.resources[depth - 1];
                let key = op.call.resource_key(depth);
                let takes: Vec<PathParam> = step
                    .args
                    .iter()
                    .map(|a| param_of(op, a))
                    .collect::<Result<_, _>>()?;
                carried.extend(takes.iter().cloned());
                let parent = (depth > 1).then(|| op.call.resource_key(depth - 1));
                if let Some(existing) = out.get_mut(&key) {
                    let same = |a: &[PathParam], b: &[PathParam]| {
                        a.len() == b.len()
                            && a.iter().zip(b).all(|(x, y)| match (&x.id, &y.id) {
                                (Some(i), Some(j)) => i.name == j.name,
                                (None, None) => x.ty == y.ty,
                                _ => false,
                            })
                    };
                    if !same(&existing.carried, &carried) {
                        return Err(format!(
                            "{}: resource `{key}` is reached with other parameters than before \
                             (its parent ids must be the same for every operation under it)",
                            op.id
                        ));
                    }
                    existing.domains.insert(domain.name.clone());
                    continue;
                }
                let spec = spec_of(&key);
                let type_name = match spec.and_then(|s| s.handle.clone()) {
                    Some(n) => n,
                    None => match &parent {
                        None => step.name.to_pascal_case(),
                        Some(p) => format!(
                            "{}Of{}",
                            step.name.to_pascal_case(),
                            singular(&out[p].name).to_pascal_case()
                        ),
                    },
                };
                out.insert(
                    key.clone(),
                    Handle {
                        key,
                        name: step.name.clone(),
                        type_name,
                        carried: carried.clone(),
                        takes,
                        parent,
                        doc: spec.and_then(|s| s.doc.clone()),
                        domains: BTreeSet::from([domain.name.clone()]),
                    },
                );
            }
        }
    }
    for d in domains {
        if let Some(m) = manifest.domains.get(&d.name) {
            for key in m.facade.resources.keys() {
                if !out.contains_key(key) {
                    return Err(format!(
                        "domains.toml: [domains.{}.facade.resources] names `{key}`, which no operation reaches",
                        d.name
                    ));
                }
            }
        }
    }
    Ok(out)
}

fn param_of(op: &OpModel, name: &str) -> Result<PathParam, String> {
    op.path_params
        .iter()
        .find(|p| p.name == name)
        .cloned()
        .ok_or_else(|| format!("{}: `{name}` is not a path parameter", op.id))
}

fn param_type(p: &PathParam) -> Result<TokenStream, String> {
    Ok(match &p.id {
        Some(id) => {
            let id = ident(&id.name);
            quote! { crate::#id }
        }
        None => {
            let t = ty(&p.ty)?;
            quote! { #t }
        }
    })
}

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

/// One generated module under `resources`: a domain's handles and request types, or the
/// handles several domains share.
pub struct ResourceModule {
    pub name: String,
    /// The module exists when any of these features is on.
    pub features: BTreeSet<String>,
    pub tokens: TokenStream,
}

/// `generated/resources/*.rs`: the handles and request types of every domain.
pub fn resource_modules(
    domains: &[DomainModel],
    manifest: &Manifest,
) -> Result<Vec<ResourceModule>, String> {
    let handles = handles(domains, manifest)?;
    // items per module
    let mut client_accessors: BTreeMap<String, Vec<TokenStream>> = BTreeMap::new();
    let mut accessors: BTreeMap<String, Vec<TokenStream>> = BTreeMap::new();
    for h in handles.values() {
        // the accessor lives in the parent's module (on `Client`: in the handle's own)
        let home = match &h.parent {
            Some(p) => handles[p].module(),
            None => h.module(),
        };
        let type_path = h.path_from(&home);
        let method = ident(&h.name);
        let doc = match &h.doc {
            Some(d) => d.clone(),
            None => match &h.parent {
                None => format!("Operations on {}.", h.name.replace('_', " ")),
                Some(p) => format!(
                    "The {} of one {}.",
                    h.name.replace('_', " "),
                    singular(&handles[p].name).replace('_', " ")
                ),
            },
        };
        let doc = docs(&doc);
        let args = h
            .takes
            .iter()
            .map(|p| {
                let b = ident(&p.binding());
                let t = param_type(p)?;
                Ok(quote! { #b: &#t })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let inherited: Vec<TokenStream> = h.carried[..h.carried.len() - h.takes.len()]
            .iter()
            .map(|p| {
                let b = ident(&p.binding());
                quote! { #b: self.#b.clone(), }
            })
            .collect();
        let taken: Vec<TokenStream> = h
            .takes
            .iter()
            .map(|p| {
                let b = ident(&p.binding());
                quote! { #b: #b.clone(), }
            })
            .collect();
        match &h.parent {
            None => {
                client_accessors
                    .entry(h.module())
                    .or_default()
                    .push(quote! {
                        #doc
                        pub fn #method(&self, #(#args),*) -> #type_path<'_> {
                            #type_path { client: self, #(#inherited)* #(#taken)* }
                        }
                    });
            }
            Some(p) => {
                // narrower than its parent: only with its own domains' features
                let cfg = if handles[p].domains == h.domains {
                    quote! {}
                } else {
                    cfg_any(&h.domains)
                };
                accessors.entry(p.clone()).or_default().push(quote! {
                    #doc
                    #cfg
                    pub fn #method(&self, #(#args),*) -> #type_path<'c> {
                        #type_path { client: self.client, #(#inherited)* #(#taken)* }
                    }
                });
            }
        }
    }

    // methods that return requests, per handle
    let mut methods: BTreeMap<String, Vec<TokenStream>> = BTreeMap::new();
    for domain in domains {
        let module = ident(&domain.name);
        for op in &domain.operations {
            let key = op.call.resource_key(op.call.resources.len());
            let h = &handles[&key];
            let method = ident(&op.call.method.name);
            let request = ident(&op.request);
            let mut args = Vec::new();
            for a in &op.call.method.args {
                let p = param_of(op, a)?;
                let b = ident(&p.binding());
                let t = param_type(&p)?;
                args.push(quote! { #b: &#t });
            }
            let values = op.path_params.iter().map(|p| {
                let b = ident(&p.binding());
                if op.call.method.args.contains(&p.name) {
                    quote! { #b }
                } else {
                    quote! { &self.#b }
                }
            });
            let mut doc = sentence(op.summary.as_deref().unwrap_or(&op.id));
            match &op.body {
                Some(body) if !body.builder => doc.push_str(" Set the body with `.body(..)`."),
                Some(_) => doc.push_str(" Set the body with `.body(..)` or `.body_map(..)`."),
                None => {}
            }
            if op.list_item.is_some() {
                doc.push_str(" `.stream()` walks every page.");
            }
            let doc = docs(&doc);
            let (cfg, request_path) = if h.domains.len() > 1 {
                (
                    cfg_any(&BTreeSet::from([domain.name.clone()])),
                    quote! { crate::resources::#module::#request },
                )
            } else {
                (quote! {}, quote! { #request })
            };
            methods.entry(key).or_default().push(quote! {
                #doc
                #cfg
                pub fn #method(&self, #(#args),*) -> #request_path {
                    #request_path::new(self.client, #(#values),*)
                }
            });
        }
    }

    let mut handle_items: BTreeMap<String, Vec<TokenStream>> = BTreeMap::new();
    for h in handles.values() {
        let type_name = ident(&h.type_name);
        let fields = h
            .carried
            .iter()
            .map(|p| {
                let b = ident(&p.binding());
                let t = param_type(p)?;
                Ok(quote! { #b: #t, })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let copy = if h.carried.is_empty() {
            quote! { Copy, }
        } else {
            quote! {}
        };
        let via = match &h.parent {
            None => format!("[`Client::{}`](crate::Client::{})", h.name, h.name),
            Some(p) => {
                let parent = &handles[p];
                format!(
                    "[`{}::{}`](crate::resources::{}::{}::{})",
                    parent.type_name,
                    h.name,
                    parent.module(),
                    parent.type_name,
                    h.name
                )
            }
        };
        let first = h
            .doc
            .as_deref()
            .and_then(|d| d.lines().next())
            .map(|l| l.trim_end_matches('.').to_owned())
            .unwrap_or_else(|| h.name.replace('_', " "));
        let doc = docs(&format!("{first}; see {via}."));
        let children = accessors.remove(&h.key).unwrap_or_default();
        let ops = methods.remove(&h.key).unwrap_or_default();
        let impl_lifetime = if children.is_empty() {
            quote! { impl #type_name<'_> }
        } else {
            quote! { impl<'c> #type_name<'c> }
        };
        handle_items.entry(h.module()).or_default().push(quote! {
            #doc
            #[derive(Clone, #copy Debug)]
            pub struct #type_name<'c> {
                client: &'c crate::Client,
                #(#fields)*
            }

            #impl_lifetime {
                #(#ops)*
                #(#children)*
            }
        });
    }

    let mut out = Vec::new();
    for domain in domains {
        let krate = ident(&domain.crate_ident);
        let feature = &domain.name;
        let module_doc = inner_docs(&format!(
            "{} (feature `{feature}`).\n\nResponse and body types live in [`crate::{}::types`].",
            domain.summary.trim().trim_end_matches('.'),
            domain.name
        ));
        let requests = domain
            .operations
            .iter()
            .map(request)
            .collect::<Result<Vec<_>, String>>()?;
        let client_fns = client_accessors.remove(&domain.name).unwrap_or_default();
        let handle_defs = handle_items.remove(&domain.name).unwrap_or_default();
        // handles shared with other domains, re-exported here too
        let shared: Vec<TokenStream> = handles
            .values()
            .filter(|h| h.domains.len() > 1 && h.domains.contains(&domain.name))
            .map(|h| {
                let t = ident(&h.type_name);
                let shared = ident(SHARED);
                quote! { pub use super::#shared::#t; }
            })
            .collect();
        out.push(ResourceModule {
            name: domain.name.clone(),
            features: BTreeSet::from([domain.name.clone()]),
            tokens: quote! {
                #module_doc
                // `send` returns an `async move` block rather than being an `async fn`: an
                // `async fn` would keep `self` twice in its future.
                #![allow(clippy::manual_async_fn)]

                use #krate as api;

                #(#shared)*

                impl crate::Client {
                    #(#client_fns)*
                }

                #(#handle_defs)*

                #(#requests)*
            },
        });
    }
    let shared_handles: Vec<&Handle> = handles.values().filter(|h| h.domains.len() > 1).collect();
    if !shared_handles.is_empty() {
        let features: BTreeSet<String> = shared_handles
            .iter()
            .flat_map(|h| h.domains.iter().cloned())
            .collect();
        let client_fns = client_accessors.remove(SHARED).unwrap_or_default();
        let handle_defs = handle_items.remove(SHARED).unwrap_or_default();
        let list: Vec<String> = features.iter().map(|f| format!("`{f}`")).collect();
        let module_doc = inner_docs(&format!(
            "Resource handles that several domains share (features {}): each method is there \
             when its own domain's feature is on.",
            list.join(", ")
        ));
        out.push(ResourceModule {
            name: SHARED.to_owned(),
            features,
            tokens: quote! {
                #module_doc

                impl crate::Client {
                    #(#client_fns)*
                }

                #(#handle_defs)*
            },
        });
    }
    Ok(out)
}

/// One request type.
fn request(op: &OpModel) -> Result<TokenStream, String> {
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
        .map(|p| ident(&super::model::sanitize(&p.name)))
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

            /// Fetches page `number` as a [`Page`](crate::Page).
            fn fetch_page(
                mut self,
                number: u64,
            ) -> impl std::future::Future<Output = Result<crate::Page<#item>, crate::Error>>
            + Send
            + 'static {
                self.page_number = Some(number);
                let response = self.send();
                async move {
                    let response = response.await?;
                    let (page_number, total_pages) = match &response.meta {
                        Some(meta) => (meta.page_number, meta.total_pages),
                        None => (None, None),
                    };
                    Ok(crate::request::page_of(response.data, page_number, total_pages))
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

/// `generated/ids.rs`: one type per typed id.
pub fn ids_module(
    manifest: &Manifest,
    used: &BTreeMap<String, bool>,
) -> Result<TokenStream, String> {
    let mut items = Vec::new();
    for name in manifest.ids.keys() {
        if !used.contains_key(name) {
            return Err(format!(
                "domains.toml: [ids.{name}] is used by no path parameter"
            ));
        }
    }
    for (name, uuid) in used {
        let spec = manifest.ids.get(name).cloned().unwrap_or_default();
        let id = ident(name);
        let doc = if spec.doc.is_empty() {
            format!("The `{}` path parameter.", name.to_snake_case())
        } else {
            spec.doc.clone()
        };
        let doc = docs(&doc);
        let example = if *uuid {
            format!(
                "```\nlet id: telnyx_sdk::{name} = \"0ccc7b54-4df3-4bca-a65a-3da1ecc777f0\".parse()?;\nassert_eq!(id.as_str(), \"0ccc7b54-4df3-4bca-a65a-3da1ecc777f0\");\nassert!(\"not-a-uuid\".parse::<telnyx_sdk::{name}>().is_err());\n# Ok::<(), telnyx_sdk::IdParseError>(())\n```"
            )
        } else {
            format!(
                "```\nlet id = telnyx_sdk::{name}::from(\"v3:abc\");\nassert_eq!(id.as_str(), \"v3:abc\");\n```"
            )
        };
        let example = docs(&example);
        let kind_doc = if *uuid {
            "A UUID: [`FromStr`](std::str::FromStr) checks the text, and it converts from and to [`uuid::Uuid`]."
        } else {
            "Free text, taken as given."
        };
        let kind_doc = docs(kind_doc);
        let mut item = quote! {
            #doc
            ///
            #kind_doc
            ///
            #example
            #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
            #[serde(transparent)]
            pub struct #id(String);

            impl #id {
                /// The id as text.
                pub fn as_str(&self) -> &str {
                    &self.0
                }

                /// The id as an owned `String`.
                pub fn into_string(self) -> String {
                    self.0
                }
            }

            impl std::fmt::Display for #id {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str(&self.0)
                }
            }

            impl AsRef<str> for #id {
                fn as_ref(&self) -> &str {
                    &self.0
                }
            }

            impl From<#id> for String {
                fn from(id: #id) -> String {
                    id.0
                }
            }

            impl From<&#id> for #id {
                fn from(id: &#id) -> #id {
                    id.clone()
                }
            }
        };
        if *uuid {
            item.extend(quote! {
                impl #id {
                    /// The id as a UUID, when it is one.
                    pub fn to_uuid(&self) -> Result<uuid::Uuid, crate::IdParseError> {
                        crate::ids::parse_uuid(&self.0, #name)
                    }
                }

                impl From<uuid::Uuid> for #id {
                    fn from(id: uuid::Uuid) -> Self {
                        #id(id.hyphenated().to_string())
                    }
                }

                impl From<&uuid::Uuid> for #id {
                    fn from(id: &uuid::Uuid) -> Self {
                        #id(id.hyphenated().to_string())
                    }
                }

                impl TryFrom<#id> for uuid::Uuid {
                    type Error = crate::IdParseError;
                    fn try_from(id: #id) -> Result<uuid::Uuid, crate::IdParseError> {
                        id.to_uuid()
                    }
                }

                impl std::str::FromStr for #id {
                    type Err = crate::IdParseError;
                    fn from_str(s: &str) -> Result<Self, crate::IdParseError> {
                        let text = s.trim();
                        crate::ids::parse_uuid(text, #name)?;
                        Ok(#id(text.to_owned()))
                    }
                }
            });
        } else {
            item.extend(quote! {
                impl #id {
                    /// Wraps an id given as text.
                    pub fn new(id: impl Into<String>) -> Self {
                        #id(id.into())
                    }
                }

                impl From<String> for #id {
                    fn from(id: String) -> Self {
                        #id(id)
                    }
                }

                impl From<&str> for #id {
                    fn from(id: &str) -> Self {
                        #id(id.to_owned())
                    }
                }

                impl std::str::FromStr for #id {
                    type Err = std::convert::Infallible;
                    fn from_str(s: &str) -> Result<Self, Self::Err> {
                        Ok(#id(s.to_owned()))
                    }
                }
            });
        }
        for other in &spec.converts {
            if !used.contains_key(other) {
                return Err(format!(
                    "domains.toml: [ids.{name}] converts to `{other}`, which is not a typed id"
                ));
            }
            let o = ident(other);
            item.extend(quote! {
                impl From<#o> for #id {
                    fn from(id: #o) -> Self {
                        #id(id.into_string())
                    }
                }

                impl From<#id> for #o {
                    fn from(id: #id) -> Self {
                        #o(id.0)
                    }
                }
            });
        }
        items.push(item);
    }
    Ok(quote! {
        //! Typed ids: one type per kind of id the API takes in a path, so a room id cannot be
        //! passed where a composition id is expected. Each is a thin wrapper around its text,
        //! serialized as a plain string.

        #(#items)*
    })
}

/// `generated/clients.rs`: the generated client of each domain, built once per `Client`.
pub fn clients_module(domains: &[DomainModel]) -> TokenStream {
    let fields = domains.iter().map(|d| {
        let f = ident(&d.name);
        let k = ident(&d.crate_ident);
        let feature = &d.name;
        quote! {
            #[cfg(feature = #feature)]
            pub(crate) #f: #k::Client,
        }
    });
    let inits = domains.iter().map(|d| {
        let f = ident(&d.name);
        let k = ident(&d.crate_ident);
        let feature = &d.name;
        quote! {
            #[cfg(feature = #feature)]
            #f: #k::Client::new_with_client(base_url, http.clone(), runtime.clone()),
        }
    });
    let impls = domains.iter().map(|d| {
        let f = ident(&d.name);
        let k = ident(&d.crate_ident);
        let feature = &d.name;
        quote! {
            #[cfg(feature = #feature)]
            impl crate::client::Domain for #k::Client {
                fn shared(clients: &DomainClients) -> &Self {
                    &clients.#f
                }

                fn with_runtime(base_url: &str, http: &reqwest::Client, runtime: telnyx_sdk_core::Runtime) -> Self {
                    #k::Client::new_with_client(base_url, http.clone(), runtime)
                }
            }
        }
    });
    let _ = BTreeSet::<()>::new();
    quote! {
        //! The generated client of each HTTP domain, all sharing one connection pool and runtime.

        /// One generated client per enabled domain.
        pub(crate) struct DomainClients {
            #(#fields)*
        }

        impl DomainClients {
            #[allow(unused_variables)]
            pub(crate) fn new(base_url: &str, http: &reqwest::Client, runtime: &telnyx_sdk_core::Runtime) -> Self {
                DomainClients {
                    #(#inits)*
                }
            }
        }

        #(#impls)*
    }
}

/// `generated/mod.rs`: the modules, and each domain's types re-exported by name.
pub fn mod_rs(
    domains: &[DomainModel],
    modules: &[ResourceModule],
    has_events: bool,
) -> TokenStream {
    let resources = modules.iter().map(|m| {
        let name = ident(&m.name);
        let cfg = cfg_any(&m.features);
        quote! {
            #cfg
            pub mod #name;
        }
    });
    let reexports = domains.iter().map(|d| {
        let m = ident(&d.name);
        let k = ident(&d.crate_ident);
        let feature = &d.name;
        let doc = docs(&format!(
            "{} (feature `{feature}`): the response and body types. The calls themselves are \
             reached from [`Client`](crate::Client); see [`resources::{}`](crate::resources::{}).",
            sentence(&d.summary).trim_end_matches('.'),
            d.name,
            d.name
        ));
        quote! {
            #doc
            #[cfg(feature = #feature)]
            pub mod #m {
                /// Response, body and enum types of this domain (from the generated crate).
                pub use #k::types;
                /// Every operation of this domain: id, method, path template.
                pub use #k::OPERATIONS;
            }
        }
    });
    let tables = domains.iter().map(|d| {
        let k = ident(&d.crate_ident);
        let feature = &d.name;
        quote! {
            #[cfg(feature = #feature)]
            #k::OPERATIONS,
        }
    });
    let events = if has_events {
        quote! {
            #[cfg(feature = "webhooks")]
            pub(crate) mod events;
        }
    } else {
        quote! {}
    };
    quote! {
        #[cfg(feature = "http-client")]
        pub(crate) mod clients;
        #[cfg(feature = "http-client")]
        pub(crate) mod ids;
        #[cfg(all(feature = "test-util", feature = "http-client"))]
        pub(crate) mod mock;
        #events

        /// Every operation this build can call (those of the enabled domains): id, method, path
        /// template, and whether its body takes a `command_id`.
        ///
        /// ```
        /// let ops: Vec<_> = telnyx_sdk::operations().collect();
        /// assert!(ops.iter().all(|op| op.path.starts_with('/')));
        /// ```
        #[cfg(feature = "http-client")]
        pub fn operations() -> impl Iterator<Item = &'static telnyx_sdk_core::Operation> {
            let tables: &[&[telnyx_sdk_core::Operation]] = &[#(#tables)*];
            tables.iter().flat_map(|table| table.iter())
        }

        /// Resource handles and request types, one module per API domain.
        #[cfg(feature = "http-client")]
        pub mod resources {
            #(#resources)*
        }

        /// Each domain's types, re-exported by domain name.
        pub mod domains {
            #(#reexports)*
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facade::model::{CallPath, IdRef, OpModel, PathParam};

    fn op(id: &str, call: &str, path: &str) -> OpModel {
        let call = CallPath::parse(call).expect("call");
        let path_params = call
            .args()
            .map(|a| PathParam {
                name: a.clone(),
                id: Some(IdRef {
                    name: "CallControlId".into(),
                    uuid: false,
                }),
                ty: ":: std :: string :: String".into(),
            })
            .collect();
        OpModel {
            id: id.into(),
            method: "POST".into(),
            path: path.into(),
            summary: Some(format!("Does {id}")),
            builder: id.into(),
            request: id.into(),
            call,
            path_params,
            query: Vec::new(),
            body: None,
            output: "()".into(),
            list_item: None,
        }
    }

    fn domain(name: &str, ops: Vec<OpModel>) -> DomainModel {
        DomainModel {
            name: name.into(),
            crate_ident: format!("telnyx_sdk_{name}"),
            summary: name.into(),
            operations: ops,
        }
    }

    #[test]
    fn a_handle_two_domains_reach_is_generated_once_with_per_domain_methods() {
        let manifest: Manifest = toml::from_str("[domains]").expect("manifest");
        let queues = domain(
            "queues",
            vec![op(
                "EnqueueCall",
                "calls.actions(call_control_id).enqueue",
                "/calls/{call_control_id}/actions/enqueue",
            )],
        );
        let calls = domain(
            "calls",
            vec![
                op(
                    "AnswerCall",
                    "calls.actions(call_control_id).answer",
                    "/calls/{call_control_id}/actions/answer",
                ),
                op("DialCall", "calls.dial", "/calls"),
            ],
        );
        let modules = resource_modules(&[queues, calls], &manifest).expect("modules");
        let names: Vec<&str> = modules.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["queues", "calls", "shared"]);
        let shared = modules[2].tokens.to_string();
        assert!(shared.contains("pub struct Calls"), "{shared}");
        assert!(shared.contains("pub struct ActionsOfCall"), "{shared}");
        // each method only with its own domain's feature
        assert!(
            shared.contains("# [cfg (feature = \"queues\")] pub fn enqueue"),
            "{shared}"
        );
        assert!(
            shared.contains("# [cfg (feature = \"calls\")] pub fn answer"),
            "{shared}"
        );
        assert!(
            shared.contains("# [cfg (feature = \"calls\")] pub fn dial"),
            "{shared}"
        );
        assert_eq!(
            modules[2].features.iter().collect::<Vec<_>>(),
            ["calls", "queues"]
        );
        // the domain modules re-export the shared handles and define no copy
        let q = modules[0].tokens.to_string();
        assert!(q.contains("pub use super :: shared :: Calls"), "{q}");
        assert!(!q.contains("pub struct Calls"), "{q}");
    }

    #[test]
    fn a_resource_reached_with_other_ids_is_an_error() {
        let manifest: Manifest = toml::from_str("[domains]").expect("manifest");
        let mut other = op(
            "Other",
            "calls.actions(x).other",
            "/calls/{x}/actions/other",
        );
        other.path_params[0].id = Some(IdRef {
            name: "QueueName".into(),
            uuid: false,
        });
        let d = domain(
            "calls",
            vec![
                op(
                    "AnswerCall",
                    "calls.actions(call_control_id).answer",
                    "/calls/{call_control_id}/actions/answer",
                ),
                other,
            ],
        );
        let err = resource_modules(&[d], &manifest).err().expect("conflict");
        assert!(err.contains("calls.actions"), "{err}");
    }
}
