//! Ed25519 verification of Telnyx webhook requests.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use ed25519_dalek::{Signature, VerifyingKey};

use super::{Event, WebhookError, WebhookHeaders};

/// Name of the header that carries the base64 Ed25519 signature.
///
/// ```
/// assert_eq!(telnyx_sdk::webhooks::SIGNATURE_HEADER, "telnyx-signature-ed25519");
/// ```
pub const SIGNATURE_HEADER: &str = "telnyx-signature-ed25519";

/// Name of the header that carries the signing time, in Unix seconds.
///
/// ```
/// assert_eq!(telnyx_sdk::webhooks::TIMESTAMP_HEADER, "telnyx-timestamp");
/// ```
pub const TIMESTAMP_HEADER: &str = "telnyx-timestamp";

/// Environment variable [`WebhookVerifier::from_env`] reads the public key from.
///
/// ```
/// assert_eq!(telnyx_sdk::webhooks::PUBLIC_KEY_ENV, "TELNYX_PUBLIC_KEY");
/// ```
pub const PUBLIC_KEY_ENV: &str = "TELNYX_PUBLIC_KEY";

/// How far, either way, a request's timestamp may be from the verifier's clock by default.
///
/// ```
/// assert_eq!(telnyx_sdk::webhooks::DEFAULT_TOLERANCE.as_secs(), 300);
/// ```
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);

/// Standard base64 alphabet; padding optional (Telnyx pads, copy-paste sometimes does not).
pub(crate) const BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_encode_padding(true)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Longest accepted `telnyx-timestamp`: `i64::MAX` has 19 digits.
const MAX_TIMESTAMP_DIGITS: usize = 19;

type ClockFn = dyn Fn() -> SystemTime + Send + Sync;

/// Verifies that webhook requests were signed by Telnyx, and decodes them into [`Event`]s.
///
/// Telnyx signs the bytes `"{telnyx-timestamp}|{raw body}"` with Ed25519 and sends the base64
/// signature in `telnyx-signature-ed25519`. The verifier checks, in this order: both headers
/// are present, the timestamp is Unix seconds, the signature is 64 bytes of base64, the
/// timestamp is within the tolerance ([`DEFAULT_TOLERANCE`], 300 s either way) of the clock,
/// and the signature is valid for the account's public key (`verify_strict`, which also
/// rejects non-canonical and small-order signatures).
///
/// Pass the body exactly as received: the signature covers its bytes, so a body that was
/// parsed and re-serialized (even by a faithful JSON library) no longer verifies.
///
/// Nothing secret takes part in verification (the key, the signature and the body are all
/// public), so there is no secret-dependent comparison that timing could reveal; the
/// elliptic-curve work is `ed25519-dalek`'s.
///
/// The verifier is cheap to clone (`Arc` inside for a custom clock) and `Send + Sync`.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use telnyx_sdk::webhooks::{Event, WebhookError, WebhookVerifier};
///
/// // The key Telnyx shows in the portal (a test key here), and a request as received.
/// let verifier = WebhookVerifier::new("GX9rI+FshTLGq8g4+s1ep4m+DHaykgM0A5v6iz02jWE=")?
///     // Only for this example: pretend it is the moment the request was signed.
///     .with_clock(|| UNIX_EPOCH + Duration::from_secs(1_700_000_000));
/// let body = br#"{"data":{"event_type":"conference.created","id":"7b3bd3a4-3b1c-4f44-9cf5-4a6e3c5b31a2","payload":{"conference_id":"c1"},"record_type":"event"}}"#;
/// let headers = [
///     ("telnyx-timestamp", "1700000000"),
///     ("telnyx-signature-ed25519", "NMp0nT+D2wi4I+WTwGP2lRvmFM/1933YF0D08bUp/rsEKvP5DVpSRDWW4jw71ZrkwYtG/NicZ6KwkBntwohsDQ=="),
/// ];
///
/// let event = verifier.unwrap(&headers, body)?;
/// assert_eq!(event.event_type(), "conference.created");
///
/// // One changed byte and it is rejected.
/// let tampered = body.to_vec().into_iter().map(|b| if b == b'1' { b'2' } else { b }).collect::<Vec<_>>();
/// assert!(matches!(verifier.verify(&headers, &tampered), Err(WebhookError::SignatureMismatch)));
/// # Ok::<(), WebhookError>(())
/// ```
#[derive(Clone)]
pub struct WebhookVerifier {
    key: VerifyingKey,
    tolerance: Duration,
    clock: Option<Arc<ClockFn>>,
}

