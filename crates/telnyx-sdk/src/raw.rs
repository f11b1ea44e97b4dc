//! Any endpoint: [`Client::request`] (and [`Client::get`], [`Client::post`],
//! [`Client::patch`], [`Client::delete`]) for an operation this SDK does not cover yet.
//!
//! A [`RawRequest`] goes through the same machinery as a generated one: base URL, bearer
//! auth and user agent; per-attempt timeout, retries with `Retry-After`, the total deadline;
//! a `command_id` on request; tracing; and the same error mapping, with Telnyx's parsed error
//! list. Path parameters are escaped like generated ones, and `""`, `.` and `..` are refused.

use std::time::Duration;

use reqwest::Method;
use reqwest::header::HeaderMap;
use serde::Serialize;
use serde::de::DeserializeOwned;
use telnyx_sdk_core::codegen::{PathParam, check_path_param};
use telnyx_sdk_core::progenitor_client::{Error as GeneratedError, ResponseValue};

use crate::client::Overrides;
use crate::{Client, Error, Response};

impl Client {
    /// A request to any endpoint, e.g. one Telnyx shipped after this SDK version.
    ///
    /// `path` is relative to the base URL and may hold `{name}` placeholders, filled (and
    /// escaped) by [`RawRequest::path_param`]. The response decodes into the caller's type.
    /// `path` as written is the call's `url.template` in traces and metrics: pass ids with
    /// `path_param`, not inside `path`.
    ///
    /// ```no_run
    /// # async fn demo(client: telnyx_sdk::Client) -> Result<(), telnyx_sdk::Error> {
    /// use telnyx_sdk::reqwest::Method;
    ///
    /// let answered: serde_json::Value = client
    ///     .request(Method::POST, "/calls/{call_control_id}/actions/answer")
    ///     .path_param("call_control_id", "v3:abc")
    ///     .json(serde_json::json!({"client_state": "aGk="}))
    ///     .command_id(true)
    ///     .send()
    ///     .await?;
    /// # let _ = answered;
    /// # Ok(())
    /// # }
    /// ```
    pub fn request(&self, method: Method, path: &str) -> RawRequest {
        RawRequest {
            client: self.clone(),
            method,
            path: path.to_owned(),
            params: Vec::new(),
            query: Vec::new(),
            body: None,
            headers: HeaderMap::new(),
            command_id: false,
            overrides: Overrides::default(),
            error: None,
        }
    }

    /// A `GET` to any endpoint; see [`Client::request`].
    pub fn get(&self, path: &str) -> RawRequest {
        self.request(Method::GET, path)
    }

    /// A `POST` to any endpoint; see [`Client::request`].
    pub fn post(&self, path: &str) -> RawRequest {
        self.request(Method::POST, path)
    }

    /// A `PATCH` to any endpoint; see [`Client::request`].
    pub fn patch(&self, path: &str) -> RawRequest {
        self.request(Method::PATCH, path)
    }

    /// A `DELETE` to any endpoint; see [`Client::request`].
    pub fn delete(&self, path: &str) -> RawRequest {
        self.request(Method::DELETE, path)
    }
}

/// A request to any endpoint; see [`Client::request`].
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct RawRequest {
    client: Client,
    method: Method,
    path: String,
    params: Vec<(String, String)>,
    query: Vec<(String, String)>,
    body: Option<serde_json::Value>,
    headers: HeaderMap,
    command_id: bool,
    overrides: Overrides,
    error: Option<String>,
}

impl RawRequest {
    /// Fills the placeholder `{name}` of the path with `value`, escaped like the path
    /// parameters of generated requests.
    pub fn path_param(mut self, name: &str, value: impl AsRef<str>) -> Self {
        self.params
            .push((name.to_owned(), value.as_ref().to_owned()));
        self
    }

    /// Adds a query parameter (sent in the order added; brackets in keys stay readable).
    pub fn query(mut self, key: &str, value: impl ToString) -> Self {
        self.query.push((key.to_owned(), value.to_string()));
        self
    }

    /// Sets a JSON body.
    pub fn json(mut self, body: impl Serialize) -> Self {
        match serde_json::to_value(body) {
            Ok(v) => self.body = Some(v),
            Err(e) => self.error = Some(format!("invalid body: {e}")),
        }
        self
    }

