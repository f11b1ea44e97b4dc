//! Helpers that the code written by `cargo xtask regen` calls in place of progenitor's own,
//! to build and decode requests with fewer copies. Each one keeps progenitor's behaviour;
//! the xtask post-processing step that substitutes it is named in its docs.
//!
//! Hidden from the docs: only generated code is meant to call these, and they may change
//! with the generator (each generated crate requires the `telnyx-sdk-core` 0.x it was
//! generated against).

use std::fmt::{self, Write as _};
use std::future::Future;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use progenitor_client::{Error, QueryParam, ResponseValue};
use serde::de::DeserializeOwned;
use serde::ser::{Impossible, Serialize, Serializer};

/// What a path parameter must escape so that a URL parser keeps it one segment of the
/// intended route: the WHATWG URL standard's path-segment set (C0 controls, space, `"`,
/// `#`, `<`, `>`, `?`, `` ` ``, `{`, `}`), plus `/`, `%` (so that `%2e` stays text), and `\`,
/// which WHATWG parsers (reqwest's `url`) read as `/` in `http(s)` URLs. Progenitor's
/// `encode_path` escapes the same set without `\`.
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
    .add(b'%')
    .add(b'\\');

/// A path parameter, percent-encoded while it is formatted into the URL.
///
/// `format!("{}/rooms/{}", base, PathParam(&id))` writes the URL progenitor's
/// `encode_path(&id.to_string())` writes (and escapes `\\` too) without the two intermediate
/// strings. Substituted by the xtask step `postprocess::encode_path_params_in_place`.
///
/// Escaping cannot protect the dot segments `.` and `..` (a parser resolves `%2E%2E` like
/// `..`), nor an empty segment: [`check_path_param`] refuses those before the URL is built.
pub struct PathParam<'a, T: fmt::Display + ?Sized>(pub &'a T);

impl<T: fmt::Display + ?Sized> fmt::Display for PathParam<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(Escaping(f), "{}", self.0)
    }
}

/// How many bytes a request URL is written into before the string has to grow: the base
/// URL, a path with its ids, and a query of a few filters.
const URL_CAPACITY: usize = 256;

/// Writes a request URL, `format_args!("{}/rooms/{}", base, PathParam(&id))`, into a string
/// allocated once, with room for the query [`QueryUrl`] appends.
///
/// `format!` starts from a guess of a few dozen bytes and grows the string two or three times
/// for a base URL and a path with an id. Each growth is a `realloc`, which glibc's allocator
/// serves under the lock of the memory's arena; requests sent from several threads contend
/// for that lock, and the growths cost about 4% of a call's CPU under load. A URL longer
/// than 256 bytes still works: the string grows. Substituted by the xtask step
/// `postprocess::preallocate_request_urls`.
///
/// Where `format!` panics on a `Display` impl that fails, this returns an empty URL, which
/// the request builder refuses (a relative URL without a base): the call fails and nothing
/// is sent, rather than a cut URL reaching another route.
pub fn request_url(args: fmt::Arguments<'_>) -> String {
    let mut url = String::with_capacity(URL_CAPACITY);
    if url.write_fmt(args).is_err() {
        url.clear();
    }
    url
}

/// The bytes a path segment keeps as they are (RFC 3986 unreserved), as a table: the check
/// runs on every byte of every path parameter.
const PLAIN: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~');
        b += 1;
    }
    table
};

/// Escapes whatever is written through it into the wrapped formatter.
struct Escaping<'a, 'b>(&'a mut fmt::Formatter<'b>);

impl fmt::Write for Escaping<'_, '_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        // ids are UUIDs or names of letters, digits and `-`: nothing to escape
        if s.bytes().all(|b| PLAIN[usize::from(b)]) {
            return self.0.write_str(s);
        }
        for piece in utf8_percent_encode(s, PATH_SEGMENT) {
            self.0.write_str(piece)?;
        }
        Ok(())
    }
}

