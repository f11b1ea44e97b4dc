//! A recording TCP proxy for HTTP/1.1: put it between the SDK and a server to see the raw
//! requests the SDK sent and the raw response bodies it decoded (the SDK's typed results do
//! not keep them).
//!
//! Each message is recorded as soon as it is complete and before its last bytes are passed
//! on, so when the SDK call returns, [`RecordingProxy::take_last`] and
//! [`RecordingProxy::take_last_request`] already hold it. Only messages whose body length is
//! known from `Content-Length` (or that have no body) are recorded; Prism always sends one.

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;

/// One recorded response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawResponse {
    /// Status code.
    pub status: u16,
    /// The header block, as received.
    pub head: String,
    /// The body bytes.
    pub body: Vec<u8>,
}

/// One recorded request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRequest {
    /// The request line, e.g. `PATCH /rooms/0ccc... HTTP/1.1`.
    pub line: String,
    /// The body bytes.
    pub body: Vec<u8>,
}

type Slot = Arc<Mutex<Option<RawResponse>>>;
type RequestSlot = Arc<Mutex<Option<RawRequest>>>;
type RequestLog = Arc<Mutex<Vec<RawRequest>>>;

/// A running proxy; dropping it stops accepting connections.
#[derive(Debug)]
pub struct RecordingProxy {
    addr: SocketAddr,
    last: Slot,
    last_request: RequestSlot,
    requests: RequestLog,
    stop: Arc<AtomicBool>,
}

impl RecordingProxy {
    /// Listens on a free port of 127.0.0.1 and forwards every connection to `upstream`.
    pub fn start(upstream: SocketAddr) -> io::Result<RecordingProxy> {
        let listener = TcpListener::bind(("127.0.0.1", 0))?;
        let addr = listener.local_addr()?;
        let last: Slot = Arc::default();
        let last_request: RequestSlot = Arc::default();
        let requests: RequestLog = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let (slot, request_slot, log, flag) = (
            Arc::clone(&last),
            Arc::clone(&last_request),
            Arc::clone(&requests),
            Arc::clone(&stop),
        );
        thread::Builder::new()
            .name("recording-proxy".to_owned())
            .spawn(move || {
                for client in listener.incoming() {
                    if flag.load(Ordering::SeqCst) {
                        break;
                    }
                    if let Ok(client) = client {
                        let slots = (
                            Arc::clone(&slot),
                            Arc::clone(&request_slot),
                            Arc::clone(&log),
                        );
                        let _ = thread::Builder::new()
                            .name("recording-proxy-conn".to_owned())
                            .spawn(move || forward(client, upstream, slots.0, slots.1, slots.2));
                    }
                }
            })?;
        Ok(RecordingProxy {
            addr,
            last,
            last_request,
            requests,
            stop,
        })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The last complete response since the previous call, if any.
    pub fn take_last(&self) -> Option<RawResponse> {
        self.last
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }

    /// The last complete request since the previous call, if any.
    pub fn take_last_request(&self) -> Option<RawRequest> {
        self.last_request
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }

    /// Every complete request since the previous call, in the order they arrived.
    pub fn take_requests(&self) -> Vec<RawRequest> {
        std::mem::take(&mut *self.requests.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

impl Drop for RecordingProxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.addr);
    }
}

fn forward(
    client: TcpStream,
    upstream: SocketAddr,
    slot: Slot,
    request_slot: RequestSlot,
    log: RequestLog,
) {
    let Ok(server) = TcpStream::connect(upstream) else {
        let _ = client.shutdown(Shutdown::Both);
        return;
    };
    let (Ok(mut client_read), Ok(mut server_write)) = (client.try_clone(), server.try_clone())
    else {
        return;
    };
    let upload = thread::spawn(move || {
        let mut pending = Vec::new();
        let mut chunk = [0u8; 16 * 1024];
        loop {
            match client_read.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    pending.extend_from_slice(&chunk[..n]);
                    while let Some((line, _, body, used)) = parse_message(&pending) {
                        let request = RawRequest { line, body };
                        log.lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .push(request.clone());
                        *request_slot.lock().unwrap_or_else(PoisonError::into_inner) =
                            Some(request);
                        pending.drain(..used);
                    }
                    if server_write.write_all(&chunk[..n]).is_err() {
                        break;
                    }
                }
            }
        }
        let _ = server_write.shutdown(Shutdown::Write);
    });
    let mut server_read = server;
    let mut client_write = client;
    let mut pending = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    loop {
        match server_read.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                pending.extend_from_slice(&chunk[..n]);
                while let Some((response, used)) = parse_response(&pending) {
                    *slot.lock().unwrap_or_else(PoisonError::into_inner) = Some(response);
                    pending.drain(..used);
                }
                if client_write.write_all(&chunk[..n]).is_err() {
                    break;
                }
            }
        }
    }
    let _ = client_write.shutdown(Shutdown::Both);
    let _ = upload.join();
}

