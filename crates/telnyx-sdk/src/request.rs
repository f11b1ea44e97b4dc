//! [`Request`]: one call of an operation, with the per-call options every operation shares.
//!
//! Each operation's request type (`telnyx_sdk::resources::video::GetRoom`, ...) is an alias
//! of `Request<P>`, where `P` holds that operation's own parameters (`GetRoomParams`). The
//! options that are the same for every call (timeout, retries, deadline, extra headers,
//! query parameters and body fields, `send`, `send_with_response`, and for lists the page
//! size, page number, limit, prefetching, `pages` and `stream`) are written once, here; the
//! generated code (`generated/resources/<domain>.rs`) adds only each operation's setters
//! and how its parameters become a generated (progenitor) request.

use std::fmt;
use std::future::Future;
use std::num::NonZeroU64;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use telnyx_sdk_core::Page;
use telnyx_sdk_core::progenitor_client::{Error as GeneratedError, ResponseValue};

use crate::client::{Domain, Overrides};

/// One call of an operation: its parameters and this call's options, sent with
/// [`send`](Request::send).
///
/// Each operation has its own alias (`GetRoom = Request<GetRoomParams>`) with that
/// operation's setters; the methods below are shared by all of them. Lists (request types
/// whose parameters implement [`ListParams`]) also page: [`page_size`](Request::page_size),
/// [`stream`](Request::stream), [`pages`](Request::pages). Operations with a JSON body
/// take it with [`body`](Request::body) (and, for an object, [`body_map`](Request::body_map)).
///
/// ```no_run
/// # async fn demo(client: telnyx_sdk::Client, id: telnyx_sdk::RoomId) -> Result<(), telnyx_sdk::Error> {
/// use std::time::Duration;
/// let room = client
///     .rooms()
///     .get(&id)
///     .include_sessions(true)
///     .timeout(Duration::from_secs(5))
///     .max_retries(0)
///     .send()
///     .await?;
/// # let _ = room; Ok(()) }
/// ```
#[must_use = "a request does nothing until it is sent"]
pub struct Request<P> {
    client: crate::Client,
    overrides: Overrides,
    /// The first invalid value a setter was given; sending fails with it.
    error: Option<String>,
    paging: Paging,
    params: P,
}

impl<P: Clone> Clone for Request<P> {
    fn clone(&self) -> Self {
        Request {
            client: self.client.clone(),
            overrides: self.overrides.clone(),
            error: self.error.clone(),
            paging: self.paging,
            params: self.params.clone(),
        }
    }
}

impl<P: fmt::Debug> fmt::Debug for Request<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("params", &self.params)
            .field("overrides", &self.overrides)
            .field("error", &self.error)
            .field("paging", &self.paging)
            .field("client", &self.client)
            .finish()
    }
}

/// What a list call pages with; unused by other calls.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Paging {
    number: Option<u64>,
    size: Option<u32>,
    limit: Option<u64>,
    prefetch: bool,
}

/// The page parameters of one list call, checked, as the generated builders take them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[doc(hidden)]
pub struct PageQuery {
    /// `page[number]`, 1-based.
    pub number: Option<NonZeroU64>,
    /// `page[size]`, 1..=250.
    pub size: Option<NonZeroU64>,
}

impl Paging {
    /// Checks the page number and size before anything is sent.
    fn query(&self) -> Result<PageQuery, crate::Error> {
        let size = match self.size {
            None => None,
            Some(size) => {
                telnyx_sdk_core::pagination::validate_page_size(size)?;
                NonZeroU64::new(u64::from(size))
            }
        };
        let number = match self.number {
            None => None,
            Some(number) => Some(NonZeroU64::new(number).ok_or_else(|| {
                crate::Error::InvalidRequest("page numbers start at 1".to_owned())
            })?),
        };
        Ok(PageQuery { number, size })
    }
}

