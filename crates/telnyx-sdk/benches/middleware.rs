//! The cost of the `middleware` feature's chain on one `GET /rooms/{id}` through the
//! generated client (core runtime), on an in-process axum server:
//!
//! - `get_room/no_chain`: a runtime without a chain (what every client without
//!   `ClientBuilder::middleware` runs, feature on or off);
//! - `get_room/empty_chain`: a runtime whose chain holds no middleware (every attempt goes
//!   through `reqwest-middleware`'s `ClientWithMiddleware` and nothing else);
//! - `get_room/pass_through`: one middleware that only calls the next.
//!
//! Criterion times them interleaved with `no_chain` (paired totals, as in `client.rs`); the
//! count mode (`TELNYX_BENCH_COUNT=<variant>:<calls>` under `valgrind --tool=callgrind`,
//! minus the same with 0 calls) gives instructions per call.
//!
//! `cargo bench -p telnyx-sdk --features middleware --bench middleware`

mod support;

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::Path;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::routing::get;
use criterion::{Criterion, criterion_group};
use telnyx_sdk::reqwest_middleware::{ClientWithMiddleware, Middleware, Next};
use telnyx_sdk_core::Runtime;

const ROOM: &str = "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0";
const KEY: &str = "KEY_BENCH";

async fn one(Path(_id): Path<String>) -> impl IntoResponse {
    let body = serde_json::json!({"data": {
        "id": ROOM,
        "unique_name": "room-1",
        "max_participants": 10,
        "enable_recording": false,
        "created_at": "2021-04-25T10:00:00Z",
        "updated_at": "2021-04-25T10:00:00Z",
        "record_type": "room",
    }});
    ([(CONTENT_TYPE, "application/json")], body.to_string())
}

/// The server on its own thread and runtime, like a remote server; returns the base URL.
fn serve() -> String {
    let app = Router::new().route("/v2/rooms/{id}", get(one));
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

/// Calls the next middleware and nothing else.
struct PassThrough;

#[async_trait::async_trait]
impl Middleware for PassThrough {
    async fn handle(
        &self,
        request: reqwest::Request,
        extensions: &mut http::Extensions,
        next: Next<'_>,
    ) -> telnyx_sdk::reqwest_middleware::Result<reqwest::Response> {
        next.run(request, extensions).await
    }
}

struct Setup {
    rt: tokio::runtime::Runtime,
    no_chain: telnyx_sdk_video::Client,
    empty_chain: telnyx_sdk_video::Client,
    pass_through: telnyx_sdk_video::Client,
    id: uuid::Uuid,
}

fn setup() -> Setup {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let base = serve();
    let timeout = Duration::from_secs(60);
    let http = reqwest::Client::builder()
        .timeout(timeout)
        .build()
        .expect("http");
    let runtime = |chain: Option<ClientWithMiddleware>| {
        let mut builder = Runtime::builder(KEY).http_client_timeout(Some(timeout));
        if let Some(chain) = chain {
            builder = builder.middleware(chain);
        }
        builder.build().expect("runtime")
    };
    let client =
        |runtime: Runtime| telnyx_sdk_video::Client::new_with_client(&base, http.clone(), runtime);
    let stack: Vec<Arc<dyn Middleware>> = vec![Arc::new(PassThrough)];
    let setup = Setup {
        no_chain: client(runtime(None)),
        empty_chain: client(runtime(Some(ClientWithMiddleware::new(
            http.clone(),
            Vec::new(),
        )))),
        pass_through: client(runtime(Some(ClientWithMiddleware::new(
            http.clone(),
            stack,
        )))),
        id: ROOM.parse().expect("id"),
        rt,
    };
    // open the pooled connections before measuring
    setup.rt.block_on(async {
        for _ in 0..50 {
            get_room(&setup.no_chain, setup.id).await;
            get_room(&setup.empty_chain, setup.id).await;
            get_room(&setup.pass_through, setup.id).await;
        }
    });
    setup
}

async fn get_room(client: &telnyx_sdk_video::Client, id: uuid::Uuid) {
    use telnyx_sdk_video::ClientRoomsExt;
    let room = client.view_room().room_id(id).send().await.expect("get");
    assert!(room.data.is_some());
}

/// Runs `other` then `measured`, `iters` times; returns the time of `measured` and adds both
/// to the pair's totals.
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

fn benches(c: &mut Criterion) {
    let s = setup();
    let mut group = c.benchmark_group("get_room");
    for (name, client) in [
        ("empty_chain", &s.empty_chain),
        ("pass_through", &s.pass_through),
    ] {
        let pair = (format!("get_room/{name}"), "get_room/no_chain".to_owned());
        group.bench_function(name, |b| {
            b.to_async(&s.rt).iter_custom(|iters| {
                interleaved(
                    (&pair.0, &pair.1),
                    iters,
                    || get_room(client, s.id),
                    || get_room(&s.no_chain, s.id),
                )
            })
        });
    }
    group.finish();
}

/// Count mode: the setup, then `n` calls of one variant.
fn count(variant: &str, n: u64) -> Result<(), String> {
    let s = setup();
    let client = match variant {
        "get_room/no_chain" => &s.no_chain,
        "get_room/empty_chain" => &s.empty_chain,
        "get_room/pass_through" => &s.pass_through,
        other => return Err(format!("unknown variant `{other}`")),
    };
    s.rt.block_on(async {
        for _ in 0..n {
            get_room(client, s.id).await;
        }
    });
    Ok(())
}

criterion_group!(middleware_benches, benches);

fn main() {
    support::run(middleware_benches, count);
}
