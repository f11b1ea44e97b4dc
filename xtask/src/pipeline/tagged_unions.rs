//! Tagged unions: a `oneOf` whose members say which one they are by one property.
//!
//! typify writes every `oneOf` of objects as a `#[serde(untagged)]` enum: decoding tries the
//! members in order and keeps the first that fits. Our enums are open (any text fits) and
//! our objects accept unknown fields, so the first member always fits and the members' own
//! fields are dropped (`{"type": "telnyx", "voice_speed": 1.25}` read as ElevenLabs
//! settings loses `voice_speed`). Where the document names a `discriminator`, or every
//! member fixes one required property to a value of its own, the union is tagged:
//!
//! - [`tag_unions`] (a document patch, stage 4): an inline union becomes a component named
//!   like [`hoist`] names shapes; the tag property is taken out of
//!   every member (users do not set it; the union writes it); the component is marked with
//!   [`MARK`] (property, and `[tag value, member]` pairs);
//! - [`replacements`] (stage 5): typify does not write the marked components (a
//!   `with_replacement` setting per union);
//! - [`items`] (stage 6): the enum itself, one newtype variant per member and
//!   `Unknown(serde_json::Value)`, with serde impls from one `macro_rules!` per crate that
//!   read the tag and decode only the member it names. A value whose tag this version does
//!   not know is kept whole and sent back unchanged.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::{Value, json};

use super::patch::PatchLog;
use super::patch::hoist;
use super::patch::whole_spec::variant_name;
use crate::error::{escape, unescape};

/// Component extension marking a tagged union: `{"property": .., "variants": [[tag, member]]}`.
pub const MARK: &str = "x-telnyx-tagged-union";

/// The crate-wide macro the unions' serde impls come from.
const MACRO: &str = "tagged_union_impls";

/// One tagged union, as [`read`] finds it in a patched document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaggedUnion {
    /// Component name (also the Rust name).
    pub name: String,
    /// The property holding the tag (`type`, `role`).
    pub property: String,
    pub description: Option<String>,
    pub variants: Vec<Variant>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// The tag's value on the wire.
    pub tag: String,
    /// The Rust variant name.
    pub name: String,
    /// The member's Rust type name.
    pub ty: String,
    /// Whether the member refers back to the union (it is boxed, or the type has no size).
    pub boxed: bool,
    pub description: Option<String>,
}

/// A union found in the document, before the patch.
struct Found {
    /// Pointer of the union schema.
    ptr: String,
    /// Component name when the union already is one.
    component: Option<String>,
    site: Option<hoist::Site>,
    property: String,
    /// (tag value, member component name)
    members: Vec<(String, String)>,
}

/// The patch: see the module docs. Unions that cannot be tagged stay as they are and are
/// logged with the reason.
pub fn tag_unions(doc: &mut Value, log: &mut PatchLog) {
    // the unions, read before anything changes (the schemas are borrowed, not copied)
    let mut found: Vec<Found> = Vec::new();
    {
        let no_schemas = json!({});
        let schemas = doc.pointer("/components/schemas").unwrap_or(&no_schemas);
        if let Some(map) = schemas.as_object() {
            for (name, schema) in map {
                let ptr = format!("/components/schemas/{}", escape(name));
                if let Some((property, members)) = taggable(schema, schemas, &ptr, log) {
                    found.push(Found {
                        ptr,
                        component: Some(name.clone()),
                        site: None,
                        property,
                        members,
                    });
                }
            }
        }
        for site in hoist::sites(doc) {
            let Some(schema) = doc.pointer(&site.ptr) else {
                continue;
            };
            if let Some((property, members)) = taggable(schema, schemas, &site.ptr, log) {
                found.push(Found {
                    ptr: site.ptr.clone(),
                    component: None,
                    site: Some(site),
                    property,
                    members,
                });
            }
        }
    }
    if found.is_empty() {
        return;
    }
    // a member whose schema is used anywhere else keeps its tag: its union stays untagged
    let member_uses = member_references(doc);
    found.retain(|f| {
        let shared = f.members.iter().find(|(_, m)| {
            member_uses
                .iter()
                .any(|(name, at)| name == m && !at.contains("/oneOf/") && !at.contains("/anyOf/"))
        });
        if let Some((_, m)) = shared {
            log.note(
                "tag_unions",
                format!("#{}: stays untagged, {m} is also used on its own", f.ptr),
            );
        }
        shared.is_none()
    });
    // inline unions become components, named like hoisted shapes
    let sites = hoist::sites(doc);
    let moving: BTreeSet<&str> = found
        .iter()
        .filter_map(|f| f.site.as_ref().map(|s| s.ptr.as_str()))
        .collect();
    let mut taken = hoist::taken_names(doc, &sites, &moving);
    let mut named: Vec<(String, Found)> = Vec::new();
    for f in found {
        let name = match (&f.component, &f.site) {
            (Some(c), _) => c.clone(),
            (None, Some(site)) => {
                let name =
                    hoist::group_name(&[site], &mut taken).unwrap_or_else(|| site.placed.clone());
                hoist::hoist(doc, &name, std::slice::from_ref(site));
                name
            }
            (None, None) => continue,
        };
        named.push((name, f));
    }
    for (name, f) in named {
        for (_, member) in &f.members {
            remove_tag(doc, member, &f.property, 0);
        }
        let variants: Vec<Value> = f.members.iter().map(|(t, m)| json!([t, m])).collect();
        let pointer = format!("/components/schemas/{}", escape(&name));
        if let Some(Value::Object(schema)) = doc.pointer_mut(&pointer) {
            schema.insert(
                MARK.into(),
                json!({ "property": f.property, "variants": variants }),
            );
        }
        log.note(
            "tag_unions",
            format!(
                "{name}: tagged by `{}` ({} members){}",
                f.property,
                f.members.len(),
                if f.component.is_none() {
                    format!(", from #{}", f.ptr)
                } else {
                    String::new()
                }
            ),
        );
    }
}