/// A UUID path parameter, parsed when the request is made, so that the typed id's text is
/// not copied into the request. A text that is not a UUID fails the call at send, as
/// [`Error::InvalidRequest`](crate::Error::InvalidRequest) naming the parameter.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UuidParam(Option<uuid::Uuid>);

impl UuidParam {
    /// Parses a typed id's text.
    #[allow(
        dead_code,
        reason = "used by the operations with UUID path ids; a build whose domains have none (queues alone) leaves it unused"
    )]
    pub(crate) fn of(id: &impl AsRef<str>) -> Self {
        UuidParam(uuid::Uuid::parse_str(id.as_ref()).ok())
    }
}

impl TryFrom<UuidParam> for uuid::Uuid {
    type Error = &'static str;
    fn try_from(param: UuidParam) -> Result<uuid::Uuid, &'static str> {
        param.0.ok_or("not a UUID")
    }
}

/// The parameters of one operation: what its request type holds besides the per-call
/// options, and how they become a generated (progenitor) request. Implemented by the
/// generated `…Params` types only.
pub trait Params: Clone + fmt::Debug + Send + Sync + 'static {
    /// The decoded response: a type decoded from JSON, or the bytes of a file
    /// ([`ByteStream`](crate::download::ByteStream)).
    type Output: Send + 'static;
    /// The generated client of the operation's domain.
    #[doc(hidden)]
    type Client: Domain;
    /// Builds the generated request against `client` and sends it.
    #[doc(hidden)]
    fn send(self, client: &Self::Client, page: PageQuery) -> impl Sent<'_, Self>;
}

/// The future of a generated request's `send()` for the parameters `P`.
#[doc(hidden)]
pub trait Sent<'a, P: Params>:
    Future<Output = Result<ResponseValue<P::Output>, GeneratedError<()>>> + Send + 'a
{
}

impl<'a, P: Params, F> Sent<'a, P> for F where
    F: Future<Output = Result<ResponseValue<P::Output>, GeneratedError<()>>> + Send + 'a
{
}

/// Sets an optional parameter on a generated builder: `b.maybe(value, |b, v| b.name(v))`.
// unused in a build whose domains have no optional query parameter (`messaging` alone)
#[allow(dead_code)]
pub(crate) trait Maybe: Sized {
    /// `set(self, v)` when `value` is `Some(v)`, else `self`.
    #[inline]
    fn maybe<V>(self, value: Option<V>, set: impl FnOnce(Self, V) -> Self) -> Self {
        match value {
            Some(v) => set(self, v),
            None => self,
        }
    }
}

impl<B> Maybe for B {}

/// The parameters of a list operation: paged by `page[number]` and `page[size]`
/// ([`NumberedListParams`]), or by cursors (`page[after]`, with the next page's cursor in
/// the response's `meta.cursors.after`).
pub trait ListParams: Params {
    /// One item of a page.
    type Item: Send + 'static;
    /// Whether the list is paged by cursors.
    #[doc(hidden)]
    const CURSOR: bool = false;
    /// Splits a response into its items, its page number and the number of pages.
    #[doc(hidden)]
    fn page(output: Self::Output) -> (Vec<Self::Item>, Option<i64>, Option<i64>);
    /// The cursor of the page after this response's (cursor-paged lists).
    #[doc(hidden)]
    fn next_cursor(_output: &Self::Output) -> Option<String> {
        None
    }
    /// Asks for the page after `cursor` (cursor-paged lists).
    #[doc(hidden)]
    fn set_cursor(&mut self, _cursor: String) {}
}

/// The parameters of an operation that takes `page[number]` and `page[size]`: its request
/// takes [`page_size`](Request::page_size) and [`page_number`](Request::page_number), checked
/// before anything is sent. Every list paged by numbers takes them, and so do a few other
/// calls (deleting the recordings a filter selects, for one).
pub trait PagedParams: Params {}

/// The parameters of a list operation paged by `page[number]` and `page[size]`.
pub trait NumberedListParams: ListParams + PagedParams {}

