//! Facade overhead against hand-written reqwest + serde_json, on an in-process axum server
//! (its own thread and runtime, like a remote server):
//!
//! - `get_room`: `client.rooms().get(&id)` vs the generated client alone (core runtime, no
//!   facade) vs one raw GET decoded with serde_json;
//! - `stream_10k/{250,25}`: streaming 10,000 rooms vs a hand-written page loop;
//! - `prefetch`: 5,000 rooms in pages of 250, 5 ms server latency per page and 5 ms of
//!   consumer work per page, prefetch on vs off.
//!
//! The variants of a comparison are measured interleaved: before each timed iteration of
//! one variant, its counterpart runs once. Both then see the same machine state (load from
//! other processes, frequency, connection pool). Criterion reports each variant's own
//! function; besides, both sides of every alternation are timed and summed per pair
//! (`support/mod.rs`), and their ratio, taken over the same seconds, is the one `cargo xtask
//! bench` holds against the targets: on a shared machine, load that changes between two
//! criterion functions moves their medians apart by more than the SDK's own cost.
//!
//! `cargo bench -p telnyx-sdk --bench client`

mod support;

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::routing::get;
use criterion::{Criterion, SamplingMode, criterion_group};
use futures::TryStreamExt;
use telnyx_sdk::video::types::{RoomPage, RoomResponse};
use telnyx_sdk::{Client, RoomId};

const ROOM: &str = "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0";
const KEY: &str = "KEY_BENCH";

#[derive(Clone)]
struct Data {
    total: u64,
    latency: Duration,
}

fn room(n: u64) -> serde_json::Value {
    serde_json::json!({
        "id": ROOM,
        "unique_name": format!("room-{n}"),
        "max_participants": 10,
        "enable_recording": false,
        "created_at": "2021-04-25T10:00:00Z",
        "updated_at": "2021-04-25T10:00:00Z",
        "record_type": "room",
    })
}

fn param(query: &str, key: &str) -> Option<u64> {
    query
        .split('&')
        .find_map(|p| p.strip_prefix(key))
        .and_then(|v| v.parse().ok())
}

async fn list(State(data): State<Arc<Data>>, RawQuery(query): RawQuery) -> impl IntoResponse {
    let query = query
        .unwrap_or_default()
        .replace("%5B", "[")
        .replace("%5D", "]");
    let number = param(&query, "page[number]=").unwrap_or(1);
    let size = param(&query, "page[size]=").unwrap_or(20).max(1);
    let total_pages = data.total.div_ceil(size);
    let start = (number - 1) * size;
    let end = (start + size).min(data.total);
    let items: Vec<_> = (start..end).map(room).collect();
    let body = serde_json::json!({
        "data": items,
        "meta": {"page_number": number, "page_size": size, "total_pages": total_pages, "total_results": data.total},
    });
    if !data.latency.is_zero() {
        tokio::time::sleep(data.latency).await;
    }
    ([(CONTENT_TYPE, "application/json")], body.to_string())
}

async fn one(Path(_id): Path<String>) -> impl IntoResponse {
    let body = serde_json::json!({"data": room(1)});
    ([(CONTENT_TYPE, "application/json")], body.to_string())
}

/// Starts the server on its own thread and single-threaded runtime, like a remote server
/// that does not compete with the client for its scheduler; returns the base URL.
fn serve(data: Data) -> String {
    let app = Router::new()
        .route("/v2/rooms", get(list))
        .route("/v2/rooms/{id}", get(one))
        .with_state(Arc::new(data));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.set_nonblocking(true).expect("nonblocking");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("server runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            let _ = axum::serve(listener, app).await;
        });
    });
    format!("http://{addr}/v2")
}

/// One GET with plain reqwest, decoded with serde_json: the baseline of every comparison.
async fn raw_json<T: serde::de::DeserializeOwned>(http: &reqwest::Client, url: String) -> T {
    let bytes = http
        .get(url)
        .bearer_auth(KEY)
        .send()
        .await
        .expect("send")
        .bytes()
        .await
        .expect("body");
    serde_json::from_slice(&bytes).expect("json")
}

async fn raw_page(http: &reqwest::Client, base: &str, number: u64, size: u64) -> RoomPage {
    raw_json(
        http,
        format!("{base}/rooms?page[number]={number}&page[size]={size}"),
    )
    .await
}

