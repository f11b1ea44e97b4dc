//! Page-number pagination as a [`Stream`] of items or pages, with optional prefetching.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use crate::error::{Error, TransportError};

/// Smallest page size the API accepts.
pub const MIN_PAGE_SIZE: u32 = 1;
/// Largest page size the API accepts.
pub const MAX_PAGE_SIZE: u32 = 250;
/// Page size the API uses when none is given.
pub const DEFAULT_PAGE_SIZE: u32 = 20;

/// One page of a list response, with the HTTP status and headers it came with.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// The page number the server reports (`meta.page_number`), 1-based.
    pub page_number: Option<u64>,
    /// The number of pages the server reports (`meta.total_pages`).
    pub total_pages: Option<u64>,
    /// The HTTP status of the response this page came in (`None` for a page built by hand).
    pub status: Option<http::StatusCode>,
    /// The headers of the response this page came in (empty for a page built by hand).
    pub headers: http::HeaderMap,
}

impl<T> Page<T> {
    /// Creates a page.
    pub fn new(items: Vec<T>, page_number: Option<u64>, total_pages: Option<u64>) -> Self {
        Page {
            items,
            page_number,
            total_pages,
            status: None,
            headers: http::HeaderMap::new(),
        }
    }

    /// This page, with the status and headers of the response it came in.
    #[must_use]
    pub fn with_response(mut self, status: http::StatusCode, headers: http::HeaderMap) -> Self {
        self.status = Some(status);
        self.headers = headers;
        self
    }

    /// Telnyx's id of the request that fetched this page (`x-request-id`), for support
    /// tickets and logs.
    pub fn request_id(&self) -> Option<&str> {
        crate::request_id_of(&self.headers)
    }
}

/// Configures a pagination over a `fetch` function that loads one page by number.
///
/// ```
/// # use telnyx_sdk_core::{Error, Page, Paginator};
/// # async fn demo() -> Result<(), Error> {
/// use futures::TryStreamExt;
/// let pages = Paginator::new(50, |n| async move {
///     let items = if n <= 2 { vec![n * 10, n * 10 + 1] } else { vec![] };
///     Ok(Page::new(items, Some(n), Some(2)))
/// });
/// let all: Vec<u64> = pages.prefetch(true).items().try_collect().await?;
/// assert_eq!(all, vec![10, 11, 20, 21]);
/// # Ok(())
/// # }
/// # futures::executor::block_on(demo()).expect("demo");
/// ```
///
/// Rules: the stream ends at an empty page, or after the page whose number is at least
/// `total_pages`. Page numbers the server reports must increase: a page that repeats or goes
/// back from the previous page number ends the stream with an error, so a server that
/// ignores page numbers cannot make it loop. A page other than the requested one is accepted
/// (with a `tracing` warning) and the stream continues after it. A `limit` ends the stream
/// after that many items without requesting more pages. A page size outside `1..=250` yields
/// an error before any request.
pub struct Paginator<F> {
    fetch: F,
    page_size: u32,
    first_page: u64,
    limit: Option<u64>,
    prefetch: bool,
}

impl<F> fmt::Debug for Paginator<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paginator")
            .field("page_size", &self.page_size)
            .field("first_page", &self.first_page)
            .field("limit", &self.limit)
            .field("prefetch", &self.prefetch)
            .finish_non_exhaustive()
    }
}

impl<F, Fut, T> Paginator<F>
where
    F: FnMut(u64) -> Fut,
    Fut: Future<Output = Result<Page<T>, Error>>,
{
    /// A pagination starting at page 1, without limit or prefetching. `fetch` receives the
    /// page number; it is expected to request `page_size` items per page.
    pub fn new(page_size: u32, fetch: F) -> Self {
        Paginator {
            fetch,
            page_size,
            first_page: 1,
            limit: None,
            prefetch: false,
        }
    }

    /// Stops after `limit` items (`None`: no limit).
    pub fn limit(mut self, limit: Option<u64>) -> Self {
        self.limit = limit;
        self
    }

    /// Fetches the next page while the current one is consumed (at most one request ahead).
    ///
    /// Inside a tokio runtime the look-ahead request runs as its own task, so it is sent,
    /// received and decoded even while the stream is not polled; dropping the stream aborts
    /// it. Outside a runtime it advances whenever the stream is polled.
    pub fn prefetch(mut self, prefetch: bool) -> Self {
        self.prefetch = prefetch;
        self
    }

    /// Starts at page `first_page` (1-based; 0 is treated as 1).
    pub fn first_page(mut self, first_page: u64) -> Self {
        self.first_page = first_page.max(1);
        self
    }

    /// The configured page size.
    pub fn page_size(&self) -> u32 {
        self.page_size
    }
}

