//! [`IntoOptional`]: what the setter of an optional field accepts.

use std::borrow::Cow;

/// A value for an optional field of a request body: the value itself, anything that
/// converts into it without loss, an `Option` of it (`None` leaves the field out), and, as
/// each generated crate adds, the field type's builder and, for text with a pattern or a
/// length limit, plain text.
///
/// The setters of optional fields take it, so text fields take `&str` and integer fields
/// take a bare literal. A value that does not fit (text that breaks its pattern, a builder
/// missing a required field) is kept as an error naming the field, and the request fails
/// with `Error::InvalidRequest` when it is sent:
///
/// ```
/// use telnyx_sdk_core::IntoOptional;
///
/// fn set<T: IntoOptional<String>>(value: T) -> Result<Option<String>, String> {
///     value.into_optional()
/// }
/// assert_eq!(set("standup"), Ok(Some("standup".to_owned())));
/// assert_eq!(set(String::from("standup")), Ok(Some("standup".to_owned())));
/// assert_eq!(set(None::<String>), Ok(None));
///
/// fn count<T: IntoOptional<i64>>(value: T) -> Result<Option<i64>, String> {
///     value.into_optional()
/// }
/// assert_eq!(count(10), Ok(Some(10)));
/// ```
pub trait IntoOptional<T> {
    /// The field's value (`None` leaves it out), or why the value does not fit.
    fn into_optional(self) -> Result<Option<T>, String>;
}

/// What the setter of a body builder's optional field stores: the value, or why it does not
/// fit, naming the field. The generated setters call it, so the message is written once.
#[doc(hidden)]
pub fn optional_field<T, V: IntoOptional<T>>(
    value: V,
    field: &str,
) -> Result<Option<T>, Cow<'static, str>> {
    value
        .into_optional()
        .map_err(|e| Cow::Owned(conversion_error(field, &e)))
}

/// What the setter of a body builder's required field stores: the value, or why it does not
/// fit, naming the field.
#[doc(hidden)]
pub fn required_field<T, V>(value: V, field: &str) -> Result<T, Cow<'static, str>>
where
    V: TryInto<T>,
    V::Error: std::fmt::Display,
{
    value
        .try_into()
        .map_err(|e| Cow::Owned(conversion_error(field, &e)))
}

/// What the setter of an operation builder's parameter stores: the value, or, when it does
/// not convert, a message naming the parameter and its type. The domain crates' operation
/// builders call it.
#[doc(hidden)]
pub fn operation_param<T, V: TryInto<T>>(value: V, param: &str) -> Result<T, String> {
    value
        .try_into()
        .map_err(|_| param_error(param, std::any::type_name::<T>()))
}

/// [`operation_param`] for an optional parameter: a value that converts is `Some`.
#[doc(hidden)]
pub fn optional_operation_param<T, V: TryInto<T>>(
    value: V,
    param: &str,
) -> Result<Option<T>, String> {
    operation_param(value, param).map(Some)
}

/// What an operation builder's required parameter starts as: an empty message, which
/// [`required_operation_param`] replaces when no setter was called. It does not allocate;
/// the message of a setter's failed conversion ([`operation_param`]) is never empty.
#[doc(hidden)]
pub const fn unset_operation_param() -> String {
    String::new()
}

/// A required parameter of an operation builder, read when the request is sent: the value,
/// the message of a setter's failed conversion, or `"{param} was not initialized"` when no
/// setter was called (the field is still [`unset_operation_param`]).
#[doc(hidden)]
pub fn required_operation_param<T>(value: Result<T, String>, param: &str) -> Result<T, String> {
    value.map_err(|message| {
        if message.is_empty() {
            format!("{param} was not initialized")
        } else {
            message
        }
    })
}

/// The error a body builder reports: the first field (in declaration order) whose value
/// did not fit or was never supplied.
#[doc(hidden)]
pub fn first_builder_error(fields: &[Option<&str>]) -> String {
    fields.iter().flatten().next().map_or_else(
        || "the builder holds an error".to_owned(),
        |e| (*e).to_owned(),
    )
}

fn param_error(param: &str, ty: &str) -> String {
    format!("conversion to `{ty}` for {param} failed")
}

/// The message of a value that does not fit a field (one copy, not one per setter).
fn conversion_error(field: &str, e: &dyn std::fmt::Display) -> String {
    format!("error converting supplied value for {field}: {e}")
}

impl<T> IntoOptional<T> for T {
    fn into_optional(self) -> Result<Option<T>, String> {
        Ok(Some(self))
    }
}

impl<T> IntoOptional<T> for Option<T> {
    fn into_optional(self) -> Result<Option<T>, String> {
        Ok(self)
    }
}

