//! Helpers that the code written by `cargo xtask regen` calls in place of progenitor's own,
//! to build and decode requests with fewer copies. Each one keeps progenitor's behaviour;
//! the xtask post-processing step that substitutes it is named in its docs.
//!
//! Hidden from the docs: only generated code is meant to call these, and they may change
//! with the generator (each generated crate requires the `telnyx-sdk-core` 0.x it was
//! generated against).

use std::fmt::{self, Write as _};

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use progenitor_client::{Error, QueryParam, ResponseValue};
use serde::de::DeserializeOwned;
use serde::ser::{Impossible, Serialize, Serializer};

/// What a path parameter must escape: the WHATWG URL standard's path-segment set (C0
/// controls, space, `"`, `#`, `<`, `>`, `?`, `` ` ``, `{`, `}`) plus `/` and `%`, so a value
/// always stays one segment. The same set as progenitor's `encode_path`.
const PATH_SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'/')
    .add(b'%');

/// A path parameter, percent-encoded while it is formatted into the URL.
///
/// `format!("{}/rooms/{}", base, PathParam(&id))` writes the same URL as progenitor's
/// `encode_path(&id.to_string())` without the two intermediate strings. Substituted by the
/// xtask step `postprocess::encode_path_params_in_place`.
pub struct PathParam<'a, T: fmt::Display + ?Sized>(pub &'a T);

impl<T: fmt::Display + ?Sized> fmt::Display for PathParam<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(Escaping(f), "{}", self.0)
    }
}

/// Escapes whatever is written through it into the wrapped formatter.
struct Escaping<'a, 'b>(&'a mut fmt::Formatter<'b>);

impl fmt::Write for Escaping<'_, '_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        // ids are UUIDs or names of letters, digits and `-`: nothing to escape
        let plain = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~');
        if s.bytes().all(plain) {
            return self.0.write_str(s);
        }
        for piece in utf8_percent_encode(s, PATH_SEGMENT) {
            self.0.write_str(piece)?;
        }
        Ok(())
    }
}

/// Decodes a JSON response into a [`ResponseValue`], like progenitor's
/// `ResponseValue::from_response`, but moves the response headers into the value instead
/// of copying them. Substituted by the xtask step `postprocess::move_response_headers`.
pub async fn response_value<T: DeserializeOwned, E>(
    mut response: reqwest::Response,
) -> Result<ResponseValue<T>, Error<E>> {
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    let full = response.bytes().await.map_err(Error::ResponseBodyError)?;
    let inner =
        serde_json::from_slice(&full).map_err(|e| Error::InvalidResponsePayload(full, e))?;
    Ok(ResponseValue::new(inner, status, headers))
}

/// `.query_param(name, &value)` on a request builder: progenitor's
/// `.query(&QueryParam::new(name, &value))`, skipped when `value` is `None`.
///
/// An absent optional parameter adds nothing to the URL either way, but reqwest's `query`
/// still takes the URL's query apart and puts it back, which costs more than the rest of the
/// request building for list calls with many filters. Substituted by the xtask step
/// `postprocess::skip_absent_query_params`.
pub trait QueryParamExt: Sized {
    /// Adds `name=value` to the query (with progenitor's encoding), unless `value` is `None`.
    fn query_param<T: Serialize>(self, name: &str, value: &T) -> Self;
}

impl QueryParamExt for reqwest::RequestBuilder {
    fn query_param<T: Serialize>(self, name: &str, value: &T) -> Self {
        if is_none(value) {
            self
        } else {
            self.query(&QueryParam::new(name, value))
        }
    }
}

/// Whether `value` serializes as a `None`, the only value that adds nothing to a query.
fn is_none<T: Serialize + ?Sized>(value: &T) -> bool {
    value.serialize(NoneProbe).unwrap_or(false)
}

/// A serializer that only answers whether it was given a `None`; anything compound stops
/// it at once with [`NotNone`].
struct NoneProbe;

/// Stops [`NoneProbe`] at a compound value (which is not `None`).
#[derive(Debug)]
struct NotNone;

impl fmt::Display for NotNone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not none")
    }
}

impl std::error::Error for NotNone {}

impl serde::ser::Error for NotNone {
    fn custom<M: fmt::Display>(_: M) -> Self {
        NotNone
    }
}

