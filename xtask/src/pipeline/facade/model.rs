//! The facade's model of one domain: its operations, where each sits in the resource tree,
//! and the Rust types of their parameters, read from the patched document and from the
//! domain crate's post-processed syntax tree.
//!
//! Defaults (what needs no manifest entry):
//! - the call: the path's static segments are resources, `{param}` segments are the
//!   arguments of the next step; a path ending in a parameter gives `get` / `update` /
//!   `replace` / `delete` (by method), one ending in a collection gives `list` / `create` /
//!   `delete_many`, and `/{resource}/{param}/actions/{verb}` gives `actions(param).verb()`;
//! - the request type: the `operationId`, with a leading `View` or `Retrieve` read as `Get`;
//! - the typed id of a path parameter: its name in PascalCase (`room_id` -> `RoomId`).
//!
//! Everything here is plain data (no syntax trees), so it crosses the generator's threads.

use std::collections::BTreeMap;

use heck::{ToPascalCase, ToSnakeCase};
use quote::ToTokens;
use serde_json::Value;
use syn::visit_mut::VisitMut;

use crate::error::{SpecError, pointer};
use crate::manifest::{Domain, OperationSpec};
use crate::slice::METHODS;

/// One HTTP domain, as the facade exposes it.
#[derive(Debug, Clone)]
pub struct DomainModel {
    /// Manifest key, e.g. `video`; also the cargo feature and the module name.
    pub name: String,
    /// Rust name of the domain crate, e.g. `telnyx_sdk_video`.
    pub crate_ident: String,
    pub summary: String,
    pub operations: Vec<OpModel>,
}

/// One step of a call chain: `sessions(room_id)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub name: String,
    /// Path parameter names taken at this step.
    pub args: Vec<String>,
}

/// Where an operation sits: `client.rooms().sessions(&room_id).list()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallPath {
    /// Resource handles, outermost first (at least one).
    pub resources: Vec<Step>,
    /// The method that returns the request.
    pub method: Step,
}

impl CallPath {
    /// Parses `rooms.client_tokens(room_id).generate`.
    pub fn parse(text: &str) -> Result<CallPath, String> {
        let mut steps = Vec::new();
        for part in split_steps(text)? {
            let part = part.trim();
            let (name, args) = match part.find('(') {
                Some(open) => {
                    let Some(inner) = part[open + 1..].strip_suffix(')') else {
                        return Err(format!("`{part}`: unbalanced parentheses"));
                    };
                    let args = inner
                        .split(',')
                        .map(str::trim)
                        .filter(|a| !a.is_empty())
                        .map(str::to_owned)
                        .collect();
                    (part[..open].trim(), args)
                }
                None => (part, Vec::new()),
            };
            if !crate::manifest::is_snake_ident(name) {
                return Err(format!("`{name}` is not a snake_case name"));
            }
            steps.push(Step {
                name: name.to_owned(),
                args,
            });
        }
        let Some(method) = steps.pop() else {
            return Err("empty call".to_owned());
        };
        if steps.is_empty() {
            return Err(format!(
                "`{text}` names no resource: write `resource.method`"
            ));
        }
        Ok(CallPath {
            resources: steps,
            method,
        })
    }

    /// All path parameters the chain takes, in order.
    pub fn args(&self) -> impl Iterator<Item = &String> {
        self.resources
            .iter()
            .chain(std::iter::once(&self.method))
            .flat_map(|s| s.args.iter())
    }

    /// The typed mock's method name: the call's words, `rooms_sessions_list`.
    pub fn mock_name(&self) -> String {
        self.resources
            .iter()
            .chain(std::iter::once(&self.method))
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>()
            .join("_")
    }

    /// The resource path, `rooms.sessions`.
    pub fn resource_key(&self, depth: usize) -> String {
        self.resources[..depth]
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>()
            .join(".")
    }
}

impl std::fmt::Display for CallPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let step = |s: &Step| {
            if s.args.is_empty() {
                s.name.clone()
            } else {
                format!("{}({})", s.name, s.args.join(", "))
            }
        };
        let parts: Vec<String> = self
            .resources
            .iter()
            .chain(std::iter::once(&self.method))
            .map(step)
            .collect();
        f.write_str(&parts.join("."))
    }
}