impl IntoOptional<String> for &str {
    fn into_optional(self) -> Result<Option<String>, String> {
        Ok(Some(self.to_owned()))
    }
}

impl IntoOptional<String> for &String {
    fn into_optional(self) -> Result<Option<String>, String> {
        Ok(Some(self.clone()))
    }
}

impl IntoOptional<String> for Option<&str> {
    fn into_optional(self) -> Result<Option<String>, String> {
        Ok(self.map(str::to_owned))
    }
}

/// Lossless numeric conversions (`From`), so that a literal of the default type fits.
macro_rules! widening {
    ($($target:ty => [$($source:ty),*];)*) => {
        $($(
            impl IntoOptional<$target> for $source {
                fn into_optional(self) -> Result<Option<$target>, String> {
                    Ok(Some(<$target>::from(self)))
                }
            }
        )*)*
    };
}

widening! {
    i64 => [i8, i16, i32, u8, u16, u32];
    i32 => [i8, i16, u8, u16];
    u64 => [u8, u16, u32];
    u32 => [u8, u16];
    f64 => [f32, i8, i16, i32, u8, u16, u32];
}

/// A float field of single precision also takes a literal of the default float type; the
/// value is rounded to the nearest `f32`, as `as` does.
impl IntoOptional<f32> for f64 {
    fn into_optional(self) -> Result<Option<f32>, String> {
        Ok(Some(self as f32))
    }
}

/// The SDK's typed ids (`telnyx_sdk_ids`) in optional fields take the id, a reference to it
/// and its text; a UUID id also takes a [`uuid::Uuid`], and text that is not a UUID is the
/// error (the request fails when sent, naming the field).
macro_rules! ids_into_optional {
    (uuid: [$($uuid:ident),* $(,)?], text: [$($text:ident),* $(,)?] $(,)?) => {
        $(
            ids_into_optional!(@any $uuid);
            impl IntoOptional<telnyx_sdk_ids::$uuid> for &str {
                fn into_optional(self) -> Result<Option<telnyx_sdk_ids::$uuid>, String> {
                    self.parse().map(Some).map_err(|e: telnyx_sdk_ids::IdParseError| e.to_string())
                }
            }
            impl IntoOptional<telnyx_sdk_ids::$uuid> for String {
                fn into_optional(self) -> Result<Option<telnyx_sdk_ids::$uuid>, String> {
                    self.as_str().into_optional()
                }
            }
        )*
        $(
            ids_into_optional!(@any $text);
            impl IntoOptional<telnyx_sdk_ids::$text> for &str {
                fn into_optional(self) -> Result<Option<telnyx_sdk_ids::$text>, String> {
                    Ok(Some(self.into()))
                }
            }
            impl IntoOptional<telnyx_sdk_ids::$text> for String {
                fn into_optional(self) -> Result<Option<telnyx_sdk_ids::$text>, String> {
                    Ok(Some(self.into()))
                }
            }
        )*
    };
    // what every id takes: a reference to it, and a UUID (with or without a value)
    (@any $id:ident) => {
        impl IntoOptional<telnyx_sdk_ids::$id> for &telnyx_sdk_ids::$id {
            fn into_optional(self) -> Result<Option<telnyx_sdk_ids::$id>, String> {
                Ok(Some(self.clone()))
            }
        }
        impl IntoOptional<telnyx_sdk_ids::$id> for uuid::Uuid {
            fn into_optional(self) -> Result<Option<telnyx_sdk_ids::$id>, String> {
                Ok(Some(self.into()))
            }
        }
        impl IntoOptional<telnyx_sdk_ids::$id> for Option<uuid::Uuid> {
            fn into_optional(self) -> Result<Option<telnyx_sdk_ids::$id>, String> {
                Ok(self.map(Into::into))
            }
        }
    };
}

telnyx_sdk_ids::for_each_id!(ids_into_optional);

/// For generated crates: `T: IntoOptional<X>` for each builder `builder::X` (a builder
/// missing a required field is the error) and, with `text`, for `&str` and `String` where
/// `X` is text with a pattern or a length limit (`X: TryFrom<&str>`).
#[doc(hidden)]
#[macro_export]
macro_rules! into_optional_impls {
    (builders: [$($ty:ident),* $(,)?], text: [$($text:ident),* $(,)?] $(,)?) => {
        $(
            impl $crate::IntoOptional<$ty> for builder::$ty {
                fn into_optional(self) -> ::std::result::Result<::std::option::Option<$ty>, ::std::string::String> {
                    <$ty as ::std::convert::TryFrom<builder::$ty>>::try_from(self)
                        .map(::std::option::Option::Some)
                        .map_err(|e| e.to_string())
                }
            }
        )*
        $(
            impl $crate::IntoOptional<$text> for &str {
                fn into_optional(self) -> ::std::result::Result<::std::option::Option<$text>, ::std::string::String> {
                    <$text as ::std::convert::TryFrom<&str>>::try_from(self)
                        .map(::std::option::Option::Some)
                        .map_err(|e| e.to_string())
                }
            }
            impl $crate::IntoOptional<$text> for ::std::string::String {
                fn into_optional(self) -> ::std::result::Result<::std::option::Option<$text>, ::std::string::String> {
                    <$text as ::std::convert::TryFrom<&str>>::try_from(self.as_str())
                        .map(::std::option::Option::Some)
                        .map_err(|e| e.to_string())
                }
            }
        )*
    };
}

