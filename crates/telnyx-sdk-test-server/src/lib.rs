//! A scripted HTTP/1.1 server for the SDK's tests.
//!
//! The server listens on `127.0.0.1`, records every request as it arrived on the wire and
//! answers each one with a [`Reply`]: from a handler closure ([`Server::start`]) or from a
//! list ([`Server::script`]). Every connection carries exactly one request; responses say
//! `connection: close`.
//!
//! It depends on neither `telnyx-sdk-core` nor `telnyx-sdk`, so both can use it.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// A request head larger than this is not a request we expect; the connection is dropped.
const MAX_HEAD: usize = 1 << 20;

/// What the server does with one request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// Answer with this status, headers and body after waiting `delay`.
    Respond {
        /// The status code.
        status: u16,
        /// Headers sent before `content-length` and `connection: close`.
        headers: Vec<(String, String)>,
        /// The response body.
        body: Vec<u8>,
        /// How long to wait before answering.
        delay: Duration,
    },
    /// Close the connection without answering.
    Close,
    /// Write these bytes as they are, then close the connection.
    Raw(Vec<u8>),
}

impl Reply {
    /// A response with `status`, no headers and an empty body.
    pub fn status(status: u16) -> Reply {
        Reply::Respond {
            status,
            headers: Vec::new(),
            body: Vec::new(),
            delay: Duration::ZERO,
        }
    }

    /// A JSON response: `value` serialized, with `content-type: application/json`.
    pub fn json(status: u16, value: serde_json::Value) -> Reply {
        Reply::json_text(status, &value.to_string())
    }

    /// A response labelled `content-type: application/json` whose body is `text` byte for
    /// byte, valid JSON or not.
    pub fn json_text(status: u16, text: &str) -> Reply {
        Reply::status(status)
            .header("content-type", "application/json")
            .body(text)
    }

    /// Adds a response header (no effect on [`Reply::Close`] or [`Reply::Raw`]).
    pub fn header(mut self, name: &str, value: &str) -> Reply {
        if let Reply::Respond { headers, .. } = &mut self {
            headers.push((name.to_owned(), value.to_owned()));
        }
        self
    }

    /// Replaces the response body (no effect on [`Reply::Close`] or [`Reply::Raw`]).
    pub fn body(mut self, bytes: impl Into<Vec<u8>>) -> Reply {
        if let Reply::Respond { body, .. } = &mut self {
            *body = bytes.into();
        }
        self
    }

    /// Waits `by` before answering (no effect on [`Reply::Close`] or [`Reply::Raw`]).
    pub fn delay(mut self, by: Duration) -> Reply {
        if let Reply::Respond { delay, .. } = &mut self {
            *delay = by;
        }
        self
    }
}

/// One request as it arrived on the wire.
#[derive(Clone, Debug)]
pub struct Recorded {
    /// The method, e.g. `GET`.
    pub method: String,
    /// Path and query exactly as sent.
    pub target: String,
    /// Header names and values in the order sent; names keep the case they were sent in.
    pub headers: Vec<(String, String)>,
    /// The body; a chunked body is stored decoded.
    pub body: Vec<u8>,
    /// The raw request head: the request line and the header lines.
    pub head: String,
}

impl Recorded {
    /// Every value of the header `name` (compared case-insensitively), in order.
    pub fn header_values(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The first value of the header `name` (compared case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The target without its query.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }

    /// The raw query after `?`, or `""` when there is none.
    pub fn query(&self) -> &str {
        self.target
            .split_once('?')
            .map(|(_, q)| q)
            .unwrap_or_default()
    }

    /// The body parsed as JSON; panics (failing the test) when it is not JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("request body is JSON")
    }
}

type Handler = dyn Fn(&Recorded, usize) -> Reply + Send + Sync;

/// A running test server; it stops accepting connections when dropped.
pub struct Server {
    base: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
    accept: JoinHandle<()>,
}