fn split_steps(text: &str) -> Result<Vec<&str>, String> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth = depth
                    .checked_sub(1)
                    .ok_or_else(|| format!("`{text}`: unbalanced parentheses"))?
            }
            '.' if depth == 0 => {
                out.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&text[start..]);
    Ok(out)
}

/// The call derived from a path and method (see the module docs).
///
/// A segment's file extension is not part of its name: `/Recordings.json` is the resource
/// `recordings`, and `/{recording_sid}.json` the parameter `recording_sid`.
pub fn derive_call(path: &str, method: &str, paginated: bool) -> Result<CallPath, String> {
    let segments: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(without_extension)
        .collect();
    let param = |s: &str| {
        s.strip_prefix('{')
            .and_then(|s| s.strip_suffix('}'))
            .map(str::to_owned)
    };
    let mut resources: Vec<Step> = Vec::new();
    let mut pending: Vec<String> = Vec::new();
    let mut i = 0;
    while i < segments.len() {
        let s = segments[i];
        if let Some(p) = param(s) {
            pending.push(p);
            i += 1;
            continue;
        }
        let last = i + 1 == segments.len();
        // `/x/{id}/actions/verb`: the verb is the method of `actions(id)`
        if last && i > 0 && param(segments[i - 1]).is_none() && !resources.is_empty() {
            return Ok(CallPath {
                resources,
                method: Step {
                    name: s.to_snake_case(),
                    args: pending,
                },
            });
        }
        resources.push(Step {
            name: s.to_snake_case(),
            args: std::mem::take(&mut pending),
        });
        i += 1;
    }
    if resources.is_empty() {
        return Err(format!("`{path}` has no static segment to name a resource"));
    }
    let name = if pending.is_empty() {
        match method {
            "get" if paginated => "list",
            "get" => "get",
            "post" => "create",
            "put" => "replace_all",
            "patch" => "update_many",
            "delete" => "delete_many",
            other => other,
        }
    } else {
        match method {
            "get" => "get",
            "post" | "patch" => "update",
            "put" => "replace",
            "delete" => "delete",
            other => other,
        }
    };
    Ok(CallPath {
        resources,
        method: Step {
            name: name.to_owned(),
            args: pending,
        },
    })
}

/// A path segment without its file extension (`Recordings.json` -> `Recordings`,
/// `{sid}.json` -> `{sid}`); a segment with no extension is returned whole.
fn without_extension(segment: &str) -> &str {
    match segment.rsplit_once('.') {
        Some((stem, ext))
            if !stem.is_empty()
                && !ext.is_empty()
                && ext.chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            stem
        }
        _ => segment,
    }
}

/// The names of a path's parameters, in path order: every `{name}`, whether it fills a
/// segment or only part of one (`/Recordings/{recording_sid}.json`).
pub fn path_parameter_names(path: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        names.push(&after[..close]);
        rest = &after[close + 1..];
    }
    names
}

/// The default request type name, read from the call (one rule for every operation):
/// - a collection or item method names the resource: `rooms.list` -> `ListRooms`,
///   `rooms.get` -> `GetRoom`; a resource under another one's id says whose:
///   `rooms.sessions(room_id).list` -> `ListSessionsOfRoom`;
/// - any other method is a verb on the resource it is called on, or on the owner of
///   `actions`: `calls.actions(id).playback_start` -> `PlaybackStartCall`,
///   `rooms.client_tokens(room_id).generate` -> `GenerateClientToken`.
pub fn derive_request_name(call: &CallPath) -> String {
    const COLLECTION: &[&str] = &["list", "delete_many", "update_many", "replace_all"];
    const ITEM: &[&str] = &["get", "create", "update", "replace", "delete"];
    let method = call.method.name.as_str();
    let resources = &call.resources;
    let Some(last) = resources.last() else {
        return method.to_pascal_case();
    };
    let verb = method.to_pascal_case();
    let on_actions = resources.len() >= 2 && last.name == "actions";
    if !on_actions && (COLLECTION.contains(&method) || ITEM.contains(&method)) {
        let noun = if COLLECTION.contains(&method) {
            last.name.to_pascal_case()
        } else {
            singular(&last.name).to_pascal_case()
        };
        let owner = match resources.len() {
            n if n >= 2 && !last.args.is_empty() => {
                format!("Of{}", singular(&resources[n - 2].name).to_pascal_case())
            }
            _ => String::new(),
        };
        return format!("{verb}{noun}{owner}");
    }
    let subject = if on_actions {
        &resources[resources.len() - 2].name
    } else {
        &last.name
    };
    format!("{verb}{}", singular(subject).to_pascal_case())
}

