//! Signing webhook requests the way Telnyx does, to unit-test your own handlers.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use ed25519_dalek::{Signer as _, SigningKey};

use super::verifier::BASE64;
use super::{SIGNATURE_HEADER, TIMESTAMP_HEADER, WebhookVerifier};

/// Signs bodies like Telnyx does, so tests can build requests a [`WebhookVerifier`] accepts.
///
/// Only for tests (feature `test-util`): the secret key is yours, not Telnyx's, so only a
/// verifier built from [`public_key_base64`](Self::public_key_base64) (or
/// [`verifier`](Self::verifier)) accepts what it signs.
///
/// ```
/// use telnyx_sdk::webhooks::TestSigner;
///
/// let signer = TestSigner::from_secret_key(&[7; 32]);
/// let body = br#"{"data":{"event_type":"something.new","id":"x"}}"#;
/// let headers = signer.sign(body, 1_700_000_000);
///
/// let now = headers.time();
/// let verifier = signer.verifier().with_clock(move || now);
/// let event = verifier.unwrap(&headers, body)?;
/// assert_eq!(event.event_type(), "something.new");
/// # Ok::<(), telnyx_sdk::webhooks::WebhookError>(())
/// ```
#[derive(Clone)]
pub struct TestSigner {
    key: SigningKey,
}

impl fmt::Debug for TestSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TestSigner")
            .field("public_key", &self.public_key_base64())
            .finish_non_exhaustive()
    }
}

impl TestSigner {
    /// A signer from a 32-byte Ed25519 secret key (seed).
    ///
    /// ```
    /// use telnyx_sdk::webhooks::TestSigner;
    ///
    /// let signer = TestSigner::from_secret_key(&[1; 32]);
    /// assert_eq!(signer.public_key_base64().len(), 44);
    /// ```
    pub fn from_secret_key(secret_key: &[u8; 32]) -> Self {
        Self {
            key: SigningKey::from_bytes(secret_key),
        }
    }

    /// The public key, base64 of 32 bytes: what `TELNYX_PUBLIC_KEY` would hold.
    ///
    /// ```
    /// use telnyx_sdk::webhooks::{TestSigner, WebhookVerifier};
    ///
    /// let signer = TestSigner::from_secret_key(&[1; 32]);
    /// assert!(WebhookVerifier::new(&signer.public_key_base64()).is_ok());
    /// ```
    pub fn public_key_base64(&self) -> String {
        BASE64.encode(self.key.verifying_key().as_bytes())
    }

    /// A verifier for this signer's public key (default tolerance, system clock).
    ///
    /// ```
    /// use telnyx_sdk::webhooks::TestSigner;
    ///
    /// let signer = TestSigner::from_secret_key(&[1; 32]);
    /// let headers = signer.sign_now(b"{}");
    /// assert!(signer.verifier().verify(&headers, b"{}").is_ok());
    /// ```
    pub fn verifier(&self) -> WebhookVerifier {
        WebhookVerifier::from_verifying_key(self.key.verifying_key())
    }

    /// Signs `body` as sent at `timestamp` (Unix seconds) and returns the two headers.
    ///
    /// Negative timestamps are signed as given (`-5`), which no verifier accepts: handy for
    /// testing rejection.
    ///
    /// ```
    /// use telnyx_sdk::webhooks::TestSigner;
    ///
    /// let headers = TestSigner::from_secret_key(&[1; 32]).sign(b"{}", 1_700_000_000);
    /// assert_eq!(headers.timestamp(), "1700000000");
    /// assert_eq!(headers.signature().len(), 88);
    /// ```
    pub fn sign(&self, body: &[u8], timestamp: i64) -> SignedHeaders {
        let timestamp = timestamp.to_string();
        let mut message = Vec::with_capacity(timestamp.len() + 1 + body.len());
        message.extend_from_slice(timestamp.as_bytes());
        message.push(b'|');
        message.extend_from_slice(body);
        let signature = BASE64.encode(self.key.sign(&message).to_bytes());
        SignedHeaders {
            timestamp,
            signature,
        }
    }

