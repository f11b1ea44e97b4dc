use serde::Deserialize;

use super::*;

#[allow(dead_code)]
#[derive(Debug, Deserialize)]
struct Body {
    data: Record,
    #[serde(default)]
    meta: Option<Meta>,
}

#[allow(dead_code)]
#[derive(Debug, Deserialize)]
struct Record {
    event_type: Kind,
    #[serde(default)]
    payload: Option<Payload>,
    #[serde(default)]
    tags: Vec<Tag>,
}

#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Kind {
    CallEnqueued,
    CallHangup,
}

#[allow(dead_code)]
#[derive(Debug, Deserialize)]
struct Payload {
    current_position: Option<i64>,
    #[serde(rename = "odd \"key\"\\")]
    odd: Option<bool>,
    size: Option<Size>,
    #[serde(default)]
    extra: Option<u8>,
    #[serde(flatten)]
    rest: serde_json::Map<String, serde_json::Value>,
}

#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Size {
    Number(u32),
    Words(Vec<String>),
}

#[allow(dead_code)]
#[derive(Debug, Deserialize)]
struct Tag {
    name: String,
}

#[allow(dead_code)]
#[derive(Debug, Deserialize)]
struct Meta {
    attempt: u32,
}

/// `serde_path_to_error`'s path for the same bytes and type.
fn tracked(body: &str) -> String {
    let mut de = serde_json::Deserializer::from_str(body);
    match serde_path_to_error::deserialize::<_, Body>(&mut de) {
        Err(e) => e.path().to_string(),
        Ok(_) => match de.end() {
            Err(_) => ".".to_owned(),
            Ok(()) => panic!("decodes: {body}"),
        },
    }
}

fn ours(body: &str) -> String {
    match from_slice::<Body>(body.as_bytes()) {
        Err(e) => e.path().to_owned(),
        Ok(_) => panic!("decodes: {body}"),
    }
}

/// Bodies whose failing value both ways of finding it agree on.
const SAME_AS_TRACKED: &[&str] = &[
    // wrong scalar types, at each depth, first, middle and last member
    r#"{"data":{"event_type":"call_hangup","payload":{"current_position":"two"}}}"#,
    r#"{"data":{"event_type":"call_hangup","payload":{"current_position":"two","odd":true}}}"#,
    r#"{"data":{"event_type":"call_hangup","payload":{"extra":1, "current_position":true}}}"#,
    r#"{"data":{"event_type":"call_hangup","payload":{"extra":300}}}"#,
    r#"{"data":{"event_type":"call_hangup","payload":{"extra":-1}}}"#,
    r#"{"data":{"event_type":"call_hangup","payload":{"extra":1.5}}}"#,
    "{\n  \"data\": {\n    \"event_type\": \"call_hangup\",\n    \"payload\": {\n      \"extra\": \"x\"\n    }\n  }\n}",
    // an escaped key
    r#"{"data":{"event_type":"call_hangup","payload":{"odd \"key\"\\":"yes"}}}"#,
    // an unknown enum value
    r#"{"data":{"event_type":"call.teleported"}}"#,
    r#"{"data":{"event_type":7}}"#,
    // missing required fields: the object that lacks them
    r#"{"data":{"payload":{}}}"#,
    r#"{"meta":{"attempt":1}}"#,
    r#"{"data":{"event_type":"call_hangup","tags":[{"name":"a"},{}]}}"#,
    r#"{"data":{"event_type":"call_hangup"},"meta":{}}"#,
    // array elements
    r#"{"data":{"event_type":"call_hangup","tags":[{"name":"a"},{"name":2}]}}"#,
    r#"{"data":{"event_type":"call_hangup","tags":[{"name":"a"}, 5]}}"#,
    r#"{"data":{"event_type":"call_hangup","tags":{"name":"a"}}}"#,
    // a container where a scalar belongs, and the reverse
    r#"{"data":{"event_type":"call_hangup","payload":[1,2]}}"#,
    r#"{"data":"x"}"#,
    r#"{"data":null}"#,
    r#"[1]"#,
    r#"7"#,
    // an untagged union that fits no variant, not last and last
    r#"{"data":{"event_type":"call_hangup","payload":{"size":true,"odd":true}}}"#,
    r#"{"data":{"event_type":"call_hangup","payload":{"size":{"a":1} ,"odd":true}}}"#,
    r#"{"data":{"event_type":"call_hangup","payload":{"size":[1,2]}}}"#,
    // syntax: trailing text, truncated bodies
    r#"{"data":{"event_type":"call_hangup"}} x"#,
    r#"{"data":{"event_type":"call_hangup"}}}"#,
    r#"{"data":{"event_type":"call_hangup","payload":{"current_position":tru}}}"#,
];

