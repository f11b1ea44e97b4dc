//! Named call-control errors (`telnyx_sdk::CallControlError`, `Error::is_call_not_answered`,
//! ...) against the codes Telnyx documents: error lists shaped like Telnyx's answers, and
//! the error examples of the vendor's OpenAPI document when `../shared/reference` has it.

use std::collections::BTreeSet;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use telnyx_sdk::{ApiError, CallControlError, Error};
use telnyx_sdk_tests::prism::reference_spec;

fn api_error(status: u16, body: &str) -> Error {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
    Error::Api(ApiError::from_parts(
        status,
        &HeaderMap::new(),
        body.as_bytes(),
    ))
}

fn telnyx_error(code: &str) -> Error {
    api_error(
        422,
        &format!(r#"{{"errors":[{{"code":"{code}","title":"t","detail":"d"}}]}}"#),
    )
}

#[test]
fn the_race_errors_have_helpers() {
    let not_answered = telnyx_error("90034");
    assert!(not_answered.is_call_not_answered());
    assert!(!not_answered.is_call_already_ended());
    assert!(!not_answered.is_call_gone());
    assert_eq!(
        not_answered.call_control_error(),
        Some(CallControlError::CallNotAnswered)
    );

    let ended = telnyx_error("90018");
    assert!(ended.is_call_already_ended());
    assert!(ended.is_call_gone());
    assert!(!ended.is_call_not_answered());

    let invalid = api_error(
        422,
        r#"{"errors":[{"code":"90015","title":"Invalid Call Control ID","source":{"pointer":"/call_control_id"}}]}"#,
    );
    assert!(invalid.is_invalid_call_control_id());
    assert!(invalid.is_call_gone());

    assert!(telnyx_error("90019").is_conference_already_ended());
}

#[test]
fn codes_sent_as_numbers_or_later_in_the_list_count() {
    // a number code is kept as its decimal text; the named error is found past other entries
    let error = api_error(
        422,
        r#"{"errors":[{"code":"10004","title":"Missing"},{"code":90034,"title":"Not answered"}]}"#,
    );
    assert!(error.is_call_not_answered());
    assert!(error.has_error_code("10004"));
    assert_eq!(
        error.call_control_error(),
        Some(CallControlError::CallNotAnswered)
    );
}

#[test]
fn other_errors_are_no_call_control_errors() {
    for error in [
        telnyx_error("10005"),
        api_error(422, "not json"),
        api_error(500, r#"{"errors":[]}"#),
        api_error(422, r#"{"errors":[{"title":"no code"}]}"#),
        Error::InvalidRequest("page size".into()),
        Error::Protocol("x".into()),
    ] {
        assert_eq!(error.call_control_error(), None, "{error}");
        assert!(
            !error.is_call_not_answered() && !error.is_call_gone(),
            "{error}"
        );
    }
}

#[test]
fn every_named_error_round_trips_its_code() {
    let mut codes = BTreeSet::new();
    for e in CallControlError::ALL {
        assert_eq!(CallControlError::from_code(e.code()), Some(e));
        assert!(codes.insert(e.code()), "{} twice", e.code());
        assert!(
            e.to_string().ends_with(&format!("(code {})", e.code())),
            "{e}"
        );
        assert_eq!(telnyx_error(e.code()).call_control_error(), Some(e));
    }
    assert_eq!(
        CallControlError::from_code(" 90034 "),
        Some(CallControlError::CallNotAnswered)
    );
    assert_eq!(CallControlError::from_code(""), None);
}

/// The 900xx codes of the call-control error examples in the vendor document: each is named,
/// and each named code is documented there.
#[test]
fn the_named_codes_are_the_documented_ones() {
    let Some(spec) = reference_spec() else {
        println!("SKIPPED the_named_codes_are_the_documented_ones: no ../shared/reference");
        return;
    };
    let text = match std::fs::read_to_string(&spec) {
        Ok(text) => text,
        Err(e) => panic!("cannot read {}: {e}", spec.display()),
    };
    // the responses call commands answer errors with (components/responses, 4 spaces in)
    let blocks = [
        "UnprocessableEntityResponse",
        "BadRequestResponse",
        "NotFoundResponse",
        "call-scripting_BadRequestResponse",
    ];
    let mut documented: BTreeSet<String> = BTreeSet::new();
    let mut titles: Vec<(String, String)> = Vec::new();
    let mut inside = false;
    let mut last_code: Option<String> = None;
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("    ")
            && !name.starts_with(' ')
        {
            inside = blocks.iter().any(|b| name == format!("{b}:"));
            continue;
        }
        if !inside {
            continue;
        }
        let trimmed = line.trim_start().trim_start_matches("- ");
        if let Some(code) = trimmed.strip_prefix("code: ") {
            let code = code.trim_matches(['\'', '"']).to_owned();
            if code.starts_with("900") {
                documented.insert(code.clone());
                last_code = Some(code);
            } else {
                last_code = None;
            }
        } else if let Some(title) = trimmed.strip_prefix("title: ")
            && let Some(code) = last_code.take()
        {
            titles.push((code, title.to_owned()));
        }
    }
    assert!(
        documented.len() >= 10,
        "the scan found only {documented:?} in {}",
        spec.display()
    );
    // 90014 is a TeXML (call scripting) parameter error, not a call-control state
    let not_call_control = ["90014"];
    for code in &documented {
        assert!(
            CallControlError::from_code(code).is_some()
                || not_call_control.contains(&code.as_str()),
            "documented code {code} has no CallControlError"
        );
    }
    for e in CallControlError::ALL {
        assert!(
            documented.contains(e.code()),
            "{e:?} ({}) is not among the documented codes {documented:?}",
            e.code()
        );
    }
    // the three the issue names mean what the helpers say
    let title = |code: &str| {
        titles
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, t)| t.to_lowercase())
            .unwrap_or_default()
    };
    assert!(
        title("90034").contains("not answered"),
        "{}",
        title("90034")
    );
    assert!(title("90018").contains("ended"), "{}", title("90018"));
    assert!(
        title("90015").contains("call control id"),
        "{}",
        title("90015")
    );
}