/// For generated crates: a body type's builder, written from its fields. Expanded inside
/// typify's `types::builder` module, next to the type it builds (`super::$name`) and
/// typify's `super::error::ConversionError`.
///
/// Each field is `optional name: X` (stores `Option<X>`, starts `None`, its setter takes
/// anything [`IntoOptional<X>`](crate::IntoOptional)) or `required name: X` (stores `X`,
/// starts as "no value supplied for name", a static text that costs no allocation while the
/// builder is filled, its setter takes `TryInto<X>`), optionally
/// followed by `= <initial Result>` when the field starts with a value (a schema default, or
/// an empty list). Doc attributes before a field document its setter. The builder holds
/// each field's value or why it does not fit; `TryFrom<builder>` reports the first.
#[doc(hidden)]
#[macro_export]
macro_rules! type_builder {
    ($name:ident { $($(#[$attr:meta])* $kind:ident $field:ident: $ty:ty $(= $init:expr)?),* $(,)? }) => {
        #[derive(Clone, Debug)]
        pub struct $name {
            $($field: ::std::result::Result<
                $crate::type_builder!(@stored $kind $ty),
                ::std::borrow::Cow<'static, str>,
            >,)*
        }
        impl ::std::default::Default for $name {
            fn default() -> Self {
                Self { $($field: $crate::type_builder!(@init $kind $field $(= $init)?),)* }
            }
        }
        impl $name {
            $($crate::type_builder!(@setter [$(#[$attr])*] $kind $field $ty);)*
        }
        impl ::std::convert::TryFrom<$name> for super::$name {
            type Error = super::error::ConversionError;
            // One match over every field at once: a `?` per field would make the compiler
            // write, for each field, the clean-up of all the others (code quadratic in the
            // number of fields; 15k lines of IR for a call request of 60 fields).
            #[allow(unreachable_patterns)]
            fn try_from(value: $name) -> ::std::result::Result<Self, super::error::ConversionError> {
                let $name { $($field,)* } = value;
                match ($($field,)*) {
                    ($(::std::result::Result::Ok($field),)*) => ::std::result::Result::Ok(Self { $($field,)* }),
                    ($($field,)*) => ::std::result::Result::Err(
                        $crate::first_builder_error(&[$(match &$field {
                            ::std::result::Result::Err(e) => ::std::option::Option::Some(
                                ::std::convert::AsRef::<str>::as_ref(e),
                            ),
                            ::std::result::Result::Ok(_) => ::std::option::Option::None,
                        },)*]).into(),
                    ),
                }
            }
        }
        impl ::std::convert::From<super::$name> for $name {
            fn from(value: super::$name) -> Self {
                Self { $($field: ::std::result::Result::Ok(value.$field),)* }
            }
        }
    };
    (@stored optional $ty:ty) => { ::std::option::Option<$ty> };
    (@stored required $ty:ty) => { $ty };
    (@init $kind:ident $field:ident = $init:expr) => { $init };
    (@init optional $field:ident) => { ::std::result::Result::Ok(::std::option::Option::None) };
    (@init required $field:ident) => {
        ::std::result::Result::Err(::std::borrow::Cow::Borrowed(
            ::std::concat!("no value supplied for ", ::std::stringify!($field)),
        ))
    };
    (@setter [$(#[$attr:meta])*] optional $field:ident $ty:ty) => {
        $(#[$attr])*
        pub fn $field<T: $crate::IntoOptional<$ty>>(mut self, value: T) -> Self {
            self.$field = $crate::optional_field(value, ::std::stringify!($field));
            self
        }
    };
    (@setter [$(#[$attr:meta])*] required $field:ident $ty:ty) => {
        $(#[$attr])*
        pub fn $field<T>(mut self, value: T) -> Self
        where
            T: ::std::convert::TryInto<$ty>,
            T::Error: ::std::fmt::Display,
        {
            self.$field = $crate::required_field(value, ::std::stringify!($field));
            self
        }
    };
}

#[cfg(test)]
mod tests {
    use super::IntoOptional;

    fn opt<T, V: IntoOptional<T>>(v: V) -> Option<T> {
        v.into_optional().expect("fits")
    }

    #[test]
    fn literals_and_text_fit_their_fields() {
        assert_eq!(opt::<String, _>("a"), Some("a".to_owned()));
        assert_eq!(opt::<String, _>(Some("a")), Some("a".to_owned()));
        assert_eq!(opt::<String, _>(None::<&str>), None);
        assert_eq!(opt::<i64, _>(7_i32), Some(7));
        let room = "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0";
        assert_eq!(
            opt::<telnyx_sdk_ids::RoomId, _>(room).map(String::from),
            Some(room.to_owned())
        );
        let leg = telnyx_sdk_ids::CallControlId::from("v3:leg");
        assert_eq!(
            opt::<telnyx_sdk_ids::CallControlId, _>(&leg),
            Some(leg.clone())
        );
        assert_eq!(opt::<telnyx_sdk_ids::CallControlId, _>("v3:leg"), Some(leg));
        assert!(IntoOptional::<telnyx_sdk_ids::RoomId>::into_optional("room-7").is_err());
        assert_eq!(opt::<i32, _>(7_i32), Some(7));
        assert_eq!(opt::<f32, _>(1.25_f64), Some(1.25));
        assert_eq!(opt::<f64, _>(2_i32), Some(2.0));
        assert_eq!(opt::<bool, _>(true), Some(true));
    }
}

#[cfg(test)]
mod setter_helper_tests {
    use super::*;

    #[test]
    fn setter_helpers_keep_the_value_or_name_the_field_and_type() {
        assert_eq!(
            optional_field::<String, _>("a", "name"),
            Ok(Some("a".to_owned()))
        );
        assert_eq!(
            optional_field::<String, _>(None::<String>, "name"),
            Ok(None)
        );
        assert_eq!(required_field::<u8, _>(7u32, "count"), Ok(7));
        let err = required_field::<u8, _>(300u32, "count").expect_err("too big");
        assert!(
            err.starts_with("error converting supplied value for count: "),
            "{err}"
        );
        assert_eq!(operation_param::<u8, _>(7u32, "page"), Ok(7));
        assert_eq!(optional_operation_param::<u8, _>(7u32, "page"), Ok(Some(7)));
        assert_eq!(
            optional_operation_param::<u8, _>(300u32, "page"),
            Err("conversion to `u8` for page failed".to_owned())
        );
    }
}

#[cfg(test)]
mod type_builder_tests {
    // the layout typify writes: the type, its error module and `builder` side by side
    #[derive(Clone, Debug, PartialEq)]
    pub struct Room {
        pub name: Option<String>,
        pub max_participants: i64,
        pub tags: Vec<String>,
        pub region: String,
    }
    pub mod error {
        #[derive(Debug)]
        pub struct ConversionError(pub String);
        impl From<String> for ConversionError {
            fn from(value: String) -> Self {
                Self(value)
            }
        }
    }
    pub mod builder {
        crate::type_builder!(Room {
            /// The room's name.
            optional name: String,
            required max_participants: i64,
            required tags: Vec<String> = Ok(Default::default()),
            required region: String = Ok("us".to_owned()),
        });
    }

    #[test]
    fn a_builder_keeps_values_defaults_and_the_first_bad_field() {
        let room = Room::try_from(
            builder::Room::default()
                .name("standup")
                .max_participants(10),
        )
        .expect("complete");
        assert_eq!(
            room,
            Room {
                name: Some("standup".into()),
                max_participants: 10,
                tags: vec![],
                region: "us".into()
            }
        );
        // a required field never set is named
        let missing = Room::try_from(builder::Room::default()).expect_err("incomplete");
        assert_eq!(missing.0, "no value supplied for max_participants");
        // a value that does not fit names the field
        let too_big = Room::try_from(builder::Room::default().max_participants(u64::MAX))
            .expect_err("does not fit");
        assert!(
            too_big
                .0
                .starts_with("error converting supplied value for max_participants:"),
            "{}",
            too_big.0
        );
        // `From` goes back to a builder that rebuilds the same value
        let again = Room::try_from(builder::Room::from(room.clone()).name(None::<String>))
            .expect("complete");
        assert_eq!(again, Room { name: None, ..room });
        let set = Room::try_from(
            builder::Room::default()
                .max_participants(2)
                .tags(vec!["a".to_owned()])
                .region("eu"),
        )
        .expect("complete");
        assert_eq!(
            (set.tags, set.region.as_str()),
            (vec!["a".to_owned()], "eu")
        );
    }
}
