//! The null-field test every generated domain crate carries (`null_field_tests!`).

/// Writes a `#[cfg(test)]` module that decodes each listed struct from JSON objects with
/// `null` in every field, and again with the nested objects (and lists of objects) filled
/// one level deeper each time, until the shapes are exhausted: every field position at
/// every depth is `null` in one of the documents. The server sends `null` for fields it
/// has no value for, and a response or event that does not decode is lost to the caller.
///
/// `cargo xtask regen` writes the invocation (under `#[cfg(test)]`): how many structs it lists, then each struct
/// under `types` with its fields by wire name and how the test fills each one:
///
/// ```ignore
/// ::telnyx_sdk_json::null_field_tests! {
///     2;
///     Room { "id": Null, "owner": Object(Owner), "sessions": List(Session) }
///     Owner { "name": Null }
/// }
/// ```
///
/// The test asserts it checked exactly that many structs.
#[doc(hidden)]
#[macro_export]
macro_rules! null_field_tests {
    (
        $count:literal;
        $( $name:ident { $( $wire:literal : $shape:ident $( ( $inner:ident ) )? ),* $(,)? } )*
    ) => {
        /// Every struct a response or webhook event can contain decodes when the server sends
        /// `null` in any of its fields (listed by `cargo xtask regen`).
        #[cfg(test)]
        #[allow(clippy::all)]
        mod null_field_tests {
            use ::serde_json::{Map, Value};

            enum Shape {
                Null,
                Object(&'static str),
                List(&'static str),
            }

            type Decode = fn(Value) -> ::std::result::Result<(), ::serde_json::Error>;

            const TYPES: &[(&str, &[(&str, Shape)], Decode)] = &[
                $(
                    (
                        stringify!($name),
                        &[ $( ($wire, Shape::$shape $( (stringify!($inner)) )? ) ),* ],
                        |value| ::serde_json::from_value::<super::types::$name>(value).map(drop),
                    ),
                )*
            ];

            /// A JSON object for `name`: `null` in every field, nested objects expanded
            /// `depth` levels deep.
            fn document(name: &str, depth: usize) -> Value {
                let Some((_, fields, _)) = TYPES.iter().find(|(n, _, _)| *n == name) else {
                    return Value::Null;
                };
                let mut object = Map::new();
                for (wire, shape) in fields.iter() {
                    let value = match shape {
                        Shape::Object(inner) if depth > 0 => document(inner, depth - 1),
                        Shape::List(inner) if depth > 0 => {
                            Value::Array(vec![document(inner, depth - 1)])
                        }
                        _ => Value::Null,
                    };
                    object.insert((*wire).to_owned(), value);
                }
                Value::Object(object)
            }

            #[test]
            fn every_response_and_event_type_decodes_null_in_every_field() {
                let mut failures = Vec::new();
                let mut documents = 0;
                for (name, _, decode) in TYPES {
                    let mut previous = Value::Null;
                    for depth in 0..8 {
                        let doc = document(name, depth);
                        if doc == previous {
                            break;
                        }
                        documents += 1;
                        if let Err(e) = decode(doc.clone()) {
                            failures.push(format!("{name} at depth {depth}: {e}: {doc}"));
                        }
                        previous = doc;
                    }
                }
                assert!(failures.is_empty(), "{}", failures.join("\n"));
                assert_eq!(TYPES.len(), $count);
                assert!(documents >= TYPES.len());
                println!("null fields: {} types, {} documents decoded", TYPES.len(), documents);
            }
        }
    };
}
