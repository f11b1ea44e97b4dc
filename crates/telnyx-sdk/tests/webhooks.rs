//! Verification of signed webhook requests: every reason to reject, and what must pass.
#![cfg(feature = "test-util")]
#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use telnyx_sdk::webhooks::{
    Event, SignedHeaders, TestSigner, WebhookError, WebhookHeaders, WebhookVerifier,
};

const NOW: i64 = 1_760_000_000;
const BODY: &[u8] = br#"{"data":{"event_type":"conference.created","id":"5d3c3a8e-2d0f-4b7e-8a42-0c6b7d9e1f20","payload":{"conference_id":"conf-1","call_control_id":"v3:abc","occurred_at":"2026-03-04T05:06:07.890Z"},"record_type":"event"},"meta":{"attempt":1,"delivered_to":"https://example.test/hook"}}"#;

fn at(secs: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs.unsigned_abs())
}

fn signer() -> TestSigner {
    TestSigner::from_secret_key(&[9; 32])
}

fn verifier() -> WebhookVerifier {
    signer().verifier().with_clock(|| at(NOW))
}

fn signed(body: &[u8]) -> SignedHeaders {
    signer().sign(body, NOW)
}

#[test]
fn valid_request_verifies_and_unwraps() {
    let headers = signed(BODY);
    verifier().verify(&headers, BODY).unwrap();
    let event = verifier().unwrap(&headers, BODY).unwrap();
    assert!(matches!(event, Event::ConferenceCreated(_)));
    assert_eq!(event.event_type(), "conference.created");
    assert_eq!(
        event.id().unwrap().to_string(),
        "5d3c3a8e-2d0f-4b7e-8a42-0c6b7d9e1f20"
    );
    assert_eq!(
        event.occurred_at().unwrap().to_rfc3339(),
        "2026-03-04T05:06:07.890+00:00"
    );
}

#[test]
fn verifier_from_public_key_text() {
    let signer = signer();
    let key = signer.public_key_base64();
    let headers = signed(BODY);
    for text in [
        key.clone(),
        format!("  {key}\n"),
        key.trim_end_matches('=').to_owned(),
    ] {
        let verifier = WebhookVerifier::new(&text).unwrap().with_clock(|| at(NOW));
        verifier.verify(&headers, BODY).unwrap();
    }
}

#[test]
fn all_header_shapes_are_accepted() {
    let headers = signed(BODY);
    let v = verifier();
    // http::HeaderMap
    v.verify(&headers.to_header_map(), BODY).unwrap();
    // slices and arrays of &str pairs
    let pairs = headers.pairs();
    v.verify(&pairs[..], BODY).unwrap();
    v.verify(pairs, BODY).unwrap();
    // owned pairs
    let owned: Vec<(String, String)> = pairs
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    v.verify(&owned, BODY).unwrap();
    v.verify(owned.clone(), BODY).unwrap();
    // byte values
    let bytes: Vec<(&str, &[u8])> = pairs.iter().map(|(n, v)| (*n, v.as_bytes())).collect();
    v.verify(bytes, BODY).unwrap();
    // a HashMap, by reference and by value
    let map: HashMap<String, String> = owned.into_iter().collect();
    v.verify(&map, BODY).unwrap();
    v.verify(map, BODY).unwrap();
}

#[test]
fn header_names_are_case_insensitive() {
    let h = signed(BODY);
    for (sig_name, ts_name) in [
        ("TELNYX-SIGNATURE-ED25519", "TELNYX-TIMESTAMP"),
        ("Telnyx-Signature-Ed25519", "Telnyx-Timestamp"),
        ("telnyx-signature-ed25519", "telnyx-timestamp"),
    ] {
        let headers = [(sig_name, h.signature()), (ts_name, h.timestamp())];
        verifier().verify(headers, BODY).unwrap();
        // http::HeaderMap lower-cases names itself; mixed case goes through it too.
        let mut map = http::HeaderMap::new();
        map.insert(
            http::HeaderName::from_bytes(sig_name.as_bytes()).unwrap(),
            h.signature().parse().unwrap(),
        );
        map.insert(
            http::HeaderName::from_bytes(ts_name.as_bytes()).unwrap(),
            h.timestamp().parse().unwrap(),
        );
        verifier().verify(&map, BODY).unwrap();
    }
}

#[test]
fn other_headers_are_ignored_and_first_value_wins() {
    let h = signed(BODY);
    let headers = [
        ("content-type", "application/json"),
        ("telnyx-timestamp", h.timestamp()),
        ("user-agent", "telnyx-webhooks"),
        ("telnyx-signature-ed25519", h.signature()),
        ("telnyx-timestamp", "not a number"),
        ("telnyx-signature-ed25519", "garbage"),
    ];
    verifier().verify(headers, BODY).unwrap();
}