impl<F, Fut, T> Paginator<F>
where
    F: FnMut(u64) -> Fut,
    Fut: Future<Output = Result<Page<T>, Error>> + Send + 'static,
    T: Send + 'static,
{
    /// A stream of pages (the last one cut to the limit). Empty pages are not yielded.
    pub fn pages(self) -> PageStream<F, Fut, T> {
        let error = validate_page_size(self.page_size).err();
        PageStream {
            fetch: self.fetch,
            next_page: if self.limit == Some(0) {
                None
            } else {
                Some(self.first_page)
            },
            in_flight: None,
            ready: None,
            spent: None,
            last_page_number: None,
            remaining: self.limit,
            prefetch: self.prefetch.then_some(spawn_or_local::<Fut, T>),
            error,
            done: false,
        }
    }

    /// A stream of items across pages.
    pub fn items(self) -> ItemStream<F, Fut, T> {
        ItemStream {
            pages: self.pages(),
            buffer: Vec::new().into_iter(),
        }
    }
}

/// Items of all pages as a stream; see [`Paginator`].
///
/// `fetch(page_number)` loads one page; `limit` caps the number of items; `prefetch` keeps one
/// request ahead of the consumer.
pub fn paginate<F, Fut, T>(
    fetch: F,
    page_size: u32,
    limit: Option<u64>,
    prefetch: bool,
) -> ItemStream<F, Fut, T>
where
    F: FnMut(u64) -> Fut,
    Fut: Future<Output = Result<Page<T>, Error>> + Send + 'static,
    T: Send + 'static,
{
    Paginator::new(page_size, fetch)
        .limit(limit)
        .prefetch(prefetch)
        .items()
}

/// Checks that a page size is within `1..=250`.
pub fn validate_page_size(page_size: u32) -> Result<u32, Error> {
    if (MIN_PAGE_SIZE..=MAX_PAGE_SIZE).contains(&page_size) {
        Ok(page_size)
    } else {
        Err(Error::InvalidRequest(format!(
            "page size must be between {MIN_PAGE_SIZE} and {MAX_PAGE_SIZE}, got {page_size}"
        )))
    }
}

/// A page request in flight.
enum Request<Fut, T> {
    /// Polled by the stream itself: the request the consumer is waiting for, or a
    /// look-ahead outside a tokio runtime.
    Local(Pin<Box<Fut>>),
    /// A look-ahead running as its own tokio task.
    Spawned(SpawnedFetch<T>),
}

impl<Fut, T> Request<Fut, T>
where
    Fut: Future<Output = Result<Page<T>, Error>>,
{
    fn poll(&mut self, cx: &mut Context<'_>) -> Poll<Result<Page<T>, Error>> {
        match self {
            Request::Local(future) => future.as_mut().poll(cx),
            Request::Spawned(task) => task.poll(cx),
        }
    }
}

/// Starts a look-ahead request: as a task on the current tokio runtime, or, without one, as
/// a future polled by the stream.
fn spawn_or_local<Fut, T>(future: Fut) -> Request<Fut, T>
where
    Fut: Future<Output = Result<Page<T>, Error>> + Send + 'static,
    T: Send + 'static,
{
    match tokio::runtime::Handle::try_current() {
        Ok(runtime) => Request::Spawned(SpawnedFetch(runtime.spawn(future))),
        Err(_) => Request::Local(Box::pin(future)),
    }
}

/// The task of a look-ahead request; aborted when dropped, so that a dropped stream does
/// not leave its request running.
struct SpawnedFetch<T>(tokio::task::JoinHandle<Result<Page<T>, Error>>);

impl<T> SpawnedFetch<T> {
    fn poll(&mut self, cx: &mut Context<'_>) -> Poll<Result<Page<T>, Error>> {
        match Pin::new(&mut self.0).poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Ok(result)) => Poll::Ready(result),
            // A panic in the fetch function surfaces where the stream is polled, as it
            // would without prefetching.
            Poll::Ready(Err(error)) if error.is_panic() => {
                std::panic::resume_unwind(error.into_panic())
            }
            Poll::Ready(Err(_)) => {
                Poll::Ready(Err(Error::Connection(TransportError::from_message(
                    "the prefetched page request was cancelled (the runtime is shutting down)",
                ))))
            }
        }
    }
}