/// The parameters of an operation that takes a JSON body.
pub trait BodyParams: Params {
    /// The body's type.
    type Body;
    /// Sets the body.
    #[doc(hidden)]
    fn set_body(&mut self, body: Self::Body);
}

/// The parameters of an operation whose body is an object that can be built field by field.
pub trait BodyBuilderParams: BodyParams {
    /// The body's field-by-field builder.
    type Builder: Default;
    /// The body being built.
    #[doc(hidden)]
    fn builder(&mut self) -> &mut Self::Builder;
}

impl<P> Request<P> {
    /// A request for `client` with these parameters and no per-call options.
    pub(crate) fn with_params(client: &crate::Client, params: P) -> Self {
        Request {
            client: client.clone(),
            overrides: Overrides::default(),
            error: None,
            paging: Paging::default(),
            params,
        }
    }

    /// Sets a parameter from a value that converts into its type, keeping the first
    /// failure as the request's error (named after the setter `name`).
    // unused in a build whose domains have no query parameter setter (`messaging` alone)
    #[allow(dead_code)]
    pub(crate) fn set<V: TryInto<T>, T>(
        mut self,
        name: &'static str,
        value: V,
        apply: impl FnOnce(&mut P, T),
    ) -> Self {
        match value.try_into() {
            Ok(value) => apply(&mut self.params, value),
            Err(_) => {
                self.error
                    .get_or_insert_with(|| format!("invalid value for `{name}`"));
            }
        }
        self
    }

    /// The operation's own parameters.
    pub fn params(&self) -> &P {
        &self.params
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

    /// Overrides the client's total deadline for this call: all attempts and the waits
    /// between them (for a stream, each page's request).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.overrides.deadline = Some(deadline);
        self
    }

    /// Adds a header to this call, e.g. for a parameter this SDK version does not know yet
    /// (`Authorization` and `User-Agent` stay the SDK's). An invalid name or value fails the
    /// call with [`Error::InvalidRequest`](crate::Error::InvalidRequest) before anything is
    /// sent.
    pub fn extra_header(mut self, name: &str, value: &str) -> Self {
        if let Err(message) = self.overrides.extra_header(name, value) {
            self.error.get_or_insert(message);
        }
        self
    }

    /// Adds a query parameter to this call, after the ones the SDK sends.
    pub fn extra_query(mut self, key: &str, value: impl ToString) -> Self {
        self.overrides
            .extras()
            .query
            .push((key.to_owned(), value.to_string()));
        self
    }
}

impl<P: BodyParams> Request<P> {
    /// Sets the whole request body. A value that does not convert fails the call with
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest) before anything is sent.
    pub fn body<V>(mut self, value: V) -> Self
    where
        V: TryInto<P::Body>,
        V::Error: fmt::Display,
    {
        match value.try_into() {
            Ok(body) => self.params.set_body(body),
            Err(e) => {
                self.error
                    .get_or_insert_with(|| format!("invalid body: {e}"));
            }
        }
        self
    }

    /// Sets a field of this call's JSON body, e.g. one this SDK version does not know yet
    /// (it replaces a field of the same name).
    pub fn extra_body_field(mut self, key: &str, value: impl serde::Serialize) -> Self {
        if let Err(message) = self.overrides.extra_body_field(key, value) {
            self.error.get_or_insert(message);
        }
        self
    }
}

impl<P: BodyBuilderParams> Request<P> {
    /// Edits the request body field by field, e.g. `.body_map(|b| b.field(value))`.
    pub fn body_map<F>(mut self, f: F) -> Self
    where
        F: FnOnce(P::Builder) -> P::Builder,
    {
        let builder = std::mem::take(self.params.builder());
        *self.params.builder() = f(builder);
        self
    }
}