#[test]
fn zero_signature_is_a_mismatch() {
    let zeros = "A".repeat(86) + "==";
    let headers = [
        ("telnyx-signature-ed25519", zeros.as_str()),
        ("telnyx-timestamp", "1760000000"),
    ];
    assert!(matches!(
        verifier().verify(headers, BODY),
        Err(WebhookError::SignatureMismatch)
    ));
}

#[test]
fn missing_signature_header() {
    let h = signed(BODY);
    let err = verifier()
        .verify([("telnyx-timestamp", h.timestamp())], BODY)
        .unwrap_err();
    assert!(
        matches!(
            err,
            WebhookError::MissingHeader {
                name: "telnyx-signature-ed25519"
            }
        ),
        "{err:?}"
    );
    assert!(err.is_authentication_failure());
    assert_eq!(err.to_string(), "missing header `telnyx-signature-ed25519`");
}

#[test]
fn missing_timestamp_header() {
    let h = signed(BODY);
    let err = verifier()
        .verify([("telnyx-signature-ed25519", h.signature())], BODY)
        .unwrap_err();
    assert!(
        matches!(
            err,
            WebhookError::MissingHeader {
                name: "telnyx-timestamp"
            }
        ),
        "{err:?}"
    );
}

#[test]
fn no_headers_at_all() {
    let none: [(&str, &str); 0] = [];
    assert!(matches!(
        verifier().verify(none, BODY),
        Err(WebhookError::MissingHeader { .. })
    ));
}