/// The tag property and `(tag value, member)` pairs of a union every member of which is a
/// component object (or a tagged union) fixing the tag, or `None`.
fn taggable(
    schema: &Value,
    schemas: &Value,
    ptr: &str,
    log: &mut PatchLog,
) -> Option<(String, Vec<(String, String)>)> {
    let map = schema.as_object()?;
    let list = map
        .get("oneOf")
        .or_else(|| map.get("anyOf"))
        .and_then(Value::as_array)?;
    if list.len() < 2 {
        return None;
    }
    let members: Vec<String> = list.iter().map(member_name).collect::<Option<_>>()?;
    let discriminator = map.get("discriminator");
    let property = match discriminator
        .and_then(|d| d.get("propertyName"))
        .and_then(Value::as_str)
    {
        Some(p) => p.to_string(),
        None => common_constant_property(&members, schemas)?,
    };
    let mapping = discriminator
        .and_then(|d| d.get("mapping"))
        .and_then(Value::as_object);
    let mut pairs = Vec::new();
    for m in &members {
        let from_mapping = mapping.and_then(|mp| {
            mp.iter()
                .find(|(_, target)| {
                    target
                        .as_str()
                        .and_then(|t| t.strip_prefix("#/components/schemas/"))
                        .is_some_and(|t| unescape(t) == *m)
                })
                .map(|(tag, _)| tag.clone())
        });
        let tag = from_mapping.or_else(|| constant(schemas.get(m)?, &property, schemas, 0));
        match tag {
            Some(t) => pairs.push((t, m.clone())),
            None => {
                log.note(
                    "tag_unions",
                    format!("#{ptr}: stays untagged, {m} does not fix `{property}`"),
                );
                return None;
            }
        }
    }
    let distinct: BTreeSet<&str> = pairs.iter().map(|(t, _)| t.as_str()).collect();
    if distinct.len() != pairs.len() {
        log.note(
            "tag_unions",
            format!("#{ptr}: stays untagged, two members share a `{property}` value"),
        );
        return None;
    }
    Some((property, pairs))
}

/// `{$ref: X}` or `{allOf: [{$ref: X}]}` -> `X`.
fn member_name(member: &Value) -> Option<String> {
    let target = member.get("$ref").or_else(|| {
        let all = member.get("allOf")?.as_array()?;
        (all.len() == 1).then(|| all[0].get("$ref"))?
    })?;
    target
        .as_str()?
        .strip_prefix("#/components/schemas/")
        .map(unescape)
}