/// `rooms` -> `room`, `queues` -> `queue`, `policies` -> `policy`; other words stay.
fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else if word.ends_with("ss") {
        word.to_owned()
    } else if let Some(stem) = word.strip_suffix('s') {
        stem.to_owned()
    } else {
        word.to_owned()
    }
}

/// A path parameter.
#[derive(Debug, Clone)]
pub struct PathParam {
    /// Name in the path template.
    pub name: String,
    /// The typed id it takes, when its generated type is a string or UUID.
    pub id: Option<IdRef>,
    /// The generated builder's type (tokens), used when there is no typed id.
    pub ty: String,
}

impl PathParam {
    /// The Rust name of its value in handles and methods (the id's name in snake case).
    pub fn binding(&self) -> String {
        match &self.id {
            Some(id) => id.name.to_snake_case(),
            None => self.name.to_snake_case(),
        }
    }
}

/// A typed id used by a path parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdRef {
    pub name: String,
    /// Whether the API takes it as a UUID (else free text).
    pub uuid: bool,
}

/// A query parameter.
#[derive(Debug, Clone)]
pub struct QueryParam {
    /// The setter's name (the generated builder's).
    pub name: String,
    /// The name on the wire, e.g. `filter[date_created_at][gte]`.
    pub wire: String,
    /// The value type (tokens).
    pub ty: String,
    pub doc: Option<String>,
}

/// A request body: the type's name under `types`, and whether it has a builder (typify
/// writes none for a body that is an enum, e.g. a `oneOf` of shapes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    pub name: String,
    pub builder: bool,
}

/// One operation of the facade.
#[derive(Debug, Clone)]
pub struct OpModel {
    pub id: String,
    pub method: String,
    pub path: String,
    pub summary: Option<String>,
    /// The generated builder struct, `api::builder::<builder>`.
    pub builder: String,
    /// The facade's request type.
    pub request: String,
    pub call: CallPath,
    /// In path order.
    pub path_params: Vec<PathParam>,
    pub query: Vec<QueryParam>,
    /// The request body, if any.
    pub body: Option<Body>,
    /// The decoded response type (tokens), `()` for none.
    pub output: String,
    /// The item type of a paginated list (tokens).
    pub list_item: Option<String>,
    /// Whether the list is paged by cursors (`page[after]`, and `meta.cursors.after` in the
    /// response) rather than by page numbers.
    pub cursor: bool,
    /// Whether the operation takes `page[number]` and `page[size]` (every list paged by
    /// numbers, and a few other calls): its request takes the hand-written `page_size` and
    /// `page_number`, checked as a list's are.
    pub paged: bool,
    /// Which parts of a numbered page's `meta` the response type requires.
    pub page_meta: PageMeta,
}

/// Which parts of a numbered page's `meta` are required in the generated response type (a
/// plain value) rather than optional (an `Option`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PageMeta {
    /// `meta` itself.
    pub meta: bool,
    /// `meta.page_number`.
    pub page_number: bool,
    /// `meta.total_pages`.
    pub total_pages: bool,
}

/// Builds the facade model of one HTTP domain from the patched document and the
/// post-processed tree of its generated crate.
pub fn build(
    name: &str,
    domain: &Domain,
    doc: &Value,
    tree: &syn::File,
    file: &std::path::Path,
) -> Result<DomainModel, SpecError> {
    let builders = builder_structs(tree);
    let types = type_structs(tree);
    let mut operations = Vec::new();
    let empty = serde_json::Map::new();
    let paths = doc
        .get("paths")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    for (path, item) in paths {
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let Some(id) = op.get("operationId").and_then(Value::as_str) else {
                continue;
            };
            let at = pointer(["paths", path, method]);
            let fail = |message: String| {
                SpecError::new(file, at.clone(), message).with_operation(id.to_owned())
            };
            let builder_name = id.to_pascal_case();
            let Some(builder) = builders.get(&builder_name) else {
                return Err(fail(format!(
                    "the generated crate has no builder `{builder_name}`"
                )));
            };
            let spec = domain
                .facade
                .operations
                .get(id)
                .cloned()
                .unwrap_or_default();
            operations.push(operation(
                domain, doc, path, method, id, op, builder, &types, &spec, &fail,
            )?);
        }
    }
    for key in domain.facade.operations.keys() {
        if !operations.iter().any(|o| &o.id == key) {
            return Err(SpecError::new(
                file,
                "",
                format!(
                    "domains.toml: [domains.{name}.facade.operations] names `{key}`, which the document does not have"
                ),
            ));
        }
    }
    Ok(DomainModel {
        name: name.to_owned(),
        crate_ident: domain.crate_name.replace('-', "_"),
        summary: domain.summary.clone(),
        operations,
    })
}

