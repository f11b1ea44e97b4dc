//! The production transport (issue 26): a middleware chain around every attempt, the
//! concurrency limit, proxy and pool settings, gzip, `ApiError::headers`, and one query
//! encoder for `extra_query` and `RawRequest::query`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use telnyx_sdk::reqwest_middleware::{Middleware, Next};
use telnyx_sdk::{Client, ClientBuilder, Error, Operation, RoomId};
use telnyx_sdk_test_server::{Reply, Server};

const KEY: &str = "KEY0123456789SECRET-transport";
const ROOM: &str = "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0";

fn room_json() -> serde_json::Value {
    serde_json::json!({"data": {"id": ROOM, "record_type": "room", "unique_name": "r"}})
}

fn builder(base: &str) -> ClientBuilder {
    Client::builder()
        .api_key(KEY)
        .base_url(base)
        .backoff(Duration::from_millis(1), Duration::from_millis(2))
}

fn room_id() -> RoomId {
    ROOM.parse().expect("room id")
}

/// Counts the attempts it sees; keeps each one's `Debug`, its operation's path template and
/// its `command_id`-free URL.
#[derive(Clone, Default)]
struct Counting {
    seen: Arc<AtomicUsize>,
    debug: Arc<Mutex<Vec<String>>>,
    templates: Arc<Mutex<Vec<&'static str>>>,
}

#[async_trait::async_trait]
impl Middleware for Counting {
    async fn handle(
        &self,
        request: reqwest::Request,
        extensions: &mut http::Extensions,
        next: Next<'_>,
    ) -> telnyx_sdk::reqwest_middleware::Result<reqwest::Response> {
        self.seen.fetch_add(1, Ordering::SeqCst);
        self.debug
            .lock()
            .expect("lock")
            .push(format!("{request:?} {extensions:?}"));
        if let Some(operation) = extensions.get::<Operation>() {
            self.templates.lock().expect("lock").push(operation.path);
        }
        next.run(request, extensions).await
    }
}

#[tokio::test]
async fn every_attempt_passes_through_the_chain_in_order() {
    let server = Server::script(vec![
        Reply::status(503),
        Reply::status(429).header("retry-after-ms", "1"),
        Reply::json(200, room_json()),
    ])
    .await;
    let outer = Counting::default();
    let inner = Counting::default();
    let client = builder(&server.url("/v2"))
        .middleware(outer.clone())
        .middleware(inner.clone())
        .build()
        .expect("client");
    let room = client.rooms().get(&room_id()).send().await.expect("room");
    assert!(room.data.is_some());
    // three attempts: the SDK's retries go through the chain, each middleware once
    assert_eq!(server.request_count(), 3);
    assert_eq!(outer.seen.load(Ordering::SeqCst), 3);
    assert_eq!(inner.seen.load(Ordering::SeqCst), 3);
    assert_eq!(
        *outer.templates.lock().expect("lock"),
        vec!["/rooms/{room_id}"; 3]
    );
    // what a middleware can print never shows the key
    for seen in outer.debug.lock().expect("lock").iter() {
        assert!(!seen.contains(KEY), "{seen}");
        assert!(!seen.contains("SECRET"), "{seen}");
        assert!(seen.contains("authorization"), "{seen}");
    }
    // the SDK's headers are on the wire as ever
    for request in server.requests() {
        assert_eq!(
            request.header("authorization"),
            Some(format!("Bearer {KEY}").as_str())
        );
    }
}

#[tokio::test]
async fn a_command_keeps_one_command_id_through_middleware_retries() {
    let server = Server::script(vec![
        Reply::status(500),
        Reply::json(200, serde_json::json!({"data": {"result": "ok"}})),
    ])
    .await;
    let counting = Counting::default();
    let client = builder(&server.url("/v2"))
        .middleware(counting.clone())
        .build()
        .expect("client");
    let _: serde_json::Value = client
        .post("/calls/{id}/actions/answer")
        .path_param("id", "v3:abc")
        .json(serde_json::json!({}))
        .command_id(true)
        .send()
        .await
        .expect("answered");
    let ids: Vec<_> = server
        .requests()
        .iter()
        .map(|r| r.json()["command_id"].clone())
        .collect();
    assert_eq!(ids.len(), 2);
    assert!(ids[0].is_string());
    assert_eq!(ids[0], ids[1]);
    assert_eq!(counting.seen.load(Ordering::SeqCst), 2);
}

/// Refuses every request with an error of its own.
struct Refusing;

#[derive(Debug)]
struct Refused;

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("circuit open")
    }
}