impl fmt::Debug for WebhookVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookVerifier")
            .field("public_key", &BASE64.encode(self.key.as_bytes()))
            .field("tolerance", &self.tolerance)
            .field(
                "clock",
                &if self.clock.is_some() {
                    "custom"
                } else {
                    "system"
                },
            )
            .finish()
    }
}

impl WebhookVerifier {
    /// Builds a verifier from the account's public key, base64 of 32 bytes, as shown in the
    /// Telnyx portal (surrounding whitespace is ignored, padding is optional).
    ///
    /// # Errors
    ///
    /// [`WebhookError::InvalidPublicKey`] when the text is not base64, is not 32 bytes, or is
    /// not a strong Ed25519 public key.
    ///
    /// ```
    /// use telnyx_sdk::webhooks::WebhookVerifier;
    ///
    /// assert!(WebhookVerifier::new("GX9rI+FshTLGq8g4+s1ep4m+DHaykgM0A5v6iz02jWE=").is_ok());
    /// assert!(WebhookVerifier::new("not base64!").is_err());
    /// assert!(WebhookVerifier::new("c2hvcnQ=").is_err()); // 5 bytes
    /// ```
    pub fn new(public_key_base64: &str) -> Result<Self, WebhookError> {
        let text = public_key_base64.trim();
        // 32 bytes are 44 base64 characters; bound the work done on garbage.
        if text.len() > 64 {
            return Err(WebhookError::InvalidPublicKey {
                reason: "expected base64 of 32 bytes",
            });
        }
        let mut buf = [0u8; 48];
        let len =
            BASE64
                .decode_slice(text, &mut buf)
                .map_err(|_| WebhookError::InvalidPublicKey {
                    reason: "not valid base64",
                })?;
        let bytes: [u8; 32] = buf.get(..len).and_then(|b| b.try_into().ok()).ok_or(
            WebhookError::InvalidPublicKey {
                reason: "expected base64 of 32 bytes",
            },
        )?;
        Self::from_bytes(&bytes)
    }

    /// Builds a verifier from the raw 32 bytes of the public key.
    ///
    /// # Errors
    ///
    /// [`WebhookError::InvalidPublicKey`] when the bytes are not a point on the curve, or a
    /// small-order (weak) one.
    ///
    /// ```
    /// use telnyx_sdk::webhooks::WebhookVerifier;
    ///
    /// let key = [25, 127, 107, 35, 225, 108, 133, 50, 198, 171, 200, 56, 250, 205, 94, 167,
    ///            137, 190, 12, 118, 178, 146, 3, 52, 3, 155, 250, 139, 61, 54, 141, 97];
    /// assert!(WebhookVerifier::from_bytes(&key).is_ok());
    /// assert!(WebhookVerifier::from_bytes(&[0; 32]).is_err()); // small-order point
    /// ```
    pub fn from_bytes(public_key: &[u8; 32]) -> Result<Self, WebhookError> {
        let key =
            VerifyingKey::from_bytes(public_key).map_err(|_| WebhookError::InvalidPublicKey {
                reason: "not an Ed25519 public key",
            })?;
        if key.is_weak() {
            return Err(WebhookError::InvalidPublicKey {
                reason: "weak (small-order) Ed25519 public key",
            });
        }
        Ok(Self::from_verifying_key(key))
    }