impl<T> Drop for SpawnedFetch<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// A stream of pages; see [`Paginator::pages`].
pub struct PageStream<F, Fut, T> {
    fetch: F,
    /// The page to request next; `None` when there is nothing more to request.
    next_page: Option<u64>,
    /// The request in flight and the page number it asked for.
    in_flight: Option<(u64, Request<Fut, T>)>,
    /// A finished (prefetched) request that has not been processed yet.
    ready: Option<(u64, Result<Page<T>, Error>)>,
    /// The box of the last finished local request, reused for the next one.
    spent: Option<Pin<Box<Fut>>>,
    last_page_number: Option<u64>,
    remaining: Option<u64>,
    /// With prefetching on, how a look-ahead request is started.
    prefetch: Option<fn(Fut) -> Request<Fut, T>>,
    error: Option<Error>,
    done: bool,
}

// No field is ever pinned in place (the future is boxed), so moving the stream is fine.
impl<F, Fut, T> Unpin for PageStream<F, Fut, T> {}

impl<F, Fut, T> fmt::Debug for PageStream<F, Fut, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PageStream")
            .field("next_page", &self.next_page)
            .field("in_flight", &self.in_flight.as_ref().map(|(n, _)| *n))
            .field("last_page_number", &self.last_page_number)
            .field("remaining", &self.remaining)
            .field("prefetch", &self.prefetch.is_some())
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl<F, Fut, T> PageStream<F, Fut, T>
where
    F: FnMut(u64) -> Fut,
    Fut: Future<Output = Result<Page<T>, Error>>,
{
    /// The page number of a request in flight (prefetching), if any.
    pub fn in_flight_page(&self) -> Option<u64> {
        self.in_flight
            .as_ref()
            .map(|(n, _)| *n)
            .or_else(|| self.ready.as_ref().map(|(n, _)| *n))
    }

    /// Starts the request for `next_page`, if there is one and none is running: a
    /// look-ahead (`ahead`) through the prefetch starter, else polled by the stream.
    fn start_next(&mut self, ahead: bool) {
        if self.in_flight.is_some() || self.ready.is_some() {
            return;
        }
        if let Some(number) = self.next_page.take() {
            let future = (self.fetch)(number);
            let request = match self.prefetch {
                Some(start) if ahead => start(future),
                _ => Request::Local(match self.spent.take() {
                    Some(mut reused) => {
                        reused.set(future);
                        reused
                    }
                    None => Box::pin(future),
                }),
            };
            self.in_flight = Some((number, request));
        }
    }

    /// Whether the request in flight is one the stream polls itself (not a spawned task).
    fn has_local_request(&self) -> bool {
        matches!(self.in_flight, Some((_, Request::Local(_))))
    }

    /// Polls the request in flight once; a finished result is kept in `ready`.
    fn drive(&mut self, cx: &mut Context<'_>) {
        if let Some((number, request)) = &mut self.in_flight
            && let Poll::Ready(result) = request.poll(cx)
        {
            let number = *number;
            if let Some((_, Request::Local(finished))) = self.in_flight.take() {
                // its allocation takes the next page's request
                self.spent = Some(finished);
            }
            self.ready = Some((number, result));
        }
    }

    /// Checks a fetched page; returns `Ok(None)` at the end of the list.
    fn accept(&mut self, requested: u64, page: Page<T>) -> Result<Option<Page<T>>, Error> {
        let Page {
            mut items,
            page_number,
            total_pages,
            status,
            headers,
        } = page;
        if let Some(number) = page_number {
            match self.last_page_number {
                Some(last) if number == last => {
                    return Err(Error::Protocol(format!(
                        "the server returned page {number} twice; stopping to avoid a loop"
                    )));
                }
                Some(last) if number < last => {
                    return Err(Error::Protocol(format!(
                        "the server went back from page {last} to page {number}; stopping to \
                         avoid a loop"
                    )));
                }
                _ => {}
            }
            if number != requested {
                // Mock servers (Prism) report a fixed page; follow the server's numbering,
                // which must keep increasing.
                tracing::warn!(
                    requested,
                    returned = number,
                    "the server returned another page than requested; continuing after it"
                );
            }
        }
        if items.is_empty() {
            return Ok(None);
        }
        let number = page_number.unwrap_or(requested);
        self.last_page_number = Some(number);
        let mut more = total_pages.is_none_or(|total| number < total);
        if let Some(remaining) = self.remaining {
            let keep = usize::try_from(remaining).unwrap_or(usize::MAX);
            items.truncate(keep);
            let left = remaining.saturating_sub(items.len() as u64);
            self.remaining = Some(left);
            if left == 0 {
                more = false;
            }
        }
        self.next_page = if more { number.checked_add(1) } else { None };
        Ok(Some(Page {
            items,
            page_number,
            total_pages,
            status,
            headers,
        }))
    }
}

