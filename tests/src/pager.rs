//! A proxy that makes a mock server's pagination faithful.
//!
//! Prism answers every list request with the same `meta` (page 2 of 3), whatever page was
//! asked for. The SDK's streams follow the page numbers a server reports and stop with an
//! error when a page repeats, so against Prism alone a stream ends with that error after its
//! first page. Between the SDK and Prism, this proxy sets `meta.page_number` of each response
//! to the `page[number]` of its request (1 when absent); everything else passes unchanged.
//! Streams then see pages 1, 2 and 3 of 3, as from the real API.

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::thread;

use crate::capture::parse_message;

/// A running proxy; it stops with the test process.
#[derive(Debug)]
pub struct FaithfulPager {
    addr: SocketAddr,
}

impl FaithfulPager {
    /// Listens on a free port of 127.0.0.1 and forwards every connection to `upstream`.
    pub fn start(upstream: SocketAddr) -> io::Result<FaithfulPager> {
        let listener = TcpListener::bind(("127.0.0.1", 0))?;
        let addr = listener.local_addr()?;
        thread::Builder::new()
            .name("faithful-pager".to_owned())
            .spawn(move || {
                for client in listener.incoming().flatten() {
                    let _ = thread::Builder::new()
                        .name("faithful-pager-conn".to_owned())
                        .spawn(move || serve(client, upstream));
                }
            })?;
        Ok(FaithfulPager { addr })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

/// Relays one client connection, one request and response at a time.
fn serve(mut client: TcpStream, upstream: SocketAddr) {
    let Ok(mut server) = TcpStream::connect(upstream) else {
        let _ = client.shutdown(Shutdown::Both);
        return;
    };
    let mut from_client = Vec::new();
    let mut from_server = Vec::new();
    while let Some((line, _, _, used)) = read_message(&mut client, &mut from_client) {
        let request: Vec<u8> = from_client.drain(..used).collect();
        if server.write_all(&request).is_err() {
            break;
        }
        let Some((_, head, body, used)) = read_message(&mut server, &mut from_server) else {
            break;
        };
        from_server.drain(..used);
        let response = rewrite(&head, body, requested_page(&line));
        if client.write_all(&response).is_err() {
            break;
        }
    }
    let _ = client.shutdown(Shutdown::Both);
}

/// Reads from `stream` into `buf` until it holds a complete message.
fn read_message(
    stream: &mut TcpStream,
    buf: &mut Vec<u8>,
) -> Option<(String, String, Vec<u8>, usize)> {
    let mut chunk = [0u8; 16 * 1024];
    loop {
        if let Some(message) = parse_message(buf) {
            return Some(message);
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return None,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

/// The `page[number]` of a request line (`GET /rooms?page%5Bnumber%5D=2 HTTP/1.1`), 1 when
/// absent.
fn requested_page(line: &str) -> u64 {
    let target = line.split_whitespace().nth(1).unwrap_or_default();
    let query = target.split_once('?').map(|(_, q)| q).unwrap_or_default();
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| {
            let key = key.replace("%5B", "[").replace("%5D", "]");
            key == "page[number]"
        })
        .and_then(|(_, value)| value.parse().ok())
        .unwrap_or(1)
}

/// The response with `meta.page_number` set to `page` (when the body has one) and its
/// `Content-Length` updated.
fn rewrite(head: &str, body: Vec<u8>, page: u64) -> Vec<u8> {
    let mut body = body;
    if let Ok(mut json) = serde_json::from_slice::<serde_json::Value>(&body)
        && let Some(number) = json.pointer_mut("/meta/page_number")
        && number.is_u64()
    {
        *number = serde_json::Value::from(page);
        if let Ok(bytes) = serde_json::to_vec(&json) {
            body = bytes;
        }
    }
    let mut out = Vec::with_capacity(head.len() + body.len());
    for line in head.split("\r\n").filter(|line| !line.is_empty()) {
        let is_length = line
            .split_once(':')
            .is_some_and(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"));
        if is_length {
            out.extend_from_slice(format!("content-length: {}\r\n", body.len()).as_bytes());
        } else {
            out.extend_from_slice(line.as_bytes());
            out.extend_from_slice(b"\r\n");
        }
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(&body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_requested_page() {
        assert_eq!(
            requested_page("GET /rooms?page%5Bnumber%5D=3&page%5Bsize%5D=5 HTTP/1.1"),
            3
        );
        assert_eq!(
            requested_page("GET /rooms?page[size]=5&page[number]=2 HTTP/1.1"),
            2
        );
        assert_eq!(requested_page("GET /rooms HTTP/1.1"), 1);
    }

    #[test]
    fn rewrites_the_page_number_and_the_length() {
        let head =
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nContent-Length: 40\r\n\r\n";
        let body = br#"{"data":[],"meta":{"page_number":2,"total_pages":3}}"#.to_vec();
        let out = String::from_utf8(rewrite(head, body, 1)).expect("utf8");
        let (head, body) = out.split_once("\r\n\r\n").expect("head");
        let json: serde_json::Value = serde_json::from_str(body).expect("json");
        assert_eq!(json["meta"]["page_number"], 1);
        assert_eq!(json["meta"]["total_pages"], 3);
        assert!(
            head.contains(&format!("content-length: {}", body.len())),
            "{head}"
        );
    }
}