impl std::error::Error for Refused {}

#[async_trait::async_trait]
impl Middleware for Refusing {
    async fn handle(
        &self,
        _: reqwest::Request,
        _: &mut http::Extensions,
        _: Next<'_>,
    ) -> telnyx_sdk::reqwest_middleware::Result<reqwest::Response> {
        Err(telnyx_sdk::reqwest_middleware::Error::middleware(Refused))
    }
}

#[tokio::test]
async fn a_middleware_error_ends_the_call_unretried() {
    let server = Server::script(vec![Reply::json(200, room_json())]).await;
    let counting = Counting::default();
    let client = builder(&server.url("/v2"))
        .middleware(counting.clone())
        .middleware(Refusing)
        .build()
        .expect("client");
    let error = client
        .rooms()
        .get(&room_id())
        .send()
        .await
        .expect_err("refused");
    let Error::Connection(transport) = &error else {
        panic!("{error:?}");
    };
    assert!(transport.is_middleware_error());
    assert!(!error.is_retryable());
    assert!(error.to_string().contains("circuit open"), "{error}");
    let source = std::error::Error::source(&error).expect("source");
    assert!(
        source
            .downcast_ref::<telnyx_sdk::MiddlewareError>()
            .is_some()
    );
    assert_eq!(counting.seen.load(Ordering::SeqCst), 1, "not retried");
    assert_eq!(server.request_count(), 0);
    // the same through a raw request and a stream
    let raw = client
        .get("/rooms")
        .send::<serde_json::Value>()
        .await
        .expect_err("refused");
    assert!(matches!(&raw, Error::Connection(t) if t.is_middleware_error()));
}

/// A server that counts the requests it is handling at once. A request waits until the
/// limit (8) is reached or every one of the 200 has arrived, so that with a working limit
/// exactly 8 are ever in flight, whatever the scheduling.
struct Gate {
    in_flight: AtomicUsize,
    most: AtomicUsize,
    arrived: AtomicUsize,
    changed: tokio::sync::Notify,
}

const CALLS: usize = 200;
const LIMIT: usize = 8;

async fn gated(
    axum::extract::State(gate): axum::extract::State<Arc<Gate>>,
) -> axum::Json<serde_json::Value> {
    let now = gate.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    gate.most.fetch_max(now, Ordering::SeqCst);
    gate.arrived.fetch_add(1, Ordering::SeqCst);
    gate.changed.notify_waiters();
    loop {
        let notified = gate.changed.notified();
        if gate.in_flight.load(Ordering::SeqCst) >= LIMIT
            || gate.arrived.load(Ordering::SeqCst) >= CALLS
        {
            break;
        }
        notified.await;
    }
    gate.in_flight.fetch_sub(1, Ordering::SeqCst);
    gate.changed.notify_waiters();
    axum::Json(room_json())
}

async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    format!("http://{addr}/v2")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_calls_with_a_limit_of_eight_never_have_more_in_flight() {
    let gate = Arc::new(Gate {
        in_flight: AtomicUsize::new(0),
        most: AtomicUsize::new(0),
        arrived: AtomicUsize::new(0),
        changed: tokio::sync::Notify::new(),
    });
    let router = axum::Router::new()
        .route("/v2/rooms/{id}", axum::routing::get(gated))
        .with_state(gate.clone());
    let base = serve(router).await;
    let client = builder(&base)
        .max_concurrent_requests(LIMIT)
        .build()
        .expect("client");
    let calls = (0..CALLS).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.rooms().get(&room_id()).send().await })
    });
    let all = async {
        for call in calls.collect::<Vec<_>>() {
            call.await.expect("task").expect("room");
        }
    };
    // a generous bound that only a hang reaches (a limit that let fewer than 8 through)
    tokio::time::timeout(Duration::from_secs(60), all)
        .await
        .expect("all calls done");
    assert_eq!(gate.arrived.load(Ordering::SeqCst), CALLS);
    assert_eq!(gate.most.load(Ordering::SeqCst), LIMIT);
}