impl<P: Params> Request<P> {
    /// Sends the request (with retries) and decodes the response. For a list, this fetches
    /// one page (the one set by [`page_number`](Request::page_number), else the first) with
    /// its pagination metadata.
    pub fn send(self) -> impl Future<Output = Result<P::Output, crate::Error>> + Send + 'static {
        self.call::<Value>()
    }

    /// Like [`send`](Request::send), with the response's status and headers (and so
    /// Telnyx's request id).
    pub fn send_with_response(
        self,
    ) -> impl Future<Output = Result<crate::Response<P::Output>, crate::Error>> + Send + 'static
    {
        self.call::<Full>()
    }

    #[allow(
        clippy::manual_async_fn,
        reason = "an `async fn` would keep `self` twice in its future"
    )]
    fn call<K: Finish<P::Output> + 'static>(
        self,
    ) -> impl Future<Output = Result<K::Output, crate::Error>> + Send + 'static {
        async move {
            let Request {
                client,
                overrides,
                error,
                paging,
                params,
            } = self;
            if let Some(message) = error {
                return Err(crate::Error::InvalidRequest(message));
            }
            let page = paging.query()?;
            let deadline = overrides.deadline(&client);
            let generated = <P::Client as Domain>::select(&client, overrides);
            let call = Call::<_, _, K>::start(params.send(&generated, page));
            match deadline {
                None => call.await,
                Some(deadline) => Box::pin(within(deadline, call)).await,
            }
        }
    }
}

impl<P: PagedParams> Request<P> {
    /// Items per page, 1..=250 (the API's default is 20). A value out of range fails with
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest) before any request.
    pub fn page_size(mut self, size: u32) -> Self {
        self.paging.size = Some(size);
        self
    }

    /// The page to fetch with [`send`](Request::send), or the first page of
    /// [`stream`](Request::stream) / [`pages`](Request::pages) (1-based).
    pub fn page_number(mut self, number: u64) -> Self {
        self.paging.number = Some(number);
        self
    }
}

impl<P: ListParams> Request<P> {
    /// Stops [`stream`](Request::stream) / [`pages`](Request::pages) after `limit` items; no
    /// page beyond the one holding the last item is requested.
    pub fn limit(mut self, limit: u64) -> Self {
        self.paging.limit = Some(limit);
        self
    }

    /// Whether [`stream`](Request::stream) / [`pages`](Request::pages) request the next page
    /// while the current one is consumed (default `false`: never request a page the caller
    /// may not read).
    pub fn prefetch(mut self, prefetch: bool) -> Self {
        self.paging.prefetch = prefetch;
        self
    }

    /// A stream of pages. A list paged by numbers starts at
    /// [`page_number`](Request::page_number) (default 1), ends at an empty page or after the
    /// last page the server reports, and follows the page numbers the server reports: when
    /// they stop increasing (a repeated page, or one going back), it ends with an error
    /// instead of looping. A list paged by cursors starts at the cursor given to its
    /// `page_after` setter (default: the first page), asks for each next page with the
    /// cursor the previous response names, and ends when a response names none; a cursor
    /// that repeats ends it with [`Error::Protocol`](crate::Error::Protocol).
    pub fn pages(
        self,
    ) -> impl futures_core::Stream<Item = Result<Page<P::Item>, crate::Error>> + Send + Unpin + 'static
    {
        self.paginator().pages()
    }

    /// A stream of all items across pages; see [`pages`](Request::pages).
    pub fn stream(
        self,
    ) -> impl futures_core::Stream<Item = Result<P::Item, crate::Error>> + Send + Unpin + 'static
    {
        self.paginator().items()
    }

