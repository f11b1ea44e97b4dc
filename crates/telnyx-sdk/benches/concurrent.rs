//! Cost per call under concurrency: 64 tasks share one client on a 2-worker tokio runtime and
//! make fault-free `rooms().get()` calls to an in-process axum server (its own thread and
//! runtime). The baseline is plain `reqwest` + `serde_json` decoding into the same response
//! type, with a client built like the SDK's (same timeout), under the same load.
//!
//! A third side, informational, is the same raw call sending the two headers the SDK sends
//! and the raw call does not (`User-Agent`, `Accept: application/json`): what those bytes
//! cost the client and the in-process server, apart from the SDK's own work.
//!
//! The sides run in rotating rounds (which side goes first rotates too), so all see the same
//! machine state. The CPU ratio is the median over rounds of the SDK round against the raw
//! round beside it. Per side it also reports, per call:
//! - CPU time of the whole process (client, runtime and server together: the server's share
//!   is the same on both sides, so the ratio understates the SDK's own overhead a little);
//! - heap allocations (a counting global allocator; the server's are the same on both sides,
//!   so the difference is the SDK's);
//! - wall time.
//!
//! Not criterion: `cargo xtask bench` (section `concurrency`) runs it and reads the JSON line
//! it prints last. By hand:
//! `cargo bench -p telnyx-sdk --bench concurrent -- --calls 20000 --rounds 6`; add
//! `--only sdk`, `--only raw` or `--only raw-same-headers` to run one side alone under a
//! profiler.
//!
//! To find which layer a difference comes from, `--sides raw,execute,generated,sdk` runs
//! those sides in rotating rounds and prints each one's median CPU per call, and its median
//! ratio to the first side's round beside it. Two sides isolate the layers between the raw
//! call and the facade: `execute` is the raw request sent through `telnyx_sdk_core::execute`
//! (headers, retry copy, span, body read whole) on the raw side's client, and `generated` is
//! the video crate's progenitor client called directly on the SDK's client (URL, query and
//! path checks, hooks, decoding into `ResponseValue`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::Path;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::routing::get;
use cpu_time::ProcessTime;
use reqwest::header::{ACCEPT, HeaderValue, USER_AGENT};
use stats_alloc::{INSTRUMENTED_SYSTEM, StatsAlloc};
use telnyx_sdk::video::types::RoomResponse;
use telnyx_sdk::{Client, RoomId};

#[global_allocator]
static GLOBAL: &StatsAlloc<std::alloc::System> = &INSTRUMENTED_SYSTEM;

const ROOM: &str = "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0";
const ROOM_UUID: u128 = 0x0ccc_7b54_4df3_4bca_a65a_3da1_ecc7_77f0;
const KEY: &str = "KEY_BENCH";
const TASKS: usize = 64;
const WORKERS: usize = 2;

fn room_body() -> String {
    serde_json::json!({
        "data": {
            "id": ROOM,
            "record_type": "room",
            "unique_name": "room-1",
            "max_participants": 10,
            "enable_recording": false,
            "created_at": "2021-04-25T12:00:00Z",
            "updated_at": "2021-04-25T12:00:00Z",
            "webhook_event_url": "https://example.com/hooks",
            "webhook_timeout_secs": 5,
            "webhook_event_failover_url": "",
            "active_session_id": null
        }
    })
    .to_string()
}