impl<F, Fut, T> Stream for PageStream<F, Fut, T>
where
    F: FnMut(u64) -> Fut,
    Fut: Future<Output = Result<Page<T>, Error>>,
{
    type Item = Result<Page<T>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.done {
            return Poll::Ready(None);
        }
        if let Some(error) = this.error.take() {
            this.done = true;
            return Poll::Ready(Some(Err(error)));
        }
        this.start_next(false);
        this.drive(cx);
        let Some((requested, result)) = this.ready.take() else {
            if this.in_flight.is_some() {
                return Poll::Pending;
            }
            this.done = true;
            return Poll::Ready(None);
        };
        let outcome = result.and_then(|page| this.accept(requested, page));
        match outcome {
            Ok(Some(page)) => {
                if this.prefetch.is_some() {
                    this.start_next(true);
                    this.drive(cx);
                }
                Poll::Ready(Some(Ok(page)))
            }
            Ok(None) => {
                this.done = true;
                this.next_page = None;
                Poll::Ready(None)
            }
            Err(error) => {
                this.done = true;
                this.next_page = None;
                this.in_flight = None;
                Poll::Ready(Some(Err(error)))
            }
        }
    }
}

/// A stream of items across pages; see [`Paginator::items`].
pub struct ItemStream<F, Fut, T> {
    pages: PageStream<F, Fut, T>,
    /// The rest of the current page; items are moved out one by one, never copied as a
    /// whole.
    buffer: std::vec::IntoIter<T>,
}

impl<F, Fut, T> Unpin for ItemStream<F, Fut, T> {}

impl<F, Fut, T> fmt::Debug for ItemStream<F, Fut, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ItemStream")
            .field("pages", &self.pages)
            .field("buffered", &self.buffer.len())
            .finish()
    }
}

impl<F, Fut, T> ItemStream<F, Fut, T>
where
    F: FnMut(u64) -> Fut,
    Fut: Future<Output = Result<Page<T>, Error>>,
{
    /// The page number of a request in flight (prefetching), if any.
    pub fn in_flight_page(&self) -> Option<u64> {
        self.pages.in_flight_page()
    }

    /// Items already fetched and not yet yielded.
    pub fn buffered(&self) -> usize {
        self.buffer.len()
    }
}

impl<F, Fut, T> Stream for ItemStream<F, Fut, T>
where
    F: FnMut(u64) -> Fut,
    Fut: Future<Output = Result<Page<T>, Error>>,
{
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        // The common case, an item of the current page and no request to drive, stays small
        // enough to be inlined into the caller's loop; the rest is `poll_other`.
        if this.buffer.len() > 0
            && !this.pages.has_local_request()
            && let Some(item) = this.buffer.next()
        {
            return Poll::Ready(Some(Ok(item)));
        }
        this.poll_other(cx)
    }
}

impl<F, Fut, T> ItemStream<F, Fut, T>
where
    F: FnMut(u64) -> Fut,
    Fut: Future<Output = Result<Page<T>, Error>>,
{
    /// [`Stream::poll_next`] for everything but a buffered item without a request in flight.
    #[inline(never)]
    fn poll_other(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T, Error>>> {
        loop {
            if self.buffer.len() > 0 {
                // Keep a look-ahead that the stream polls itself moving while the caller
                // consumes buffered items (a spawned one moves on its own).
                if self.pages.has_local_request() {
                    self.pages.drive(cx);
                }
                if let Some(item) = self.buffer.next() {
                    return Poll::Ready(Some(Ok(item)));
                }
            }
            match Pin::new(&mut self.pages).poll_next(cx) {
                Poll::Ready(Some(Ok(page))) => self.buffer = page.items.into_iter(),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}