#[allow(clippy::too_many_arguments)]
fn operation(
    domain: &Domain,
    doc: &Value,
    path: &str,
    method: &str,
    id: &str,
    op: &Value,
    builder: &Builder,
    types: &BTreeMap<String, Vec<(String, String)>>,
    spec: &OperationSpec,
    fail: &dyn Fn(String) -> SpecError,
) -> Result<OpModel, SpecError> {
    let params: Vec<&Value> = op
        .get("parameters")
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    let field = |n: &str| builder.fields.iter().find(|(f, _)| f == n).map(|(_, t)| t);

    // path parameters, in path order
    let mut path_params = Vec::new();
    for pname in path_parameter_names(path) {
        let field_name = sanitize(pname);
        let Some(ty) = field(&field_name) else {
            return Err(fail(format!(
                "path parameter `{pname}` has no field `{field_name}` in the generated builder"
            )));
        };
        let ty = strip_result(ty);
        let id = match ty.replace(' ', "").as_str() {
            "uuid::Uuid" | "String" => Some(IdRef {
                name: domain
                    .facade
                    .ids
                    .get(pname)
                    .cloned()
                    .unwrap_or_else(|| pname.to_pascal_case()),
                uuid: ty.contains("Uuid"),
            }),
            _ => None,
        };
        path_params.push(PathParam {
            name: pname.to_owned(),
            id,
            ty,
        });
    }

    // the response type, and whether it is a page of items
    let output = builder
        .output
        .clone()
        .ok_or_else(|| fail("the generated builder has no `send`".to_owned()))?;
    let numbered =
        (method == "get" && field("page_number").is_some() && field("page_size").is_some())
            .then(|| page_item(&output, types))
            .flatten();
    let page_meta = numbered.as_ref().map(|(_, m)| *m).unwrap_or_default();
    let numbered = numbered.map(|(item, _)| item);
    let cursored = (numbered.is_none() && method == "get" && field("page_after").is_some())
        .then(|| cursor_page_item(&output, types))
        .flatten();
    let cursor = cursored.is_some();
    let list_item = numbered.or(cursored);

    let paged = !cursor && field("page_number").is_some() && field("page_size").is_some();

    // query parameters, with their descriptions
    let mut query = Vec::new();
    for p in &params {
        if p.get("in").and_then(Value::as_str) != Some("query") {
            continue;
        }
        let wire = p.get("name").and_then(Value::as_str).unwrap_or_default();
        let name = sanitize(wire);
        if paged && (name == "page_number" || name == "page_size") {
            continue;
        }
        let Some(ty) = field(&name) else {
            return Err(fail(format!(
                "query parameter `{wire}` has no field `{name}` in the generated builder"
            )));
        };
        let doc = p
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_owned);
        query.push(QueryParam {
            name,
            wire: wire.to_owned(),
            ty: strip_option(&strip_result(ty)),
            doc,
        });
    }
    query.sort_by(|a, b| a.name.cmp(&b.name));

    let body = field("body").map(|t| {
        let t = strip_result(t);
        Body {
            name: t.rsplit("::").next().unwrap_or(&t).trim().to_owned(),
            builder: t.replace(' ', "").contains("types::builder::"),
        }
    });

    let call = match &spec.call {
        Some(text) => {
            CallPath::parse(text).map_err(|e| fail(format!("domains.toml: call of {id}: {e}")))?
        }
        None => derive_call(path, method, list_item.is_some()).map_err(|e| {
            fail(format!(
                "cannot derive a call: {e}; name one in domains.toml"
            ))
        })?,
    };
    let mut named: Vec<&String> = call.args().collect();
    named.sort();
    let mut wanted: Vec<&String> = path_params.iter().map(|p| &p.name).collect();
    wanted.sort();
    if named != wanted {
        return Err(fail(format!(
            "call `{call}` takes {named:?}, but the path has parameters {wanted:?}"
        )));
    }
    let _ = doc;
    Ok(OpModel {
        id: id.to_owned(),
        method: method.to_uppercase(),
        path: path.to_owned(),
        summary: op
            .get("summary")
            .or_else(|| op.get("description"))
            .and_then(Value::as_str)
            .map(str::to_owned),
        builder: builder.name.clone(),
        request: spec
            .request
            .clone()
            .unwrap_or_else(|| derive_request_name(&call)),
        call,
        path_params,
        query,
        body,
        output,
        list_item,
        cursor,
        paged,
        page_meta,
    })
}

