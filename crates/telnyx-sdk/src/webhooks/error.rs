//! The one error type of webhook verification and decoding.

use std::fmt;

/// Why a webhook request was rejected, one variant per reason.
///
/// Every variant except [`WebhookError::Payload`] means the request must not be trusted:
/// answer it with `401 Unauthorized` (its [`Display`](fmt::Display) text is safe to send back;
/// it never echoes the request's headers or body). `Payload` means the signature was valid
/// but the body did not have the shape of a known event: `400 Bad Request`. With feature
/// `axum`, the extractor `VerifiedEvent` answers both for you.
///
/// ```
/// use telnyx_sdk::webhooks::{WebhookError, WebhookVerifier};
///
/// let verifier = WebhookVerifier::new("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
/// assert!(matches!(verifier, Err(WebhookError::InvalidPublicKey { .. })));
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum WebhookError {
    /// A required header is absent.
    MissingHeader {
        /// The header's name, in lower case (`telnyx-signature-ed25519` or `telnyx-timestamp`).
        name: &'static str,
    },
    /// `telnyx-timestamp` is not a whole number of seconds since the Unix epoch
    /// (only ASCII digits are accepted, at most `i64::MAX`).
    InvalidTimestamp,
    /// `telnyx-timestamp` is further from the verifier's clock than its tolerance allows:
    /// a replayed, delayed or pre-dated request.
    TimestampOutsideTolerance {
        /// Verifier's clock minus the timestamp, in seconds: positive when the request is
        /// older than now, negative when it claims to come from the future.
        skew_secs: i64,
        /// The tolerance that was exceeded, in seconds, either way.
        tolerance_secs: u64,
    },
    /// `telnyx-signature-ed25519` is not valid base64.
    InvalidSignatureEncoding,
    /// `telnyx-signature-ed25519` decodes to a number of bytes other than 64.
    InvalidSignatureLength {
        /// The number of bytes the header decoded to.
        len: usize,
    },
    /// The signature does not match the timestamp, the body and the public key: the body
    /// or the timestamp were altered, or the request was not signed by Telnyx with this key.
    SignatureMismatch,
    /// The public key the verifier was built from is not a usable Ed25519 public key.
    InvalidPublicKey {
        /// What is wrong with it (never the key itself).
        reason: &'static str,
    },
    /// No public key was given and the environment variable that should hold it is not set
    /// (or is not Unicode).
    MissingPublicKey {
        /// The environment variable that was read (`TELNYX_PUBLIC_KEY`).
        var: &'static str,
    },
    /// The body is authentic but is not JSON of the expected shape.
    Payload {
        /// Where in the body the problem is, as a serde path such as `data.payload.reason`
        /// (`.` when the problem is at the top level).
        path: String,
        /// The underlying decoding error.
        source: serde_json::Error,
    },
}

impl WebhookError {
    /// `true` when the request itself failed authentication (every variant except
    /// [`Payload`](WebhookError::Payload) and the public key errors, which are
    /// configuration problems).
    ///
    /// ```
    /// use telnyx_sdk::webhooks::WebhookError;
    ///
    /// assert!(WebhookError::SignatureMismatch.is_authentication_failure());
    /// assert!(!WebhookError::InvalidPublicKey { reason: "bad" }.is_authentication_failure());
    /// ```
    pub fn is_authentication_failure(&self) -> bool {
        matches!(
            self,
            WebhookError::MissingHeader { .. }
                | WebhookError::InvalidTimestamp
                | WebhookError::TimestampOutsideTolerance { .. }
                | WebhookError::InvalidSignatureEncoding
                | WebhookError::InvalidSignatureLength { .. }
                | WebhookError::SignatureMismatch
        )
    }
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::MissingHeader { name } => write!(f, "missing header `{name}`"),
            WebhookError::InvalidTimestamp => {
                f.write_str("invalid `telnyx-timestamp` header: expected unix seconds")
            }
            WebhookError::TimestampOutsideTolerance {
                skew_secs,
                tolerance_secs,
            } => {
                if *skew_secs >= 0 {
                    write!(
                        f,
                        "webhook timestamp is {skew_secs} s old, more than the {tolerance_secs} s tolerance"
                    )
                } else {
                    write!(
                        f,
                        "webhook timestamp is {} s in the future, more than the {tolerance_secs} s tolerance",
                        skew_secs.unsigned_abs()
                    )
                }
            }
            WebhookError::InvalidSignatureEncoding => {
                f.write_str("invalid `telnyx-signature-ed25519` header: not base64")
            }
            WebhookError::InvalidSignatureLength { len } => write!(
                f,
                "invalid `telnyx-signature-ed25519` header: {len} bytes, expected 64"
            ),
            WebhookError::SignatureMismatch => f.write_str("webhook signature does not match"),
            WebhookError::InvalidPublicKey { reason } => {
                write!(f, "invalid Telnyx public key: {reason}")
            }
            WebhookError::MissingPublicKey { var } => {
                write!(
                    f,
                    "no Telnyx public key: environment variable `{var}` is not set"
                )
            }
            WebhookError::Payload { path, source } => {
                write!(f, "invalid webhook payload at `{path}`: {source}")
            }
        }
    }
}

impl std::error::Error for WebhookError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WebhookError::Payload { source, .. } => Some(source),
            _ => None,
        }
    }
}