#[tokio::test]
async fn waiting_for_a_slot_counts_against_the_deadline() {
    let arrived = Arc::new(tokio::sync::Notify::new());
    let release = Arc::new(tokio::sync::Notify::new());
    let (on_arrival, held) = (arrived.clone(), release.clone());
    let router = axum::Router::new().route(
        "/v2/rooms/{id}",
        axum::routing::get(move || {
            let (on_arrival, held) = (on_arrival.clone(), held.clone());
            async move {
                on_arrival.notify_one();
                held.notified().await;
                axum::Json(room_json())
            }
        }),
    );
    let base = serve(router).await;
    let client = builder(&base)
        .max_concurrent_requests(1)
        .build()
        .expect("client");
    let first = {
        let client = client.clone();
        tokio::spawn(async move { client.rooms().get(&room_id()).send().await })
    };
    // the first call holds the only slot until released
    arrived.notified().await;
    let second = client
        .rooms()
        .get(&room_id())
        .deadline(Duration::from_millis(100))
        .send()
        .await
        .expect_err("no slot within the deadline");
    assert!(second.is_deadline_exceeded(), "{second:?}");
    release.notify_one();
    first.await.expect("task").expect("first call");
    // the slot is free again: a third call goes through
    let third = {
        let client = client.clone();
        tokio::spawn(async move { client.rooms().get(&room_id()).send().await })
    };
    arrived.notified().await;
    release.notify_one();
    third.await.expect("task").expect("third call");
    assert!(matches!(
        Client::builder()
            .api_key(KEY)
            .max_concurrent_requests(0)
            .build(),
        Err(Error::Configuration(_))
    ));
}

#[tokio::test]
async fn api_errors_carry_the_response_headers() {
    let server = Server::script(vec![
        Reply::json_text(
            429,
            r#"{"errors":[{"code":"10011","title":"Too many requests"}]}"#,
        )
        .header("x-ratelimit-remaining", "0")
        .header("x-ratelimit-reset", "17")
        .header("retry-after", "2"),
    ])
    .await;
    let client = builder(&server.url("/v2"))
        .max_retries(0)
        .build()
        .expect("client");
    let error = client
        .rooms()
        .get(&room_id())
        .send()
        .await
        .expect_err("429");
    let api = error.as_api().expect("api error");
    assert_eq!(api.headers()["x-ratelimit-remaining"], "0");
    assert_eq!(api.headers()["x-ratelimit-reset"], "17");
    assert_eq!(api.retry_after, Some(Duration::from_secs(2)));
}

#[tokio::test]
async fn generated_extra_and_raw_queries_encode_a_space_alike() {
    let server = Server::script(vec![Reply::json(
        200,
        serde_json::json!({"data": [], "meta": {"page_number": 1, "total_pages": 1}}),
    )])
    .await;
    let client = builder(&server.url("/v2")).build().expect("client");
    client
        .rooms()
        .list()
        .extra_query("filter[unique_name]", "a b+c&d")
        .send()
        .await
        .expect("list");
    let _: serde_json::Value = client
        .get("/rooms")
        .query("filter[unique_name]", "a b+c&d")
        .send()
        .await
        .expect("raw");
    let requests = server.requests();
    let extra = requests[0].query();
    let raw = requests[1].query();
    assert!(
        extra.ends_with("filter[unique_name]=a%20b%2Bc%26d"),
        "{extra}"
    );
    assert_eq!(raw, "filter[unique_name]=a%20b%2Bc%26d");
    // a generated setter encodes its value the same way (one query encoder)
    client
        .rooms()
        .list()
        .filter_unique_name("a b+c&d")
        .send()
        .await
        .expect("list");
    assert_eq!(
        server.requests()[2].query(),
        "filter[unique_name]=a%20b%2Bc%26d"
    );
}

#[tokio::test]
async fn a_proxy_receives_every_request() {
    // the "proxy" is the test server: an http proxy is sent the absolute URL
    let proxy = Server::script(vec![Reply::json(200, room_json())]).await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url("http://api.telnyx.test/v2")
        .proxy(proxy.url(""))
        .pool_idle_timeout(Some(Duration::from_secs(5)))
        .pool_max_idle_per_host(2)
        .build()
        .expect("client");
    client.rooms().get(&room_id()).send().await.expect("room");
    let requests = proxy.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].path(),
        format!("http://api.telnyx.test/v2/rooms/{ROOM}")
    );

    for bad in ["not a url", "ftp://proxy.test:21", ""] {
        let error = Client::builder()
            .api_key(KEY)
            .proxy(bad)
            .build()
            .expect_err(bad);
        assert!(matches!(error, Error::Configuration(_)), "{bad}: {error:?}");
    }
    // the message never repeats a proxy URL (it may carry a password)
    let error = Client::builder()
        .api_key(KEY)
        .proxy("gopher://user:hunter2@proxy.test")
        .build()
        .expect_err("gopher");
    assert!(!format!("{error} {error:?}").contains("hunter2"));
    let with_own = Client::builder()
        .api_key(KEY)
        .http_client(reqwest::Client::new())
        .proxy("http://proxy.test:3128");
    assert!(!format!("{with_own:?}").contains("proxy.test"));
    assert!(matches!(with_own.build(), Err(Error::Configuration(_))));
    assert!(matches!(
        Client::builder()
            .api_key(KEY)
            .http_client(reqwest::Client::new())
            .pool_max_idle_per_host(1)
            .build(),
        Err(Error::Configuration(_))
    ));
    // no_proxy: connects directly (here to the test server itself)
    let direct = Server::script(vec![Reply::json(200, room_json())]).await;
    let client = builder(&direct.url("/v2"))
        .proxy("http://127.0.0.1:9")
        .no_proxy()
        .build()
        .expect("client");
    client.rooms().get(&room_id()).send().await.expect("direct");
    assert_eq!(direct.request_count(), 1);
}