/// Refuses a path parameter that no escaping keeps in its place: an empty value (the
/// segment disappears, `/queues//calls`), `.` or `..` (a URL parser removes the segment or
/// the one before it, so `/queues/../calls/x` becomes `/calls/x`). Called by generated code
/// before the URL is built (xtask step `postprocess::refuse_dot_path_params`); the message
/// becomes `Error::InvalidRequest`, and nothing is sent.
pub fn check_path_param<T: fmt::Display + ?Sized>(name: &str, value: &T) -> Result<(), String> {
    let mut head = Head::default();
    // writing into `Head` never fails; a failing `Display` impl is treated like text
    let _ = write!(head, "{value}");
    match head.text() {
        Some("") => Err(format!("path parameter {name} must not be empty")),
        Some(dots @ ("." | "..")) => Err(format!(
            "path parameter {name} must not be \"{dots}\": a URL parser would resolve it \
             and send the request to another route"
        )),
        _ => Ok(()),
    }
}

/// The first bytes written into it, enough to tell `""`, `.` and `..` from anything
/// longer, without allocating.
#[derive(Default)]
struct Head {
    bytes: [u8; 3],
    len: usize,
}

impl Head {
    /// The text written, or `None` when it was longer than two bytes.
    fn text(&self) -> Option<&str> {
        if self.len > 2 {
            return None;
        }
        std::str::from_utf8(self.bytes.get(..self.len)?).ok()
    }
}

impl fmt::Write for Head {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        // only the first bytes are kept; the rest is counted
        if let Some(free) = self.bytes.get_mut(self.len..) {
            for (slot, b) in free.iter_mut().zip(s.bytes()) {
                *slot = b;
            }
        }
        self.len = self.len.saturating_add(s.len());
        Ok(())
    }
}

/// Decodes a JSON response into a [`ResponseValue`], like progenitor's
/// `ResponseValue::from_response`, but moves the response headers into the value instead
/// of copying them. Substituted by the xtask step `postprocess::move_response_headers`.
///
/// Not an `async fn`, whose future would keep the response twice (as the argument and as
/// the variable read from).
#[allow(
    clippy::manual_async_fn,
    reason = "an `async fn` keeps its argument twice in the future"
)]
pub fn response_value<T: DeserializeOwned, E>(
    mut response: reqwest::Response,
) -> impl Future<Output = Result<ResponseValue<T>, Error<E>>> {
    async move {
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let full = match read_body(&mut response).await {
            Ok(full) => full,
            Err(e) => return Err(Error::ResponseBodyError(e.with_url(response.url().clone()))),
        };
        let inner =
            serde_json::from_slice(&full).map_err(|e| Error::InvalidResponsePayload(full, e))?;
        Ok(ResponseValue::new(inner, status, headers))
    }
}

/// The whole body of `response`, read chunk by chunk; a body that arrives in one chunk is
/// returned without a copy.
///
/// The same bytes as `reqwest::Response::bytes`, but its future holds only a borrow of the
/// response: the future of `bytes` takes the response and a collecting buffer inline (half a
/// kilobyte), and it is part of every generated request's future, which is moved on each call.
/// Unlike the error of `bytes`, an error here carries no URL; [`response_value`] adds it.
pub async fn read_body(response: &mut reqwest::Response) -> reqwest::Result<bytes::Bytes> {
    if let Some(BodyRead(body)) = response.extensions_mut().remove::<BodyRead>() {
        return Ok(body);
    }
    let Some(first) = response.chunk().await? else {
        return Ok(bytes::Bytes::new());
    };
    let Some(second) = response.chunk().await? else {
        return Ok(first);
    };
    let mut all = Vec::with_capacity(first.len() + second.len());
    all.extend_from_slice(&first);
    all.extend_from_slice(&second);
    while let Some(chunk) = response.chunk().await? {
        all.extend_from_slice(&chunk);
    }
    Ok(all.into())
}

/// The body of a success response that the retry loop read whole before handing the
/// response on (see `execute`); its stream has been consumed. [`read_body`] returns these
/// bytes, and [`whole_response`] puts them back as the body.
#[derive(Clone, Debug)]
pub struct BodyRead(pub(crate) bytes::Bytes);

