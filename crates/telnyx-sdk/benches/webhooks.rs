//! `WebhookVerifier::unwrap` against doing the same by hand with `ed25519-dalek` and
//! `serde_json`, on the same signed payload, in the same run.
//!
//! ```sh
//! cargo bench -p telnyx-sdk --no-default-features --features webhooks,test-util --bench webhooks
//! ```
//!
//! The ratio to look at is `sdk/unwrap` over `baseline/by_hand` (target <= 1.1).
#![allow(clippy::unwrap_used)]

use std::hint::black_box;
use std::sync::Mutex;
use std::time::{Duration, Instant, UNIX_EPOCH};

use base64::Engine as _;
use criterion::{Criterion, Throughput, criterion_group};
use ed25519_dalek::{Signature, VerifyingKey};
use telnyx_sdk::webhooks::{Event, TestSigner, types};

const NOW: i64 = 1_767_225_600;

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

/// Summed time of `sdk/unwrap` and of `baseline/by_hand` over the same alternations, and
/// their number (see `benches/client.rs`: the ratio `cargo xtask bench` holds against the
/// target).
static PAIRED: Mutex<(Duration, Duration, u64)> = Mutex::new((Duration::ZERO, Duration::ZERO, 0));

/// Calls `other` then `measured`, `iters` times; returns the time spent in `measured` and
/// adds both sides to [`PAIRED`] (`measured_is_sdk` says which side is which).
fn interleaved<A, B>(
    iters: u64,
    measured: &impl Fn() -> A,
    other: &impl Fn() -> B,
    measured_is_sdk: bool,
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
    let (sdk, by_hand) = if measured_is_sdk {
        (total, other_total)
    } else {
        (other_total, total)
    };
    let mut paired = PAIRED.lock().unwrap_or_else(|e| e.into_inner());
    paired.0 += sdk;
    paired.1 += by_hand;
    paired.2 += iters;
    total
}

/// Prints the paired means; appends them to `TELNYX_BENCH_PAIRED_OUT` when set.
fn report_paired() {
    let (sdk, by_hand, n) = *PAIRED.lock().unwrap_or_else(|e| e.into_inner());
    if n == 0 {
        return;
    }
    let (a, b) = ("webhooks/sdk/unwrap", "webhooks/baseline/by_hand");
    let (ma, mb) = (
        sdk.as_nanos() as f64 / n as f64,
        by_hand.as_nanos() as f64 / n as f64,
    );
    println!(
        "paired {a} {ma:.0} ns / {b} {mb:.0} ns = {:.3} over {n}",
        ma / mb
    );
    if let Some(path) = std::env::var_os("TELNYX_BENCH_PAIRED_OUT") {
        use std::io::Write as _;
        let line = serde_json::json!({"a": a, "b": b, "a_ns": ma, "b_ns": mb, "pairs": n});
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .and_then(|mut file| writeln!(file, "{line}"))
            .expect("write paired results");
    }
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
        b.iter_custom(|iters| interleaved(iters, &sdk, &by_hand, true))
    });
    group.bench_function("baseline/by_hand", |b| {
        b.iter_custom(|iters| interleaved(iters, &by_hand, &sdk, false))
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

/// Instruction-count mode for `cargo xtask bench` (see `benches/client.rs`):
/// `TELNYX_BENCH_COUNT=webhooks/<sdk/unwrap|baseline/by_hand>:<n>` runs the fixture's setup
/// and `n` checks of one kind, without criterion.
fn count(spec: &str) -> Result<(), String> {
    let (variant, n) = spec
        .rsplit_once(':')
        .ok_or_else(|| format!("TELNYX_BENCH_COUNT=`{spec}`: expected <variant>:<n>"))?;
    let n: u64 = n
        .parse()
        .map_err(|_| format!("TELNYX_BENCH_COUNT=`{spec}`: `{n}` is not a count"))?;
    let f = Fixture::new();
    match variant {
        "webhooks/sdk/unwrap" => (0..n).for_each(|_| drop(black_box(f.sdk()))),
        "webhooks/baseline/by_hand" => (0..n).for_each(|_| drop(black_box(f.by_hand()))),
        other => return Err(format!("unknown variant `{other}`")),
    }
    Ok(())
}

fn main() {
    if let Ok(spec) = std::env::var("TELNYX_BENCH_COUNT") {
        if let Err(message) = count(&spec) {
            eprintln!("{message}");
            std::process::exit(2);
        }
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
    report_paired();
}