#[tokio::test]
async fn gzip_responses_are_asked_for_and_decoded() {
    use std::io::Write as _;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder
        .write_all(room_json().to_string().as_bytes())
        .expect("gzip");
    let gzipped = encoder.finish().expect("gzip");
    let server = Server::script(vec![
        Reply::status(200)
            .header("content-type", "application/json")
            .header("content-encoding", "gzip")
            .body(gzipped),
    ])
    .await;
    let client = builder(&server.url("/v2")).build().expect("client");
    let room = client.rooms().get(&room_id()).send().await.expect("room");
    assert_eq!(room.data.and_then(|r| r.unique_name).as_deref(), Some("r"));
    let accept = server.requests()[0]
        .header("accept-encoding")
        .unwrap_or_default()
        .to_owned();
    assert!(accept.contains("gzip"), "{accept}");
}

/// A page of 250 rooms as the API sends them: distinct ids and names, one active session id
/// in three, timestamps to the microsecond.
fn page_of_rooms() -> String {
    let rooms: Vec<serde_json::Value> = (0..250u32)
        .map(|n| {
            let id = uuid::Uuid::new_v4();
            serde_json::json!({
                "id": id,
                "record_type": "room",
                "unique_name": format!("support-room-{n:04}"),
                "max_participants": 10 + n % 40,
                "enable_recording": n % 2 == 0,
                "active_session_id": (n % 3 == 0).then(uuid::Uuid::new_v4),
                "sessions": [],
                "webhook_event_url": "https://example.com/webhooks/video",
                "webhook_event_failover_url": null,
                "webhook_timeout_secs": 10,
                "created_at": format!("2026-11-{:02}T10:{:02}:{:02}.{:06}Z", 1 + n % 28, n % 60, (n * 7) % 60, n * 3919 % 1_000_000),
                "updated_at": format!("2026-12-{:02}T08:{:02}:{:02}.{:06}Z", 1 + n % 3, n % 60, (n * 11) % 60, n * 7717 % 1_000_000),
            })
        })
        .collect();
    serde_json::json!({
        "data": rooms,
        "meta": {"page_number": 1, "page_size": 250, "total_pages": 4, "total_results": 1000},
    })
    .to_string()
}

/// The bytes a page of 250 rooms takes on the wire (body; the head is the same but for
/// `content-encoding`), as identity and gzip at the default level, and that the SDK decodes
/// the gzip one to the same 250 rooms. Prints the figures of BENCHMARKS.md
/// (`cargo test -p telnyx-sdk-tests --test transport gzip_page -- --nocapture`).
#[tokio::test]
async fn gzip_page_of_250_rooms_on_the_wire() {
    use std::io::Write as _;
    let page = page_of_rooms();
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(page.as_bytes()).expect("gzip");
    let gzipped = encoder.finish().expect("gzip");
    let server = Server::script(vec![
        Reply::status(200)
            .header("content-type", "application/json")
            .header("content-encoding", "gzip")
            .body(gzipped.clone()),
    ])
    .await;
    let client = builder(&server.url("/v2")).build().expect("client");
    let rooms = client
        .rooms()
        .list()
        .page_size(250)
        .send()
        .await
        .expect("page");
    assert_eq!(rooms.data.len(), 250);
    assert!(gzipped.len() * 2 < page.len(), "gzip saves at least half");
    println!(
        "page of 250 rooms: identity {} bytes, gzip {} bytes ({:.1} %, {} bytes saved)",
        page.len(),
        gzipped.len(),
        100.0 * gzipped.len() as f64 / page.len() as f64,
        page.len() - gzipped.len()
    );
}
