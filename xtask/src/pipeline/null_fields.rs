//! Stage 6 (continued): fields a server sends as `null` decode instead of failing.
//!
//! Servers send `null` in fields a spec types as `string` or `boolean` (older Telnyx specs
//! marked several of them nullable). An `Option` field already reads `null` as `None`; any
//! other field of a type a response or webhook event can contain gets a
//! `deserialize_with` helper that reads `null` as the field's empty value:
//! - [`accept_null_in_response_fields`]: the rewrite, plus the helpers it refers to,
//!   emitted into the generated `types` module (the webhooks crate depends on no runtime
//!   crate, so the helpers cannot live in `telnyx-sdk-core`);
//! - [`emit_null_field_tests`]: a test module in the generated file that decodes, for every
//!   such type, JSON objects with `null` in every field position, nested objects and
//!   arrays of objects included.
//!
//! Serialization is untouched: `deserialize_with` only changes decoding, so request bodies
//! never gain a `null` the caller did not set. A required field stays required (absent
//! still fails); only an explicit `null` is accepted.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::visit_mut::{self, VisitMut};
use syn::{Attribute, Fields, Item, Token, parse_quote};

/// Name of the emitted helper module inside `types`.
const HELPERS: &str = "null_fields";

/// What [`accept_null_in_response_fields`] found and did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct NullFields {
    /// Structs with named fields a response or event can contain, by name.
    pub structs: BTreeSet<String>,
    /// Fields that got a `deserialize_with` helper.
    pub fields_rewritten: usize,
    /// Non-`Option` fields whose type has no empty value the step knows (`Type.field`);
    /// the emitted test reports them if a `null` there fails to decode.
    pub not_rewritten: Vec<String>,
    /// Each of `structs` with its fields: wire name, and how the emitted test fills it.
    pub shapes: Vec<(String, Vec<(String, FieldShape)>)>,
}

/// How the emitted null-field test fills a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldShape {
    /// `null`.
    Null,
    /// An object of this struct, one level deeper each time.
    Object(String),
    /// A list of one object of this struct.
    List(String),
}

/// Shapes of the items in the generated `types` module the step needs.
struct Catalog {
    /// Structs with named fields: name -> fields (wire name, type, attributes).
    structs: BTreeMap<String, Vec<(String, syn::Type)>>,
    /// Types (structs or enums) that implement `Default`.
    defaults: HashSet<String>,
    /// Open string enums (a `Unknown(String)` variant, every other variant a unit).
    open_enums: HashSet<String>,
    /// Types built from any text (`impl From<String>`): plain id newtypes and open enums.
    from_text: HashSet<String>,
    /// Structs with no `Default` whose every field reads `null` (see [`find_null_objects`]).
    null_objects: BTreeSet<String>,
    /// Enums that keep any JSON they do not know (`Unknown(serde_json::Value)`, the tagged
    /// unions): they read `null` as `Unknown(Null)` without help.
    keep_any_json: HashSet<String>,
    /// Every type name defined in `types`, with the type names it refers to.
    refers: BTreeMap<String, BTreeSet<String>>,
}

fn derives_default(attrs: &[Attribute]) -> bool {
    crate::postprocess::derives(attrs)
        .iter()
        .any(|d| d == "Default")
}

/// The field's name on the wire: its `#[serde(rename = "...")]`, else its identifier.
fn wire_name(field: &syn::Field) -> Option<String> {
    crate::postprocess::serde_rename(&field.attrs).or_else(|| {
        field
            .ident
            .as_ref()
            .map(|i| i.to_string().trim_start_matches("r#").to_owned())
    })
}

/// Whether a field already decodes through a function of its own.
fn has_custom_decoder(field: &syn::Field) -> bool {
    field
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("serde"))
        .any(|a| {
            let mut found = false;
            let _ = a.parse_nested_meta(|meta| {
                if meta.path.is_ident("deserialize_with") || meta.path.is_ident("with") {
                    found = true;
                }
                if meta.input.peek(Token![=]) {
                    let _: syn::Expr = meta.value()?.parse()?;
                }
                Ok(())
            });
            found
        })
}

