//! `generated/resources/*.rs`: the resource handles of every domain (a handle several
//! domains reach lives in the shared module) and the modules that hold them.

use super::*;

/// One resource handle in the tree.
#[derive(Debug, Clone)]
pub(super) struct Handle {
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
pub(super) fn cfg_any(features: &BTreeSet<String>) -> TokenStream {
    let list: Vec<&String> = features.iter().collect();
    match list.as_slice() {
        [] => quote! {},
        [one] => quote! { #[cfg(feature = #one)] },
        many => quote! { #[cfg(any(#(feature = #many),*))] },
    }
}

/// The handles of every domain, keyed by resource path.
pub(super) fn handles(
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

pub(super) fn param_of(op: &OpModel, name: &str) -> Result<PathParam, String> {
    op.path_params
        .iter()
        .find(|p| p.name == name)
        .cloned()
        .ok_or_else(|| format!("{}: `{name}` is not a path parameter", op.id))
}

pub(super) fn param_type(p: &PathParam) -> Result<TokenStream, String> {
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
                use #krate as api;
                #[allow(unused_imports, reason = "used by the operations with optional parameters")]
                use crate::request::Maybe as _;

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