/// The value a member fixes `property` to: a required property with a one-value string
/// enum; for a member that is itself a tagged union, the value all its members share.
fn constant(schema: &Value, property: &str, schemas: &Value, depth: usize) -> Option<String> {
    if depth > 4 {
        return None;
    }
    if let Some(list) = schema.get("oneOf").and_then(Value::as_array) {
        let values: BTreeSet<String> = list
            .iter()
            .map(|m| constant(schemas.get(member_name(m)?)?, property, schemas, depth + 1))
            .collect::<Option<_>>()?;
        return (values.len() == 1).then(|| values.into_iter().next())?;
    }
    let required = schema
        .get("required")
        .and_then(Value::as_array)
        .is_some_and(|r| r.iter().any(|p| p == property));
    // the property's schema, or the component a hoisted one points at
    let prop = schema.pointer(&format!("/properties/{}", escape(property)))?;
    let prop = match member_name(prop) {
        Some(target) => schemas.get(&target)?,
        None => prop,
    };
    let values = prop.get("enum").and_then(Value::as_array)?;
    match values.as_slice() {
        [Value::String(v)] if required => Some(v.clone()),
        _ => None,
    }
}

/// The one required property every member fixes to a distinct value, if there is exactly
/// one such property.
fn common_constant_property(members: &[String], schemas: &Value) -> Option<String> {
    let first = schemas.get(&members[0])?.get("properties")?.as_object()?;
    let candidates: Vec<&String> = first
        .keys()
        .filter(|p| {
            let values: Option<BTreeSet<String>> = members
                .iter()
                .map(|m| constant(schemas.get(m)?, p, schemas, 0))
                .collect();
            values.is_some_and(|v| v.len() == members.len())
        })
        .collect();
    match candidates.as_slice() {
        [one] => Some((*one).clone()),
        _ => None,
    }
}