/// One complete response at the start of `buf` and its length in bytes.
fn parse_response(buf: &[u8]) -> Option<(RawResponse, usize)> {
    let (line, head, body, used) = parse_message(buf)?;
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok())?;
    Some((RawResponse { status, head, body }, used))
}

/// One complete HTTP/1.1 message at the start of `buf`: start line, header block, body and
/// its length in bytes.
pub(crate) fn parse_message(buf: &[u8]) -> Option<(String, String, Vec<u8>, usize)> {
    let head_end = buf.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let line = head.lines().next().unwrap_or_default().to_owned();
    let length = head
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse::<usize>().ok())
        .unwrap_or(0);
    let end = head_end.checked_add(length)?;
    if buf.len() < end {
        return None;
    }
    Some((line, head, buf[head_end..end].to_vec(), end))
}

/// Paths (`data.sessions[].participants`) of the non-null, non-empty values in `raw` that
/// have no counterpart in `decoded`: what a round trip through our types dropped.
pub fn dropped_fields(raw: &serde_json::Value, decoded: &serde_json::Value) -> Vec<String> {
    let mut out = Vec::new();
    walk(raw, decoded, String::new(), &mut out);
    out.sort();
    out.dedup();
    out
}

fn walk(raw: &serde_json::Value, decoded: &serde_json::Value, path: String, out: &mut Vec<String>) {
    use serde_json::Value;
    match (raw, decoded) {
        (Value::Object(raw), Value::Object(decoded)) => {
            for (key, value) in raw {
                let empty = match value {
                    Value::Null => true,
                    Value::Array(a) => a.is_empty(),
                    Value::Object(o) => o.is_empty(),
                    _ => false,
                };
                if empty {
                    continue;
                }
                let here = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                match decoded.get(key) {
                    None => out.push(here),
                    Some(inner) => walk(value, inner, here, out),
                }
            }
        }
        (Value::Array(raw), Value::Array(decoded)) => {
            for (value, inner) in raw.iter().zip(decoded) {
                walk(value, inner, format!("{path}[]"), out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_complete_responses_only() {
        let full = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}HTTP/1.1";
        let (response, used) = parse_response(full).expect("a response");
        assert_eq!(response.status, 200);
        assert_eq!(response.body, b"{}");
        assert_eq!(used, full.len() - "HTTP/1.1".len());
        assert!(parse_response(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n{}").is_none());
        let request = b"PATCH /rooms/1 HTTP/1.1\r\ncontent-length: 2\r\n\r\n{}";
        let (line, _, body, used) = parse_message(request).expect("a request");
        assert_eq!(line, "PATCH /rooms/1 HTTP/1.1");
        assert_eq!((body.as_slice(), used), (&b"{}"[..], request.len()));
    }

    #[test]
    fn finds_dropped_fields() {
        let raw = json!({"data": [{"id": "a", "extra": 1, "gone": null, "list": []}], "meta": {"page": 1}});
        let decoded = json!({"data": [{"id": "a"}], "meta": {"page": 1}});
        assert_eq!(
            dropped_fields(&raw, &decoded),
            vec!["data[].extra".to_owned()]
        );
    }
}
