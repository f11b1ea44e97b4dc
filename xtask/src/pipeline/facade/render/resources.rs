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
    // the operations under each handle, with their domain (for the handle's example)
    let mut ops_of: BTreeMap<String, Vec<(&str, &OpModel)>> = BTreeMap::new();
    for domain in domains {
        let module = ident(&domain.name);
        for op in &domain.operations {
            let key = op.call.resource_key(op.call.resources.len());
            let h = &handles[&key];
            ops_of
                .entry(key.clone())
                .or_default()
                .push((domain.name.as_str(), op));
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
        // the manifest doc's first paragraph (which may run over several lines)
        let first = h
            .doc
            .as_deref()
            .map(|d| {
                d.lines()
                    .map(str::trim)
                    .take_while(|l| !l.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .filter(|d| !d.is_empty())
            .map(|l| match l.strip_suffix('.') {
                Some(stem) if !l.ends_with("...") => stem.to_owned(),
                _ => l,
            })
            .unwrap_or_else(|| h.name.replace('_', " "));
        let mut doc = docs(&format!("{first}; see {via}."));
        if let Some(example) = handle_example(h, &handles, &ops_of)? {
            doc.extend(example);
        }
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
                // the facade's request module, which every request type below builds on
                use crate::request::{self as rq, Maybe as _};

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

/// The example on a handle's page: how to reach it from a `Client` and send one of its
/// requests (a list walked with `.stream()` where it has one, else a fetch, else a call
/// without a body), compiled as a `no_run` doctest. A handle that several domains share
/// shows it only when the chosen operation's domain is on (the doctest would not compile
/// otherwise).
fn handle_example(
    h: &Handle,
    handles: &BTreeMap<String, Handle>,
    ops_of: &BTreeMap<String, Vec<(&str, &OpModel)>>,
) -> Result<Option<TokenStream>, String> {
    // a handle with no operation of its own (only child handles) shows a child's
    let mut target = h;
    let mut ops = ops_of.get(&h.key).cloned().unwrap_or_default();
    while ops.is_empty() {
        let Some(child) = handles
            .values()
            .find(|c| c.parent.as_deref() == Some(target.key.as_str()))
        else {
            return Ok(None);
        };
        target = child;
        ops = ops_of.get(&child.key).cloned().unwrap_or_default();
    }
    ops.sort_by_key(|(_, op)| {
        let name = op.call.method.name.as_str();
        match () {
            _ if op.list_item.is_some() => 0,
            _ if name == "get" => 1,
            _ if op.body.is_none() => 2,
            // among commands, one that reads well with no body set (in this order)
            _ => {
                let preferred = ["answer", "mute", "create", "generate", "end"];
                3 + preferred
                    .iter()
                    .position(|p| *p == name)
                    .unwrap_or(preferred.len())
            }
        }
    });
    let (domain, op) = ops[0];
    // the chain of handles from the client down to the target
    let mut chain = vec![target];
    let mut step = target;
    while let Some(p) = &step.parent {
        step = &handles[p];
        chain.push(step);
    }
    chain.reverse();
    let mut params: Vec<(String, String)> = Vec::new();
    let mut push_param = |p: &PathParam| {
        let binding = p.binding();
        let t = match &p.id {
            Some(id) => format!("telnyx_sdk::{}", id.name),
            None => p.ty.clone(),
        };
        if !params.iter().any(|(b, _)| *b == binding) {
            params.push((binding, t));
        }
    };
    let mut segments = vec![String::from("client")];
    for step in &chain {
        let args: Vec<String> = step
            .takes
            .iter()
            .map(|p| {
                push_param(p);
                format!("&{}", p.binding())
            })
            .collect();
        segments.push(format!(".{}({})", step.name, args.join(", ")));
    }
    let mut args = Vec::new();
    for a in &op.call.method.args {
        let p = param_of(op, a)?;
        push_param(&p);
        args.push(format!("&{}", p.binding()));
    }
    segments.push(format!(".{}({})", op.call.method.name, args.join(", ")));
    let ending = if op.list_item.is_some() {
        [".stream()", ".try_collect()", ".await?;"]
    } else {
        [".send()", ".await?;", ""]
    };
    segments.extend(
        ending
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| (*s).to_owned()),
    );
    let binding = if op.list_item.is_some() {
        format!("let {}: Vec<_> = ", target.name)
    } else if op.output.trim() == "()" {
        String::new()
    } else {
        "let reply = ".to_owned()
    };
    // one line when it fits, else one call per line
    let one_line = format!("{binding}{}", segments.concat());
    let call = if one_line.len() <= 90 {
        one_line
    } else {
        format!(
            "{binding}{}\n    {}",
            segments[0],
            segments[1..].join("\n    ")
        )
    };
    let signature: String = std::iter::once("client: telnyx_sdk::Client".to_owned())
        .chain(params.iter().map(|(b, t)| format!("{b}: {t}")))
        .collect::<Vec<_>>()
        .join(", ");
    let mut lines = vec![
        String::new(),
        "```no_run".to_owned(),
        format!("# async fn demo({signature}) -> Result<(), telnyx_sdk::Error> {{"),
    ];
    if op.list_item.is_some() {
        lines.push("use futures::TryStreamExt;".to_owned());
        lines.push(String::new());
    }
    lines.extend(call.lines().map(str::to_owned));
    if op.list_item.is_some() {
        lines.push(format!("# let _ = {};", target.name));
    } else if op.output.trim() != "()" {
        lines.push("# let _ = reply;".to_owned());
    }
    lines.push("# Ok(())".to_owned());
    lines.push("# }".to_owned());
    lines.push("```".to_owned());
    let gate = h.domains.len() > 1;
    let tokens = lines.iter().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        if gate {
            quote! { #[cfg_attr(feature = #domain, doc = #l)] }
        } else {
            quote! { #[doc = #l] }
        }
    });
    Ok(Some(quote! { #(#tokens)* }))
}
