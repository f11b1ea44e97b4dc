//! `WebhookVerifier::unwrap` against doing the same by hand with `ed25519-dalek` and
//! `serde_json`, on the same signed payload, in the same run.
//!
//! ```sh
//! cargo bench -p telnyx-sdk --no-default-features --features webhooks,test-util --bench webhooks
//! ```
//!
//! The ratio to look at is `sdk/unwrap` over `baseline/by_hand` (target <= 1.1), as summed
//! over the same alternations (`paired …` at the end of the run; see `support/mod.rs`).
#![allow(clippy::unwrap_used)]

use std::hint::black_box;
mod support;

use std::time::{Duration, Instant, UNIX_EPOCH};

use base64::Engine as _;
use criterion::{Criterion, Throughput, criterion_group};
use ed25519_dalek::{Signature, VerifyingKey};
use telnyx_sdk::webhooks::{Event, TestSigner, types};

const NOW: i64 = 1_767_225_600;
/// The compared pair, as criterion, the paired report and the count mode name it.
const SDK: &str = "webhooks/sdk/unwrap";
const BY_HAND: &str = "webhooks/baseline/by_hand";

fn payload() -> Vec<u8> {
    let body = serde_json::json!({
        "data": {
            "event_type": "conference.participant.joined",
            "id": "00000000-0000-4000-8000-0000000000a1",
            "occurred_at": "2026-01-01T00:00:00.123456Z",
            "payload": {
                "call_control_id": "v3:AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-abcdefghij_klmnop",
                "call_leg_id": "00000000-0000-4000-8000-0000000000b2",
                "call_session_id": "00000000-0000-4000-8000-0000000000c3",
                "client_state": "eyJ0ZW5hbnQiOiJhY21lIiwicm9vbSI6MTJ9",
                "conference_id": "00000000-0000-4000-8000-0000000000d4",
                "connection_id": "1234567890123456789",
            },
            "record_type": "event",
        },
        "meta": {"attempt": 1, "delivered_to": "https://hooks.example.test/telnyx/events"},
    });
    serde_json::to_vec(&body).unwrap()
}

/// Calls `other` then `measured`, `iters` times; returns the time spent in `measured` and
/// adds both sides to the pair's totals ([`support::record`]).
fn interleaved<A, B>(
    names: (&str, &str),
    iters: u64,
    measured: &impl Fn() -> A,
    other: &impl Fn() -> B,
) -> Duration {
    let mut total = Duration::ZERO;
    let mut other_total = Duration::ZERO;
    for _ in 0..iters {
        let start = Instant::now();
        black_box(other());
        let between = Instant::now();
        black_box(measured());
        total += between.elapsed();
        other_total += between - start;
    }
    support::record(names, total, other_total, iters);
    total
}

/// The signed request and both ways of checking it.
struct Fixture {
    body: Vec<u8>,
    headers: telnyx_sdk::webhooks::SignedHeaders,
    header_map: http::HeaderMap,
    verifier: telnyx_sdk::webhooks::WebhookVerifier,
    key: VerifyingKey,
}

impl Fixture {
    fn new() -> Fixture {
        let body = payload();
        let signer = TestSigner::from_secret_key(&[11; 32]);
        let headers = signer.sign(&body, NOW);
        let header_map = headers.to_header_map();
        let verifier = signer
            .verifier()
            .with_clock(|| UNIX_EPOCH + Duration::from_secs(NOW as u64));
        let key_bytes: [u8; 32] = B64
            .decode(signer.public_key_base64())
            .unwrap()
            .try_into()
            .unwrap();
        let key = VerifyingKey::from_bytes(&key_bytes).unwrap();
        let fixture = Fixture {
            body,
            headers,
            header_map,
            verifier,
            key,
        };
        // Sanity: both paths accept the request and decode the same record.
        assert!(matches!(
            fixture.sdk(),
            Event::ConferenceParticipantJoined(_)
        ));
        black_box(fixture.by_hand());
        fixture
    }

    fn sdk(&self) -> Event {
        self.verifier
            .unwrap(black_box(&self.header_map), black_box(&self.body))
            .unwrap()
    }

    /// What a careful hand-written handler does: read both headers, decode the signature,
    /// build `timestamp|body`, verify_strict, parse the typed payload.
    fn by_hand(&self) -> types::ConferenceParticipantJoinedEvent {
        let map = black_box(&self.header_map);
        let ts = map.get("telnyx-timestamp").unwrap().as_bytes();
        let sig = map.get("telnyx-signature-ed25519").unwrap().as_bytes();
        let sig: [u8; 64] = B64.decode(sig).unwrap().try_into().unwrap();
        let body = black_box(&self.body);
        let mut message = Vec::with_capacity(ts.len() + 1 + body.len());
        message.extend_from_slice(ts);
        message.push(b'|');
        message.extend_from_slice(body);
        self.key
            .verify_strict(&message, &Signature::from_bytes(&sig))
            .unwrap();
        serde_json::from_slice::<types::ConferenceParticipantJoinedEvent>(body).unwrap()
    }
}

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

fn bench(c: &mut Criterion) {
    let f = Fixture::new();
    let Fixture {
        body, headers, key, ..
    } = &f;

    let mut group = c.benchmark_group("webhooks");
    group.throughput(Throughput::Elements(1));

    let sdk = || f.sdk();
    let by_hand = || f.by_hand();
    // The pair is measured interleaved: before each timed call of one, the other runs once,
    // so load from other processes that changes during the run hits both alike.
    group.bench_function("sdk/unwrap", |b| {
        b.iter_custom(|iters| interleaved((SDK, BY_HAND), iters, &sdk, &by_hand))
    });
    group.bench_function("baseline/by_hand", |b| {
        b.iter_custom(|iters| interleaved((BY_HAND, SDK), iters, &by_hand, &sdk))
    });

    // The floor: only the signature check and the parse, message prepared in advance.
    let mut message = headers.timestamp().as_bytes().to_vec();
    message.push(b'|');
    message.extend_from_slice(body);
    let sig: [u8; 64] = B64.decode(headers.signature()).unwrap().try_into().unwrap();
    let sig = Signature::from_bytes(&sig);
    group.bench_function("baseline/verify_strict+parse", |b| {
        b.iter(|| {
            key.verify_strict(black_box(&message), &sig).unwrap();
            serde_json::from_slice::<types::ConferenceParticipantJoinedEvent>(black_box(body))
                .unwrap()
        })
    });

    // The parts, to see where time goes.
    group.bench_function("parts/event_from_slice", |b| {
        b.iter(|| Event::from_slice(black_box(body)).unwrap())
    });
    group.bench_function("parts/serde_json_typed", |b| {
        b.iter(|| {
            serde_json::from_slice::<types::ConferenceParticipantJoinedEvent>(black_box(body))
                .unwrap()
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    targets = bench
}

/// Count mode (see `support`): the fixture's setup, then `n` checks of one kind.
fn count(variant: &str, n: u64) -> Result<(), String> {
    let f = Fixture::new();
    match variant {
        SDK => (0..n).for_each(|_| drop(black_box(f.sdk()))),
        BY_HAND => (0..n).for_each(|_| drop(black_box(f.by_hand()))),
        other => return Err(format!("unknown variant `{other}`")),
    }
    Ok(())
}

fn main() {
    support::run(benches, count);
}