    pub(crate) fn from_verifying_key(key: VerifyingKey) -> Self {
        Self {
            key,
            tolerance: DEFAULT_TOLERANCE,
            clock: None,
        }
    }

    /// Builds a verifier from the environment variable `TELNYX_PUBLIC_KEY`.
    ///
    /// # Errors
    ///
    /// [`WebhookError::MissingPublicKey`] when it is not set, and like [`new`](Self::new)
    /// when its value is not a valid key.
    ///
    /// ```no_run
    /// use telnyx_sdk::webhooks::WebhookVerifier;
    ///
    /// let verifier = WebhookVerifier::from_env()?;
    /// # Ok::<(), telnyx_sdk::webhooks::WebhookError>(())
    /// ```
    pub fn from_env() -> Result<Self, WebhookError> {
        match std::env::var(PUBLIC_KEY_ENV) {
            Ok(value) => Self::new(&value),
            Err(_) => Err(WebhookError::MissingPublicKey {
                var: PUBLIC_KEY_ENV,
            }),
        }
    }

    /// Sets how far, either way, a request's timestamp may be from the clock
    /// (whole seconds count; default [`DEFAULT_TOLERANCE`], 300 s).
    ///
    /// ```
    /// use std::time::Duration;
    /// use telnyx_sdk::webhooks::WebhookVerifier;
    ///
    /// let verifier = WebhookVerifier::new("GX9rI+FshTLGq8g4+s1ep4m+DHaykgM0A5v6iz02jWE=")?
    ///     .with_tolerance(Duration::from_secs(60));
    /// assert_eq!(verifier.tolerance(), Duration::from_secs(60));
    /// # Ok::<(), telnyx_sdk::webhooks::WebhookError>(())
    /// ```
    #[must_use]
    pub fn with_tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// The tolerance set by [`with_tolerance`](Self::with_tolerance).
    ///
    /// ```
    /// use telnyx_sdk::webhooks::{DEFAULT_TOLERANCE, WebhookVerifier};
    ///
    /// let verifier = WebhookVerifier::new("GX9rI+FshTLGq8g4+s1ep4m+DHaykgM0A5v6iz02jWE=")?;
    /// assert_eq!(verifier.tolerance(), DEFAULT_TOLERANCE);
    /// # Ok::<(), telnyx_sdk::webhooks::WebhookError>(())
    /// ```
    pub fn tolerance(&self) -> Duration {
        self.tolerance
    }

    /// Replaces the system clock (for tests, or a clock of your own).
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use telnyx_sdk::webhooks::WebhookVerifier;
    ///
    /// let verifier = WebhookVerifier::new("GX9rI+FshTLGq8g4+s1ep4m+DHaykgM0A5v6iz02jWE=")?
    ///     .with_clock(|| UNIX_EPOCH + Duration::from_secs(1_700_000_000));
    /// # Ok::<(), telnyx_sdk::webhooks::WebhookError>(())
    /// ```
    #[must_use]
    pub fn with_clock<F>(mut self, clock: F) -> Self
    where
        F: Fn() -> SystemTime + Send + Sync + 'static,
    {
        self.clock = Some(Arc::new(clock));
        self
    }