/// Every identifier in a type (path segments and generic arguments, recursively).
fn idents_in(ty: &syn::Type, out: &mut BTreeSet<String>) {
    fn walk(tokens: TokenStream, out: &mut BTreeSet<String>) {
        for t in tokens {
            match t {
                proc_macro2::TokenTree::Ident(i) => {
                    out.insert(i.to_string());
                }
                proc_macro2::TokenTree::Group(g) => walk(g.stream(), out),
                _ => {}
            }
        }
    }
    walk(quote!(#ty), out);
}

/// The last segment of a path type.
pub(crate) fn last_segment(ty: &syn::Type) -> Option<&syn::PathSegment> {
    match ty {
        syn::Type::Path(p) if p.qself.is_none() => p.path.segments.last(),
        _ => None,
    }
}

/// The single generic type argument of a segment (`Option<T>` -> `T`).
pub(crate) fn only_argument(segment: &syn::PathSegment) -> Option<&syn::Type> {
    match &segment.arguments {
        syn::PathArguments::AngleBracketed(a) if a.args.len() == 1 => match a.args.first() {
            Some(syn::GenericArgument::Type(t)) => Some(t),
            _ => None,
        },
        _ => None,
    }
}

fn is_option(ty: &syn::Type) -> bool {
    last_segment(ty).is_some_and(|s| s.ident == "Option")
}

fn catalog(items: &[Item]) -> Catalog {
    let mut c = Catalog {
        structs: BTreeMap::new(),
        defaults: HashSet::new(),
        open_enums: HashSet::new(),
        from_text: HashSet::new(),
        keep_any_json: HashSet::new(),
        null_objects: BTreeSet::new(),
        refers: BTreeMap::new(),
    };
    for item in items {
        match item {
            Item::Struct(s) => {
                let name = s.ident.to_string();
                if derives_default(&s.attrs) {
                    c.defaults.insert(name.clone());
                }
                let mut refs = BTreeSet::new();
                for f in &s.fields {
                    idents_in(&f.ty, &mut refs);
                }
                if let Fields::Named(named) = &s.fields {
                    let fields = named
                        .named
                        .iter()
                        .filter_map(|f| wire_name(f).map(|w| (w, f.ty.clone())))
                        .collect();
                    c.structs.insert(name.clone(), fields);
                }
                c.refers.insert(name, refs);
            }
            Item::Enum(e) => {
                let name = e.ident.to_string();
                if derives_default(&e.attrs) {
                    c.defaults.insert(name.clone());
                }
                let open = e.variants.iter().any(|v| v.ident == "Unknown")
                    && e.variants
                        .iter()
                        .all(|v| v.ident == "Unknown" || matches!(v.fields, Fields::Unit));
                if open {
                    c.open_enums.insert(name.clone());
                }
                let keeps_json = e.variants.iter().any(|v| {
                    v.ident == "Unknown"
                        && v.fields
                            .iter()
                            .any(|f| last_segment(&f.ty).is_some_and(|s| s.ident == "Value"))
                });
                if keeps_json {
                    c.keep_any_json.insert(name.clone());
                }
                let mut refs = BTreeSet::new();
                for v in &e.variants {
                    for f in &v.fields {
                        idents_in(&f.ty, &mut refs);
                    }
                }
                c.refers.insert(name, refs);
            }
            Item::Impl(imp) => {
                let is_default = imp.trait_.as_ref().is_some_and(|(path, _)| {
                    path.segments.last().is_some_and(|s| s.ident == "Default")
                });
                if is_default && let Some(s) = last_segment(&imp.self_ty) {
                    c.defaults.insert(s.ident.to_string());
                }
                if is_from_string(imp)
                    && let Some(s) = last_segment(&imp.self_ty)
                {
                    c.from_text.insert(s.ident.to_string());
                }
            }
            _ => {}
        }
    }
    c
}

/// Whether an impl is `From<String> for X` (any spelling of the `String` path).
fn is_from_string(imp: &syn::ItemImpl) -> bool {
    let Some((path, _)) = &imp.trait_ else {
        return false;
    };
    let Some(last) = path.segments.last() else {
        return false;
    };
    if last.ident != "From" {
        return false;
    }
    match &last.arguments {
        syn::PathArguments::AngleBracketed(a) if a.args.len() == 1 => matches!(
            a.args.first(),
            Some(syn::GenericArgument::Type(t))
                if last_segment(t).is_some_and(|s| s.ident == "String")
        ),
        _ => false,
    }
}

/// Types a client method returns: `ResponseValue<types::X>`. Takes the file as `&mut` only
/// because `syn` is built without its read-only visitor; nothing is changed.
fn response_types(file: &mut syn::File) -> BTreeSet<String> {
    struct V(BTreeSet<String>);
    impl VisitMut for V {
        fn visit_path_segment_mut(&mut self, s: &mut syn::PathSegment) {
            if s.ident == "ResponseValue"
                && let Some(inner) = only_argument(s)
                && let Some(last) = last_segment(inner)
            {
                self.0.insert(last.ident.to_string());
            }
            visit_mut::visit_path_segment_mut(self, s);
        }
    }
    let mut v = V(BTreeSet::new());
    v.visit_file_mut(file);
    v.0
}

/// Types reachable from `roots` through fields and enum variants.
fn reachable(c: &Catalog, roots: impl IntoIterator<Item = String>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<String> = roots
        .into_iter()
        .filter(|r| c.refers.contains_key(r))
        .collect();
    while let Some(name) = todo.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(refs) = c.refers.get(&name) {
            todo.extend(
                refs.iter()
                    .filter(|r| c.refers.contains_key(*r) && !seen.contains(*r))
                    .cloned(),
            );
        }
    }
    seen
}

/// Leaf types whose `Default` is their empty value.
const DEFAULT_LEAVES: &[&str] = &[
    "String", "bool", "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "f32", "f64", "Vec",
    "HashMap", "BTreeMap", "Map", "Uuid", "DateTime",
];

/// Whether a field of type `ty` reads `null` without a helper: an `Option`, a
/// `serde_json::Value`, or a tagged union (`Unknown(Null)`).
fn reads_null_itself(c: &Catalog, ty: &syn::Type) -> bool {
    is_option(ty)
        || last_segment(ty)
            .is_some_and(|s| s.ident == "Value" || c.keep_any_json.contains(&s.ident.to_string()))
}

/// Structs without `Default` whose every field reads `null` (by itself or through a
/// helper): a `null` in their place decodes as the object with `null` in every field, so a
/// required record the server sends as `null` (`"data": null`) decodes as an empty record.
/// Found to a fixed point, since such a struct may hold another; the result is left in
/// `c.null_objects`.
fn find_null_objects(c: &mut Catalog) {
    loop {
        let more: Vec<String> = c
            .structs
            .iter()
            .filter(|(name, _)| !c.defaults.contains(*name) && !c.null_objects.contains(*name))
            .filter(|(_, fields)| {
                fields
                    .iter()
                    .all(|(_, ty)| reads_null_itself(c, ty) || helper_for(c, ty).is_some())
            })
            .map(|(name, _)| name.clone())
            .collect();
        if more.is_empty() {
            return;
        }
        c.null_objects.extend(more);
    }
}

/// Whether `ty` is one of the SDK's typed ids (`::telnyx_sdk_ids::RoomId`, from
/// `patch::typed_ids`): their `Default` is the empty id.
fn is_sdk_id(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(p)
        if p.path.segments.first().is_some_and(|s| s.ident == "telnyx_sdk_ids"))
}

