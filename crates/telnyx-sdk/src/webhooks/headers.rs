//! One trait for every way a web framework hands over request headers.

/// Request headers, in whatever form the web framework has them.
///
/// Implemented for every `IntoIterator` of name/value pairs ([`HeaderPair`]), so these all
/// work with no glue:
///
/// * `&http::HeaderMap` (axum, hyper, `lambda_http`, tower, reqwest),
/// * `&actix_web::http::header::HeaderMap` (its iterator yields the same pairs),
/// * slices, arrays and vectors of pairs: `&[(&str, &str)]`, `Vec<(String, String)>`,
///   `[(&str, &[u8]); 2]`, and `&HashMap<String, String>`.
///
/// Names are compared ASCII case-insensitively; when a name appears more than once, the first
/// value wins.
///
/// ```
/// use telnyx_sdk::webhooks::WebhookHeaders;
///
/// fn names(headers: impl WebhookHeaders) -> Vec<String> {
///     let mut out = Vec::new();
///     headers.for_each_header(&mut |name, _value| out.push(name.to_owned()));
///     out
/// }
///
/// let mut map = http::HeaderMap::new();
/// map.insert("telnyx-timestamp", http::HeaderValue::from_static("1700000000"));
/// assert_eq!(names(&map), ["telnyx-timestamp"]);
/// assert_eq!(names(&[("Telnyx-Timestamp", "1700000000")]), ["Telnyx-Timestamp"]);
/// assert_eq!(names(vec![("a".to_owned(), "b".to_owned())]), ["a"]);
/// ```
pub trait WebhookHeaders {
    /// Calls `f` once per header with its name and raw value, in order.
    ///
    /// ```
    /// use telnyx_sdk::webhooks::WebhookHeaders;
    ///
    /// let mut count = 0;
    /// [("x", "1"), ("y", "2")].for_each_header(&mut |_, _| count += 1);
    /// assert_eq!(count, 2);
    /// ```
    fn for_each_header(self, f: &mut dyn FnMut(&str, &[u8]));
}

/// One header as a name and a raw value; the items [`WebhookHeaders`] iterates over.
///
/// Implemented for tuples `(name, value)` and references to them, where the name is any
/// `AsRef<str>` (`&str`, `String`, `&http::HeaderName`) and the value any `AsRef<[u8]>`
/// (`&str`, `String`, `&[u8]`, `&http::HeaderValue`).
///
/// ```
/// use telnyx_sdk::webhooks::HeaderPair;
///
/// let pair = ("telnyx-timestamp", "1700000000");
/// assert_eq!(pair.name(), "telnyx-timestamp");
/// assert_eq!(pair.value(), b"1700000000");
/// ```
pub trait HeaderPair {
    /// The header's name, as received.
    ///
    /// ```
    /// use telnyx_sdk::webhooks::HeaderPair;
    /// assert_eq!(("A", "b").name(), "A");
    /// ```
    fn name(&self) -> &str;
    /// The header's raw value.
    ///
    /// ```
    /// use telnyx_sdk::webhooks::HeaderPair;
    /// assert_eq!(("a", "b").value(), b"b");
    /// ```
    fn value(&self) -> &[u8];
}

impl<K: AsRef<str>, V: AsRef<[u8]>> HeaderPair for (K, V) {
    fn name(&self) -> &str {
        self.0.as_ref()
    }
    fn value(&self) -> &[u8] {
        self.1.as_ref()
    }
}

impl<K: AsRef<str>, V: AsRef<[u8]>> HeaderPair for &(K, V) {
    fn name(&self) -> &str {
        self.0.as_ref()
    }
    fn value(&self) -> &[u8] {
        self.1.as_ref()
    }
}

impl<I> WebhookHeaders for I
where
    I: IntoIterator,
    I::Item: HeaderPair,
{
    fn for_each_header(self, f: &mut dyn FnMut(&str, &[u8])) {
        for pair in self {
            f(pair.name(), pair.value());
        }
    }
}