/// Every `$ref` to a component schema: (component, pointer of the referring node).
fn member_references(doc: &Value) -> Vec<(String, String)> {
    fn walk(node: &Value, at: &str, out: &mut Vec<(String, String)>) {
        match node {
            Value::Object(map) => {
                if let Some(name) = map
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/components/schemas/"))
                {
                    out.push((unescape(name), at.to_string()));
                }
                for (k, v) in map {
                    if k == "discriminator" || k == "example" || k == "examples" {
                        continue;
                    }
                    walk(v, &format!("{at}/{}", escape(k)), out);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(v, &format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(doc, "", &mut out);
    out
}

/// Take `property` out of a member (and out of the members of a member that is a union).
fn remove_tag(doc: &mut Value, member: &str, property: &str, depth: usize) {
    if depth > 4 {
        return;
    }
    let pointer = format!("/components/schemas/{}", escape(member));
    let inner: Vec<String> = doc
        .pointer(&pointer)
        .and_then(|s| s.get("oneOf"))
        .and_then(Value::as_array)
        .map(|l| l.iter().filter_map(member_name).collect())
        .unwrap_or_default();
    for m in inner {
        remove_tag(doc, &m, property, depth + 1);
    }
    let Some(Value::Object(schema)) = doc.pointer_mut(&pointer) else {
        return;
    };
    if let Some(Value::Object(props)) = schema.get_mut("properties") {
        props.remove(property);
    }
    if let Some(Value::Array(required)) = schema.get_mut("required") {
        required.retain(|p| p != property);
        if required.is_empty() {
            schema.remove("required");
        }
    }
}

/// Every tagged union of a patched document.
pub fn read(doc: &Value) -> Vec<TaggedUnion> {
    let Some(schemas) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (union_name, schema) in schemas {
        let Some(mark) = schema.get(MARK) else {
            continue;
        };
        let property = mark
            .get("property")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let pairs: Vec<(String, String)> = mark
            .get("variants")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|p| {
                Some((
                    p.get(0)?.as_str()?.to_string(),
                    p.get(1)?.as_str()?.to_string(),
                ))
            })
            .collect();
        let names = variant_names(&pairs);
        let variants = pairs
            .iter()
            .zip(names)
            .map(|((tag, member), name)| Variant {
                tag: tag.clone(),
                name,
                ty: variant_name(member),
                boxed: reaches(schemas, member, union_name),
                description: schemas
                    .get(member)
                    .and_then(|s| s.get("description"))
                    .and_then(Value::as_str)
                    .map(str::to_string),
            })
            .collect();
        out.push(TaggedUnion {
            name: variant_name(union_name),
            property,
            description: schema
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_string),
            variants,
        });
    }
    out
}

/// Whether component `from` refers to component `to`, directly or through others.
fn reaches(schemas: &serde_json::Map<String, Value>, from: &str, to: &str) -> bool {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut todo = vec![from.to_string()];
    while let Some(name) = todo.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let Some(schema) = schemas.get(&name) else {
            continue;
        };
        let mut refs = Vec::new();
        collect_refs(schema, &mut refs);
        for r in refs {
            if r == to {
                return true;
            }
            todo.push(r);
        }
    }
    false
}

fn collect_refs(node: &Value, out: &mut Vec<String>) {
    match node {
        Value::Object(map) => {
            if let Some(name) = map
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
            {
                out.push(unescape(name));
            }
            map.values().for_each(|v| collect_refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

/// Variant names: the member type names without the words all of them share at the start
/// and the end (`AwsVoiceSettings`, `TelnyxVoiceSettings` -> `Aws`, `Telnyx`), else the
/// tag in Pascal case.
fn variant_names(pairs: &[(String, String)]) -> Vec<String> {
    let words: Vec<Vec<String>> = pairs
        .iter()
        .map(|(_, m)| hoist::pascal_words(&variant_name(m)))
        .collect();
    let shortest = words.iter().map(Vec::len).min().unwrap_or(0);
    let prefix = (0..shortest)
        .take_while(|&i| words.iter().all(|w| w[i] == words[0][i]))
        .count();
    let suffix = (0..shortest - prefix)
        .take_while(|&i| {
            let last = &words[0][words[0].len() - 1 - i];
            words.iter().all(|w| &w[w.len() - 1 - i] == last)
        })
        .count();
    let stripped: Vec<String> = words
        .iter()
        .map(|w| w[prefix..w.len() - suffix].concat())
        .collect();
    let unique: BTreeSet<&String> = stripped.iter().collect();
    let usable = unique.len() == stripped.len()
        && stripped.iter().all(|s| {
            !s.is_empty() && s != "Unknown" && s.starts_with(|c: char| c.is_ascii_alphabetic())
        });
    if usable {
        return stripped;
    }
    pairs
        .iter()
        .map(|(tag, m)| {
            let v = variant_name(tag);
            if v.is_empty() || v == "Unknown" || !v.starts_with(|c: char| c.is_ascii_alphabetic()) {
                variant_name(m)
            } else {
                v
            }
        })
        .collect()
}

/// typify settings: it does not write the unions; [`items`] does.
pub fn replacements(doc: &Value) -> Vec<(String, String)> {
    read(doc)
        .into_iter()
        .map(|u| (u.name.clone(), format!("crate::types::{}", u.name)))
        .collect()
}

/// The enums and their impls, for the `types` module; empty when there are none.
pub fn items(unions: &[TaggedUnion]) -> TokenStream {
    if unions.is_empty() {
        return TokenStream::new();
    }
    let mac = format_ident!("{MACRO}");
    let defs = unions.iter().map(|u| {
        let name = format_ident!("{}", u.name);
        let property = &u.property;
        let head = u.description.clone().unwrap_or_else(|| format!("One of {} kinds, told apart by `{property}`.", u.variants.len()));
        let how = format!(
            " Decoded by `{property}`: only the member it names is read. A `{property}` this \
             version does not know is kept whole in [`Unknown`]({}::Unknown) and sent back unchanged.",
            u.name
        );
        let variants = u.variants.iter().map(|v| {
            let ident = format_ident!("{}", v.name);
            let ty = member_type(v);
            let doc = match &v.description {
                Some(d) => format!("`{property}: \"{}\"`: {d}", v.tag),
                None => format!("`{property}: \"{}\"`", v.tag),
            };
            quote! { #[doc = #doc] #ident(#ty), }
        });
        let arms = u.variants.iter().map(|v| {
            let ident = format_ident!("{}", v.name);
            let ty = member_type(v);
            let tag = &v.tag;
            quote! { #tag => #ident(#ty), }
        });
        let unknown = format!("A `{property}` this version does not know: the JSON as received.");
        quote! {
            #[doc = #head]
            #[doc = ""]
            #[doc = #how]
            #[derive(Clone, Debug, PartialEq)]
            pub enum #name {
                #(#variants)*
                #[doc = #unknown]
                Unknown(::serde_json::Value),
            }
            #mac!(#name, #property, { #(#arms)* });
        }
    });
    quote! {
        /// Serde for a tagged union: the tag is written first, then the member's fields;
        /// decoding reads the tag and decodes only that member.
        macro_rules! #mac {
            ($name:ident, $tag:literal, { $($wire:literal => $variant:ident($ty:ty),)* }) => {
                impl ::serde::Serialize for $name {
                    fn serialize<S: ::serde::Serializer>(
                        &self,
                        serializer: S,
                    ) -> ::std::result::Result<S::Ok, S::Error> {
                        #[derive(::serde::Serialize)]
                        struct Tagged<'a, T> {
                            #[serde(rename = $tag)]
                            tag: &'static str,
                            #[serde(flatten)]
                            value: &'a T,
                        }
                        match self {
                            $(Self::$variant(value) => {
                                Tagged { tag: $wire, value }.serialize(serializer)
                            })*
                            Self::Unknown(value) => value.serialize(serializer),
                        }
                    }
                }
                impl<'de> ::serde::Deserialize<'de> for $name {
                    fn deserialize<D: ::serde::Deserializer<'de>>(
                        deserializer: D,
                    ) -> ::std::result::Result<Self, D::Error> {
                        enum Which { $($variant,)* }
                        let mut value = <::serde_json::Value as ::serde::Deserialize>::deserialize(
                            deserializer,
                        )?;
                        let which = match value.get($tag).and_then(::serde_json::Value::as_str) {
                            $(Some($wire) => Some(Which::$variant),)*
                            _ => None,
                        };
                        let Some(which) = which else {
                            return Ok(Self::Unknown(value));
                        };
                        if let Some(map) = value.as_object_mut() {
                            map.remove($tag);
                        }
                        match which {
                            $(Which::$variant => ::serde_json::from_value(value)
                                .map(Self::$variant)
                                .map_err(|e| <D::Error as ::serde::de::Error>::custom(
                                    format_args!("`{}: {:?}`: {}", $tag, $wire, e),
                                )),)*
                        }
                    }
                }
                impl $name {
                    /// The tag: the value of the property that says which member this is.
                    pub fn tag(&self) -> ::std::option::Option<&str> {
                        match self {
                            $(Self::$variant(_) => Some($wire),)*
                            Self::Unknown(value) => value.get($tag).and_then(::serde_json::Value::as_str),
                        }
                    }
                }
                $(impl ::std::convert::From<$ty> for $name {
                    fn from(value: $ty) -> Self {
                        Self::$variant(value)
                    }
                })*
            };
        }
        #(#defs)*
    }
}

/// The type a variant holds: the member, boxed when it refers back to the union.
fn member_type(v: &Variant) -> TokenStream {
    let ty = format_ident!("{}", v.ty);
    if v.boxed {
        quote!(::std::boxed::Box<#ty>)
    } else {
        quote!(#ty)
    }
}

/// Put [`items`] into the `types` module of progenitor's output.
pub fn insert(tree: &mut syn::File, unions: &[TaggedUnion]) -> Result<(), String> {
    if unions.is_empty() {
        return Ok(());
    }
    let file: syn::File = syn::parse2(items(unions))
        .map_err(|e| format!("internal error in the tagged unions: {e}"))?;
    for item in tree.items.iter_mut() {
        if let syn::Item::Mod(m) = item
            && m.ident == "types"
            && let Some((_, content)) = m.content.as_mut()
        {
            content.extend(file.items);
            return Ok(());
        }
    }
    Err("internal error: progenitor's output has no `types` module for the tagged unions".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Value {
        json!({ "components": { "schemas": {
            "SpeakRequest": { "type": "object", "properties": {
                "voice_settings": {
                    "description": "Provider options.",
                    "oneOf": [
                        { "$ref": "#/components/schemas/ElevenLabsVoiceSettings" },
                        { "$ref": "#/components/schemas/TelnyxVoiceSettings" }
                    ],
                    "discriminator": { "propertyName": "type", "mapping": {
                        "elevenlabs": "#/components/schemas/ElevenLabsVoiceSettings",
                        "telnyx": "#/components/schemas/TelnyxVoiceSettings" } }
                }
            }},
            "ElevenLabsVoiceSettings": { "type": "object", "required": ["type"], "properties": {
                "type": { "type": "string", "enum": ["elevenlabs"] },
                "api_key_ref": { "type": "string" } } },
            "TelnyxVoiceSettings": { "type": "object", "required": ["type"], "properties": {
                "type": { "type": "string", "enum": ["telnyx"] },
                "voice_speed": { "type": "number" } } },
            "Message": { "oneOf": [
                { "$ref": "#/components/schemas/UserMessage" },
                { "$ref": "#/components/schemas/SystemMessage" } ] },
            "UserMessage": { "type": "object", "required": ["role", "content"], "properties": {
                "role": { "type": "string", "enum": ["user"] }, "content": { "type": "string" } } },
            "SystemMessage": { "type": "object", "required": ["role"], "properties": {
                "role": { "type": "string", "enum": ["system"] }, "content": { "type": "string" } } }
        }}})
    }

    #[test]
    fn an_inline_discriminated_union_becomes_a_tagged_component() {
        let mut d = doc();
        let mut log = PatchLog::default();
        tag_unions(&mut d, &mut log);
        let s = &d["components"]["schemas"];
        assert_eq!(
            s["SpeakRequest"]["properties"]["voice_settings"],
            json!({ "allOf": [{ "$ref": "#/components/schemas/VoiceSettings" }],
                    "description": "Provider options." })
        );
        assert!(s["TelnyxVoiceSettings"]["properties"].get("type").is_none());
        assert!(s["TelnyxVoiceSettings"].get("required").is_none());
        let unions = read(&d);
        let vs = unions
            .iter()
            .find(|u| u.name == "VoiceSettings")
            .expect("VoiceSettings");
        assert_eq!(vs.property, "type");
        let names: Vec<(&str, &str)> = vs
            .variants
            .iter()
            .map(|v| (v.tag.as_str(), v.name.as_str()))
            .collect();
        assert_eq!(names, [("elevenlabs", "ElevenLabs"), ("telnyx", "Telnyx")]);
    }

    #[test]
    fn members_fixing_one_property_are_tagged_without_a_discriminator() {
        let mut d = doc();
        tag_unions(&mut d, &mut PatchLog::default());
        let unions = read(&d);
        let m = unions
            .iter()
            .find(|u| u.name == "Message")
            .expect("Message");
        assert_eq!(m.property, "role");
        let names: Vec<&str> = m.variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["User", "System"]);
        assert_eq!(
            d["components"]["schemas"]["UserMessage"]["required"],
            json!(["content"])
        );
    }

    #[test]
    fn a_member_used_on_its_own_keeps_its_union_untagged() {
        let mut d = doc();
        d["components"]["schemas"]["Reply"] = json!({ "type": "object", "properties": {
            "message": { "$ref": "#/components/schemas/UserMessage" } } });
        let mut log = PatchLog::default();
        tag_unions(&mut d, &mut log);
        assert!(read(&d).iter().all(|u| u.name != "Message"));
        assert!(
            d["components"]["schemas"]["UserMessage"]["properties"]
                .get("role")
                .is_some()
        );
        assert!(
            log.lines
                .iter()
                .any(|l| l.contains("UserMessage is also used on its own"))
        );
    }

    #[test]
    fn members_sharing_a_tag_value_stay_untagged() {
        let mut d = doc();
        d["components"]["schemas"]["SystemMessage"]["properties"]["role"]["enum"] = json!(["user"]);
        tag_unions(&mut d, &mut PatchLog::default());
        assert!(read(&d).iter().all(|u| u.name != "Message"));
    }

    #[test]
    fn the_rendered_enum_has_one_variant_per_member_and_unknown() {
        let mut d = doc();
        tag_unions(&mut d, &mut PatchLog::default());
        let code = items(&read(&d)).to_string();
        assert!(code.contains("pub enum VoiceSettings"), "{code}");
        assert!(
            code.contains("ElevenLabs (ElevenLabsVoiceSettings)"),
            "{code}"
        );
        assert!(code.contains("Unknown (:: serde_json :: Value)"), "{code}");
        assert!(
            code.contains("tagged_union_impls ! (VoiceSettings , \"type\""),
            "{code}"
        );
        assert_eq!(code.matches("macro_rules !").count(), 1);
    }

    #[test]
    fn a_member_that_refers_back_to_its_union_is_boxed() {
        let mut d = json!({ "components": { "schemas": {
            "Expression": { "oneOf": [
                { "$ref": "#/components/schemas/Comparison" },
                { "$ref": "#/components/schemas/Constant" } ],
              "discriminator": { "propertyName": "kind" } },
            "Comparison": { "type": "object", "required": ["kind"], "properties": {
                "kind": { "type": "string", "enum": ["comparison"] },
                "left": { "$ref": "#/components/schemas/Expression" } } },
            "Constant": { "type": "object", "required": ["kind"], "properties": {
                "kind": { "type": "string", "enum": ["constant"] },
                "value": { "type": "number" } } }
        }}});
        tag_unions(&mut d, &mut PatchLog::default());
        let unions = read(&d);
        let boxed: Vec<(&str, bool)> = unions[0]
            .variants
            .iter()
            .map(|v| (v.name.as_str(), v.boxed))
            .collect();
        assert_eq!(boxed, [("Comparison", true), ("Constant", false)]);
        let code = items(&unions).to_string();
        assert!(
            code.contains("Comparison (:: std :: boxed :: Box < Comparison >)"),
            "{code}"
        );
    }
}