fn serve() -> String {
    let body: Arc<str> = room_body().into();
    let app = Router::new().route(
        "/v2/rooms/{id}",
        get(move |Path(_id): Path<String>| {
            let body = body.clone();
            async move { ([(CONTENT_TYPE, "application/json")], body.to_string()).into_response() }
        }),
    );
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

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Side {
    Sdk,
    Raw,
    /// the raw call with the SDK's `User-Agent` and `Accept` headers
    RawSameHeaders,
    /// the raw request sent through `telnyx_sdk_core::execute` (`--sides` only)
    Execute,
    /// the video crate's generated client, without the facade (`--sides` only)
    Generated,
}

impl Side {
    fn parse(name: &str) -> Option<Side> {
        Some(match name {
            "sdk" => Side::Sdk,
            "raw" => Side::Raw,
            "raw-same-headers" => Side::RawSameHeaders,
            "execute" => Side::Execute,
            "generated" => Side::Generated,
            _ => return None,
        })
    }
}

#[derive(Default, Debug)]
struct Totals {
    calls: u64,
    cpu: Duration,
    wall: Duration,
    allocations: u64,
}

struct Setup {
    rt: tokio::runtime::Runtime,
    client: Client,
    /// the video crate's client on the SDK's connection pool and runtime
    generated: Arc<telnyx_sdk_video::Client>,
    id: RoomId,
    http: reqwest::Client,
    /// the client of the raw side with the SDK's headers: a pool of its own, so that each
    /// side's connections are used in one round out of three (a pool used in two rounds out
    /// of three, shared by the two raw sides, made those sides cheaper per call)
    http_same_headers: reqwest::Client,
    url: Arc<str>,
    user_agent: HeaderValue,
}

async fn sdk_call(client: &Client, id: &RoomId) {
    let room = client.rooms().get(id).send().await.expect("get");
    assert!(room.data.is_some());
}

async fn raw_call(http: &reqwest::Client, url: &str, same_headers: Option<&HeaderValue>) {
    let mut request = http.get(url).bearer_auth(KEY);
    if let Some(user_agent) = same_headers {
        request = request
            .header(USER_AGENT, user_agent.clone())
            .header(ACCEPT, HeaderValue::from_static("application/json"));
    }
    let bytes = request
        .send()
        .await
        .expect("send")
        .bytes()
        .await
        .expect("body");
    let room: RoomResponse = serde_json::from_slice(&bytes).expect("json");
    assert!(room.data.is_some());
}

async fn execute_call(http: &reqwest::Client, runtime: &telnyx_sdk_core::Runtime, url: &str) {
    const GET_ROOM: telnyx_sdk_core::Operation =
        telnyx_sdk_core::Operation::new("ViewRoom", "GET", "/rooms/{room_id}", false);
    let request = http
        .get(url)
        .header(ACCEPT, HeaderValue::from_static("application/json"))
        .build()
        .expect("request");
    let mut response = telnyx_sdk_core::execute(runtime, http, request, GET_ROOM)
        .await
        .expect("send");
    let body = telnyx_sdk_core::codegen::read_body(&mut response)
        .await
        .expect("body");
    let room: RoomResponse = serde_json::from_slice(&body).expect("json");
    assert!(room.data.is_some());
}

async fn generated_call(client: &telnyx_sdk_video::Client, id: uuid::Uuid) {
    use telnyx_sdk_video::ClientRoomsExt as _;
    let room = client.view_room().room_id(id).send().await.expect("get");
    assert!(room.data.is_some());
}

/// `calls` calls of `side`, spread over [`TASKS`] tasks.
fn round(s: &Setup, side: Side, calls: u64, totals: &mut Totals) {
    let per_task = calls / TASKS as u64;
    let allocations = GLOBAL.stats().allocations;
    let cpu = ProcessTime::now();
    let wall = Instant::now();
    s.rt.block_on(async {
        let mut tasks = Vec::with_capacity(TASKS);
        for _ in 0..TASKS {
            let client = s.client.clone();
            let id = s.id.clone();
            let http = s.http.clone();
            let http_same_headers = s.http_same_headers.clone();
            let url = s.url.clone();
            let user_agent = s.user_agent.clone();
            let generated = s.generated.clone();
            let uuid = uuid::Uuid::from_u128(ROOM_UUID);
            tasks.push(tokio::spawn(async move {
                for _ in 0..per_task {
                    match side {
                        Side::Sdk => sdk_call(&client, &id).await,
                        Side::Raw => raw_call(&http, &url, None).await,
                        Side::RawSameHeaders => {
                            raw_call(&http_same_headers, &url, Some(&user_agent)).await
                        }
                        Side::Execute => execute_call(&http, client.runtime(), &url).await,
                        Side::Generated => generated_call(&generated, uuid).await,
                    }
                }
            }));
        }
        for task in tasks {
            task.await.expect("task");
        }
    });
    totals.wall += wall.elapsed();
    totals.cpu += cpu.elapsed();
    totals.allocations += (GLOBAL.stats().allocations - allocations) as u64;
    totals.calls += per_task * TASKS as u64;
}

fn arg(args: &[String], name: &str, default: u64) -> u64 {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn per_call(total: f64, calls: u64) -> f64 {
    total / calls.max(1) as f64
}

/// The middle value (the mean of the two middle ones for an even count): a burst of another
/// process's load (a shared machine) lands in one or two rounds, which it moves from the
/// middle without moving the middle itself.
fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

/// Rotating rounds of `sides`; per side, the median CPU per call and the median over rounds
/// of its CPU against the first side's in the same round.
fn compare_sides(s: &Setup, sides: &[Side], calls: u64, rounds: u64) {
    for side in sides {
        round(s, *side, (TASKS * 20) as u64, &mut Totals::default());
    }
    let mut cpu: Vec<Vec<f64>> = vec![Vec::new(); sides.len()];
    for r in 0..rounds as usize {
        let mut order: Vec<usize> = (0..sides.len()).collect();
        order.rotate_left(r % sides.len());
        for i in order {
            let mut totals = Totals::default();
            round(s, sides[i], calls, &mut totals);
            cpu[i].push(per_call(totals.cpu.as_nanos() as f64, totals.calls));
        }
    }
    for (i, side) in sides.iter().enumerate() {
        let mut ratios: Vec<f64> = cpu[i].iter().zip(&cpu[0]).map(|(a, b)| a / b).collect();
        eprintln!(
            "{side:?}: CPU {:.0} ns per call, {:.3}x the first side (median of {rounds} rounds)",
            median(&mut cpu[i].clone()),
            median(&mut ratios),
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    // `cargo bench` passes `--bench`; criterion-style filters are ignored
    let calls = arg(&args, "--calls", 20_000);
    let rounds = arg(&args, "--rounds", 6);
    // `--only sdk` / `--only raw`: one side alone, for a profiler (`perf stat`, `perf record`)
    let value_of = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
    };
    let only = value_of("--only").and_then(|v| Side::parse(v));
    // `--sides raw,generated,...`: the layer comparison (see the top of this file)
    let sides: Option<Vec<Side>> = value_of("--sides").map(|list| {
        list.split(',')
            .map(|n| Side::parse(n).expect("a side"))
            .collect()
    });
    let base = serve();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(WORKERS)
        .enable_all()
        .build()
        .expect("client runtime");
    let client = Client::builder()
        .api_key(KEY)
        .base_url(&base)
        .build()
        .expect("client");
    let raw_client = || {
        reqwest::Client::builder()
            .timeout(client.timeout())
            .build()
            .expect("raw client")
    };
    let http = raw_client();
    let http_same_headers = raw_client();
    let user_agent = HeaderValue::from_str(client.user_agent()).expect("user agent");
    let generated = Arc::new(telnyx_sdk_video::Client::new_with_client(
        &base,
        client.http_client().clone(),
        client.runtime().clone(),
    ));
    let s = Setup {
        rt,
        client,
        generated,
        id: ROOM.parse().expect("room id"),
        http,
        http_same_headers,
        url: format!("{base}/rooms/{ROOM}").into(),
        user_agent,
    };
    // warm up every side: connections, allocator, lazy statics
    let mut warm = Totals::default();
    const SIDES: [Side; 3] = [Side::Sdk, Side::Raw, Side::RawSameHeaders];
    for side in SIDES {
        if only.is_none_or(|o| o == side) {
            round(&s, side, (TASKS * 20) as u64, &mut warm);
        }
    }

    // the layer sides alone run through the same comparison
    let sides = match only {
        Some(side @ (Side::Execute | Side::Generated)) => Some(vec![side]),
        _ => sides,
    };
    if let Some(sides) = sides {
        compare_sides(&s, &sides, calls, rounds);
        return;
    }
    let mut sdk = Totals::default();
    let mut raw = Totals::default();
    let mut raw_same_headers = Totals::default();
    // CPU of the SDK's round over each raw round beside it, per round
    let mut cpu_ratios = Vec::with_capacity(rounds as usize);
    let mut cpu_ratios_same_headers = Vec::with_capacity(rounds as usize);
    for r in 0..rounds {
        let mut order = SIDES;
        order.rotate_left(r as usize % SIDES.len());
        let before = (sdk.cpu, raw.cpu, raw_same_headers.cpu);
        for side in order {
            if only.is_some_and(|o| o != side) {
                continue;
            }
            let totals = match side {
                Side::Sdk => &mut sdk,
                Side::Raw => &mut raw,
                Side::RawSameHeaders => &mut raw_same_headers,
                // only in `--sides` runs
                Side::Execute | Side::Generated => continue,
            };
            round(&s, side, calls, totals);
        }
        if only.is_none() {
            let sdk_cpu = (sdk.cpu - before.0).as_secs_f64();
            cpu_ratios.push(sdk_cpu / (raw.cpu - before.1).as_secs_f64());
            cpu_ratios_same_headers.push(sdk_cpu / (raw_same_headers.cpu - before.2).as_secs_f64());
        }
    }
    let cpu_ratio_median = median(&mut cpu_ratios);
    let cpu_ratio_median_same_headers = median(&mut cpu_ratios_same_headers);
    let line = serde_json::json!({
        "tasks": TASKS,
        "workers": WORKERS,
        "calls_per_side": sdk.calls,
        "rounds": rounds,
        "cpu_ratio_median_of_pairs": cpu_ratio_median,
        "cpu_ratios_of_pairs": cpu_ratios,
        "sdk_cpu_ns_per_call": per_call(sdk.cpu.as_nanos() as f64, sdk.calls),
        "raw_cpu_ns_per_call": per_call(raw.cpu.as_nanos() as f64, raw.calls),
        "sdk_wall_ns_per_call": per_call(sdk.wall.as_nanos() as f64, sdk.calls),
        "raw_wall_ns_per_call": per_call(raw.wall.as_nanos() as f64, raw.calls),
        "sdk_allocations_per_call": per_call(sdk.allocations as f64, sdk.calls),
        "raw_allocations_per_call": per_call(raw.allocations as f64, raw.calls),
        "cpu_ratio_median_same_headers": cpu_ratio_median_same_headers,
        "raw_same_headers_cpu_ns_per_call":
            per_call(raw_same_headers.cpu.as_nanos() as f64, raw_same_headers.calls),
        "raw_same_headers_allocations_per_call":
            per_call(raw_same_headers.allocations as f64, raw_same_headers.calls),
    });
    if let Some(side) = only {
        let t = match side {
            Side::Sdk => &sdk,
            Side::Raw => &raw,
            Side::RawSameHeaders => &raw_same_headers,
            Side::Execute | Side::Generated => return,
        };
        eprintln!(
            "64 tasks, 2 workers, {side:?} alone, {} calls: CPU {:.0} ns, wall {:.0} ns, \
             allocations {:.1} per call",
            t.calls,
            per_call(t.cpu.as_nanos() as f64, t.calls),
            per_call(t.wall.as_nanos() as f64, t.calls),
            per_call(t.allocations as f64, t.calls),
        );
        return;
    }
    eprintln!(
        "64 tasks, 2 workers, {} calls a side: CPU {:.3}x (median of {rounds} rounds; \
         {:.3}x over all; {:.3}x against raw with the SDK's headers), wall {:.3}x, \
         allocations {:.1} vs {:.1}",
        sdk.calls,
        cpu_ratio_median,
        sdk.cpu.as_secs_f64() / raw.cpu.as_secs_f64(),
        cpu_ratio_median_same_headers,
        sdk.wall.as_secs_f64() / raw.wall.as_secs_f64(),
        per_call(sdk.allocations as f64, sdk.calls),
        per_call(raw.allocations as f64, raw.calls),
    );
    println!("{line}");
}