    /// Signs `body` with the current system time.
    ///
    /// ```
    /// use telnyx_sdk::webhooks::TestSigner;
    ///
    /// let signer = TestSigner::from_secret_key(&[1; 32]);
    /// assert!(signer.verifier().verify(&signer.sign_now(b"hi"), b"hi").is_ok());
    /// ```
    pub fn sign_now(&self, body: &[u8]) -> SignedHeaders {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        self.sign(body, now)
    }
}

/// The `telnyx-timestamp` and `telnyx-signature-ed25519` headers of a signed test request.
///
/// Pass `&SignedHeaders` straight to [`WebhookVerifier::verify`], or turn it into an
/// [`http::HeaderMap`] or pairs for your framework's test client.
///
/// ```
/// use telnyx_sdk::webhooks::TestSigner;
///
/// let headers = TestSigner::from_secret_key(&[1; 32]).sign(b"{}", 1_700_000_000);
/// let map = headers.to_header_map();
/// assert_eq!(map["telnyx-timestamp"], "1700000000");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedHeaders {
    timestamp: String,
    signature: String,
}

impl SignedHeaders {
    /// The `telnyx-timestamp` value.
    ///
    /// ```
    /// use telnyx_sdk::webhooks::TestSigner;
    /// let headers = TestSigner::from_secret_key(&[1; 32]).sign(b"", 42);
    /// assert_eq!(headers.timestamp(), "42");
    /// ```
    pub fn timestamp(&self) -> &str {
        &self.timestamp
    }

    /// The `telnyx-signature-ed25519` value (base64 of 64 bytes).
    ///
    /// ```
    /// use telnyx_sdk::webhooks::TestSigner;
    /// let headers = TestSigner::from_secret_key(&[1; 32]).sign(b"", 42);
    /// assert!(headers.signature().ends_with("=="));
    /// ```
    pub fn signature(&self) -> &str {
        &self.signature
    }

    /// The signing time, for a verifier clock that matches it
    /// (`verifier.with_clock(move || headers.time())`).
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use telnyx_sdk::webhooks::TestSigner;
    /// let headers = TestSigner::from_secret_key(&[1; 32]).sign(b"", 42);
    /// assert_eq!(headers.time(), UNIX_EPOCH + Duration::from_secs(42));
    /// ```
    pub fn time(&self) -> SystemTime {
        let secs: i64 = self.timestamp.parse().unwrap_or(0);
        let offset = std::time::Duration::from_secs(secs.unsigned_abs());
        if secs >= 0 {
            UNIX_EPOCH.checked_add(offset).unwrap_or(UNIX_EPOCH)
        } else {
            UNIX_EPOCH.checked_sub(offset).unwrap_or(UNIX_EPOCH)
        }
    }

    /// Both headers as `(name, value)` pairs, names in lower case.
    ///
    /// ```
    /// use telnyx_sdk::webhooks::TestSigner;
    /// let headers = TestSigner::from_secret_key(&[1; 32]).sign(b"", 42);
    /// assert_eq!(headers.pairs()[0], ("telnyx-signature-ed25519", headers.signature()));
    /// ```
    pub fn pairs(&self) -> [(&'static str, &str); 2] {
        [
            (SIGNATURE_HEADER, self.signature.as_str()),
            (TIMESTAMP_HEADER, self.timestamp.as_str()),
        ]
    }

    /// Both headers in an [`http::HeaderMap`] (axum, hyper, tower test clients).
    ///
    /// ```
    /// use telnyx_sdk::webhooks::TestSigner;
    /// let headers = TestSigner::from_secret_key(&[1; 32]).sign(b"", 42);
    /// assert_eq!(headers.to_header_map().len(), 2);
    /// ```
    pub fn to_header_map(&self) -> http::HeaderMap {
        let mut map = http::HeaderMap::with_capacity(2);
        for (name, value) in self.pairs() {
            // Both values are ASCII (digits, '-' and base64), always valid header values.
            if let Ok(value) = http::HeaderValue::from_str(value) {
                map.insert(name, value);
            }
        }
        map
    }
}

impl<'a> IntoIterator for &'a SignedHeaders {
    type Item = (&'static str, &'a str);
    type IntoIter = std::array::IntoIter<(&'static str, &'a str), 2>;

    fn into_iter(self) -> Self::IntoIter {
        self.pairs().into_iter()
    }
}
