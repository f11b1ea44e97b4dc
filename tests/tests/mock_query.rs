//! The typed mocks' query matcher (`telnyx_sdk_core::mock::query_param`, which every generated
//! `When` method of a query parameter calls) against the URL a generated client builds for
//! the same value (`codegen::QueryUrl`): a list (one pair per element), an untagged value (a
//! string or a list), a date-time (RFC 3339, not its `Display`).

use serde::Serialize;
use telnyx_sdk_core::codegen::QueryUrl;
use telnyx_sdk_core::mock::httpmock::{Mock, MockServer};
use telnyx_sdk_core::mock::query_param;

/// Like the vendor's `oneOf: [string, array of strings]` query parameters.
#[derive(Serialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

async fn mock_of<'a, T: Serialize + Sync + 'static>(
    server: &'a MockServer,
    expected: T,
) -> Mock<'a> {
    server
        .mock_async(move |when, then| {
            query_param(when.path("/things"), "tags", &expected);
            then.status(200);
        })
        .await
}

/// GET /things with the query a generated client sends for `tags` (none when `None`).
async fn get<T: Serialize>(server: &MockServer, sent: Option<T>) -> u16 {
    let url = QueryUrl::new(server.url("/things"))
        .param("tags", sent)
        .finish()
        .expect("query");
    reqwest::get(url).await.expect("send").status().as_u16()
}

#[tokio::test]
async fn each_element_of_a_list_is_expected() {
    let server = MockServer::start_async().await;
    let mock = mock_of(&server, vec!["a", "b c"]).await;
    assert_eq!(get(&server, Some(vec!["a", "b c"])).await, 200);
    // httpmock answers 404 when no mock matches
    assert_eq!(
        get(&server, Some(vec!["a"])).await,
        404,
        "an element missing"
    );
    assert_eq!(
        get::<Vec<&str>>(&server, None).await,
        404,
        "the parameter missing"
    );
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn an_empty_list_expects_no_pair() {
    let server = MockServer::start_async().await;
    let mock = mock_of(&server, Vec::<String>::new()).await;
    assert_eq!(
        get(&server, Some(Vec::<String>::new())).await,
        200,
        "no pair sent"
    );
    assert_eq!(get::<Vec<&str>>(&server, None).await, 200);
    assert_eq!(get(&server, Some(vec!["a"])).await, 404);
    assert_eq!(mock.calls_async().await, 2);
}

#[tokio::test]
async fn an_untagged_value_is_expected_as_what_it_holds() {
    let server = MockServer::start_async().await;
    let one = mock_of(&server, OneOrMany::One("sent".into())).await;
    assert_eq!(get(&server, Some(OneOrMany::One("sent".into()))).await, 200);
    assert_eq!(one.calls_async().await, 1);
    one.delete_async().await;

    let many = mock_of(&server, OneOrMany::Many(vec!["x".into(), "y".into()])).await;
    let sent = OneOrMany::Many(vec!["x".into(), "y".into()]);
    assert_eq!(get(&server, Some(sent)).await, 200);
    assert_eq!(get(&server, Some(OneOrMany::One("x".into()))).await, 404);
    assert_eq!(many.calls_async().await, 1);
}

#[tokio::test]
async fn a_date_time_is_expected_as_the_client_writes_it() {
    let at = chrono::DateTime::parse_from_rfc3339("2026-12-01T07:30:00Z")
        .expect("date")
        .with_timezone(&chrono::Utc);
    let server = MockServer::start_async().await;
    let mock = mock_of(&server, at).await;
    assert_eq!(get(&server, Some(at)).await, 200);
    assert_eq!(mock.calls_async().await, 1);
}
