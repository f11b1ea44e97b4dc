//! Pagination rules and prefetching, with in-memory fetch functions.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use futures::StreamExt;
use telnyx_sdk_core::{Error, Page, Paginator, paginate};

type Log = Arc<Mutex<Vec<u64>>>;

/// A fetch function over `pages` (index 0 = page 1) reporting `total` pages, logging every
/// requested page number. Pages past the end are empty.
fn server(
    pages: Vec<Vec<u32>>,
    total: Option<u64>,
    log: Log,
) -> impl FnMut(u64) -> std::future::Ready<Result<Page<u32>, Error>> + Send {
    move |n| {
        log.lock().expect("lock").push(n);
        let items = usize::try_from(n - 1)
            .ok()
            .and_then(|i| pages.get(i).cloned())
            .unwrap_or_default();
        std::future::ready(Ok(Page::new(items, Some(n), total)))
    }
}

fn numbered(pages: usize, per_page: u32) -> Vec<Vec<u32>> {
    (0..pages as u32)
        .map(|p| (0..per_page).map(|i| p * per_page + i).collect())
        .collect()
}

async fn collect_items<S: futures::Stream<Item = Result<u32, Error>> + Unpin>(
    mut stream: S,
) -> (Vec<u32>, Option<Error>) {
    let mut items = Vec::new();
    while let Some(next) = stream.next().await {
        match next {
            Ok(item) => items.push(item),
            Err(error) => {
                assert!(
                    stream.next().await.is_none(),
                    "stream continues after an error"
                );
                return (items, Some(error));
            }
        }
    }
    (items, None)
}

fn log() -> Log {
    Arc::new(Mutex::new(Vec::new()))
}

fn requested(log: &Log) -> Vec<u64> {
    log.lock().expect("lock").clone()
}

#[tokio::test]
async fn stops_at_total_pages() {
    for prefetch in [false, true] {
        let l = log();
        let stream = paginate(
            server(numbered(3, 2), Some(3), l.clone()),
            2,
            None,
            prefetch,
        );
        let (items, error) = collect_items(stream).await;
        assert!(error.is_none());
        assert_eq!(items, vec![0, 1, 2, 3, 4, 5]);
        assert_eq!(requested(&l), vec![1, 2, 3], "prefetch {prefetch}");
    }
}

#[tokio::test]
async fn stops_at_an_empty_page() {
    // total_pages says 9, but page 3 is empty.
    let l = log();
    let stream = paginate(server(numbered(2, 2), Some(9), l.clone()), 2, None, false);
    let (items, error) = collect_items(stream).await;
    assert!(error.is_none());
    assert_eq!(items, vec![0, 1, 2, 3]);
    assert_eq!(requested(&l), vec![1, 2, 3]);

    // An empty first page.
    let l = log();
    let stream = paginate(server(vec![], Some(0), l.clone()), 20, None, true);
    let (items, error) = collect_items(stream).await;
    assert!(items.is_empty() && error.is_none());
    assert_eq!(requested(&l), vec![1]);
}

#[tokio::test]
async fn without_total_pages_runs_to_the_first_empty_page() {
    for prefetch in [false, true] {
        let l = log();
        let stream = paginate(server(numbered(4, 1), None, l.clone()), 1, None, prefetch);
        let (items, error) = collect_items(stream).await;
        assert!(error.is_none());
        assert_eq!(items, vec![0, 1, 2, 3]);
        assert_eq!(requested(&l), vec![1, 2, 3, 4, 5]);
    }
}

#[tokio::test]
async fn a_repeated_page_ends_with_an_error() {
    // The server ignores the page number and always answers page 1.
    let l = log();
    let l2 = l.clone();
    let fetch = move |n: u64| {
        l2.lock().expect("lock").push(n);
        std::future::ready(Ok(Page::new(vec![7u32, 8], Some(1), None)))
    };
    let (items, error) = collect_items(paginate(fetch, 2, None, false)).await;
    assert_eq!(items, vec![7, 8]);
    let error = error.expect("an error instead of a loop");
    // the server's fault, not the caller's: its own kind, not InvalidRequest
    assert!(matches!(error, Error::Protocol(_)), "{error:?}");
    assert!(!error.is_retryable());
    assert_eq!(error.status(), None);
    assert!(error.to_string().contains("page 1 twice"), "{error}");
    assert!(
        error.to_string().starts_with("server protocol violation: "),
        "{error}"
    );
    assert_eq!(requested(&l), vec![1, 2]);
}