/// The helper a non-`Option` field of type `ty` decodes through, if any.
fn helper_for(c: &Catalog, ty: &syn::Type) -> Option<&'static str> {
    if is_sdk_id(ty) {
        return Some("default_on_null");
    }
    let last = last_segment(ty)?;
    let name = last.ident.to_string();
    if c.null_objects.contains(&name) {
        return Some("null_object_on_null");
    }
    if c.open_enums.contains(&name) || c.from_text.contains(&name) {
        return Some("empty_text_on_null");
    }
    if DEFAULT_LEAVES.contains(&name.as_str()) || c.defaults.contains(&name) {
        return Some("default_on_null");
    }
    None
}

/// Add a `deserialize_with` helper to every non-`Option` field of every struct a response
/// (or, in a types-only crate, any event) can contain, so that `null` decodes as the
/// field's empty value: `Default::default()` (empty string, `false`, `0`, empty list or
/// map, a nested object whose fields are all absent, the Unix epoch for a date-time), or
/// `T::from("")` for a type built from any text (`Unknown("")` for an open enum, an empty
/// plain id).
/// The helpers are emitted into the `types` module.
///
/// `tagged_unions` names the tagged unions typify refers to but leaves to a later stage to
/// define: they read `null` as `Unknown(Null)` without help, like those found in the file.
pub fn accept_null_in_response_fields(
    file: &mut syn::File,
    types_only: bool,
    tagged_unions: &BTreeSet<String>,
) -> NullFields {
    let mut out = NullFields::default();
    let Some(items) = crate::postprocess::types_items_ref(file) else {
        return out;
    };
    let mut c = catalog(items);
    c.keep_any_json.extend(tagged_unions.iter().cloned());
    find_null_objects(&mut c);
    let roots: BTreeSet<String> = if types_only {
        c.refers.keys().cloned().collect()
    } else {
        response_types(file)
    };
    let reach = reachable(&c, roots);
    out.structs = reach
        .iter()
        .filter(|n| c.structs.contains_key(*n))
        .cloned()
        .collect();
    out.shapes = out
        .structs
        .iter()
        .map(|name| {
            let fields = c.structs.get(name).map(Vec::as_slice).unwrap_or_default();
            let shapes = fields
                .iter()
                .map(|(wire, ty)| (wire.clone(), field_shape(&c, ty)))
                .collect();
            (name.clone(), shapes)
        })
        .collect();
    let Some(items) = crate::postprocess::types_items(file) else {
        return out;
    };
    let mut null_objects_used = BTreeSet::new();
    for item in items.iter_mut() {
        let Item::Struct(s) = item else { continue };
        let name = s.ident.to_string();
        if !out.structs.contains(&name) {
            continue;
        }
        let Fields::Named(named) = &mut s.fields else {
            continue;
        };
        for f in named.named.iter_mut() {
            if reads_null_itself(&c, &f.ty) || has_custom_decoder(f) {
                continue;
            }
            match helper_for(&c, &f.ty) {
                Some(helper) => {
                    if let Some(inner) = last_segment(&f.ty)
                        && c.null_objects.contains(&inner.ident.to_string())
                    {
                        null_objects_used.insert(inner.ident.to_string());
                    }
                    let path = format!("{HELPERS}::{helper}");
                    f.attrs
                        .push(parse_quote!(#[serde(deserialize_with = #path)]));
                    out.fields_rewritten += 1;
                }
                None => {
                    let field = f
                        .ident
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default();
                    out.not_rewritten.push(format!("{name}.{field}"));
                }
            }
        }
    }
    if out.fields_rewritten > 0 {
        let helpers: syn::File = parse_quote! {
            /// Decoding helpers for fields a server may send as `null`.
            mod null_fields {
                /// `null` decodes as `T::default()`; any other value as `T`.
                pub(super) fn default_on_null<'de, D, T>(
                    deserializer: D,
                ) -> ::std::result::Result<T, D::Error>
                where
                    D: ::serde::Deserializer<'de>,
                    T: ::serde::Deserialize<'de> + ::std::default::Default,
                {
                    <::std::option::Option<T> as ::serde::Deserialize<'de>>::deserialize(deserializer)
                        .map(::std::option::Option::unwrap_or_default)
                }

                /// A struct that decodes from an object with `null` in each of its fields.
                pub(super) trait NullObject {
                    /// The struct's fields, as named on the wire.
                    const FIELDS: &'static [&'static str];
                }

                /// `null` decodes as `T` read from an object with `null` in every field; any
                /// other value as `T`.
                pub(super) fn null_object_on_null<'de, D, T>(
                    deserializer: D,
                ) -> ::std::result::Result<T, D::Error>
                where
                    D: ::serde::Deserializer<'de>,
                    T: ::serde::de::DeserializeOwned + NullObject,
                {
                    match <::std::option::Option<T> as ::serde::Deserialize<'de>>::deserialize(deserializer)? {
                        ::std::option::Option::Some(value) => ::std::result::Result::Ok(value),
                        ::std::option::Option::None => {
                            let object = T::FIELDS
                                .iter()
                                .map(|field| ((*field).to_owned(), ::serde_json::Value::Null))
                                .collect();
                            ::serde_json::from_value(::serde_json::Value::Object(object))
                                .map_err(<D::Error as ::serde::de::Error>::custom)
                        }
                    }
                }

                /// `null` decodes as `T::from("")` (an open enum's `Unknown("")`, an empty
                /// id); a string as usual.
                pub(super) fn empty_text_on_null<'de, D, T>(
                    deserializer: D,
                ) -> ::std::result::Result<T, D::Error>
                where
                    D: ::serde::Deserializer<'de>,
                    T: ::std::convert::From<::std::string::String>,
                {
                    <::std::option::Option<::std::string::String> as ::serde::Deserialize<'de>>::deserialize(deserializer)
                        .map(|value| T::from(value.unwrap_or_default()))
                }
            }
        };
        items.extend(helpers.items);
        let helpers_mod = format_ident!("{}", HELPERS);
        for name in &null_objects_used {
            let ident = format_ident!("{}", name);
            let fields: Vec<String> = c
                .structs
                .get(name)
                .map(|fields| fields.iter().map(|(wire, _)| wire.clone()).collect())
                .unwrap_or_default();
            items.push(parse_quote! {
                impl #helpers_mod::NullObject for #ident {
                    const FIELDS: &'static [&'static str] = &[#(#fields),*];
                }
            });
        }
    }
    out
}

