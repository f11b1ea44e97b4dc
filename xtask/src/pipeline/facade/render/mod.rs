//! Renders the facade's per-operation layer: resource handles and request types per domain,
//! the typed ids, and the wiring of the domain clients into `telnyx_sdk::Client`.
//!
//! The output is plain items (no `macro_rules!`), so rustdoc shows each request type with
//! its own setters and docs. What every request shares (sending, retries, pagination,
//! error mapping) is the facade's hand-written `request` module.
//!
//! [`resources`] renders the handles, [`request`](mod@request) each request type, [`ids`] the typed ids;
//! this module keeps the shared helpers, `clients.rs` and `mod.rs`.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToPascalCase, ToSnakeCase};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::model::{DomainModel, IdRef, OpModel, PathParam};
use crate::manifest::{Manifest, ResourceSpec};

mod ids;
mod request;
mod resources;
#[cfg(test)]
mod tests;

pub use ids::*;
use request::*;
pub use resources::*;

pub(super) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

pub(super) fn ty(tokens: &str) -> Result<syn::Type, String> {
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

pub(super) fn sentence(text: &str) -> String {
    let t = text.trim();
    if t.ends_with(['.', '!', '?']) {
        t.to_owned()
    } else {
        format!("{t}.")
    }
}

pub(super) fn singular(name: &str) -> String {
    if let Some(stem) = name.strip_suffix("ies") {
        format!("{stem}y")
    } else if let Some(stem) = name.strip_suffix('s') {
        stem.to_owned()
    } else {
        name.to_owned()
    }
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
        pub struct DomainClients {
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
                // no docs on these re-exports: rustdoc would put them in front of the
                // items' own (the generated crate's), two descriptions on one page
                pub use #k::types;
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
