//! Each TLS backend of the facade completes a real handshake with a local HTTPS server.
//!
//! The server's certificate is issued at test time by a CA made with rcgen, and the client
//! trusts that CA through `ClientBuilder::add_root_certificate`. `tests/Cargo.toml` turns on
//! `rustls`, `rustls-ring` and `native-tls`, so `cargo test --workspace` runs every backend.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair, KeyUsagePurpose,
};
use telnyx_sdk::{Certificate, Client, Error, TlsBackend};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

const KEY: &str = "KEY_TLS_TEST";

/// What the server saw: one entry per connection.
#[derive(Clone, Debug, PartialEq)]
enum Seen {
    /// A completed handshake and this request head's first line, with the bearer key check.
    Request { line: String, authorized: bool },
    /// The handshake failed (the client refused the certificate).
    HandshakeFailed,
}

/// A CA, and an HTTPS server on 127.0.0.1 whose `localhost` certificate that CA issued.
struct TlsServer {
    port: u16,
    ca_der: CertificateDer<'static>,
    ca_pem: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for TlsServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl TlsServer {
    async fn start() -> TlsServer {
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(DnType::CommonName, "telnyx-sdk test CA");
        ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().expect("CA key"))
            .expect("CA certificate");
        let leaf_key = KeyPair::generate().expect("server key");
        let leaf = CertificateParams::new(vec!["localhost".to_owned()])
            .expect("server params")
            .signed_by(&leaf_key, &ca)
            .expect("server certificate");

        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("versions")
            .with_no_client_auth()
            .with_single_cert(
                vec![leaf.der().clone(), ca.der().clone()],
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der())),
            )
            .expect("server config");
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        let acceptor = TlsAcceptor::from(Arc::new(config));

        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("address").port();
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let record = seen.clone();
        let task = tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                let (acceptor, record) = (acceptor.clone(), record.clone());
                tokio::spawn(async move {
                    let Ok(mut tls) = acceptor.accept(tcp).await else {
                        record.lock().expect("lock").push(Seen::HandshakeFailed);
                        return;
                    };
                    let mut head = Vec::new();
                    let mut chunk = [0u8; 4096];
                    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                        match tls.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => head.extend_from_slice(&chunk[..n]),
                        }
                    }
                    let head = String::from_utf8_lossy(&head).into_owned();
                    let line = head.lines().next().unwrap_or_default().to_owned();
                    let authorized = head.lines().any(|l| {
                        l.split_once(':').is_some_and(|(n, v)| {
                            n.eq_ignore_ascii_case("authorization")
                                && v.trim() == format!("Bearer {KEY}")
                        })
                    });
                    record
                        .lock()
                        .expect("lock")
                        .push(Seen::Request { line, authorized });
                    let body = r#"{"data":{"greeting":"hello over TLS","n":1}}"#;
                    let reply = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                         content-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = tls.write_all(reply.as_bytes()).await;
                    let _ = tls.shutdown().await;
                });
            }
        });
        TlsServer {
            port,
            ca_der: ca.der().clone(),
            ca_pem: ca.pem(),
            seen,
            task,
        }
    }

    fn base_url(&self) -> String {
        format!("https://localhost:{}/v2", self.port)
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("lock").clone()
    }
}

fn builder(server: &TlsServer, backend: TlsBackend) -> telnyx_sdk::ClientBuilder {
    Client::builder()
        .api_key(KEY)
        .base_url(server.base_url())
        .tls_backend(backend)
        .timeout(Duration::from_secs(10))
        .max_retries(0)
}

/// One SDK call over TLS with `backend`, trusting the test CA (given as PEM or DER).
async fn handshake_and_call(backend: TlsBackend, ca_as_pem: bool) {
    let server = TlsServer::start().await;
    let ca = if ca_as_pem {
        Certificate::from_pem(server.ca_pem.as_bytes()).expect("CA PEM")
    } else {
        Certificate::from_der(server.ca_der.to_vec())
    };
    let client = builder(&server, backend)
        .add_root_certificate(ca)
        .build()
        .unwrap_or_else(|e| panic!("{backend}: build: {e}"));
    assert_eq!(client.tls_backend(), Some(backend));

    let reply: serde_json::Value = client
        .get("/greetings/{name}")
        .path_param("name", "tls")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{backend}: call over TLS: {e} ({e:?})"));

    assert_eq!(reply["data"]["greeting"], "hello over TLS", "{backend}");
    assert_eq!(reply["data"]["n"], 1, "{backend}");
    assert_eq!(
        server.seen(),
        [Seen::Request {
            line: "GET /v2/greetings/tls HTTP/1.1".to_owned(),
            authorized: true
        }],
        "{backend}"
    );
}

/// Without the test CA the same call fails with a connection error that names the
/// certificate problem; the server sees one failed handshake and no request: with retries
/// on, a refused certificate is not retried (every attempt would meet the same one).
async fn untrusted_certificate_is_refused(backend: TlsBackend) {
    let server = TlsServer::start().await;
    let client = builder(&server, backend)
        .max_retries(3)
        .backoff(Duration::from_millis(1), Duration::from_millis(1))
        .build()
        .unwrap_or_else(|e| panic!("{backend}: build: {e}"));
    let err = client
        .get("/greetings/tls")
        .send::<serde_json::Value>()
        .await
        .expect_err("an untrusted certificate must fail the call");

    assert!(
        matches!(&err, Error::Connection(t) if t.is_certificate_error()),
        "{backend}: {err:?}"
    );
    assert!(
        !err.is_retryable(),
        "{backend}: a refused certificate is permanent"
    );
    // the message itself (not only its source chain) says what failed
    let message = err.to_string();
    assert!(
        message.starts_with("connection error: ") && message.to_lowercase().contains("certificate"),
        "{backend}: the error should name the certificate problem: {message}"
    );
    assert!(
        !format!("{message} {err:?}").contains(KEY),
        "{backend}: the key leaked"
    );
    // the server records the failed handshake once its side of it has ended
    for _ in 0..100 {
        if !server.seen().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // a retry would have come 1 ms later: give it ample time to show up
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(server.seen(), [Seen::HandshakeFailed], "{backend}");
}

#[tokio::test]
async fn rustls_aws_lc_completes_a_handshake() {
    handshake_and_call(TlsBackend::Rustls, true).await;
}

#[tokio::test]
async fn rustls_ring_completes_a_handshake() {
    handshake_and_call(TlsBackend::RustlsRing, true).await;
}

#[tokio::test]
async fn native_tls_completes_a_handshake() {
    handshake_and_call(TlsBackend::NativeTls, false).await;
}

#[tokio::test]
async fn rustls_aws_lc_refuses_an_untrusted_certificate() {
    untrusted_certificate_is_refused(TlsBackend::Rustls).await;
}

#[tokio::test]
async fn rustls_ring_refuses_an_untrusted_certificate() {
    untrusted_certificate_is_refused(TlsBackend::RustlsRing).await;
}

#[tokio::test]
async fn native_tls_refuses_an_untrusted_certificate() {
    untrusted_certificate_is_refused(TlsBackend::NativeTls).await;
}

#[test]
fn every_backend_is_compiled_into_the_workspace_tests() {
    // feature unification: if this fails, the handshake tests above do not cover every backend
    assert_eq!(
        TlsBackend::AVAILABLE,
        [
            TlsBackend::NativeTls,
            TlsBackend::RustlsRing,
            TlsBackend::Rustls
        ]
    );
    assert_eq!(TlsBackend::default_backend(), TlsBackend::NativeTls);
}