    /// Adds a header (after the SDK's own; `Authorization` and `User-Agent` are always the
    /// SDK's).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        match crate::client::header(name, value) {
            Ok((n, v)) => {
                self.headers.append(n, v);
            }
            Err(message) => self.error = Some(message),
        }
        self
    }

    /// Whether to add a fresh `command_id` to the JSON body (once, so every retry repeats
    /// it), as generated commands do; default `false`.
    pub fn command_id(mut self, on: bool) -> Self {
        self.command_id = on;
        self
    }

    /// Overrides the client's per-attempt timeout for this call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.overrides.timeout = Some(timeout);
        self
    }

    /// Overrides the client's retry count for this call (0 disables retries).
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.overrides.max_retries = Some(max_retries);
        self
    }

    /// Overrides the client's total deadline for this call (all attempts and waits).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.overrides.deadline = Some(deadline);
        self
    }

    /// Sends the request and decodes the response body (an empty body reads as JSON
    /// `null`, so `()` and `Option<T>` fit a `204`).
    pub async fn send<T: DeserializeOwned + 'static>(self) -> Result<T, Error> {
        self.call::<T, crate::request::Value>().await
    }

    /// Like [`send`](Self::send), with the response's status and headers.
    pub async fn send_with_response<T: DeserializeOwned + 'static>(
        self,
    ) -> Result<Response<T>, Error> {
        self.call::<T, crate::request::Full>().await
    }

    async fn call<T, K>(self) -> Result<K::Output, Error>
    where
        T: DeserializeOwned + 'static,
        K: crate::request::Finish<T>,
    {
        if let Some(message) = self.error {
            return Err(Error::InvalidRequest(message));
        }
        let deadline = self.overrides.deadline(&self.client);
        let url = url_of(
            self.client.base_url(),
            &self.path,
            &self.params,
            &self.query,
        )
        .map_err(Error::InvalidRequest)?;
        let inner = &self.client.inner;
        let runtime = inner
            .runtime
            .with_overrides(self.overrides.max_retries, self.overrides.timeout);
        let mut builder = inner
            .http
            .request(self.method, url)
            .header(reqwest::header::ACCEPT, "application/json")
            .headers(self.headers);
        if let Some(body) = &self.body {
            builder = builder.json(body);
        }
        let request = builder
            .build()
            .map_err(|e| Error::InvalidRequest(format!("cannot build the request: {e}")))?;
        let operation = telnyx_sdk_core::Operation {
            id: "request",
            method: "",
            path: "",
            accepts_command_id: self.command_id,
        };
        let http = &inner.http;
        // the path as written, placeholders unfilled: the call's `url.template`
        let template = std::borrow::Cow::Owned(self.path);
        let response = async {
            let response = telnyx_sdk_core::execute_with_template(
                &runtime, http, request, operation, template,
            )
            .await
            .map_err(GeneratedError::CommunicationError)?;
            if !response.status().is_success() {
                return Err(GeneratedError::UnexpectedResponse(response));
            }
            decode::<T>(response).await
        };
        let call = crate::request::Call::<_, T, K>::start(response);
        match deadline {
            None => call.await,
            Some(deadline) => Box::pin(crate::request::within(deadline, call)).await,
        }
    }
}

/// Decodes a success body; an empty one reads as JSON `null`.
async fn decode<T: DeserializeOwned>(
    mut response: reqwest::Response,
) -> Result<ResponseValue<T>, GeneratedError<()>> {
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    let body = telnyx_sdk_core::codegen::read_body(&mut response)
        .await
        .map_err(GeneratedError::ResponseBodyError)?;
    let text: &[u8] = if body.is_empty() { b"null" } else { &body };
    let value = serde_json::from_slice(text)
        .map_err(|e| GeneratedError::InvalidResponsePayload(body, e))?;
    Ok(ResponseValue::new(value, status, headers))
}

/// The URL of a raw request: base URL, the path with its placeholders filled and escaped,
/// and the query.
fn url_of(
    base: &str,
    path: &str,
    params: &[(String, String)],
    query: &[(String, String)],
) -> Result<String, String> {
    let mut url = String::with_capacity(base.len() + path.len() + 16);
    url.push_str(base);
    if !path.starts_with('/') {
        url.push('/');
    }
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        url.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            return Err(format!("unclosed `{{` in path `{path}`"));
        };
        let name = &rest[open + 1..open + close];
        let Some((_, value)) = params.iter().find(|(n, _)| n == name) else {
            return Err(format!(
                "no value for path parameter `{{{name}}}` (use `.path_param`)"
            ));
        };
        check_path_param(name, value.as_str())?;
        url.push_str(&PathParam(value.as_str()).to_string());
        rest = &rest[open + close + 1..];
    }
    if rest.contains('}') {
        return Err(format!("unopened `}}` in path `{path}`"));
    }
    url.push_str(rest);
    for (name, _) in params {
        if !path.contains(&format!("{{{name}}}")) {
            return Err(format!("path `{path}` has no placeholder `{{{name}}}`"));
        }
    }
    let mut sep = '?';
    for (key, value) in query {
        url.push(sep);
        sep = '&';
        // the one query encoder of the SDK (a space is `%20`), as for `extra_query`;
        // brackets in keys are made readable again when sent
        telnyx_sdk_core::encode_query_component(key, &mut url);
        url.push('=');
        telnyx_sdk_core::encode_query_component(value, &mut url);
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn placeholders_are_filled_and_escaped() {
        let url = url_of(
            "http://h/v2",
            "/queues/{name}/calls/{id}",
            &p(&[("name", "EMEA\\Tier 2/x"), ("id", "v3:a")]),
            &p(&[("filter[status]", "a b"), ("page[size]", "5")]),
        )
        .expect("url");
        assert_eq!(
            url,
            "http://h/v2/queues/EMEA%5CTier%202%2Fx/calls/v3:a?filter%5Bstatus%5D=a%20b&page%5Bsize%5D=5"
        );
    }

    #[test]
    fn bad_paths_are_refused() {
        assert!(url_of("http://h", "/q/{n}", &p(&[("n", "..")]), &[]).is_err());
        assert!(url_of("http://h", "/q/{n}", &p(&[("n", "")]), &[]).is_err());
        assert!(
            url_of("http://h", "/q/{n}", &[], &[]).is_err(),
            "missing value"
        );
        assert!(url_of("http://h", "/q/{n", &p(&[("n", "x")]), &[]).is_err());
        assert!(
            url_of("http://h", "/q", &p(&[("n", "x")]), &[]).is_err(),
            "unused value"
        );
        assert_eq!(
            url_of("http://h", "rooms", &[], &[]).as_deref(),
            Ok("http://h/rooms")
        );
    }
}
