//! Lists paged by cursors (`page[after]`, the next cursor in `meta.cursors.after`): `pages()`
//! and `stream()` follow the cursors the server names, stop when it names none, and refuse a
//! cursor that repeats instead of looping.

mod support;

use futures::TryStreamExt;
use serde_json::{Value, json};
use support::*;

fn call(n: u32) -> Value {
    json!({
        "call_control_id": format!("v3:call-{n}"),
        "call_leg_id": format!("leg-{n}"),
        "call_session_id": format!("session-{n}"),
        "client_state": "",
        "record_type": "call",
        "call_duration": n
    })
}

/// A page of `calls` whose next cursor is `after` (none: the last page).
fn page(calls: &[u32], after: Option<&str>) -> Reply {
    let mut cursors = json!({});
    if let Some(after) = after {
        cursors["after"] = json!(after);
    }
    Reply::json(
        200,
        json!({
            "data": calls.iter().map(|n| call(*n)).collect::<Vec<_>>(),
            "meta": {"cursors": cursors, "total_items": 5}
        }),
    )
}

fn connection() -> telnyx_sdk::ConnectionId {
    telnyx_sdk::ConnectionId::from("1234567890")
}

#[tokio::test]
async fn stream_follows_the_cursors_until_none_is_named() {
    let server = Server::script(vec![
        page(&[1, 2], Some("c/2+")),
        page(&[3, 4], Some("c-4")),
        page(&[5], None),
    ])
    .await;
    let calls: Vec<_> = server
        .client()
        .connections()
        .active_calls(&connection())
        .list()
        .stream()
        .try_collect()
        .await
        .expect("every page");
    let durations: Vec<i64> = calls.iter().map(|c| c.call_duration).collect();
    assert_eq!(durations, [1, 2, 3, 4, 5]);
    let requests = server.requests();
    assert_eq!(
        requests.len(),
        3,
        "no request after the page that names no cursor"
    );
    assert_eq!(
        requests[0].path(),
        "/v2/connections/1234567890/active_calls"
    );
    assert_eq!(
        requests[0].query(),
        "",
        "the first page is asked without a cursor"
    );
    // the cursor is sent as the server named it, encoded (`/` and `+` are not literal)
    assert_eq!(requests[1].query(), "page[after]=c%2F2%2B");
    assert_eq!(requests[2].query(), "page[after]=c-4");
    assert!(
        requests.iter().all(|r| !r.query().contains("page[number]")),
        "a cursor-paged list sends no page numbers"
    );
}

#[tokio::test]
async fn pages_start_at_the_given_cursor_and_respect_the_limit() {
    let server = Server::script(vec![page(&[3, 4], Some("c-4")), page(&[5, 6], Some("c-6"))]).await;
    let pages: Vec<_> = server
        .client()
        .connections()
        .active_calls(&connection())
        .list()
        .page_after("c-2")
        .limit(3)
        .pages()
        .try_collect()
        .await
        .expect("pages");
    let sizes: Vec<usize> = pages.iter().map(|p| p.items.len()).collect();
    assert_eq!(sizes, [2, 1], "the limit cuts the last page");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].query(), "page[after]=c-2");
    assert_eq!(requests[1].query(), "page[after]=c-4");
}

#[tokio::test]
async fn a_repeated_cursor_is_a_protocol_error_not_a_loop() {
    let server = Server::script(vec![page(&[1], Some("same"))]).await;
    let result: Result<Vec<_>, _> = server
        .client()
        .connections()
        .active_calls(&connection())
        .list()
        .stream()
        .try_collect()
        .await;
    let error = result.expect_err("a cursor named twice");
    assert!(matches!(error, telnyx_sdk::Error::Protocol(_)), "{error:?}");
    assert_eq!(server.request_count(), 2, "stops at the first repeat");
}

#[tokio::test]
async fn an_empty_first_page_ends_the_stream() {
    let server = Server::script(vec![page(&[], None)]).await;
    let calls: Vec<_> = server
        .client()
        .connections()
        .active_calls(&connection())
        .list()
        .stream()
        .try_collect()
        .await
        .expect("empty list");
    assert!(calls.is_empty());
    assert_eq!(server.request_count(), 1);
}