#[test]
fn timestamp_ten_minutes_old_is_rejected() {
    let headers = signer().sign(BODY, NOW - 600);
    let err = verifier().verify(&headers, BODY).unwrap_err();
    assert!(
        matches!(
            err,
            WebhookError::TimestampOutsideTolerance {
                skew_secs: 600,
                tolerance_secs: 300
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "webhook timestamp is 600 s old, more than the 300 s tolerance"
    );
}

#[test]
fn timestamp_ten_minutes_ahead_is_rejected() {
    let headers = signer().sign(BODY, NOW + 600);
    let err = verifier().verify(&headers, BODY).unwrap_err();
    assert!(
        matches!(
            err,
            WebhookError::TimestampOutsideTolerance {
                skew_secs: -600,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("600 s in the future"));
}

#[test]
fn tolerance_edges_and_configuration() {
    for skew in [-300, -299, 0, 299, 300] {
        let headers = signer().sign(BODY, NOW + skew);
        verifier().verify(&headers, BODY).unwrap();
    }
    for skew in [-301, 301] {
        let headers = signer().sign(BODY, NOW + skew);
        assert!(verifier().verify(&headers, BODY).is_err());
    }
    let strict = verifier().with_tolerance(Duration::from_secs(10));
    assert!(strict.verify(&signer().sign(BODY, NOW - 11), BODY).is_err());
    strict.verify(&signer().sign(BODY, NOW - 10), BODY).unwrap();
    let lax = verifier().with_tolerance(Duration::from_secs(3600));
    lax.verify(&signer().sign(BODY, NOW - 600), BODY).unwrap();
}

#[test]
fn extreme_timestamps_and_clocks_do_not_overflow() {
    let h = signed(BODY);
    for ts in ["0", "9223372036854775807", "0000000000001760000000"] {
        let headers = [
            ("telnyx-signature-ed25519", h.signature()),
            ("telnyx-timestamp", ts),
        ];
        assert!(verifier().verify(headers, BODY).is_err());
    }
    let before_epoch = signer()
        .verifier()
        .with_clock(|| UNIX_EPOCH - Duration::from_secs(1 << 40));
    assert!(matches!(
        before_epoch.verify(&h, BODY),
        Err(WebhookError::TimestampOutsideTolerance { .. })
    ));
    let far_future = signer()
        .verifier()
        .with_clock(|| UNIX_EPOCH + Duration::from_secs(1 << 40));
    assert!(far_future.verify(&h, BODY).is_err());
}

#[test]
fn system_clock_is_the_default() {
    let signer = signer();
    let headers = signer.sign_now(BODY);
    signer.verifier().verify(&headers, BODY).unwrap();
    // Signed "at NOW" (2025) is far outside the tolerance of the real clock.
    assert!(signer.verifier().verify(&signed(BODY), BODY).is_err());
}

#[test]
fn tampered_body_is_rejected() {
    let headers = signed(BODY);
    let mut tampered = BODY.to_vec();
    let pos = tampered.iter().position(|&b| b == b'1').unwrap();
    tampered[pos] = b'2';
    assert!(matches!(
        verifier().verify(&headers, &tampered),
        Err(WebhookError::SignatureMismatch)
    ));
    let mut longer = BODY.to_vec();
    longer.push(b'\n');
    assert!(matches!(
        verifier().verify(&headers, &longer),
        Err(WebhookError::SignatureMismatch)
    ));
    assert!(matches!(
        verifier().verify(&headers, b""),
        Err(WebhookError::SignatureMismatch)
    ));
}

#[test]
fn tampered_timestamp_is_rejected() {
    let h = signed(BODY);
    let other = (NOW + 1).to_string();
    let headers = [
        ("telnyx-signature-ed25519", h.signature()),
        ("telnyx-timestamp", other.as_str()),
    ];
    assert!(matches!(
        verifier().verify(headers, BODY),
        Err(WebhookError::SignatureMismatch)
    ));
}

#[test]
fn another_key_is_rejected() {
    let other = TestSigner::from_secret_key(&[10; 32]).sign(BODY, NOW);
    assert!(matches!(
        verifier().verify(&other, BODY),
        Err(WebhookError::SignatureMismatch)
    ));
}

#[test]
fn bad_and_short_public_keys() {
    let cases = [
        "",
        "not base64 at all!",
        "c2hvcnQ=",                                         // 5 bytes
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gIQ==", // 34 bytes
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",     // small-order point
        &"A".repeat(10_000),
    ];
    for key in cases {
        let err = WebhookVerifier::new(key).unwrap_err();
        assert!(
            matches!(err, WebhookError::InvalidPublicKey { .. }),
            "{key}: {err:?}"
        );
        assert!(!err.is_authentication_failure());
        assert!(err.to_string().starts_with("invalid Telnyx public key"));
    }
    // A y coordinate with no point on the curve: 2 is not a valid y for Ed25519.
    let mut not_a_point = [0u8; 32];
    not_a_point[0] = 2;
    assert!(WebhookVerifier::from_bytes(&not_a_point).is_err());
}

#[test]
fn public_key_from_env() {
    // The variable is set for child processes only (`set_var` would race other tests).
    let exe = std::env::current_exe().unwrap();
    if std::env::var("WEBHOOKS_ENV_CHILD").is_ok() {
        return;
    }
    let status = std::process::Command::new(exe)
        .args(["--exact", "env_child", "--nocapture"])
        .env("WEBHOOKS_ENV_CHILD", "1")
        .env("TELNYX_PUBLIC_KEY", signer().public_key_base64())
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "env_child_missing", "--nocapture"])
        .env("WEBHOOKS_ENV_CHILD", "1")
        .env_remove("TELNYX_PUBLIC_KEY")
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
}

#[test]
fn env_child() {
    if std::env::var("WEBHOOKS_ENV_CHILD").is_err() {
        return;
    }
    let v = WebhookVerifier::from_env().unwrap().with_clock(|| at(NOW));
    v.verify(&signed(BODY), BODY).unwrap();
}

#[test]
fn env_child_missing() {
    if std::env::var("WEBHOOKS_ENV_CHILD").is_err() {
        return;
    }
    assert!(matches!(
        WebhookVerifier::from_env(),
        Err(WebhookError::MissingPublicKey {
            var: "TELNYX_PUBLIC_KEY"
        })
    ));
}

#[test]
fn non_numeric_and_malformed_timestamps() {
    let h = signed(BODY);
    for ts in [
        "",
        "abc",
        "17600000OO",
        "-1760000000",
        "+1760000000",
        "1760000000.5",
        "1e9",
        "99999999999999999999",
        "1760000000 1",
    ] {
        let headers = [
            ("telnyx-signature-ed25519", h.signature()),
            ("telnyx-timestamp", ts),
        ];
        let err = verifier().verify(headers, BODY).unwrap_err();
        assert!(
            matches!(err, WebhookError::InvalidTimestamp),
            "{ts:?}: {err:?}"
        );
    }
    // Non-UTF-8 bytes in a header value.
    let headers: [(&str, &[u8]); 2] = [
        ("telnyx-signature-ed25519", h.signature().as_bytes()),
        ("telnyx-timestamp", b"\xff\xfe"),
    ];
    assert!(matches!(
        verifier().verify(headers, BODY),
        Err(WebhookError::InvalidTimestamp)
    ));
}

#[test]
fn malformed_signatures() {
    let h = signed(BODY);
    let ts = h.timestamp();
    let check = |sig: &str| {
        verifier().verify(
            [("telnyx-signature-ed25519", sig), ("telnyx-timestamp", ts)],
            BODY,
        )
    };
    assert!(matches!(
        check("not base64!!"),
        Err(WebhookError::InvalidSignatureEncoding)
    ));
    assert!(matches!(
        check(&"é".repeat(50)),
        Err(WebhookError::InvalidSignatureEncoding)
    ));
    assert!(matches!(
        check(""),
        Err(WebhookError::InvalidSignatureLength { len: 0 })
    ));
    assert!(matches!(
        check("AAAA"),
        Err(WebhookError::InvalidSignatureLength { len: 3 })
    ));
    let long = "A".repeat(400);
    assert!(matches!(
        check(&long),
        Err(WebhookError::InvalidSignatureLength { len: 300 })
    ));
    // 63 and 65 bytes
    let short = &h.signature()[..84];
    assert!(matches!(
        check(short),
        Err(WebhookError::InvalidSignatureLength { len: 63 })
    ));
    let extra = format!("{}AAAA", h.signature().trim_end_matches('='));
    assert!(check(&extra).is_err());
    // Unpadded is accepted; so is surrounding whitespace.
    check(h.signature().trim_end_matches('=')).unwrap();
    check(&format!(" {} ", h.signature())).unwrap();
    // One flipped bit in the signature.
    let mut flipped = h.signature().as_bytes().to_vec();
    flipped[10] = if flipped[10] == b'A' { b'B' } else { b'A' };
    assert!(matches!(
        check(std::str::from_utf8(&flipped).unwrap()),
        Err(WebhookError::SignatureMismatch)
    ));
}

#[test]
fn special_and_non_ascii_bodies() {
    let bodies: [&[u8]; 6] = [
        "{\"data\":{\"event_type\":\"x.y\",\"note\":\"caf\u{e9} \u{65e5}\u{672c} \u{1f600} \\u00e9 \\n \\\" |\"}}".as_bytes(),
        b"|||",
        b"",
        b"\x00\x01\xff\xfe not utf-8",
        "  leading and trailing whitespace  \r\n".as_bytes(),
        "\u{feff}{\"bom\":true}".as_bytes(),
    ];
    for body in bodies {
        let headers = signed(body);
        verifier().verify(&headers, body).unwrap();
    }
    let event = verifier().unwrap(&signed(bodies[0]), bodies[0]).unwrap();
    assert_eq!(event.event_type(), "x.y");
    // Verified but not JSON: a payload error, not a signature error.
    let err = verifier()
        .unwrap(&signed(bodies[3]), bodies[3])
        .unwrap_err();
    assert!(matches!(err, WebhookError::Payload { .. }), "{err:?}");
    assert!(!err.is_authentication_failure());
}

#[test]
fn re_serialized_body_fails() {
    // Telnyx's bytes: a key order and spacing that a JSON library will not reproduce.
    let original = "{\"meta\": {\"attempt\": 1}, \"data\": {\"record_type\": \"event\", \"event_type\": \"conference.ended\", \"payload\": {\"reason\": \"all_left\", \"note\": \"\\u00e9\"}}}";
    let headers = signed(original.as_bytes());
    verifier().verify(&headers, original.as_bytes()).unwrap();
    let value: serde_json::Value = serde_json::from_str(original).unwrap();
    for reserialized in [
        serde_json::to_vec(&value).unwrap(),
        serde_json::to_vec_pretty(&value).unwrap(),
    ] {
        assert_ne!(reserialized, original.as_bytes());
        assert!(matches!(
            verifier().verify(&headers, &reserialized),
            Err(WebhookError::SignatureMismatch)
        ));
    }
}

#[test]
fn custom_header_source() {
    struct Lambda(Vec<(String, String)>);
    impl WebhookHeaders for &Lambda {
        fn for_each_header(self, f: &mut dyn FnMut(&str, &[u8])) {
            for (k, v) in &self.0 {
                f(k, v.as_bytes());
            }
        }
    }
    let h = signed(BODY);
    let lambda = Lambda(
        h.pairs()
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    );
    verifier().verify(&lambda, BODY).unwrap();
}

#[test]
fn errors_display_and_debug() {
    let errors = [
        WebhookError::MissingHeader {
            name: "telnyx-timestamp",
        },
        WebhookError::InvalidTimestamp,
        WebhookError::TimestampOutsideTolerance {
            skew_secs: 1,
            tolerance_secs: 0,
        },
        WebhookError::InvalidSignatureEncoding,
        WebhookError::InvalidSignatureLength { len: 1 },
        WebhookError::SignatureMismatch,
        WebhookError::InvalidPublicKey { reason: "r" },
        WebhookError::MissingPublicKey {
            var: "TELNYX_PUBLIC_KEY",
        },
    ];
    for e in &errors {
        assert!(!e.to_string().is_empty());
        assert!(std::error::Error::source(e).is_none());
    }
    let payload = Event::from_slice(b"[").unwrap_err();
    assert!(std::error::Error::source(&payload).is_some());
    assert!(format!("{:?}", verifier()).contains("WebhookVerifier"));
    assert!(!format!("{:?}", signer()).contains("secret"));
}