#[tokio::test]
async fn the_stream_follows_the_page_number_the_server_reports() {
    // Asked for page 2, the server answers page 5: the stream continues with page 6.
    let l = log();
    let l2 = l.clone();
    let fetch = move |n: u64| {
        l2.lock().expect("lock").push(n);
        let number = if n == 2 { 5 } else { n };
        let items = if number <= 6 {
            vec![number as u32]
        } else {
            vec![]
        };
        std::future::ready(Ok(Page::new(items, Some(number), Some(6))))
    };
    let (items, error) = collect_items(paginate(fetch, 1, None, true)).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(items, vec![1, 5, 6]);
    assert_eq!(requested(&l), vec![1, 2, 6]);
}

#[tokio::test]
async fn a_page_number_going_back_ends_with_an_error() {
    // The server reports pages 1, 3, 2, 3, 2, ...: never the same page twice in a row,
    // but no progress either.
    let mut calls = 0u32;
    let fetch = move |_: u64| {
        calls += 1;
        let number = match calls {
            1 => 1,
            c if c % 2 == 0 => 3,
            _ => 2,
        };
        std::future::ready(Ok(Page::new(vec![calls], Some(number), None)))
    };
    let (items, error) = collect_items(paginate(fetch, 1, None, false)).await;
    assert_eq!(items, vec![1, 2]);
    let error = error.expect("error");
    assert!(matches!(error, Error::Protocol(_)), "{error:?}");
    assert!(
        error
            .to_string()
            .contains("went back from page 3 to page 2"),
        "{error}"
    );
}

/// Prism answers every list request with the same meta, page 2 of 3: a limit within the
/// first page ends the stream cleanly; without one, the repeat ends it with an error.
#[tokio::test]
async fn a_mock_with_fixed_page_meta_neither_loops_nor_fails_within_a_limit() {
    let prism = |_: u64| std::future::ready(Ok(Page::new(vec![1u32, 2], Some(2), Some(3))));
    let (items, error) = collect_items(paginate(prism, 2, Some(2), false)).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(items, vec![1, 2]);
    let (items, error) = collect_items(paginate(prism, 2, None, false)).await;
    assert_eq!(items, vec![1, 2]);
    assert!(error.expect("error").to_string().contains("page 2 twice"));
}

#[tokio::test]
async fn a_fetch_error_ends_the_stream() {
    let l = log();
    let l2 = l.clone();
    let fetch = move |n: u64| {
        l2.lock().expect("lock").push(n);
        std::future::ready(if n == 2 {
            Err(Error::InvalidRequest("boom".into()))
        } else {
            Ok(Page::new(vec![n as u32], Some(n), Some(5)))
        })
    };
    let (items, error) = collect_items(paginate(fetch, 1, None, false)).await;
    assert_eq!(items, vec![1]);
    assert!(matches!(error, Some(Error::InvalidRequest(ref m)) if m == "boom"));
    assert_eq!(requested(&l), vec![1, 2]);
}

#[tokio::test]
async fn a_limit_stops_early() {
    for prefetch in [false, true] {
        let l = log();
        let stream = paginate(
            server(numbered(5, 2), Some(5), l.clone()),
            2,
            Some(3),
            prefetch,
        );
        let (items, _) = collect_items(stream).await;
        assert_eq!(items, vec![0, 1, 2]);
        assert_eq!(requested(&l), vec![1, 2], "prefetch {prefetch}");

        // The limit is exactly one page: no second request, even with prefetch.
        let l = log();
        let stream = paginate(
            server(numbered(5, 2), Some(5), l.clone()),
            2,
            Some(2),
            prefetch,
        );
        let (items, _) = collect_items(stream).await;
        assert_eq!(items, vec![0, 1]);
        assert_eq!(requested(&l), vec![1], "prefetch {prefetch}");

        // A limit of zero makes no request.
        let l = log();
        let stream = paginate(
            server(numbered(5, 2), Some(5), l.clone()),
            2,
            Some(0),
            prefetch,
        );
        let (items, _) = collect_items(stream).await;
        assert!(items.is_empty());
        assert!(requested(&l).is_empty());
    }
}

#[tokio::test]
async fn page_size_is_checked_before_any_request() {
    for size in [0u32, 251, u32::MAX] {
        let l = log();
        let stream = paginate(server(numbered(2, 2), None, l.clone()), size, None, true);
        let (items, error) = collect_items(stream).await;
        assert!(items.is_empty());
        assert!(
            matches!(error, Some(Error::InvalidRequest(_))),
            "size {size}"
        );
        assert!(requested(&l).is_empty(), "size {size}");
    }
    for size in [1u32, 250] {
        let l = log();
        let stream = paginate(
            server(numbered(1, 1), Some(1), l.clone()),
            size,
            None,
            false,
        );
        let (items, error) = collect_items(stream).await;
        assert_eq!(items, vec![0]);
        assert!(error.is_none());
    }
}