/// progenitor's name for a parameter: snake case, runs of other characters as one `_`.
pub fn sanitize(name: &str) -> String {
    let mut out = String::new();
    for part in name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
    {
        if !out.is_empty() {
            out.push('_');
        }
        out.push_str(&part.to_snake_case());
    }
    out
}

/// A generated builder: its fields (name, type tokens) and the `send` output type.
#[derive(Debug, Clone)]
struct Builder {
    name: String,
    fields: Vec<(String, String)>,
    output: Option<String>,
}

/// Prefixes `types::...` paths with `api::`, so a type reads the same from the facade; so is
/// `ByteStream` (a binary response body), which the domain crate re-exports.
struct FromFacade;

impl VisitMut for FromFacade {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        let first = path.segments.first().map(|s| s.ident.to_string());
        let from_domain_crate = match first.as_deref() {
            Some("types") => true,
            Some("ByteStream") => path.segments.len() == 1,
            _ => false,
        };
        if path.leading_colon.is_none() && from_domain_crate {
            let api: syn::PathSegment = syn::parse_quote!(api);
            path.segments.insert(0, api);
        }
        syn::visit_mut::visit_path_mut(self, path);
    }
}

fn tokens_from_facade(ty: &syn::Type) -> String {
    let mut ty = ty.clone();
    FromFacade.visit_type_mut(&mut ty);
    readable_paths(&ty.to_token_stream().to_string())
}

/// Shorter spellings of the absolute paths progenitor writes, as hand-written code has them
/// (`::std::string::String` -> `String`; the facade depends on `chrono` and `uuid` itself).
fn readable_paths(tokens: &str) -> String {
    const SHORT: &[(&str, &str)] = &[
        (":: std :: string :: String", "String"),
        (":: std :: vec :: Vec", "Vec"),
        (":: std :: option :: Option", "Option"),
        (":: std :: num :: NonZeroU64", "std :: num :: NonZeroU64"),
        (":: chrono :: naive :: NaiveDate", "chrono :: NaiveDate"),
        (":: chrono :: DateTime", "chrono :: DateTime"),
        (":: chrono :: offset :: Utc", "chrono :: Utc"),
        (":: uuid :: Uuid", "uuid :: Uuid"),
    ];
    let mut out = tokens.to_owned();
    for (long, short) in SHORT {
        out = out.replace(long, short);
    }
    out
}

fn module<'a>(tree: &'a syn::File, name: &str) -> &'a [syn::Item] {
    tree.items
        .iter()
        .find_map(|i| match i {
            syn::Item::Mod(m) if m.ident == name => m.content.as_ref().map(|(_, c)| c.as_slice()),
            _ => None,
        })
        .unwrap_or(&[])
}

fn builder_structs(tree: &syn::File) -> BTreeMap<String, Builder> {
    let items = module(tree, "builder");
    let mut out: BTreeMap<String, Builder> = BTreeMap::new();
    for item in items {
        if let syn::Item::Struct(s) = item {
            let fields = s
                .fields
                .iter()
                .filter_map(|f| Some((f.ident.as_ref()?.to_string(), tokens_from_facade(&f.ty))))
                .filter(|(n, _)| n != "client")
                .collect();
            out.insert(
                s.ident.to_string(),
                Builder {
                    name: s.ident.to_string(),
                    fields,
                    output: None,
                },
            );
        }
    }
    for item in items {
        let syn::Item::Impl(imp) = item else { continue };
        let syn::Type::Path(tp) = &*imp.self_ty else {
            continue;
        };
        let Some(last) = tp.path.segments.last() else {
            continue;
        };
        let Some(b) = out.get_mut(&last.ident.to_string()) else {
            continue;
        };
        for it in &imp.items {
            if let syn::ImplItem::Fn(f) = it
                && f.sig.ident == "send"
                && let syn::ReturnType::Type(_, ty) = &f.sig.output
            {
                b.output = response_value_type(ty).map(|t| tokens_from_facade(&t));
            }
        }
    }
    out
}

