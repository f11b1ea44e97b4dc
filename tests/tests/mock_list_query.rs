//! A typed mock's matcher of a list query parameter (the shape the xtask step
//! `list_query_params_match_each_element` writes into every generated `When`) against the
//! URL a generated client builds for the same list (`codegen::QueryUrl`). None of our five
//! domains has a list query parameter; the whole vendor spec has dozens.

use telnyx_sdk_core::codegen::QueryUrl;
use telnyx_sdk_core::mock::httpmock::{Mock, MockServer, When};

/// The generated matcher's body, as the step writes it (with the generated `&Vec` too).
#[allow(clippy::ptr_arg)]
fn tags(when: When, value: &Vec<String>) -> When {
    if value.is_empty() {
        when.query_param_missing("tags")
    } else {
        value.iter().fold(when, |when, item| {
            when.query_param("tags", item.to_string())
        })
    }
}

async fn mock_of<'a>(server: &'a MockServer, expected: &[&str]) -> Mock<'a> {
    let expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    server
        .mock_async(|when, then| {
            tags(when.path("/things"), &expected);
            then.status(200);
        })
        .await
}

/// GET /things with the query a generated client sends for `tags` (none when `None`).
async fn get(server: &MockServer, sent: Option<&[&str]>) -> u16 {
    let url = QueryUrl::new(server.url("/things"))
        .param("tags", sent.map(|s| s.to_vec()))
        .finish()
        .expect("query");
    reqwest::get(url).await.expect("send").status().as_u16()
}

#[tokio::test]
async fn each_element_of_a_list_is_expected() {
    let server = MockServer::start_async().await;
    let mock = mock_of(&server, &["a", "b c"]).await;
    assert_eq!(get(&server, Some(&["a", "b c"])).await, 200);
    // httpmock answers 404 when no mock matches
    assert_eq!(get(&server, Some(&["a"])).await, 404, "an element missing");
    assert_eq!(get(&server, None).await, 404, "the parameter missing");
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn an_empty_list_expects_no_pair() {
    let server = MockServer::start_async().await;
    let mock = mock_of(&server, &[]).await;
    assert_eq!(
        get(&server, Some(&[])).await,
        200,
        "the client sends no pair"
    );
    assert_eq!(get(&server, None).await, 200);
    assert_eq!(get(&server, Some(&["a"])).await, 404);
    assert_eq!(mock.calls_async().await, 2);
}
