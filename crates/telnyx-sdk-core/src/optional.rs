//! [`IntoOptional`]: what the setter of an optional field accepts.

/// A value for an optional field of a request body: the value itself, anything that
/// converts into it without loss, or an `Option` of it (`None` leaves the field out).
///
/// The setters of optional fields take it, so text fields take `&str` and integer fields
/// take a bare literal:
///
/// ```
/// use telnyx_sdk_core::IntoOptional;
///
/// fn set<T: IntoOptional<String>>(value: T) -> Option<String> {
///     value.into_optional()
/// }
/// assert_eq!(set("standup"), Some("standup".to_owned()));
/// assert_eq!(set(String::from("standup")), Some("standup".to_owned()));
/// assert_eq!(set(None::<String>), None);
///
/// fn count<T: IntoOptional<i64>>(value: T) -> Option<i64> {
///     value.into_optional()
/// }
/// assert_eq!(count(10), Some(10));
/// ```
pub trait IntoOptional<T> {
    /// The field's value; `None` leaves it out.
    fn into_optional(self) -> Option<T>;
}

impl<T> IntoOptional<T> for T {
    fn into_optional(self) -> Option<T> {
        Some(self)
    }
}

impl<T> IntoOptional<T> for Option<T> {
    fn into_optional(self) -> Option<T> {
        self
    }
}

impl IntoOptional<String> for &str {
    fn into_optional(self) -> Option<String> {
        Some(self.to_owned())
    }
}

impl IntoOptional<String> for &String {
    fn into_optional(self) -> Option<String> {
        Some(self.clone())
    }
}

impl IntoOptional<String> for Option<&str> {
    fn into_optional(self) -> Option<String> {
        self.map(str::to_owned)
    }
}

/// Lossless numeric conversions (`From`), so that a literal of the default type fits.
macro_rules! widening {
    ($($target:ty => [$($source:ty),*];)*) => {
        $($(
            impl IntoOptional<$target> for $source {
                fn into_optional(self) -> Option<$target> {
                    Some(<$target>::from(self))
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
    fn into_optional(self) -> Option<f32> {
        Some(self as f32)
    }
}

#[cfg(test)]
mod tests {
    use super::IntoOptional;

    fn opt<T, V: IntoOptional<T>>(v: V) -> Option<T> {
        v.into_optional()
    }

    #[test]
    fn literals_and_text_fit_their_fields() {
        assert_eq!(opt::<String, _>("a"), Some("a".to_owned()));
        assert_eq!(opt::<String, _>(Some("a")), Some("a".to_owned()));
        assert_eq!(opt::<String, _>(None::<&str>), None);
        assert_eq!(opt::<i64, _>(7_i32), Some(7));
        assert_eq!(opt::<i32, _>(7_i32), Some(7));
        assert_eq!(opt::<f32, _>(1.25_f64), Some(1.25));
        assert_eq!(opt::<f64, _>(2_i32), Some(2.0));
        assert_eq!(opt::<bool, _>(true), Some(true));
    }
}
