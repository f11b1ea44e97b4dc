//! TLS for the SDK's own HTTP client: which backend ([`TlsBackend`]) and which extra root
//! certificates ([`Certificate`]) it trusts.
//!
//! Three cargo features each compile one backend: `rustls` (rustls with aws-lc-rs, the
//! default), `rustls-ring` (rustls with ring) and `native-tls` (the platform's library).
//! Several can be on at once, since features from different crates in one build add up; the
//! client then uses [`TlsBackend::default_backend`] unless
//! [`ClientBuilder::tls_backend`](crate::ClientBuilder::tls_backend) names another one.

use std::fmt;

use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;

use crate::{ClientBuilder, Error};

/// A TLS implementation the SDK's HTTP client can use; one variant per TLS feature that is on.
///
/// When more than one TLS feature is on and the builder does not choose, the client uses the
/// first of `NativeTls`, `RustlsRing`, `Rustls` that is compiled in (see
/// [`default_backend`](Self::default_backend)). `rustls` is among the default features, so
/// another backend that is on was most likely asked for on purpose; reqwest, too, prefers
/// native-tls over rustls when it has both.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TlsBackend {
    /// rustls with the aws-lc-rs crypto provider (feature `rustls`), set up by reqwest. If
    /// the process installed a default rustls crypto provider, reqwest uses that one instead.
    #[cfg(feature = "rustls")]
    #[cfg_attr(docsrs, doc(cfg(feature = "rustls")))]
    Rustls,
    /// rustls with the ring crypto provider (feature `rustls-ring`). The SDK builds the rustls
    /// configuration with ring itself, so no process-wide default provider is involved. It
    /// verifies servers with `rustls-platform-verifier` (the system's roots), as reqwest's
    /// own rustls set-up does.
    #[cfg(feature = "rustls-ring")]
    #[cfg_attr(docsrs, doc(cfg(feature = "rustls-ring")))]
    RustlsRing,
    /// The platform's TLS library through `native-tls` (feature `native-tls`): OpenSSL on
    /// Linux, Secure Transport on macOS, SChannel on Windows.
    #[cfg(feature = "native-tls")]
    #[cfg_attr(docsrs, doc(cfg(feature = "native-tls")))]
    NativeTls,
}

impl TlsBackend {
    /// Every backend compiled into this build, in the order of preference used when the
    /// builder does not choose.
    pub const AVAILABLE: &'static [TlsBackend] = &[
        #[cfg(feature = "native-tls")]
        TlsBackend::NativeTls,
        #[cfg(feature = "rustls-ring")]
        TlsBackend::RustlsRing,
        #[cfg(feature = "rustls")]
        TlsBackend::Rustls,
    ];

    /// The backend a client uses when [`ClientBuilder::tls_backend`] is not called: the first
    /// of [`AVAILABLE`](Self::AVAILABLE).
    pub fn default_backend() -> TlsBackend {
        #[cfg(feature = "native-tls")]
        return TlsBackend::NativeTls;
        #[cfg(all(feature = "rustls-ring", not(feature = "native-tls")))]
        return TlsBackend::RustlsRing;
        #[cfg(all(
            feature = "rustls",
            not(feature = "rustls-ring"),
            not(feature = "native-tls")
        ))]
        return TlsBackend::Rustls;
    }

    /// The name of the cargo feature that compiles this backend.
    pub fn feature(self) -> &'static str {
        match self {
            #[cfg(feature = "rustls")]
            TlsBackend::Rustls => "rustls",
            #[cfg(feature = "rustls-ring")]
            TlsBackend::RustlsRing => "rustls-ring",
            #[cfg(feature = "native-tls")]
            TlsBackend::NativeTls => "native-tls",
        }
    }
}

impl fmt::Display for TlsBackend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.feature())
    }
}

/// A root certificate for the SDK's client to trust in addition to the system's, e.g. the
/// certificate authority of a TLS-inspecting corporate proxy, or of a test server.
///
/// Given to [`ClientBuilder::add_root_certificate`]; every TLS backend accepts it.
#[derive(Clone, PartialEq, Eq)]
pub struct Certificate {
    der: CertificateDer<'static>,
}

impl Certificate {
    /// A certificate in DER form. The bytes are checked when the client is built.
    pub fn from_der(der: impl Into<Vec<u8>>) -> Certificate {
        Certificate {
            der: CertificateDer::from(der.into()),
        }
    }

    /// The first certificate of a PEM text (`-----BEGIN CERTIFICATE-----` ...).
    ///
    /// Fails with [`Error::Configuration`] when the text holds no certificate.
    pub fn from_pem(pem: &[u8]) -> Result<Certificate, Error> {
        Self::from_pem_bundle(pem)?
            .into_iter()
            .next()
            .ok_or_else(|| Error::Configuration("no certificate in the PEM text".to_owned()))
    }