#[tokio::test]
async fn page_stream_yields_pages_and_cuts_the_last_to_the_limit() {
    let l = log();
    let pages: Vec<Page<u32>> = Paginator::new(3, server(numbered(4, 3), Some(4), l.clone()))
        .limit(Some(7))
        .pages()
        .map(|p| p.expect("page"))
        .collect()
        .await;
    let sizes: Vec<usize> = pages.iter().map(|p| p.items.len()).collect();
    assert_eq!(sizes, vec![3, 3, 1]);
    assert_eq!(pages[2].page_number, Some(3));
    assert_eq!(pages[2].total_pages, Some(4));
    assert_eq!(requested(&l), vec![1, 2, 3]);
}

#[tokio::test]
async fn first_page_can_be_chosen() {
    let l = log();
    let stream = Paginator::new(2, server(numbered(3, 2), Some(3), l.clone()))
        .first_page(2)
        .items();
    let (items, _) = collect_items(stream).await;
    assert_eq!(items, vec![2, 3, 4, 5]);
    assert_eq!(requested(&l), vec![2, 3]);
}

/// For every item consumed, the highest page requested so far must be at most one ahead of
/// the page the item came from.
#[tokio::test]
async fn prefetch_keeps_at_most_one_page_ahead() {
    for prefetch in [false, true] {
        let l = log();
        let mut stream = paginate(
            server(numbered(4, 3), Some(4), l.clone()),
            3,
            None,
            prefetch,
        );
        let mut ahead_seen = false;
        while let Some(item) = stream.next().await {
            let item = item.expect("item");
            let page = u64::from(item / 3) + 1;
            let highest = requested(&l).into_iter().max().expect("requested");
            assert!(highest <= page + 1, "item {item}: requested page {highest}");
            if prefetch {
                // With prefetch, the next page is requested as soon as this one arrives.
                let expected = if page < 4 { page + 1 } else { page };
                assert_eq!(highest, expected, "item {item}");
                ahead_seen |= highest == page + 1;
            } else {
                assert_eq!(highest, page, "item {item}");
            }
        }
        assert_eq!(ahead_seen, prefetch);
        assert_eq!(requested(&l), vec![1, 2, 3, 4]);
    }
}

/// A future that stays pending until its gate opens.
struct Gated {
    gate: Arc<Mutex<bool>>,
    page: Option<Page<u32>>,
}