/// Runs `other` then `measured`, `iters` times, and returns the time spent in `measured`
/// (criterion's figure). Both sides' times are added to the pair's totals
/// ([`support::record`]).
async fn interleaved<M, MF, O, OF>(
    names: (&str, &str),
    iters: u64,
    measured: M,
    other: O,
) -> Duration
where
    M: Fn() -> MF,
    MF: Future<Output = ()>,
    O: Fn() -> OF,
    OF: Future<Output = ()>,
{
    let mut total = Duration::ZERO;
    let mut other_total = Duration::ZERO;
    for _ in 0..iters {
        let start = Instant::now();
        other().await;
        let between = Instant::now();
        measured().await;
        total += between.elapsed();
        other_total += between - start;
    }
    support::record(names, total, other_total, iters);
    total
}

async fn get_facade(client: &Client, id: &RoomId) {
    let room = client.rooms().get(id).send().await.expect("get");
    assert!(room.data.is_some());
}

async fn get_generated(generated: &telnyx_sdk_video::Client, id: uuid::Uuid) {
    use telnyx_sdk_video::ClientRoomsExt;
    let room = generated.view_room().room_id(id).send().await.expect("get");
    assert!(room.data.is_some());
}

async fn get_raw(http: &reqwest::Client, base: &str) {
    let room: RoomResponse = raw_json(http, format!("{base}/rooms/{ROOM}")).await;
    assert!(room.data.is_some());
}

async fn stream_facade(client: &Client, size: u32) {
    let mut stream = client.rooms().list().page_size(size).stream();
    let mut n = 0u64;
    while let Some(room) = stream.try_next().await.expect("item") {
        std::hint::black_box(room);
        n += 1;
    }
    assert_eq!(n, 10_000);
}

async fn stream_hand_loop(http: &reqwest::Client, base: &str, size: u32) {
    let mut n = 0u64;
    let mut number = 1;
    loop {
        let page = raw_page(http, base, number, u64::from(size)).await;
        if page.data.is_empty() {
            break;
        }
        // hand each room to the consumer by value, as the facade's stream does
        for room in page.data {
            std::hint::black_box(room);
            n += 1;
        }
        let meta = page.meta.expect("meta");
        if meta.page_number >= meta.total_pages {
            break;
        }
        number += 1;
    }
    assert_eq!(n, 10_000);
}

const PREFETCH_ITEMS: u64 = 5_000;

async fn stream_with_work(client: &Client, prefetch: bool) {
    let mut stream = client
        .rooms()
        .list()
        .page_size(250)
        .prefetch(prefetch)
        .stream();
    let mut n = 0u64;
    while let Some(_room) = stream.try_next().await.expect("item") {
        n += 1;
        if n.is_multiple_of(250) {
            // the consumer's own work on a page
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
    assert_eq!(n, PREFETCH_ITEMS);
}

/// Everything the benchmarks share: runtime, servers, clients.
struct Setup {
    rt: tokio::runtime::Runtime,
    fast: String,
    client: Client,
    http: reqwest::Client,
    bare: reqwest::Client,
    slow_client: Client,
    id: RoomId,
    generated: telnyx_sdk_video::Client,
    uuid: uuid::Uuid,
}

fn setup() -> Setup {
    // A current-thread runtime: the client side is then one thread and the server another,
    // one per core. With a multi-thread runtime, the 2 workers, the thread blocking on the
    // benchmark and the server share the 2 cores, and the wake-up pattern between them
    // moved single runs by up to 30% in either direction, drowning the SDK's own cost.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let fast = serve(Data {
        total: 10_000,
        latency: Duration::ZERO,
    });
    let slow = serve(Data {
        total: PREFETCH_ITEMS,
        latency: Duration::from_millis(5),
    });
    let client = Client::builder()
        .api_key(KEY)
        .base_url(&fast)
        .build()
        .expect("client");
    // The raw variants use the facade's own `reqwest::Client`: one connection pool for
    // every variant, so the comparison is not swayed by which connections (and which worker
    // threads serving them) each variant happened to get; it also carries the same 60 s
    // timeout. `get_room/raw_bare` is a fresh `reqwest::Client::new()` without timeout.
    let http = client.http_client().clone();
    let bare = reqwest::Client::new();
    let slow_client = Client::builder()
        .api_key(KEY)
        .base_url(&slow)
        .http_client(http.clone())
        .build()
        .expect("client");
    let id: RoomId = ROOM.parse().expect("id");
    let generated = telnyx_sdk_video::Client::new_with_client(
        &fast,
        client.http_client().clone(),
        client.runtime().clone(),
    );
    let uuid = id.to_uuid().expect("uuid");

    // open the pooled connections before measuring, so no variant pays for them
    rt.block_on(async {
        for _ in 0..50 {
            get_facade(&client, &id).await;
            get_generated(&generated, uuid).await;
            get_raw(&http, &fast).await;
            get_raw(&bare, &fast).await;
        }
    });
    Setup {
        rt,
        fast,
        client,
        http,
        bare,
        slow_client,
        id,
        generated,
        uuid,
    }
}

