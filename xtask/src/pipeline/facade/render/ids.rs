//! `generated/ids.rs`: one type per typed id the domains use.

use super::*;

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
