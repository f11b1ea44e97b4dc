//! A typed mock's multipart matcher (`telnyx_sdk_core::mock::MultipartForm`) against the
//! bytes reqwest really sends for a form like the generated clients build: the generated
//! `When::body(..)` of a multipart operation uses it (no operation of our five domains takes
//! a form; the whole vendor spec has seven).

use telnyx_sdk_core::mock::MultipartForm;
use telnyx_sdk_core::mock::httpmock::MockServer;
use telnyx_sdk_core::multipart::{FilePart, text};

fn upload() -> FilePart {
    // not UTF-8, and a file name reqwest must percent-encode
    FilePart::new(vec![0x00, 0xff, 0x10, b'\r', b'\n', b'-', b'-'])
        .file_name("appel \"n\u{b0}1\".wav")
        .content_type("audio/wav")
}

/// The form as a generated client sends it: a file part, then text parts (a string as it
/// is, other values as JSON), a list as one part per element.
fn form(file: FilePart, model: &str, tags: &[&str]) -> reqwest::multipart::Form {
    let mut form = reqwest::multipart::Form::new()
        .part("file", file.into_part().expect("part"))
        .text("model", text(&model).expect("text"))
        .text("temperature", text(&0.5).expect("text"));
    for tag in tags {
        form = form.text("tags", text(tag).expect("text"));
    }
    form
}

fn expected(model: &str) -> MultipartForm {
    MultipartForm::new()
        .file("file", &upload())
        .text("model", &model)
        .text("temperature", &0.5)
        .text("tags", &"a")
        .text("tags", &"b")
}

async fn post(server: &MockServer, form: reqwest::multipart::Form) -> u16 {
    reqwest::Client::new()
        .post(server.url("/ai/audio/transcriptions"))
        .multipart(form)
        .send()
        .await
        .expect("send")
        .status()
        .as_u16()
}

/// A mock of the upload that expects the form of `expected("whisper")` and answers 200.
async fn mock_expecting_whisper(server: &MockServer) -> telnyx_sdk_core::mock::httpmock::Mock<'_> {
    server
        .mock_async(|when, then| {
            expected("whisper").apply(when.path("/ai/audio/transcriptions"));
            then.status(200);
        })
        .await
}

#[tokio::test]
async fn the_form_reqwest_sends_matches_the_expected_parts() {
    let server = MockServer::start_async().await;
    let mock = mock_expecting_whisper(&server).await;
    assert_eq!(
        post(&server, form(upload(), "whisper", &["a", "b"])).await,
        200
    );
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn a_form_that_differs_in_any_part_does_not_match() {
    let server = MockServer::start_async().await;
    let mock = mock_expecting_whisper(&server).await;
    let other_bytes = FilePart::new(vec![1, 2, 3])
        .file_name("appel \"n\u{b0}1\".wav")
        .content_type("audio/wav");
    let other_file_name = FilePart::new(upload().bytes().to_vec())
        .file_name("other.wav")
        .content_type("audio/wav");
    let no_content_type =
        FilePart::new(upload().bytes().to_vec()).file_name("appel \"n\u{b0}1\".wav");
    for (why, sent) in [
        ("text value", form(upload(), "nova", &["a", "b"])),
        ("file bytes", form(other_bytes, "whisper", &["a", "b"])),
        ("file name", form(other_file_name, "whisper", &["a", "b"])),
        (
            "content type",
            form(no_content_type, "whisper", &["a", "b"]),
        ),
        ("list order", form(upload(), "whisper", &["b", "a"])),
        ("a part missing", form(upload(), "whisper", &["a"])),
        ("an extra part", form(upload(), "whisper", &["a", "b", "c"])),
    ] {
        // httpmock answers 404 when no mock matches
        assert_eq!(post(&server, sent).await, 404, "{why}");
    }
    assert_eq!(mock.calls_async().await, 0);

    // the same parts as JSON do not match either
    let status = reqwest::Client::new()
        .post(server.url("/ai/audio/transcriptions"))
        .json(&serde_json::json!({"model": "whisper", "temperature": 0.5, "tags": ["a", "b"]}))
        .send()
        .await
        .expect("send")
        .status();
    assert_eq!(status.as_u16(), 404);
}