#[test]
fn paths_match_a_tracking_deserializer() {
    let differ: Vec<String> = SAME_AS_TRACKED
        .iter()
        .filter(|body| ours(body) != tracked(body))
        .map(|body| format!("{body}: ours {} tracked {}", ours(body), tracked(body)))
        .collect();
    assert!(differ.is_empty(), "{differ:#?}");
}

#[test]
fn a_failing_member_after_its_container_resumed_is_named() {
    // serde reports a member that fits no variant of an untagged union only after the
    // whole member was read, so serde_json positions the error where the object resumes
    let body = r#"{"data":{"event_type":"call_hangup","payload":{"odd":true,"size":"big"}}}"#;
    assert_eq!(ours(body), "data.payload.size");
}

#[test]
fn truncated_and_broken_bodies_name_the_open_value() {
    assert_eq!(
        ours(r#"{"data":{"event_type":"call_hangup","payload":{"#),
        "data.payload"
    );
    assert_eq!(
        ours(r#"{"data":{"event_type":"call_hangup","tags":[{"name":"a"},"#),
        "data.tags"
    );
    assert_eq!(ours(""), ".");
    assert_eq!(ours("   "), ".");
    assert_eq!(
        ours(r#"{"data":{"event_type":"call_hangup\"#),
        "data.event_type"
    );
}

#[test]
fn hostile_bodies_never_panic() {
    let deep = "[".repeat(100_000);
    let cases: Vec<Vec<u8>> = vec![
        deep.into_bytes(),
        b"\xff\xfe{\"a\":".to_vec(),
        b"{\"\\ud800\":1}".to_vec(),
        b"{\"a\\".to_vec(),
        b"\\".to_vec(),
        b"..".to_vec(),
        b"{\"data\":{\"event_type\":\"call_hangup\",\"payload\":{\"current_position\":\"\\\"..\\\\\"}}}"
            .to_vec(),
        vec![b'"'; 3],
    ];
    for body in cases {
        let error = from_slice::<Body>(&body).expect_err("not a body");
        assert!(!error.path().is_empty());
        // any position at all, in range or not
        for at in [0, 1, body.len() / 2, body.len(), body.len() + 10] {
            for (a, b, c) in [(false, false, false), (true, true, true)] {
                let hints = Hints {
                    about_container: a,
                    container_of_wrong_type: b,
                    unknown_field: c,
                };
                let _ = Scanner::new(&body).path_at(at, &hints);
            }
        }
    }
}

#[test]
fn offsets_follow_serde_json_lines_and_columns() {
    let body = b"{\n  \"a\": 1,\n  \"b\": x\n}";
    let error = serde_json::from_slice::<serde_json::Value>(body).expect_err("bad");
    let at = offset_of(body, error.line(), error.column());
    assert_eq!(body.get(at - 1), Some(&b'x'));
    assert_eq!(offset_of(body, 99, 5), body.len());
}

#[test]
fn the_error_shows_path_and_message() {
    let body = br#"{"data":{"event_type":"call_hangup","payload":{"current_position":"two"}}}"#;
    let error = from_slice::<Body>(body).expect_err("bad");
    assert_eq!(error.path(), "data.payload.current_position");
    let text = error.to_string();
    assert!(
        text.starts_with("at `data.payload.current_position`: invalid type: string \"two\""),
        "{text}"
    );
    assert!(std::error::Error::source(&error).is_some());
    let (path, inner) = error.into_parts();
    assert_eq!(path, "data.payload.current_position");
    assert_eq!(inner.line(), 1);
}

#[test]
fn a_member_decodes_alone_and_its_errors_start_with_its_key() {
    let body = br#"{"meta":{"attempt":1},"data":{"event_type":"call_hangup","tags":[{"name":"a"},{"name":"b\"}"}]}}"#;
    let record: Record = from_member(body, "data").expect("member").expect("decodes");
    assert_eq!(record.tags.len(), 2);
    let bad = br#"{"data":{"event_type":"call_hangup","tags":[{"name":1}]}}"#;
    let error = from_member::<Record>(bad, "data")
        .expect("member")
        .expect_err("bad");
    assert_eq!(error.path(), "data.tags[0].name");
    let error = from_member::<Record>(br#"{"data":7}"#, "data")
        .expect("member")
        .expect_err("bad");
    assert_eq!(error.path(), "data");
    let error = from_member::<Vec<u8>>(br#"{"data":[1,"x"]}"#, "data")
        .expect("member")
        .expect_err("bad");
    assert_eq!(error.path(), "data[1]");
    for not_there in [
        &b"[]"[..],
        b"{}",
        b"{\"data\"}",
        b"{\"other\":1}",
        b"{\"other\":1 \"data\":2}",
        b"",
        b"{\"data\":",
    ] {
        assert!(
            from_member::<serde_json::Value>(not_there, "data").is_none(),
            "{not_there:?}"
        );
    }
}