/// How the emitted test fills a field of type `ty`.
fn field_shape(c: &Catalog, ty: &syn::Type) -> FieldShape {
    let mut ty = ty;
    loop {
        let Some(last) = last_segment(ty) else {
            return FieldShape::Null;
        };
        let name = last.ident.to_string();
        match name.as_str() {
            "Option" | "Box" => match only_argument(last) {
                Some(inner) => ty = inner,
                None => return FieldShape::Null,
            },
            "Vec" => {
                let inner = only_argument(last).and_then(last_segment);
                return match inner.map(|s| s.ident.to_string()) {
                    Some(n) if c.structs.contains_key(&n) => FieldShape::List(n),
                    _ => FieldShape::Null,
                };
            }
            _ if c.structs.contains_key(&name) => return FieldShape::Object(name),
            _ => return FieldShape::Null,
        }
    }
}

/// Append the null-field test to the generated file: an invocation of
/// `telnyx_sdk_json::null_field_tests!` (a dev-dependency where the crate has no other use
/// for that crate), which writes a `#[cfg(test)]` module that decodes every struct listed
/// in `found` from JSON objects with `null` in every field, and again with the nested
/// objects (and lists of objects) filled one level deeper each time. The test asserts it
/// checked exactly `found.structs.len()` types. The list is the macro's input, which `syn`
/// keeps as tokens: nothing of it is parsed here.
pub fn emit_null_field_tests(file: &mut syn::File, found: &NullFields) {
    if found.structs.is_empty() {
        return;
    }
    let count = proc_macro2::Literal::usize_unsuffixed(found.structs.len());
    let entries = found.shapes.iter().map(|(name, fields)| {
        let pairs = fields.iter().map(|(wire, shape)| match shape {
            FieldShape::Null => quote!(#wire: Null),
            FieldShape::Object(inner) => {
                let inner = format_ident!("{}", inner);
                quote!(#wire: Object(#inner))
            }
            FieldShape::List(inner) => {
                let inner = format_ident!("{}", inner);
                quote!(#wire: List(#inner))
            }
        });
        let ident = format_ident!("{}", name);
        quote! { #ident { #(#pairs),* } }
    });
    let tokens = quote! { #count; #(#entries)* };
    file.items.push(syn::Item::Macro(syn::ItemMacro {
        attrs: vec![parse_quote!(#[cfg(test)])],
        ident: None,
        mac: syn::Macro {
            path: parse_quote!(::telnyx_sdk_json::null_field_tests),
            bang_token: Default::default(),
            delimiter: syn::MacroDelimiter::Brace(Default::default()),
            tokens,
        },
        semi_token: None,
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> syn::File {
        parse_quote! {
            pub mod types {
                #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
                pub struct Room {
                    #[serde(default)]
                    pub enable_recording: bool,
                    pub id: ::std::string::String,
                    #[serde(rename = "type")]
                    pub kind: Kind,
                    #[serde(default, skip_serializing_if = "::std::vec::Vec::is_empty")]
                    pub sessions: ::std::vec::Vec<Session>,
                    pub note: ::std::option::Option<::std::string::String>,
                    pub extra: ::serde_json::Value,
                    pub limit: ::std::num::NonZeroU64,
                    pub created_at: ::chrono::DateTime<::chrono::offset::Utc>,
                    pub number: NumberId,
                    pub storage: Storage,
                    pub owner: Owner,
                }
                #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
                pub struct Owner {
                    pub name: ::std::string::String,
                    pub storage: Storage,
                }
                pub enum Storage {
                    S3(::serde_json::Map<::std::string::String, ::serde_json::Value>),
                    Unknown(::serde_json::Value),
                }
                #[serde(transparent)]
                pub struct NumberId(pub ::std::string::String);
                impl ::std::convert::From<::std::string::String> for NumberId {
                    fn from(value: ::std::string::String) -> Self {
                        Self(value)
                    }
                }
                #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default)]
                pub struct Session {
                    pub room: ::std::option::Option<::std::boxed::Box<Room>>,
                }
                #[derive(Clone, Debug)]
                pub enum Kind {
                    Room,
                    Unknown(::std::string::String),
                }
                #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
                pub struct CreateRoomRequest {
                    pub name: ::std::string::String,
                }
            }
            impl Client {
                pub async fn get(&self) -> Result<ResponseValue<types::Room>, Error<()>> {
                    todo!()
                }
                pub async fn create(&self, body: &types::CreateRoomRequest) -> Result<ResponseValue<()>, Error<()>> {
                    todo!()
                }
            }
        }
    }

    fn text(f: &syn::File) -> String {
        quote!(#f).to_string()
    }

    #[test]
    fn response_fields_decode_null_and_requests_are_left_alone() {
        let mut f = sample();
        let found = accept_null_in_response_fields(&mut f, false, &BTreeSet::new());
        assert_eq!(
            found.structs,
            BTreeSet::from([
                "Owner".to_string(),
                "Room".to_string(),
                "Session".to_string()
            ]),
            "the request body type is not reachable from a response"
        );
        // enable_recording, id, sessions, created_at, Owner.name: defaults; kind, number:
        // from text; owner: a struct with no Default whose fields all read null
        assert_eq!(found.fields_rewritten, 8);
        assert!(
            text(&f).contains("impl null_fields :: NullObject for Owner { const FIELDS : & 'static [& 'static str] = & [\"name\" , \"storage\"] ; }"),
            "{}",
            text(&f)
        );
        assert_eq!(found.not_rewritten, vec!["Room.limit".to_string()]);
        let t = text(&f);
        assert_eq!(
            t.matches("deserialize_with = \"null_fields::default_on_null\"")
                .count(),
            5,
            "{t}"
        );
        assert_eq!(
            t.matches("deserialize_with = \"null_fields::empty_text_on_null\"")
                .count(),
            2
        );
        assert!(t.contains("mod null_fields"));
        assert!(
            t.contains("skip_serializing_if = \"::std::vec::Vec::is_empty\""),
            "serialization attributes stay"
        );
        let request = t
            .split("pub struct CreateRoomRequest")
            .nth(1)
            .unwrap_or_default();
        assert!(!request.contains("deserialize_with"), "{request}");
    }

    #[test]
    fn types_only_crates_treat_every_type_as_an_event() {
        let mut f = sample();
        let found = accept_null_in_response_fields(&mut f, true, &BTreeSet::new());
        assert_eq!(found.structs.len(), 4);
    }

    #[test]
    fn emitted_test_lists_every_struct_with_shapes() {
        let mut f = sample();
        let found = accept_null_in_response_fields(&mut f, false, &BTreeSet::new());
        emit_null_field_tests(&mut f, &found);
        let t = text(&f);
        assert!(
            t.contains("# [cfg (test)] :: telnyx_sdk_json :: null_field_tests ! { 3 ;"),
            "{t}"
        );
        assert!(t.contains("\"sessions\" : List (Session)"), "{t}");
        assert!(t.contains("\"room\" : Object (Room)"), "{t}");
        assert!(t.contains("\"type\" : Null"), "{t}");
    }

    #[test]
    fn nothing_is_emitted_without_types() {
        let mut f: syn::File = parse_quote! { fn main() {} };
        let found = accept_null_in_response_fields(&mut f, false, &BTreeSet::new());
        emit_null_field_tests(&mut f, &found);
        assert_eq!(found, NullFields::default());
        assert_eq!(f.items.len(), 1);
    }
}