impl Server {
    /// Starts a server that answers request number `n` (counting from 0, in arrival order)
    /// with `handler(request, n)`.
    pub async fn start(
        handler: impl Fn(&Recorded, usize) -> Reply + Send + Sync + 'static,
    ) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("local address");
        let requests: Arc<Mutex<Vec<Recorded>>> = Arc::default();
        let handler: Arc<Handler> = Arc::new(handler);
        let recorded = requests.clone();
        let accept = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let (recorded, handler) = (recorded.clone(), handler.clone());
                tokio::spawn(async move {
                    serve(stream, recorded, handler).await;
                });
            }
        });
        Server {
            base: format!("http://{addr}"),
            requests,
            accept,
        }
    }

    /// Starts a server that answers with `replies` in order; once they are used up the last
    /// one repeats. An empty list answers `418` with the body `unscripted`.
    pub async fn script(replies: Vec<Reply>) -> Server {
        Server::start(move |_, n| {
            replies
                .get(n)
                .or(replies.last())
                .cloned()
                .unwrap_or_else(|| Reply::status(418).body("unscripted"))
        })
        .await
    }

    /// An absolute URL on this server, e.g. `url("/v2")` or `url("/rooms?x=1")`.
    pub fn url(&self, path_and_query: &str) -> String {
        format!("{}{path_and_query}", self.base)
    }

    /// The requests received so far, in arrival order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().expect("lock").clone()
    }

    /// How many requests arrived so far.
    pub fn request_count(&self) -> usize {
        self.requests.lock().expect("lock").len()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

/// Reads one request from `stream`, records it and answers it.
async fn serve(mut stream: TcpStream, recorded: Arc<Mutex<Vec<Recorded>>>, handler: Arc<Handler>) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(pos) = find(&buf, b"\r\n\r\n") {
            break pos;
        }
        if buf.len() > MAX_HEAD {
            return;
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next().unwrap_or_default().split(' ');
    let method = request_line.next().unwrap_or_default().to_owned();
    let target = request_line.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let chunked = headers.iter().any(|(n, v)| {
        n.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
    });
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf.get(head_end + 4..).unwrap_or_default().to_vec();
    if chunked {
        // Read up to the final zero-size chunk, then decode.
        while find(&body, b"0\r\n\r\n").is_none() {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => body.extend_from_slice(&chunk[..n]),
            }
        }
        body = dechunk(&body);
    } else {
        while body.len() < length {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => body.extend_from_slice(&chunk[..n]),
            }
        }
    }
    let request = Recorded {
        method,
        target,
        headers,
        body,
        head,
    };
    let index = {
        let mut all = recorded.lock().expect("lock");
        all.push(request.clone());
        all.len() - 1
    };
    match handler(&request, index) {
        Reply::Close => {
            let _ = stream.shutdown().await;
        }
        Reply::Raw(bytes) => {
            let _ = stream.write_all(&bytes).await;
            let _ = stream.shutdown().await;
        }
        Reply::Respond {
            status,
            headers,
            body,
            delay,
        } => {
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            let mut out = format!("HTTP/1.1 {status} X\r\n");
            for (n, v) in &headers {
                out.push_str(&format!("{n}: {v}\r\n"));
            }
            out.push_str(&format!(
                "content-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            ));
            let mut bytes = out.into_bytes();
            bytes.extend_from_slice(&body);
            let _ = stream.write_all(&bytes).await;
            let _ = stream.shutdown().await;
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Decodes a chunked body; stops at the last chunk or at the first malformed size line.
fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(line_end) = find(data, b"\r\n") {
        let size_line = String::from_utf8_lossy(&data[..line_end]);
        // A chunk size may carry `;name=value` extensions.
        let size_text = size_line.split(';').next().unwrap_or_default();
        let Ok(size) = usize::from_str_radix(size_text.trim(), 16) else {
            break;
        };
        if size == 0 {
            break;
        }
        let start = line_end + 2;
        let end = start.saturating_add(size).min(data.len());
        out.extend_from_slice(&data[start..end]);
        data = data.get(end.saturating_add(2)..).unwrap_or_default();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dechunk_decodes_and_survives_malformed_input() {
        assert_eq!(dechunk(b"3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n"), b"abcde");
        assert_eq!(dechunk(b"zz\r\nabc\r\n"), b"");
        assert_eq!(dechunk(b"ffffffffffffffff\r\nab"), b"ab");
        assert_eq!(dechunk(b"5\r\nab"), b"ab");
    }

    #[test]
    fn recorded_helpers() {
        let r = Recorded {
            method: "GET".into(),
            target: "/v2/rooms?a=1".into(),
            headers: vec![("X-A".into(), "1".into()), ("x-a".into(), "2".into())],
            body: b"{}".to_vec(),
            head: String::new(),
        };
        assert_eq!(r.path(), "/v2/rooms");
        assert_eq!(r.query(), "a=1");
        assert_eq!(r.header("x-a"), Some("1"));
        assert_eq!(r.header_values("X-a"), vec!["1", "2"]);
        assert_eq!(r.json(), serde_json::json!({}));
    }
}