/// `Result<ResponseValue<T>, Error<()>>` -> `T`.
fn response_value_type(ty: &syn::Type) -> Option<syn::Type> {
    let first = first_generic(ty, "Result")?;
    first_generic(&first, "ResponseValue")
}

fn first_generic(ty: &syn::Type, outer: &str) -> Option<syn::Type> {
    let syn::Type::Path(tp) = ty else { return None };
    let last = tp.path.segments.last()?;
    if last.ident != outer {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    args.args.iter().find_map(|a| match a {
        syn::GenericArgument::Type(t) => Some(t.clone()),
        _ => None,
    })
}

fn type_structs(tree: &syn::File) -> BTreeMap<String, Vec<(String, String)>> {
    module(tree, "types")
        .iter()
        .filter_map(|i| match i {
            syn::Item::Struct(s) => Some((
                s.ident.to_string(),
                s.fields
                    .iter()
                    .filter_map(|f| {
                        Some((f.ident.as_ref()?.to_string(), tokens_from_facade(&f.ty)))
                    })
                    .collect(),
            )),
            _ => None,
        })
        .collect()
}

/// The item type of a page response: `data: Vec<T>` beside `meta` with `page_number` and
/// `total_pages`; and which of `meta`, `page_number` and `total_pages` are required.
fn page_item(
    output: &str,
    types: &BTreeMap<String, Vec<(String, String)>>,
) -> Option<(String, PageMeta)> {
    let name = output.rsplit("::").next()?.trim();
    let fields = types.get(name)?;
    let data = &fields.iter().find(|(n, _)| n == "data")?.1;
    let meta = &fields.iter().find(|(n, _)| n == "meta")?.1;
    let optional_meta = generic_inner(meta, "Option");
    let meta_name = optional_meta.clone().unwrap_or_else(|| meta.clone());
    let meta_name = meta_name.rsplit("::").next()?.trim();
    let meta_fields = types.get(meta_name)?;
    let required = |n: &str| {
        meta_fields
            .iter()
            .find(|(f, _)| f == n)
            .map(|(_, ty)| generic_inner(ty, "Option").is_none())
    };
    let page_meta = PageMeta {
        meta: optional_meta.is_none(),
        page_number: required("page_number")?,
        total_pages: required("total_pages")?,
    };
    let item = generic_inner(data, "Vec")?;
    let item_name = item.rsplit("::").next()?.trim();
    Some((format!("api :: types :: {item_name}"), page_meta))
}

/// The item type of a cursor-paged response: `data: Vec<T>` beside `meta` with `cursors`
/// (whose `after` is the cursor of the next page).
fn cursor_page_item(
    output: &str,
    types: &BTreeMap<String, Vec<(String, String)>>,
) -> Option<String> {
    let name = output.rsplit("::").next()?.trim();
    let fields = types.get(name)?;
    let data = &fields.iter().find(|(n, _)| n == "data")?.1;
    let meta = &fields.iter().find(|(n, _)| n == "meta")?.1;
    let meta_name = generic_inner(meta, "Option")?;
    let meta_fields = types.get(meta_name.rsplit("::").next()?.trim())?;
    let cursors = &meta_fields.iter().find(|(n, _)| n == "cursors")?.1;
    let cursors_name = generic_inner(cursors, "Option")?;
    let cursor_fields = types.get(cursors_name.rsplit("::").next()?.trim())?;
    if !cursor_fields.iter().any(|(n, _)| n == "after") {
        return None;
    }
    let item = generic_inner(data, "Vec")?;
    let item_name = item.rsplit("::").next()?.trim();
    Some(format!("api :: types :: {item_name}"))
}

/// `:: std :: vec :: Vec < Room >` -> `Room`.
fn generic_inner(tokens: &str, outer: &str) -> Option<String> {
    let ty: syn::Type = syn::parse_str(tokens).ok()?;
    first_generic(&ty, outer).map(|t| t.to_token_stream().to_string())
}

fn strip_result(ty: &str) -> String {
    generic_inner(ty, "Result").unwrap_or_else(|| ty.to_owned())
}

fn strip_option(ty: &str) -> String {
    generic_inner(ty, "Option").unwrap_or_else(|| ty.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(path: &str, method: &str, paginated: bool) -> String {
        derive_call(path, method, paginated)
            .expect("derivable")
            .to_string()
    }

    #[test]
    fn a_parameter_inside_a_segment_is_read_and_a_file_extension_is_no_name() {
        let path = "/texml/Accounts/{account_sid}/Recordings/{recording_sid}.json";
        assert_eq!(path_parameter_names(path), ["account_sid", "recording_sid"]);
        assert_eq!(
            call(path, "get", false),
            "texml.accounts.recordings(account_sid).get(recording_sid)"
        );
        assert_eq!(
            call("/texml/Accounts/{account_sid}/Recordings.json", "get", true),
            "texml.accounts.recordings(account_sid).list"
        );
        // an unclosed brace is no parameter; a dot without an extension stays
        assert_eq!(path_parameter_names("/a/{b"), Vec::<&str>::new());
        assert_eq!(without_extension("v1."), "v1.");
        assert_eq!(without_extension(".json"), ".json");
    }

    #[test]
    fn calls_are_derived_from_paths() {
        assert_eq!(call("/rooms", "get", true), "rooms.list");
        assert_eq!(call("/rooms", "post", false), "rooms.create");
        assert_eq!(call("/rooms/{room_id}", "get", false), "rooms.get(room_id)");
        assert_eq!(
            call("/rooms/{room_id}", "patch", false),
            "rooms.update(room_id)"
        );
        assert_eq!(
            call("/rooms/{room_id}", "delete", false),
            "rooms.delete(room_id)"
        );
        assert_eq!(
            call("/rooms/{room_id}/sessions", "get", true),
            "rooms.sessions(room_id).list"
        );
        assert_eq!(
            call("/conferences/{id}/actions/mute", "post", false),
            "conferences.actions(id).mute"
        );
        assert_eq!(
            call(
                "/queues/{queue_name}/calls/{call_control_id}",
                "delete",
                false
            ),
            "queues.calls(queue_name).delete(call_control_id)"
        );
        assert_eq!(
            call("/room_recordings", "delete", false),
            "room_recordings.delete_many"
        );
        assert!(derive_call("/{id}", "get", false).is_err());
    }

    #[test]
    fn calls_parse_and_print_back() {
        let c = CallPath::parse("rooms.client_tokens(room_id).generate").expect("valid");
        assert_eq!(c.resources.len(), 2);
        assert_eq!(c.method.name, "generate");
        assert_eq!(c.args().collect::<Vec<_>>(), ["room_id"]);
        assert_eq!(c.to_string(), "rooms.client_tokens(room_id).generate");
        assert!(CallPath::parse("list").is_err(), "needs a resource");
        assert!(CallPath::parse("rooms.Get").is_err(), "snake case only");
        assert!(CallPath::parse("rooms.get(id").is_err(), "unbalanced");
    }

    #[test]
    fn request_names_follow_the_call() {
        let name = |call: &str| derive_request_name(&CallPath::parse(call).expect("call"));
        assert_eq!(name("rooms.list"), "ListRooms");
        assert_eq!(name("rooms.get(room_id)"), "GetRoom");
        assert_eq!(name("rooms.sessions(room_id).list"), "ListSessionsOfRoom");
        assert_eq!(
            name("queues.calls(queue_name).get(call_control_id)"),
            "GetCallOfQueue"
        );
        assert_eq!(
            name("calls.actions(id).playback_start"),
            "PlaybackStartCall"
        );
        assert_eq!(name("calls.dial"), "DialCall");
        assert_eq!(
            name("rooms.client_tokens(room_id).generate"),
            "GenerateClientToken"
        );
        assert_eq!(name("room_sessions.mute(id)"), "MuteRoomSession");
        assert_eq!(name("conferences.actions(id).update"), "UpdateConference");
        assert_eq!(
            name("conferences.participants(id).list"),
            "ListParticipantsOfConference"
        );
    }

    #[test]
    fn parameter_names_match_progenitor() {
        assert_eq!(
            sanitize("filter[archived_at][lte]"),
            "filter_archived_at_lte"
        );
        assert_eq!(sanitize("page[size]"), "page_size");
        assert_eq!(sanitize("include_sessions"), "include_sessions");
    }
}
