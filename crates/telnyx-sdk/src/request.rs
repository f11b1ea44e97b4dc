//! What every request type shares. The request types themselves are generated
//! (`generated/resources/<domain>.rs`): each wraps a generated (progenitor) builder, stores
//! its parameters, and adds `.send()` returning `Result<T, telnyx_sdk::Error>` plus per-call
//! `.timeout(..)` and `.max_retries(..)`; list operations also get `.page_size(..)`,
//! `.limit(..)`, `.prefetch(..)`, `.pages()` and `.stream()`. They call the helpers here.
//!
//! The generated builder borrows its generated client, and a per-call override needs a
//! different client (same pool, different runtime). So the facade stores the parameters
//! and builds the generated request only when it is sent.

use telnyx_sdk_core::Page;

type ErrorFuture = std::pin::Pin<Box<dyn std::future::Future<Output = crate::Error> + Send>>;

pin_project_lite::pin_project! {
    /// One call of a generated request: its decoded value, or the SDK's error (for an error
    /// response, once its body is read).
    ///
    /// Polled from a function of its own instead of being inlined, with the generated state
    /// machine, into every future that awaits it: the facade's futures stay small in code,
    /// and one copy of each operation's request code serves every caller.
    pub(crate) struct Call<F, T, K = Value> {
        #[pin]
        request: F,
        // the mapping of an error, boxed: it reads a body, and errors are rare
        error: Option<ErrorFuture>,
        value: std::marker::PhantomData<fn() -> (T, K)>,
    }
}

type ResponseValue<T> = telnyx_sdk_core::progenitor_client::ResponseValue<T>;

/// What a call returns from a decoded response.
pub(crate) trait Finish<T> {
    type Output;
    fn finish(response: ResponseValue<T>) -> Self::Output;
}

/// The decoded value alone (`send`).
pub(crate) struct Value;

impl<T> Finish<T> for Value {
    type Output = T;
    #[inline]
    fn finish(response: ResponseValue<T>) -> T {
        response.into_inner()
    }
}

/// The value with the response's status and headers (`send_with_response`).
pub(crate) struct Full;

impl<T> Finish<T> for Full {
    type Output = crate::Response<T>;
    fn finish(response: ResponseValue<T>) -> crate::Response<T> {
        let status = response.status();
        let headers = response.headers().clone();
        crate::Response::new(response.into_inner(), status, headers)
    }
}

impl<F, T, K> Call<F, T, K> {
    /// Calls `request`, the future of a generated builder's `send()`; `K` says what the call
    /// returns ([`Value`] or [`Full`]).
    pub(crate) fn start(request: F) -> Self {
        Call {
            request,
            error: None,
            value: std::marker::PhantomData,
        }
    }
}

impl<F, T, K> std::future::Future for Call<F, T, K>
where
    F: std::future::Future<
            Output = Result<ResponseValue<T>, telnyx_sdk_core::progenitor_client::Error<()>>,
        >,
    T: serde::de::DeserializeOwned + 'static,
    K: Finish<T>,
{
    type Output = Result<K::Output, crate::Error>;

    #[inline(never)]
    fn poll(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        use std::task::Poll;
        let this = self.project();
        let error = match this.error {
            Some(error) => error,
            None => match this.request.poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Ok(value)) => return Poll::Ready(Ok(K::finish(value))),
                Poll::Ready(Err(e)) => this
                    .error
                    .insert(Box::pin(crate::Error::from_progenitor::<T>(e))),
            },
        };
        error.as_mut().poll(cx).map(Err)
    }
}

/// Runs `call` within `deadline` (all attempts and the waits between them); past it, the
/// call is dropped and the error is [`Error::Timeout`](crate::Error::Timeout) naming the
/// deadline.
pub(crate) async fn within<F, T>(deadline: std::time::Duration, call: F) -> Result<T, crate::Error>
where
    F: std::future::Future<Output = Result<T, crate::Error>>,
{
    match tokio::time::timeout(deadline, call).await {
        Ok(result) => result,
        Err(_) => Err(crate::Error::Timeout(
            telnyx_sdk_core::TransportError::deadline_exceeded(deadline),
        )),
    }
}

/// Turns list data and pagination metadata into a [`Page`].
#[allow(
    dead_code,
    reason = "used by generated list requests; a build whose domains have none (calls alone) leaves it unused"
)]
pub(crate) fn page_of<T>(
    items: Vec<T>,
    page_number: Option<i64>,
    total_pages: Option<i64>,
) -> Page<T> {
    Page::new(
        items,
        page_number.and_then(|n| u64::try_from(n).ok()),
        total_pages.and_then(|n| u64::try_from(n).ok()),
    )
}

/// Checks a page size (1..=250) and converts it to the generated parameter type.
#[allow(
    dead_code,
    reason = "used by generated list requests; a build whose domains have none (calls alone) leaves it unused"
)]
pub(crate) fn page_size_param(size: u32) -> Result<std::num::NonZeroU64, crate::Error> {
    telnyx_sdk_core::pagination::validate_page_size(size)?;
    std::num::NonZeroU64::new(u64::from(size)).ok_or_else(|| {
        crate::Error::InvalidRequest("page size must be between 1 and 250".to_owned())
    })
}

/// Converts a page number (1-based) to the generated parameter type.
#[allow(
    dead_code,
    reason = "used by generated list requests; a build whose domains have none (calls alone) leaves it unused"
)]
pub(crate) fn page_number_param(number: u64) -> Result<std::num::NonZeroU64, crate::Error> {
    std::num::NonZeroU64::new(number)
        .ok_or_else(|| crate::Error::InvalidRequest("page numbers start at 1".to_owned()))
}

/// A [`Paginator`](telnyx_sdk_core::Paginator) that fetches each page with a copy of
/// `template` (whose page size is fixed to the paginator's).
#[allow(
    dead_code,
    reason = "used by generated list requests; a build whose domains have none (calls alone) leaves it unused"
)]
pub(crate) fn paginator<R, F, Fut, T>(
    first_page: Option<u64>,
    page_size: Option<u32>,
    limit: Option<u64>,
    prefetch: bool,
    template: R,
    fetch: F,
) -> telnyx_sdk_core::Paginator<impl FnMut(u64) -> Fut>
where
    R: Clone,
    F: Fn(R, u64) -> Fut,
    Fut: std::future::Future<Output = Result<Page<T>, crate::Error>>,
{
    let size = page_size.unwrap_or(telnyx_sdk_core::pagination::DEFAULT_PAGE_SIZE);
    telnyx_sdk_core::Paginator::new(size, move |number| fetch(template.clone(), number))
        .first_page(first_page.unwrap_or(1))
        .limit(limit)
        .prefetch(prefetch)
}