macro_rules! not_none {
    ($($method:ident($ty:ty)),* $(,)?) => {
        $(fn $method(self, _: $ty) -> Result<bool, NotNone> {
            Ok(false)
        })*
    };
}

impl Serializer for NoneProbe {
    type Ok = bool;
    type Error = NotNone;
    type SerializeSeq = Impossible<bool, NotNone>;
    type SerializeTuple = Impossible<bool, NotNone>;
    type SerializeTupleStruct = Impossible<bool, NotNone>;
    type SerializeTupleVariant = Impossible<bool, NotNone>;
    type SerializeMap = Impossible<bool, NotNone>;
    type SerializeStruct = Impossible<bool, NotNone>;
    type SerializeStructVariant = Impossible<bool, NotNone>;

    not_none!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_i128(i128),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_u128(u128),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_str(&str),
        serialize_bytes(&[u8]),
        serialize_unit_struct(&'static str),
    );

    fn serialize_none(self) -> Result<bool, NotNone> {
        Ok(true)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<bool, NotNone> {
        Ok(false)
    }

    fn serialize_unit(self) -> Result<bool, NotNone> {
        Ok(false)
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
    ) -> Result<bool, NotNone> {
        Ok(false)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<bool, NotNone> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<bool, NotNone> {
        Ok(false)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, NotNone> {
        Err(NotNone)
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, NotNone> {
        Err(NotNone)
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, NotNone> {
        Err(NotNone)
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, NotNone> {
        Err(NotNone)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, NotNone> {
        Err(NotNone)
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, NotNone> {
        Err(NotNone)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, NotNone> {
        Err(NotNone)
    }
}

#[cfg(test)]
mod tests {
    use super::PathParam;

    #[test]
    fn path_params_are_escaped_like_progenitor() {
        let cases = [
            (
                "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0",
                "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0",
            ),
            ("support queue", "support%20queue"),
            ("a/b?c#d%e", "a%2Fb%3Fc%23d%25e"),
            ("{x}<y>\"`", "%7Bx%7D%3Cy%3E%22%60"),
            ("naïve\u{7f}\n", "na%C3%AFve%7F%0A"),
            ("plain+chars:@!$&'()*,;=", "plain+chars:@!$&'()*,;="),
        ];
        for (raw, encoded) in cases {
            assert_eq!(format!("{}", PathParam(raw)), encoded, "{raw:?}");
            assert_eq!(
                format!("{}", PathParam(raw)),
                progenitor_client::encode_path(raw),
                "{raw:?}"
            );
        }
        assert_eq!(format!("/calls/{}/x", PathParam(&42_i64)), "/calls/42/x");
    }

    #[test]
    fn absent_query_params_leave_the_url_as_progenitor_would() {
        use super::QueryParamExt;
        use progenitor_client::QueryParam;

        let client = reqwest::Client::new();
        let url = "http://example.test/v2/rooms#frag";
        let page: Option<u64> = Some(2);
        let none: Option<u64> = None;
        let names: Option<Vec<&str>> = Some(vec!["a b", "c"]);
        let empty: Option<Vec<&str>> = None;
        let date: Option<&str> = Some("2026-01-02");
        let required = "x";

        let ours = client
            .get(url)
            .query_param("filter[date]", &date)
            .query_param("page[number]", &page)
            .query_param("page[size]", &none)
            .query_param("ids", &names)
            .query_param("unused", &empty)
            .query_param("required", &required)
            .build()
            .expect("request");
        let theirs = client
            .get(url)
            .query(&QueryParam::new("filter[date]", &date))
            .query(&QueryParam::new("page[number]", &page))
            .query(&QueryParam::new("page[size]", &none))
            .query(&QueryParam::new("ids", &names))
            .query(&QueryParam::new("unused", &empty))
            .query(&QueryParam::new("required", &required))
            .build()
            .expect("request");
        assert_eq!(ours.url().as_str(), theirs.url().as_str());

        let only_absent = client
            .get(url)
            .query_param("a", &none)
            .build()
            .expect("request");
        let progenitor = client
            .get(url)
            .query(&QueryParam::new("a", &none))
            .build()
            .expect("request");
        assert_eq!(only_absent.url().as_str(), progenitor.url().as_str());
        assert_eq!(only_absent.url().query(), None);
    }
}