    fn paginator(
        self,
    ) -> telnyx_sdk_core::Paginator<impl FnMut(u64) -> PageFuture<P::Item> + Send + 'static> {
        let paging = self.paging;
        let first = paging.number.unwrap_or(1);
        let cursor = Arc::new(Mutex::new(CursorState::default()));
        paginator(paging, self, move |request: Self, number| {
            request.fetch_page(number, number == first, cursor.clone())
        })
    }

    /// Fetches page `number` as a [`Page`], with its response's status and headers. A
    /// cursor-paged list asks for the page after the cursor the previous page named, and
    /// gives an empty page (with no request) when there was none.
    fn fetch_page(
        mut self,
        number: u64,
        first: bool,
        cursor: Arc<Mutex<CursorState>>,
    ) -> PageFuture<P::Item> {
        Box::pin(async move {
            if P::CURSOR && !first {
                let next = lock(&cursor).next.clone();
                match next {
                    Some(next) => self.params.set_cursor(next),
                    None => return Ok(Page::new(Vec::new(), Some(number), None)),
                }
            } else {
                self.paging.number = Some(number);
            }
            let (response, status, headers) = self.send_with_response().await?.into_parts();
            if P::CURSOR {
                let next = P::next_cursor(&response);
                let mut state = lock(&cursor);
                if next.is_some() && state.seen.contains(&next) {
                    return Err(crate::Error::Protocol(
                        "the list named a cursor it had named before; stopping instead of \
                         looping"
                            .to_owned(),
                    ));
                }
                state.seen.push(next.clone());
                state.next = next;
            }
            let (items, page_number, total_pages) = P::page(response);
            let page_number = if P::CURSOR {
                Some(number)
            } else {
                page_number.and_then(|n| u64::try_from(n).ok())
            };
            Ok(Page::new(
                items,
                page_number,
                total_pages.and_then(|n| u64::try_from(n).ok()),
            )
            .with_response(status, headers))
        })
    }
}

/// The future of one page.
type PageFuture<T> = std::pin::Pin<Box<dyn Future<Output = Result<Page<T>, crate::Error>> + Send>>;

/// Where a cursor-paged stream is: the cursor of the next page, and every cursor seen.
#[derive(Default)]
struct CursorState {
    next: Option<String>,
    seen: Vec<Option<String>>,
}

fn lock(state: &Mutex<CursorState>) -> std::sync::MutexGuard<'_, CursorState> {
    state
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A [`Paginator`](telnyx_sdk_core::Paginator) that fetches each page with a copy of
/// `template` (whose page size is fixed to the paginator's).
fn paginator<R, F, Fut, T>(
    paging: Paging,
    template: R,
    fetch: F,
) -> telnyx_sdk_core::Paginator<impl FnMut(u64) -> Fut>
where
    R: Clone,
    F: Fn(R, u64) -> Fut,
    Fut: Future<Output = Result<Page<T>, crate::Error>>,
{
    let size = paging
        .size
        .unwrap_or(telnyx_sdk_core::pagination::DEFAULT_PAGE_SIZE);
    telnyx_sdk_core::Paginator::new(size, move |number| fetch(template.clone(), number))
        .first_page(paging.number.unwrap_or(1))
        .limit(paging.limit)
        .prefetch(paging.prefetch)
}

#[doc(hidden)]
pub type ErrorFuture = std::pin::Pin<Box<dyn Future<Output = crate::Error> + Send>>;

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

impl<F, T, K> Future for Call<F, T, K>
where
    F: Future<Output = Result<ResponseValue<T>, GeneratedError<()>>>,
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
                // the error of a body that does not decode names the value at fault
                Poll::Ready(Err(e)) => this
                    .error
                    .insert(Box::pin(crate::Error::from_progenitor(e))),
            },
        };
        error.as_mut().poll(cx).map(Err)
    }
}

/// Runs `call` within `deadline` (all attempts and the waits between them); past it, the
/// call is dropped and the error is [`Error::Timeout`](crate::Error::Timeout) naming the
/// deadline.
pub(crate) async fn within<F, T>(deadline: Duration, call: F) -> Result<T, crate::Error>
where
    F: Future<Output = Result<T, crate::Error>>,
{
    match tokio::time::timeout(deadline, call).await {
        Ok(result) => result,
        Err(_) => Err(crate::Error::Timeout(
            telnyx_sdk_core::TransportError::deadline_exceeded(deadline),
        )),
    }
}