    /// Checks a request's signature and timestamp; `Ok(())` when Telnyx sent it.
    ///
    /// `headers` is anything [`WebhookHeaders`] accepts (`&http::HeaderMap`, a slice of
    /// pairs, ...); `body` is the raw body, byte for byte as received.
    ///
    /// # Errors
    ///
    /// One [`WebhookError`] variant per reason: a missing header, a malformed timestamp or
    /// signature, a timestamp outside the tolerance, or a signature that does not match.
    ///
    /// ```
    /// use telnyx_sdk::webhooks::{WebhookError, WebhookVerifier};
    ///
    /// let verifier = WebhookVerifier::new("GX9rI+FshTLGq8g4+s1ep4m+DHaykgM0A5v6iz02jWE=")?;
    /// let err = verifier.verify(&[("telnyx-timestamp", "1700000000")], b"{}").unwrap_err();
    /// assert!(matches!(err, WebhookError::MissingHeader { name: "telnyx-signature-ed25519" }));
    /// # Ok::<(), WebhookError>(())
    /// ```
    pub fn verify<H: WebhookHeaders>(&self, headers: H, body: &[u8]) -> Result<(), WebhookError> {
        let found = Found::collect(headers);
        let signature = found.signature.ok_or(WebhookError::MissingHeader {
            name: SIGNATURE_HEADER,
        })??;
        let timestamp = found.timestamp.ok_or(WebhookError::MissingHeader {
            name: TIMESTAMP_HEADER,
        })??;

        let now = unix_secs(self.clock.as_ref().map_or_else(SystemTime::now, |c| c()));
        let skew_secs = now.saturating_sub(timestamp.secs);
        let tolerance_secs = self.tolerance.as_secs();
        if skew_secs.unsigned_abs() > tolerance_secs {
            return Err(WebhookError::TimestampOutsideTolerance {
                skew_secs,
                tolerance_secs,
            });
        }

        let digits = timestamp.digits();
        let mut message = Vec::with_capacity(digits.len() + 1 + body.len());
        message.extend_from_slice(digits);
        message.push(b'|');
        message.extend_from_slice(body);
        self.key
            .verify_strict(&message, &signature)
            .map_err(|_| WebhookError::SignatureMismatch)
    }

    /// Verifies the request (as [`verify`](Self::verify) does), then decodes the body into an
    /// [`Event`].
    ///
    /// # Errors
    ///
    /// Those of [`verify`](Self::verify); then [`WebhookError::Payload`] for a verified body
    /// that is not a JSON object with an event type, or whose event type is known but whose
    /// fields have the wrong shape. An event type this SDK does not know yet is no error: it
    /// decodes to [`Event::Unknown`].
    ///
    /// ```
    /// use telnyx_sdk::webhooks::{WebhookError, WebhookVerifier};
    ///
    /// let verifier = WebhookVerifier::new("GX9rI+FshTLGq8g4+s1ep4m+DHaykgM0A5v6iz02jWE=")?;
    /// let headers = [("telnyx-timestamp", "1700000000"), ("telnyx-signature-ed25519", "")];
    /// assert!(verifier.unwrap(&headers, b"{}").is_err());
    /// # Ok::<(), WebhookError>(())
    /// ```
    pub fn unwrap<H: WebhookHeaders>(
        &self,
        headers: H,
        body: &[u8],
    ) -> Result<Event, WebhookError> {
        self.verify(headers, body)?;
        Event::from_slice(body)
    }
}

/// The two headers, each decoded as soon as it is seen (no copies of raw values kept).
#[derive(Default)]
struct Found {
    signature: Option<Result<Signature, WebhookError>>,
    timestamp: Option<Result<Timestamp, WebhookError>>,
}

impl Found {
    fn collect<H: WebhookHeaders>(headers: H) -> Self {
        let mut found = Found::default();
        headers.for_each_header(&mut |name, value| {
            if found.signature.is_none() && name.eq_ignore_ascii_case(SIGNATURE_HEADER) {
                found.signature = Some(decode_signature(value));
            } else if found.timestamp.is_none() && name.eq_ignore_ascii_case(TIMESTAMP_HEADER) {
                found.timestamp = Some(Timestamp::parse(value));
            }
        });
        found
    }
}

/// A parsed `telnyx-timestamp`, with the digits kept for the signed message.
struct Timestamp {
    secs: i64,
    digits: [u8; MAX_TIMESTAMP_DIGITS],
    len: usize,
}