/// `response` with a readable body: if the retry loop read it whole ([`BodyRead`]), a new
/// response around those bytes, with the same status, version, headers and URL; otherwise
/// `response` itself. Generated code wraps the response of `Error::UnexpectedResponse` in
/// it, so a caller's `.bytes()` or `.text()` sees the body. Substituted by the xtask step
/// `postprocess::unexpected_response_keeps_body`.
pub fn whole_response(mut response: reqwest::Response) -> reqwest::Response {
    match response.extensions_mut().remove::<BodyRead>() {
        Some(BodyRead(body)) => with_body(response, body),
        None => response,
    }
}

/// A new response around `body`, with the status, version, headers and URL of `response`.
pub(crate) fn with_body(mut response: reqwest::Response, body: bytes::Bytes) -> reqwest::Response {
    use reqwest::ResponseBuilderExt as _;
    let url = response.url().clone();
    let status = response.status();
    let version = response.version();
    let headers = std::mem::take(response.headers_mut());
    let mut rebuilt = http::Response::new(body);
    *rebuilt.status_mut() = status;
    *rebuilt.version_mut() = version;
    *rebuilt.headers_mut() = headers;
    // reqwest reads the URL from an extension only its builder method can write; a builder
    // given nothing else cannot fail
    if let Ok(carrier) = http::Response::builder().url(url).body(()) {
        rebuilt
            .extensions_mut()
            .extend(carrier.into_parts().0.extensions);
    }
    reqwest::Response::from(rebuilt)
}

/// A request URL and its query, written in one pass before the request is built.
///
/// `QueryUrl::new(url).param(name, &value)...finish()` writes the same query as
/// progenitor's `.query(&QueryParam::new(name, &value))` calls on the request builder,
/// followed by the SDK's `%5B` / `%5D` to `[` / `]` rewrite of query keys
/// ([`readable_query`](crate::readable_query)). Progenitor's way parses the URL's query
/// apart and puts it back once per parameter, and the rewrite once more per request;
/// this writes each pair once. Absent (`None`) parameters write nothing. Scalars (strings,
/// integers, booleans, enum values, and dates and ids, which serialize as strings) are
/// written directly; any other value goes through progenitor's own serializer, so the
/// query is the same for every type. One difference: a value that cannot be serialized
/// (a map of lists, say) is reported by [`finish`](Self::finish) and becomes progenitor's
/// `Error::InvalidRequest` naming the parameter, where reqwest's builder reported a builder
/// error when the request was built. Substituted by the xtask step
/// `postprocess::write_query_into_url`.
#[derive(Debug)]
pub struct QueryUrl {
    url: String,
    /// The fragment (`#...`) of the URL, put back after the query.
    fragment: Option<String>,
    /// Whether the URL has a query already (the next pair starts with `&`, not `?`).
    has_query: bool,
    /// The first parameter that could not be serialized.
    error: Option<String>,
}

impl QueryUrl {
    /// Starts from a URL without the parameters.
    pub fn new(mut url: String) -> Self {
        let fragment = url.find('#').map(|at| url.split_off(at));
        // an empty query is dropped, as reqwest drops it
        if url.ends_with('?') {
            url.pop();
        }
        let has_query = url.contains('?');
        QueryUrl {
            url,
            fragment,
            has_query,
            error: None,
        }
    }

    /// Adds `name=value` (nothing when `value` is `None`; one pair per element for a list).
    ///
    /// Takes the value or a reference to it. Generated code moves its parameters in, so that
    /// they are dropped here and not kept in the request's future until it completes.
    pub fn param<T: Serialize>(mut self, name: &str, value: T) -> Self {
        if self.error.is_some() {
            return self;
        }
        let mark = self.url.len();
        let value = &value;
        let direct = value.serialize(PairWriter {
            url: &mut self.url,
            has_query: &mut self.has_query,
            name,
        });
        if direct.is_err() {
            self.url.truncate(mark);
            self.param_as_progenitor(name, value);
        }
        self
    }