    /// Every certificate of a PEM text, e.g. a CA bundle file.
    ///
    /// Fails with [`Error::Configuration`] when a PEM section is malformed or there is no
    /// certificate at all.
    pub fn from_pem_bundle(pem: &[u8]) -> Result<Vec<Certificate>, Error> {
        let certs = CertificateDer::pem_slice_iter(pem)
            .map(|cert| cert.map(|der| Certificate { der }))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| Error::Configuration(format!("invalid PEM certificate: {e}")))?;
        if certs.is_empty() {
            return Err(Error::Configuration(
                "no certificate in the PEM text".to_owned(),
            ));
        }
        Ok(certs)
    }

    /// The certificate in DER form.
    pub fn as_der(&self) -> &[u8] {
        self.der.as_ref()
    }
}

impl fmt::Debug for Certificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Certificate")
            .field("der_len", &self.der.len())
            .finish()
    }
}

/// The TLS settings of a [`ClientBuilder`].
#[derive(Clone, Debug, Default)]
pub(crate) struct TlsOptions {
    pub(crate) backend: Option<TlsBackend>,
    pub(crate) roots: Vec<Certificate>,
}

impl TlsOptions {
    /// Whether anything was set (which a caller's own `reqwest::Client` would ignore).
    pub(crate) fn is_set(&self) -> bool {
        self.backend.is_some() || !self.roots.is_empty()
    }

    /// The backend the client will use.
    pub(crate) fn backend(&self) -> TlsBackend {
        self.backend.unwrap_or_else(TlsBackend::default_backend)
    }

    /// Sets the chosen backend and the extra roots on reqwest's builder. The backend is always
    /// named explicitly, so reqwest never falls back to a provider of its own choosing.
    pub(crate) fn apply(
        &self,
        builder: reqwest::ClientBuilder,
    ) -> Result<reqwest::ClientBuilder, Error> {
        match self.backend() {
            #[cfg(feature = "rustls")]
            TlsBackend::Rustls => Ok(builder
                .tls_backend_rustls()
                .tls_certs_merge(self.reqwest_roots()?)),
            #[cfg(feature = "rustls-ring")]
            TlsBackend::RustlsRing => Ok(builder.tls_backend_preconfigured(self.ring_config()?)),
            #[cfg(feature = "native-tls")]
            TlsBackend::NativeTls => Ok(builder
                .tls_backend_native()
                .tls_certs_merge(self.reqwest_roots()?)),
        }
    }

    #[cfg(any(feature = "rustls", feature = "native-tls"))]
    fn reqwest_roots(&self) -> Result<Vec<reqwest::Certificate>, Error> {
        self.roots
            .iter()
            .enumerate()
            .map(|(i, cert)| {
                reqwest::Certificate::from_der(cert.as_der()).map_err(|e| {
                    Error::Configuration(format!("invalid root certificate #{}: {e}", i + 1))
                })
            })
            .collect()
    }

    /// A rustls configuration on the ring provider, verifying servers against the system's
    /// roots plus the extra ones, as reqwest's own rustls set-up does with its provider.
    #[cfg(feature = "rustls-ring")]
    fn ring_config(&self) -> Result<rustls::ClientConfig, Error> {
        use std::sync::Arc;

        let tls_error = |what: &str, e: rustls::Error| {
            Error::Configuration(format!("cannot set up TLS (rustls-ring): {what}: {e}"))
        };
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let verifier = if self.roots.is_empty() {
            rustls_platform_verifier::Verifier::new(provider.clone())
        } else {
            #[cfg(not(target_os = "android"))]
            {
                rustls_platform_verifier::Verifier::new_with_extra_roots(
                    self.roots.iter().map(|c| c.der.clone()),
                    provider.clone(),
                )
            }
            #[cfg(target_os = "android")]
            {
                return Err(Error::Configuration(
                    "extra root certificates are not supported on Android with rustls-ring"
                        .to_owned(),
                ));
            }
        }
        .map_err(|e| tls_error("certificate verifier", e))?;
        let mut config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| tls_error("protocol versions", e))?
            .dangerous() // rustls' name for "a verifier of your choice": here the platform's
            .with_custom_certificate_verifier(Arc::new(verifier))
            .with_no_client_auth();
        // HTTP/2 only with the `http2` feature (reqwest speaks HTTP/1.1 alone without it)
        config.alpn_protocols = if cfg!(feature = "http2") {
            vec![b"h2".to_vec(), b"http/1.1".to_vec()]
        } else {
            vec![b"http/1.1".to_vec()]
        };
        Ok(config)
    }
}

