//! Helpers that the code written by `cargo xtask regen` calls in place of progenitor's own,
//! to build and decode requests with fewer copies. Each one keeps progenitor's behaviour;
//! the xtask post-processing step that substitutes it is named in its docs.
//!
//! Hidden from the docs: only generated code is meant to call these, and they may change
//! with the generator (each generated crate requires the `telnyx-sdk-core` 0.x it was
//! generated against).

use std::fmt::{self, Write as _};

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use progenitor_client::{Error, ResponseValue};
use serde::de::DeserializeOwned;

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
}
