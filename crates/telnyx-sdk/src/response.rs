//! [`Response`]: a decoded value with the HTTP status and headers it came with.

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// A decoded response with its HTTP status and headers, from a request's
/// `.send_with_response()`.
///
/// ```no_run
/// # async fn demo(client: telnyx_sdk::Client, id: telnyx_sdk::RoomId) -> Result<(), telnyx_sdk::Error> {
/// let response = client.rooms().get(&id).send_with_response().await?;
/// println!("{} (request {:?})", response.status(), response.request_id());
/// let room = response.into_value();
/// # let _ = room;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct Response<T> {
    value: T,
    status: StatusCode,
    headers: HeaderMap,
}

impl<T> Response<T> {
    pub(crate) fn new(value: T, status: StatusCode, headers: HeaderMap) -> Self {
        Response {
            value,
            status,
            headers,
        }
    }

    /// The decoded value.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The decoded value, taken out.
    pub fn into_value(self) -> T {
        self.value
    }

    /// The HTTP status (a 2xx).
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Telnyx's id of the request (`x-request-id`), for support tickets and logs.
    pub fn request_id(&self) -> Option<&str> {
        telnyx_sdk_core::request_id_of(&self.headers)
    }

    /// The value, status and headers.
    pub fn into_parts(self) -> (T, StatusCode, HeaderMap) {
        (self.value, self.status, self.headers)
    }
}

impl<T> std::ops::Deref for Response<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}