impl ClientBuilder {
    /// The TLS implementation of the SDK's HTTP client, among those whose feature is on
    /// (default: [`TlsBackend::default_backend`]).
    ///
    /// ```
    /// # #[cfg(feature = "rustls")] {
    /// let client = telnyx_sdk::Client::builder()
    ///     .api_key("KEY_EXAMPLE")
    ///     .tls_backend(telnyx_sdk::TlsBackend::Rustls)
    ///     .build()?;
    /// assert_eq!(client.tls_backend(), Some(telnyx_sdk::TlsBackend::Rustls));
    /// # }
    /// # Ok::<(), telnyx_sdk::Error>(())
    /// ```
    ///
    /// With [`http_client`](Self::http_client) the SDK does not build a client, and
    /// [`build`](Self::build) fails with [`Error::Configuration`] if this was set too.
    pub fn tls_backend(mut self, backend: TlsBackend) -> Self {
        self.tls.backend = Some(backend);
        self
    }

    /// Trusts `cert` as a root certificate, in addition to the system's: the certificate
    /// authority of a TLS-inspecting proxy, or of a test server. Call once per certificate.
    ///
    /// ```no_run
    /// # fn demo() -> Result<(), telnyx_sdk::Error> {
    /// let pem = std::fs::read("corporate-ca.pem")
    ///     .map_err(|e| telnyx_sdk::Error::Configuration(e.to_string()))?;
    /// let client = telnyx_sdk::Client::builder()
    ///     .api_key("KEY_EXAMPLE")
    ///     .add_root_certificate(telnyx_sdk::Certificate::from_pem(&pem)?)
    ///     .build()?;
    /// # let _ = client;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// A certificate that does not parse fails [`build`](Self::build) with
    /// [`Error::Configuration`], as does combining this with
    /// [`http_client`](Self::http_client) (set it on your own client instead).
    pub fn add_root_certificate(mut self, cert: Certificate) -> Self {
        self.tls.roots.push(cert);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_backend_is_the_first_available() {
        assert_eq!(
            TlsBackend::AVAILABLE.first(),
            Some(&TlsBackend::default_backend())
        );
    }

    #[test]
    fn every_available_backend_builds_a_client() {
        for &backend in TlsBackend::AVAILABLE {
            let client = crate::Client::builder()
                .api_key("k")
                .tls_backend(backend)
                .build()
                .unwrap_or_else(|e| panic!("{backend}: {e}"));
            assert_eq!(client.tls_backend(), Some(backend));
        }
    }

    /// The ring configuration is the SDK's own: it offers HTTP/2 by ALPN only when reqwest
    /// can speak it (feature `http2`, on in `cargo test --workspace`).
    #[cfg(feature = "rustls-ring")]
    #[test]
    fn ring_config_offers_h2_with_http2_only() {
        let config = TlsOptions::default().ring_config().expect("config");
        let mut expected = vec![b"http/1.1".to_vec()];
        if cfg!(feature = "http2") {
            expected.insert(0, b"h2".to_vec());
        }
        assert_eq!(config.alpn_protocols, expected);
    }

    #[test]
    fn pem_without_certificate_is_a_configuration_error() {
        let err = Certificate::from_pem(b"not a certificate").expect_err("no PEM");
        assert!(matches!(err, Error::Configuration(_)), "{err:?}");
    }

    #[test]
    fn malformed_der_fails_build_not_panics() {
        let result = crate::Client::builder()
            .api_key("k")
            .add_root_certificate(Certificate::from_der(vec![1, 2, 3]))
            .build();
        assert!(matches!(result, Err(Error::Configuration(_))), "{result:?}");
    }

    /// A `reqwest::Client` built the way a caller would (through the SDK here: with only
    /// `rustls-ring`, `reqwest::Client::new()` has no crypto provider and panics).
    fn own_http_client() -> reqwest::Client {
        crate::Client::builder()
            .api_key("k")
            .build()
            .expect("client")
            .http_client()
            .clone()
    }

    #[test]
    fn tls_settings_with_own_http_client_are_refused() {
        let result = crate::Client::builder()
            .api_key("k")
            .tls_backend(TlsBackend::default_backend())
            .http_client(own_http_client())
            .build();
        assert!(matches!(result, Err(Error::Configuration(_))), "{result:?}");
        let result = crate::Client::builder()
            .api_key("k")
            .add_root_certificate(Certificate::from_der(vec![1, 2, 3]))
            .http_client(own_http_client())
            .build();
        assert!(matches!(result, Err(Error::Configuration(_))), "{result:?}");
    }
}
