//! Peak memory while streaming a long list through the facade paginator.
//!
//! Starts an in-process HTTP/1.1 server on 127.0.0.1 that serves `GET /v2/rooms` pages
//! (`page[number]`, `page[size]`, `meta.total_pages`) for a list of `--items N` rooms,
//! streams every item with `client.rooms().list().page_size(S).stream()`, and prints one
//! JSON line with the peak resident set size (`VmHWM` from `/proc/self/status`).
//!
//! ```sh
//! cargo bench -p telnyx-sdk --no-default-features --features video,webhooks,test-util \
//!     --bench stream_memory -- --items 100000 --page-size 250
//! ```
//!
//! Run one process per item count: `VmHWM` is a high-water mark for the whole process.
//! `cargo xtask bench` runs it at 10,000 and 100,000 items; the peak should not grow with
//! the item count (the paginator holds at most the current page and a prefetched one).

use std::process::ExitCode;
use std::time::Instant;

use futures::StreamExt as _;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};

struct Args {
    items: u64,
    page_size: u32,
    prefetch: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        items: 10_000,
        page_size: 250,
        prefetch: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--items" => {
                let v = it.next().ok_or("--items needs a value")?;
                args.items = v.parse().map_err(|e| format!("--items {v}: {e}"))?;
            }
            "--page-size" => {
                let v = it.next().ok_or("--page-size needs a value")?;
                args.page_size = v.parse().map_err(|e| format!("--page-size {v}: {e}"))?;
            }
            "--prefetch" => args.prefetch = true,
            "-h" | "--help" => {
                return Err(
                    "usage: stream_memory [--items N] [--page-size 1..=250] [--prefetch]".into(),
                );
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if !(1..=250).contains(&args.page_size) {
        return Err("--page-size must be in 1..=250".into());
    }
    Ok(args)
}

/// A `kB` field of `/proc/self/status` (`VmHWM`, `VmRSS`), in KiB; `None` off Linux.
fn proc_status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status.lines().find_map(|line| {
        let rest = line.strip_prefix(field)?.strip_prefix(':')?;
        rest.split_whitespace().next()?.parse().ok()
    })
}

/// One room as the API returns it (the fields a real list carries, ~450 bytes of JSON).
fn room_json(n: u64) -> serde_json::Value {
    serde_json::json!({
        "id": format!("0ccc7b54-4df3-4bca-a65a-{n:012x}"),
        "record_type": "room",
        "unique_name": format!("room-{n}"),
        "max_participants": 10,
        "enable_recording": true,
        "active_session_id": null,
        "webhook_event_url": "https://hooks.example.test/telnyx/video",
        "webhook_event_failover_url": "",
        "webhook_timeout_secs": 10,
        "created_at": "2026-01-01T00:00:00.000000Z",
        "updated_at": "2026-01-01T00:00:00.000000Z",
        "sessions": []
    })
}

/// The value of query parameter `name` (bracket keys may arrive percent-encoded).
fn query_value(target: &str, name: &str) -> Option<u64> {
    let query = target.split_once('?')?.1;
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        let key = key.replace("%5B", "[").replace("%5D", "]");
        let key = key.replace("%5b", "[").replace("%5d", "]");
        if key == name {
            value.parse().ok()
        } else {
            None
        }
    })
}

fn page_body(target: &str, total_items: u64, default_size: u64) -> Vec<u8> {
    let number = query_value(target, "page[number]").unwrap_or(1).max(1);
    let size = query_value(target, "page[size]")
        .unwrap_or(default_size)
        .max(1);
    let total_pages = total_items.div_ceil(size).max(1);
    let start = (number - 1).saturating_mul(size);
    let end = (start + size).min(total_items);
    let data: Vec<_> = (start..end).map(room_json).collect();
    let body = serde_json::json!({
        "data": data,
        "meta": {
            "page_number": number,
            "page_size": size,
            "total_pages": total_pages,
            "total_results": total_items
        }
    });
    serde_json::to_vec(&body).unwrap_or_default()
}

/// Serves keep-alive HTTP/1.1 GET requests on one connection until the client closes it.
async fn serve(mut socket: TcpStream, total_items: u64, default_size: u64) {
    let mut buf: Vec<u8> = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    loop {
        let head_end = loop {
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            match socket.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
            if buf.len() > 64 * 1024 {
                return;
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
        buf.drain(..head_end);
        let target = head
            .lines()
            .next()
            .and_then(|line| line.split_whitespace().nth(1))
            .unwrap_or("/")
            .to_owned();
        let (status, body) = if target.starts_with("/v2/rooms") {
            ("200 OK", page_body(&target, total_items, default_size))
        } else {
            ("404 Not Found", b"{\"errors\":[]}".to_vec())
        };
        let response_head = format!(
            "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            body.len()
        );
        if socket.write_all(response_head.as_bytes()).await.is_err()
            || socket.write_all(&body).await.is_err()
        {
            return;
        }
    }
}

async fn run(args: Args) -> Result<String, String> {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| format!("bind: {e}"))?;
    let addr = listener.local_addr().map_err(|e| format!("addr: {e}"))?;
    let total = args.items;
    let default_size = u64::from(args.page_size);
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            tokio::spawn(serve(socket, total, default_size));
        }
    });

    let client = telnyx_sdk::Client::builder()
        .api_key("KEY0123456789SECRET")
        .base_url(format!("http://{addr}/v2"))
        .max_retries(0)
        .build()
        .map_err(|e| format!("client: {e}"))?;

    // Warm up: one page through the same path, so the baseline includes the runtime,
    // the connection and the client's lazily built state.
    let _ = client
        .rooms()
        .list()
        .page_size(args.page_size)
        .send()
        .await
        .map_err(|e| format!("warm-up request: {e}"))?;
    let rss_before = proc_status_kib("VmRSS");
    let hwm_before = proc_status_kib("VmHWM");

    let started = Instant::now();
    let mut stream = client
        .rooms()
        .list()
        .page_size(args.page_size)
        .prefetch(args.prefetch)
        .stream();
    let mut count: u64 = 0;
    let mut name_bytes: u64 = 0;
    while let Some(item) = stream.next().await {
        let room = item.map_err(|e| format!("item {count}: {e}"))?;
        name_bytes += room.unique_name.as_deref().map_or(0, |n| n.len() as u64);
        count += 1;
    }
    let elapsed = started.elapsed();
    drop(stream);
    if count != args.items {
        return Err(format!("streamed {count} items, expected {}", args.items));
    }
    let hwm = proc_status_kib("VmHWM");
    let opt = |v: Option<u64>| v.map_or_else(|| "null".to_owned(), |v| v.to_string());
    Ok(format!(
        "{{\"items\":{count},\"page_size\":{},\"prefetch\":{},\"vm_hwm_kib\":{},\"vm_hwm_before_kib\":{},\"vm_rss_before_kib\":{},\"elapsed_ms\":{:.1},\"name_bytes\":{name_bytes}}}",
        args.page_size,
        args.prefetch,
        opt(hwm),
        opt(hwm_before),
        opt(rss_before),
        elapsed.as_secs_f64() * 1000.0
    ))
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args)) {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("stream_memory: {e}");
            ExitCode::FAILURE
        }
    }
}