fn benches(c: &mut Criterion) {
    let s = setup();

    let mut group = c.benchmark_group("get_room");
    group.bench_function("facade", |b| {
        b.to_async(&s.rt).iter_custom(|iters| {
            interleaved(
                ("get_room/facade", "get_room/raw"),
                iters,
                || get_facade(&s.client, &s.id),
                || get_raw(&s.http, &s.fast),
            )
        })
    });
    group.bench_function("generated", |b| {
        b.to_async(&s.rt).iter_custom(|iters| {
            interleaved(
                ("get_room/generated", "get_room/raw"),
                iters,
                || get_generated(&s.generated, s.uuid),
                || get_raw(&s.http, &s.fast),
            )
        })
    });
    group.bench_function("raw", |b| {
        b.to_async(&s.rt).iter_custom(|iters| {
            interleaved(
                ("get_room/raw", "get_room/facade"),
                iters,
                || get_raw(&s.http, &s.fast),
                || get_facade(&s.client, &s.id),
            )
        })
    });
    group.bench_function("raw_bare", |b| {
        b.to_async(&s.rt).iter_custom(|iters| {
            interleaved(
                ("get_room/raw_bare", "get_room/facade"),
                iters,
                || get_raw(&s.bare, &s.fast),
                || get_facade(&s.client, &s.id),
            )
        })
    });
    group.finish();

    for size in [250u32, 25] {
        let facade = format!("stream_10k/{size}/facade");
        let hand_loop = format!("stream_10k/{size}/hand_loop");
        let mut group = c.benchmark_group(format!("stream_10k/{size}"));
        // `cargo xtask bench --quick` (CI) sets TELNYX_BENCH_QUICK: criterion's least sample
        // count, since this group's own settings win over the command line's
        let (samples, seconds) = if std::env::var_os("TELNYX_BENCH_QUICK").is_some() {
            (10, 2)
        } else {
            (30, 8)
        };
        group
            .sample_size(samples)
            .sampling_mode(SamplingMode::Flat)
            .measurement_time(Duration::from_secs(seconds));
        group.bench_function("facade", |b| {
            b.to_async(&s.rt).iter_custom(|iters| {
                interleaved(
                    (&facade, &hand_loop),
                    iters,
                    || stream_facade(&s.client, size),
                    || stream_hand_loop(&s.http, &s.fast, size),
                )
            })
        });
        group.bench_function("hand_loop", |b| {
            b.to_async(&s.rt).iter_custom(|iters| {
                interleaved(
                    (&hand_loop, &facade),
                    iters,
                    || stream_hand_loop(&s.http, &s.fast, size),
                    || stream_facade(&s.client, size),
                )
            })
        });
        group.finish();
    }

    let mut group = c.benchmark_group("prefetch");
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    for prefetch in [true, false] {
        let (name, names) = if prefetch {
            ("on", ("prefetch/on", "prefetch/off"))
        } else {
            ("off", ("prefetch/off", "prefetch/on"))
        };
        group.bench_function(name, |b| {
            b.to_async(&s.rt).iter_custom(|iters| {
                interleaved(
                    names,
                    iters,
                    || stream_with_work(&s.slow_client, prefetch),
                    || stream_with_work(&s.slow_client, !prefetch),
                )
            })
        });
    }
    group.finish();
}

/// Count mode (see `support`): the common setup, then `n` calls of one variant. The
/// instructions of a run with `n` calls minus those of a run with none, divided by `n`, are
/// the cost of one call (client and server together), a figure that does not depend on the
/// machine's load.
fn count(variant: &str, n: u64) -> Result<(), String> {
    let s = setup();
    s.rt.block_on(async {
        macro_rules! times {
            ($call:expr) => {
                for _ in 0..n {
                    $call.await;
                }
            };
        }
        match variant {
            "get_room/facade" => times!(get_facade(&s.client, &s.id)),
            "get_room/generated" => times!(get_generated(&s.generated, s.uuid)),
            "get_room/raw" => times!(get_raw(&s.http, &s.fast)),
            "get_room/raw_bare" => times!(get_raw(&s.bare, &s.fast)),
            "stream_10k/25/facade" => times!(stream_facade(&s.client, 25)),
            "stream_10k/25/hand_loop" => times!(stream_hand_loop(&s.http, &s.fast, 25)),
            "stream_10k/250/facade" => times!(stream_facade(&s.client, 250)),
            "stream_10k/250/hand_loop" => times!(stream_hand_loop(&s.http, &s.fast, 250)),
            other => return Err(format!("unknown variant `{other}`")),
        }
        Ok(())
    })
}

criterion_group!(client_benches, benches);

fn main() {
    support::run(client_benches, count);
}