impl Timestamp {
    fn parse(value: &[u8]) -> Result<Self, WebhookError> {
        let value = value.trim_ascii();
        if value.is_empty()
            || value.len() > MAX_TIMESTAMP_DIGITS
            || !value.iter().all(u8::is_ascii_digit)
        {
            return Err(WebhookError::InvalidTimestamp);
        }
        let mut secs: i64 = 0;
        for &d in value {
            secs = secs
                .checked_mul(10)
                .and_then(|s| s.checked_add(i64::from(d - b'0')))
                .ok_or(WebhookError::InvalidTimestamp)?;
        }
        let mut digits = [0u8; MAX_TIMESTAMP_DIGITS];
        digits
            .get_mut(..value.len())
            .ok_or(WebhookError::InvalidTimestamp)?
            .copy_from_slice(value);
        Ok(Self {
            secs,
            digits,
            len: value.len(),
        })
    }

    fn digits(&self) -> &[u8] {
        self.digits.get(..self.len).unwrap_or_default()
    }
}

fn decode_signature(value: &[u8]) -> Result<Signature, WebhookError> {
    let value = value.trim_ascii();
    // 64 bytes are 88 base64 characters; anything longer is the wrong length (or garbage).
    let mut buf = [0u8; 72];
    match BASE64.decode_slice(value, &mut buf) {
        Ok(64) => {
            let mut bytes = [0u8; 64];
            bytes.copy_from_slice(buf.get(..64).unwrap_or(&[0; 64]));
            Ok(Signature::from_bytes(&bytes))
        }
        Ok(len) => Err(WebhookError::InvalidSignatureLength { len }),
        Err(base64::DecodeSliceError::OutputSliceTooSmall) => {
            // Too long for a signature; decode once more only to tell how long (headers are
            // bounded by the HTTP server, so this allocation is too).
            match BASE64.decode(value) {
                Ok(bytes) => Err(WebhookError::InvalidSignatureLength { len: bytes.len() }),
                Err(_) => Err(WebhookError::InvalidSignatureEncoding),
            }
        }
        Err(base64::DecodeSliceError::DecodeError(_)) => {
            Err(WebhookError::InvalidSignatureEncoding)
        }
    }
}

/// Seconds since the Unix epoch, negative before it, saturating at the `i64` range.
fn unix_secs(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => i64::try_from(e.duration().as_secs()).map_or(i64::MIN, |s| -s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamp_parsing() {
        assert_eq!(
            Timestamp::parse(b"1700000000").map(|t| t.secs).ok(),
            Some(1_700_000_000)
        );
        assert_eq!(
            Timestamp::parse(b" 42 ").map(|t| t.digits().to_vec()).ok(),
            Some(b"42".to_vec())
        );
        assert_eq!(
            Timestamp::parse(b"9223372036854775807")
                .map(|t| t.secs)
                .ok(),
            Some(i64::MAX)
        );
        for bad in [
            &b""[..],
            b"-1",
            b"+1",
            b"1.5",
            b"1e9",
            b"9223372036854775808",
            b"12345678901234567890",
            b"abc",
        ] {
            assert!(
                matches!(Timestamp::parse(bad), Err(WebhookError::InvalidTimestamp)),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn unix_secs_saturates() {
        assert_eq!(unix_secs(UNIX_EPOCH), 0);
        assert_eq!(unix_secs(UNIX_EPOCH - Duration::from_secs(5)), -5);
        assert_eq!(unix_secs(UNIX_EPOCH + Duration::from_secs(5)), 5);
    }

    #[test]
    fn signature_lengths() {
        let sig = BASE64.encode([1u8; 64]);
        assert!(decode_signature(sig.as_bytes()).is_ok());
        assert!(decode_signature(sig.trim_end_matches('=').as_bytes()).is_ok());
        let long = BASE64.encode([1u8; 200]);
        assert!(matches!(
            decode_signature(long.as_bytes()),
            Err(WebhookError::InvalidSignatureLength { len: 200 })
        ));
        let short = BASE64.encode([1u8; 63]);
        assert!(matches!(
            decode_signature(short.as_bytes()),
            Err(WebhookError::InvalidSignatureLength { len: 63 })
        ));
        assert!(matches!(
            decode_signature(b"!!!"),
            Err(WebhookError::InvalidSignatureEncoding)
        ));
    }
}