impl Future for Gated {
    type Output = Result<Page<u32>, Error>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if *self.gate.lock().expect("lock") {
            Poll::Ready(Ok(self
                .page
                .take()
                .unwrap_or_else(|| Page::new(vec![], None, None))))
        } else {
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

#[tokio::test]
async fn prefetch_is_in_flight_while_the_page_is_consumed() {
    let gate = Arc::new(Mutex::new(true));
    let l = log();
    let (g, l2) = (gate.clone(), l.clone());
    let fetch = move |n: u64| {
        l2.lock().expect("lock").push(n);
        Gated {
            gate: g.clone(),
            page: Some(Page::new(
                vec![n as u32 * 10, n as u32 * 10 + 1],
                Some(n),
                Some(3),
            )),
        }
    };
    let mut stream = Paginator::new(2, fetch).prefetch(true).items();
    assert_eq!(stream.next().await.expect("item").expect("ok"), 10);
    // Close the gate: page 2 may already be done, so check the in-flight state.
    *gate.lock().expect("lock") = false;
    assert_eq!(requested(&l), vec![1, 2]);
    assert_eq!(stream.in_flight_page(), Some(2));
    assert_eq!(stream.next().await.expect("item").expect("ok"), 11);
    assert_eq!(requested(&l), vec![1, 2], "never two pages ahead");
    *gate.lock().expect("lock") = true;
    let rest: Vec<u32> = stream.map(|r| r.expect("ok")).collect().await;
    assert_eq!(rest, vec![20, 21, 30, 31]);
    assert_eq!(requested(&l), vec![1, 2, 3]);
}

#[tokio::test]
async fn prefetch_waits_for_a_slow_page_and_keeps_order() {
    let gate = Arc::new(Mutex::new(false));
    let l = log();
    let (g, l2) = (gate.clone(), l.clone());
    let fetch = move |n: u64| {
        l2.lock().expect("lock").push(n);
        // Only page 2 is slow.
        let open = Arc::new(Mutex::new(true));
        Gated {
            gate: if n == 2 { g.clone() } else { open },
            page: Some(Page::new(vec![n as u32], Some(n), Some(3))),
        }
    };
    let mut stream = Paginator::new(1, fetch).prefetch(true).items();
    assert_eq!(stream.next().await.expect("item").expect("ok"), 1);
    assert_eq!(stream.in_flight_page(), Some(2));
    let opener = {
        let gate = gate.clone();
        tokio::spawn(async move {
            tokio::task::yield_now().await;
            *gate.lock().expect("lock") = true;
        })
    };
    assert_eq!(stream.next().await.expect("item").expect("ok"), 2);
    opener.await.expect("opener");
    assert_eq!(stream.next().await.expect("item").expect("ok"), 3);
    assert!(stream.next().await.is_none());
    assert_eq!(requested(&l), vec![1, 2, 3]);
}

fn assert_send<T: Send>(_: &T) {}

#[test]
fn streams_are_send_when_inputs_are() {
    let stream = paginate(server(numbered(1, 1), None, log()), 1, None, true);
    assert_send(&stream);
    let pages = Paginator::new(1, server(numbered(1, 1), None, log())).pages();
    assert_send(&pages);
}

type BoxedPage = Pin<Box<dyn Future<Output = Result<Page<u32>, Error>> + Send>>;

/// Sets its flag when dropped.
struct DropFlag(Arc<Mutex<bool>>);

impl Drop for DropFlag {
    fn drop(&mut self) {
        *self.0.lock().expect("lock") = true;
    }
}

/// A fetch function whose pages finish only after a few scheduler turns, logging each page
/// number when its future completes (not when it is created). Page `hang` never finishes;
/// its future sets `dropped` when it is dropped.
fn slow_pages(
    completed: Log,
    hang: u64,
    dropped: Arc<Mutex<bool>>,
) -> impl FnMut(u64) -> BoxedPage + Send {
    move |n| {
        let completed = completed.clone();
        let flag = (n == hang).then(|| DropFlag(dropped.clone()));
        Box::pin(async move {
            if let Some(_flag) = flag {
                std::future::pending::<()>().await;
            }
            for _ in 0..3 {
                tokio::task::yield_now().await;
            }
            completed.lock().expect("lock").push(n);
            Ok(Page::new(vec![n as u32], Some(n), Some(5)))
        })
    }
}

/// With prefetch on, the next page completes while the consumer is busy elsewhere and does
/// not poll the stream; with prefetch off, it is not even started.
#[tokio::test]
async fn prefetch_runs_while_the_stream_is_not_polled() {
    for prefetch in [true, false] {
        let completed = log();
        let dropped = Arc::new(Mutex::new(false));
        let mut stream = Paginator::new(1, slow_pages(completed.clone(), 0, dropped))
            .prefetch(prefetch)
            .items();
        assert_eq!(stream.next().await.expect("item").expect("ok"), 1);
        // The consumer's own work: the stream is not polled meanwhile.
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        let expected = if prefetch { vec![1, 2] } else { vec![1] };
        assert_eq!(requested(&completed), expected, "prefetch {prefetch}");
        assert_eq!(stream.next().await.expect("item").expect("ok"), 2);
    }
}

/// Dropping a stream aborts its look-ahead request instead of leaving it running.
#[tokio::test]
async fn dropping_the_stream_aborts_the_prefetched_request() {
    let completed = log();
    let dropped = Arc::new(Mutex::new(false));
    let mut stream = Paginator::new(1, slow_pages(completed.clone(), 2, dropped.clone()))
        .prefetch(true)
        .items();
    assert_eq!(stream.next().await.expect("item").expect("ok"), 1);
    assert_eq!(stream.in_flight_page(), Some(2));
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    assert!(!*dropped.lock().expect("lock"), "page 2 is still pending");
    drop(stream);
    for _ in 0..10 {
        tokio::task::yield_now().await;
    }
    assert!(
        *dropped.lock().expect("lock"),
        "the page 2 request was aborted"
    );
}

/// Outside a tokio runtime, prefetching still works: the look-ahead is polled by the stream.
#[test]
fn prefetch_without_a_runtime_polls_the_look_ahead_itself() {
    let l = log();
    let stream = paginate(server(numbered(3, 2), Some(3), l.clone()), 2, None, true);
    let (items, error) = futures::executor::block_on(collect_items(stream));
    assert!(error.is_none());
    assert_eq!(items, vec![0, 1, 2, 3, 4, 5]);
    assert_eq!(requested(&l), vec![1, 2, 3]);
}