    /// A value [`PairWriter`] does not write: serialized by progenitor's `QueryParam` and
    /// `serde_urlencoded`, as `reqwest::RequestBuilder::query` would.
    fn param_as_progenitor<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        let mut pairs = form_urlencoded::Serializer::new(String::new());
        let serialized = QueryParam::new(name, &value)
            .serialize(serde_urlencoded::Serializer::new(&mut pairs))
            .map(|_| ());
        match serialized {
            Ok(()) => {
                // form encoding writes a space as `+` and a plus sign as `%2B`: every `+` is
                // a space, sent as `%20` like the values written above
                let pairs = pairs.finish().replace('+', "%20");
                if !pairs.is_empty() {
                    push_separator(&mut self.url, &mut self.has_query);
                    self.url.push_str(&crate::readable_query(&pairs));
                }
            }
            Err(e) => {
                self.error = Some(format!("query parameter `{name}` cannot be sent: {e}"));
            }
        }
    }

    /// The URL with its query, or the error of the first parameter that could not be
    /// serialized.
    pub fn finish(self) -> Result<String, String> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let mut url = self.url;
        if let Some(fragment) = self.fragment {
            url.push_str(&fragment);
        }
        Ok(url)
    }
}

/// Writes one scalar query parameter as `?name=value` or `&name=value`, encoded like
/// `serde_urlencoded`; nothing for `None`. Any other value is refused with [`Unsupported`]
/// before anything is written.
struct PairWriter<'a> {
    url: &'a mut String,
    has_query: &'a mut bool,
    name: &'a str,
}

impl PairWriter<'_> {
    /// Writes the separator, the key (brackets left readable) and `=`.
    fn key(&mut self) {
        push_separator(self.url, self.has_query);
        if self
            .name
            .bytes()
            .all(|b| b == b'[' || b == b']' || is_unreserved(b))
        {
            self.url.push_str(self.name);
        } else {
            // brackets stay readable, as in every other key
            let mut key = String::new();
            crate::encode_query_component(self.name, &mut key);
            self.url
                .push_str(&key.replace("%5B", "[").replace("%5D", "]"));
        }
        self.url.push('=');
    }

    fn text(mut self, value: &str) -> Result<(), Unsupported> {
        self.key();
        if value.bytes().all(is_unreserved) {
            self.url.push_str(value);
        } else {
            // the SDK's one query encoder: a space is `%20`, as in `extra_query` and
            // `RawRequest::query` (a strict server reads `+` as a plus sign)
            crate::encode_query_component(value, self.url);
        }
        Ok(())
    }

    fn integer(mut self, value: impl itoa::Integer) -> Result<(), Unsupported> {
        self.key();
        // digits and `-` need no encoding
        self.url.push_str(itoa::Buffer::new().format(value));
        Ok(())
    }
}

/// Starts the next pair: `?` for the first of the query, `&` after that.
fn push_separator(url: &mut String, has_query: &mut bool) {
    url.push(if *has_query { '&' } else { '?' });
    *has_query = true;
}

/// The bytes `application/x-www-form-urlencoded` writes as they are.
fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'*' | b'-' | b'.' | b'_')
}

/// A value [`PairWriter`] leaves to progenitor's serializer.
#[derive(Debug)]
struct Unsupported;

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a scalar query value")
    }
}

impl std::error::Error for Unsupported {}

impl serde::ser::Error for Unsupported {
    fn custom<M: fmt::Display>(_: M) -> Self {
        Unsupported
    }
}

macro_rules! integers {
    ($($method:ident($ty:ty)),* $(,)?) => {
        $(fn $method(self, value: $ty) -> Result<(), Unsupported> {
            self.integer(value)
        })*
    };
}

macro_rules! unsupported {
    ($($method:ident($($ty:ty),*)),* $(,)?) => {
        $(fn $method(self, $(_: $ty),*) -> Result<(), Unsupported> {
            Err(Unsupported)
        })*
    };
}

impl Serializer for PairWriter<'_> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Impossible<(), Unsupported>;
    type SerializeTuple = Impossible<(), Unsupported>;
    type SerializeTupleStruct = Impossible<(), Unsupported>;
    type SerializeTupleVariant = Impossible<(), Unsupported>;
    type SerializeMap = Impossible<(), Unsupported>;
    type SerializeStruct = Impossible<(), Unsupported>;
    type SerializeStructVariant = Impossible<(), Unsupported>;

    integers!(
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
    );

    // floats (formatted by `ryu` there), 128-bit integers, bytes and units: progenitor's way
    unsupported!(
        serialize_i128(i128),
        serialize_u128(u128),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_bytes(&[u8]),
        serialize_unit(),
        serialize_unit_struct(&'static str),
    );

    fn serialize_bool(self, value: bool) -> Result<(), Unsupported> {
        self.text(if value { "true" } else { "false" })
    }

    fn serialize_char(self, value: char) -> Result<(), Unsupported> {
        self.text(value.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, value: &str) -> Result<(), Unsupported> {
        self.text(value)
    }

    fn serialize_none(self) -> Result<(), Unsupported> {
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Unsupported> {
        value.serialize(self)
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Unsupported> {
        self.text(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<(), Unsupported> {
        Err(Unsupported)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Unsupported> {
        Err(Unsupported)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Unsupported> {
        Err(Unsupported)
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Unsupported> {
        Err(Unsupported)
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Unsupported> {
        Err(Unsupported)
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsupported> {
        Err(Unsupported)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Unsupported> {
        Err(Unsupported)
    }

    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, Unsupported> {
        Err(Unsupported)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unsupported> {
        Err(Unsupported)
    }
}

#[cfg(test)]
mod tests {
    use super::PathParam;

    #[test]
    fn path_params_are_escaped_like_progenitor_plus_backslash() {
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
            ("%2e%2e", "%252e%252e"),
            ("...", "..."),
        ];
        for (raw, encoded) in cases {
            assert_eq!(format!("{}", PathParam(raw)), encoded, "{raw:?}");
            assert_eq!(
                format!("{}", PathParam(raw)),
                progenitor_client::encode_path(raw),
                "{raw:?}"
            );
        }
        assert_eq!(format!("{}", PathParam("EMEA\\Tier-2")), "EMEA%5CTier-2");
        assert_eq!(format!("/calls/{}/x", PathParam(&42_i64)), "/calls/42/x");
    }

    #[test]
    fn request_urls_are_written_like_format_in_one_allocation() {
        use super::{QueryUrl, URL_CAPACITY, request_url};
        let id = uuid::Uuid::from_u128(0x0ccc_7b54_4df3_4bca_a65a_3da1_ecc7_77f0);
        let base = "https://api.telnyx.com/v2";
        let url = request_url(format_args!("{}/rooms/{}", base, PathParam(&id)));
        assert_eq!(url, format!("{}/rooms/{}", base, PathParam(&id)));
        assert_eq!(url.capacity(), URL_CAPACITY);
        // the query is appended in the same allocation
        let start = url.as_ptr();
        let with_query = QueryUrl::new(url)
            .param("include_sessions", Some(true))
            .finish()
            .expect("query");
        assert_eq!(with_query.as_ptr(), start);
        assert!(
            with_query.ends_with("?include_sessions=true"),
            "{with_query}"
        );
        // a URL longer than the capacity is written whole; hostile ids are escaped
        let long = "x".repeat(URL_CAPACITY * 2);
        let url = request_url(format_args!(
            "{}/q/{}/{}",
            base,
            PathParam(&long),
            PathParam("..\\/")
        ));
        assert_eq!(url, format!("{base}/q/{long}/..%5C%2F"));
        assert_eq!(request_url(format_args!("{}/queues", "")), "/queues");

        // a `Display` that fails midway: no cut URL, and the request cannot be built
        struct Broken;
        impl std::fmt::Display for Broken {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("abc")?;
                Err(std::fmt::Error)
            }
        }
        let url = request_url(format_args!("{}/rooms/{}", base, PathParam(&Broken)));
        assert_eq!(url, "");
        assert!(reqwest::Client::new().get(url).build().is_err());
    }

    #[test]
    fn empty_and_dot_path_params_are_refused() {
        use super::check_path_param;
        for bad in ["", ".", ".."] {
            let err = check_path_param("queue_name", bad).expect_err(bad);
            assert!(err.contains("queue_name"), "{err}");
        }
        for fine in ["...", ".a", "a.", "%2e", "%2e%2e", " ", "x", "é", "0"] {
            assert_eq!(check_path_param("id", fine), Ok(()), "{fine:?}");
        }
        assert_eq!(check_path_param("n", &42_i64), Ok(()));
    }

    #[test]
    fn query_urls_match_progenitor_and_the_readable_rewrite() {
        use super::QueryUrl;
        use progenitor_client::QueryParam;

        #[derive(serde::Serialize)]
        #[serde(rename_all = "snake_case")]
        enum Status {
            InProgress,
        }
        #[derive(serde::Serialize)]
        struct Wrapped(u32);

        let client = reqwest::Client::new();
        let date = "2026-01-02";
        let id = uuid::Uuid::from_u128(0x0ccc_7b54_4df3_4bca_a65a_3da1_ecc7_77f0);
        for base in [
            "http://example.test/v2/rooms",
            "http://example.test/v2/rooms?fixed=1",
            "http://example.test/v2/rooms#frag",
            "http://example.test/v2/rooms?",
        ] {
            let ours = QueryUrl::new(base.to_owned())
                .param("filter[date][eq]", Some(date))
                .param("page[number]", Some(2_u64))
                .param("page[size]", None::<u64>)
                .param("filter[name]", Some("a b&c=d+e/é[x]%"))
                .param("ids", Some(vec!["a b", "c"]))
                .param("unused", None::<Vec<&str>>)
                .param("filter[status]", Some(Status::InProgress))
                .param("filter[room_id]", Some(id))
                .param("active", Some(true))
                .param("offset", -3_i32)
                .param("ratio", Some(0.5_f64))
                .param("initial", 'ü')
                .param("odd key[ä]", "x")
                .finish()
                .expect("query");
            let theirs = client
                .get(base)
                .query(&QueryParam::new("filter[date][eq]", &Some(date)))
                .query(&QueryParam::new("page[number]", &Some(2_u64)))
                .query(&QueryParam::new("page[size]", &None::<u64>))
                .query(&QueryParam::new("filter[name]", &Some("a b&c=d+e/é[x]%")))
                .query(&QueryParam::new("ids", &Some(vec!["a b", "c"])))
                .query(&QueryParam::new("unused", &None::<Vec<&str>>))
                .query(&QueryParam::new(
                    "filter[status]",
                    &Some(Status::InProgress),
                ))
                .query(&QueryParam::new("filter[room_id]", &Some(id)))
                .query(&QueryParam::new("active", &Some(true)))
                .query(&QueryParam::new("offset", &-3_i32))
                .query(&QueryParam::new("ratio", &Some(0.5_f64)))
                .query(&QueryParam::new("initial", &'ü'))
                .query(&QueryParam::new("odd key[ä]", &"x"))
                .build();
            let mut theirs = theirs.expect("request").url().clone();
            let readable = theirs
                .query()
                .map(|q| crate::readable_query(q).into_owned());
            // the same pairs, with a space sent as `%20` (the SDK's one query encoder) where
            // form encoding writes `+` (a plus sign itself is `%2B` in both)
            let readable = readable.map(|q| q.replace('+', "%20"));
            theirs.set_query(readable.as_deref());
            let ours = reqwest::Url::parse(&ours).expect("url");
            assert_eq!(ours.as_str(), theirs.as_str(), "{base}");
            assert!(
                ours.as_str().contains("filter[name]=a%20b%26c%3Dd%2Be"),
                "{ours}"
            );
        }

        // progenitor cannot send a newtype struct; neither can this
        let theirs = client
            .get("http://example.test/v2/rooms")
            .query(&QueryParam::new("wrapped", &Wrapped(7)))
            .build();
        assert!(theirs.is_err());
        let ours = QueryUrl::new("http://example.test/v2/rooms".to_owned())
            .param("wrapped", Wrapped(7))
            .finish();
        assert!(ours.is_err(), "{ours:?}");

        for base in [
            "http://example.test/v2/rooms",
            "http://example.test/v2/rooms?",
        ] {
            let only_absent = QueryUrl::new(base.to_owned())
                .param("a", None::<u64>)
                .finish()
                .expect("query");
            let theirs = client
                .get(base)
                .query(&QueryParam::new("a", &None::<u64>))
                .build()
                .expect("request");
            assert_eq!(only_absent, "http://example.test/v2/rooms");
            assert_eq!(
                reqwest::Url::parse(&only_absent).ok().as_ref(),
                Some(theirs.url())
            );
        }
    }

    #[test]
    fn query_values_that_cannot_be_sent_are_an_error() {
        use super::QueryUrl;
        let mut map = std::collections::BTreeMap::new();
        map.insert("nested", vec![1, 2]);
        let error = QueryUrl::new("http://example.test/v2/rooms".to_owned())
            .param("page[number]", 1_u64)
            .param("filter", map)
            .param("page[size]", 2_u64)
            .finish()
            .expect_err("a map of lists is no query value");
        assert!(
            error.starts_with("query parameter `filter` cannot be sent"),
            "{error}"
        );
    }

    /// Serves one response written in `parts`, a few milliseconds apart, and returns its URL.
    async fn serve_in_parts(parts: Vec<&'static str>) -> String {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.expect("accept");
            let mut request = Vec::new();
            let mut buf = [0u8; 1024];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                let n = socket.read(&mut buf).await.expect("read");
                if n == 0 {
                    return;
                }
                request.extend_from_slice(&buf[..n]);
            }
            for part in parts {
                socket.write_all(part.as_bytes()).await.expect("write");
                socket.flush().await.expect("flush");
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            }
        });
        format!("http://{addr}/")
    }

    #[tokio::test]
    async fn bodies_are_read_whole_in_one_or_many_chunks() {
        use super::response_value;
        let chunked = serve_in_parts(vec![
            "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nx-request-id: r1\r\n\r\n",
            "5\r\n{\"a\":\r\n",
            "3\r\n[1,\r\n",
            "3\r\n2]}\r\n",
            "0\r\n\r\n",
        ])
        .await;
        let response = reqwest::get(chunked).await.expect("response");
        let value = response_value::<serde_json::Value, ()>(response)
            .await
            .expect("value");
        assert_eq!(value.headers()["x-request-id"], "r1");
        assert_eq!(value.into_inner(), serde_json::json!({"a": [1, 2]}));

        let whole = serve_in_parts(vec![
            "HTTP/1.1 200 OK\r\ncontent-length: 7\r\n\r\n{\"b\":2}",
        ])
        .await;
        let response = reqwest::get(whole).await.expect("response");
        let value = response_value::<serde_json::Value, ()>(response)
            .await
            .expect("value");
        assert_eq!(value.into_inner(), serde_json::json!({"b": 2}));

        // a body cut short is a body error, as with `bytes()`
        let cut =
            serve_in_parts(vec!["HTTP/1.1 200 OK\r\ncontent-length: 20\r\n\r\n{\"b\":"]).await;
        let cut_url = cut.clone();
        let response = reqwest::get(cut).await.expect("response");
        let error = response_value::<serde_json::Value, ()>(response)
            .await
            .expect_err("cut body");
        match error {
            progenitor_client::Error::ResponseBodyError(e) => {
                assert!(e.url().is_some_and(|u| u.as_str() == cut_url), "{e:?}");
            }
            other => panic!("not a body error: {other:?}"),
        }
    }

    /// A response whose body is the given frames (an `Err` ends it with an error).
    fn response_of(frames: Vec<Result<&'static str, &'static str>>) -> reqwest::Response {
        let frames = frames.into_iter().map(|frame| {
            frame
                .map(|data| http_body::Frame::data(bytes::Bytes::from_static(data.as_bytes())))
                .map_err(std::io::Error::other)
        });
        let body = http_body_util::StreamBody::new(futures::stream::iter(frames));
        http::Response::new(reqwest::Body::wrap(body)).into()
    }

    #[tokio::test]
    async fn read_body_joins_chunks_and_keeps_errors() {
        use super::read_body;
        let read = |frames| async move { read_body(&mut response_of(frames)).await };
        assert_eq!(read(vec![]).await.expect("empty"), "");
        assert_eq!(read(vec![Ok("one")]).await.expect("one"), "one");
        assert_eq!(read(vec![Ok("a"), Ok("b")]).await.expect("two"), "ab");
        assert_eq!(
            read(vec![Ok("a"), Ok(""), Ok("bc"), Ok("d")])
                .await
                .expect("many"),
            "abcd"
        );
        for frames in [
            vec![Err("reset")],
            vec![Ok("a"), Err("reset")],
            vec![Ok("a"), Ok("b"), Err("reset")],
        ] {
            let error = read(frames).await.expect_err("cut body");
            assert!(error.is_decode() || error.is_body(), "{error:?}");
        }
    }
}
