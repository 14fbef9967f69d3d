//! TLS to PostgreSQL, with libpq's `sslmode` and `sslrootcert` in the URL:
//!
//! | `sslmode` | TLS | the server's certificate |
//! | --- | --- | --- |
//! | `disable` | never | — |
//! | `prefer` (default) | when the server offers it | not checked |
//! | `require` | always | not checked; with `sslrootcert`, as `verify-ca` (as libpq) |
//! | `verify-ca` | always | signed by `sslrootcert` |
//! | `verify-full` | always | signed by `sslrootcert`, and issued for the host connected to |
//!
//! `sslrootcert` is a PEM file of CA certificates, or `system` for the well-known public CAs.
//! tokio-postgres knows only the first three modes and no `sslrootcert`: they are taken out of
//! the URL here and enforced by the rustls configuration.

use std::sync::Arc;

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, Error, RootCertStore, SignatureScheme};
use tokio_postgres_rustls::MakeRustlsConnect;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

/// The URL without lhs's TLS options, and the connector that enforces them.
pub struct Tls {
    pub url: String,
    pub connector: MakeRustlsConnect,
}

/// Splits `sslmode` and `sslrootcert` out of a `postgres://` URL and builds the connector
/// (reading the CA file now, so a wrong path is an error at start-up).
pub fn from_url(url: &str) -> Result<Tls, String> {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, q),
        None => (url, ""),
    };
    let mut mode = None;
    let mut root = None;
    let mut kept = form_urlencoded::Serializer::new(String::new());
    for (k, v) in form_urlencoded::parse(query.as_bytes()) {
        match k.as_ref() {
            "sslmode" => {
                mode = Some(match v.as_ref() {
                    "disable" => Mode::Disable,
                    "prefer" => Mode::Prefer,
                    "require" => Mode::Require,
                    "verify-ca" => Mode::VerifyCa,
                    "verify-full" => Mode::VerifyFull,
                    other => {
                        return Err(format!(
                            "sslmode={other}: use disable, prefer, require, verify-ca or verify-full"
                        ));
                    }
                });
            }
            "sslrootcert" => root = Some(v.into_owned()),
            _ => {
                kept.append_pair(&k, &v);
            }
        }
    }
    let mut mode = mode.unwrap_or(Mode::Prefer);
    if mode == Mode::Require && root.is_some() {
        mode = Mode::VerifyCa;
    }
    let check = match (mode, root.as_deref()) {
        (Mode::VerifyCa | Mode::VerifyFull, None) => {
            return Err(
                "sslmode=verify-ca and verify-full need sslrootcert=FILE (the PEM of the CA that signed the server's certificate) or sslrootcert=system"
                    .into(),
            );
        }
        (Mode::VerifyCa | Mode::VerifyFull, Some(file)) => Some(
            WebPkiServerVerifier::builder_with_provider(Arc::new(roots(file)?), provider())
                .build()
                .map_err(|e| format!("sslrootcert={file}: {e}"))?,
        ),
        _ => None,
    };
    let verifier = Arc::new(Verifier {
        provider: provider(),
        check,
        names: mode == Mode::VerifyFull,
    });
    let config = rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS: {e}"))?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    // What tokio-postgres understands: TLS never, when offered, or always.
    let wire = match mode {
        Mode::Disable => "disable",
        Mode::Prefer => "prefer",
        Mode::Require | Mode::VerifyCa | Mode::VerifyFull => "require",
    };
    kept.append_pair("sslmode", wire);
    Ok(Tls {
        url: format!("{base}?{}", kept.finish()),
        connector: MakeRustlsConnect::new(config),
    })
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The CA certificates of `sslrootcert`.
fn roots(file: &str) -> Result<RootCertStore, String> {
    let mut store = RootCertStore::empty();
    if file == "system" {
        store.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        return Ok(store);
    }
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(file)
        .and_then(Iterator::collect)
        .map_err(|e| format!("sslrootcert={file}: cannot read PEM certificates: {e}"))?;
    let (added, _) = store.add_parsable_certificates(certs);
    if added == 0 {
        return Err(format!("sslrootcert={file}: no CA certificate in it"));
    }
    Ok(store)
}

/// How the server's certificate is checked. Without `check` (`prefer`, `require` without a
/// CA, as libpq) the traffic is encrypted but the certificate is not checked; with it
/// (`verify-ca`, `verify-full`) the chain must lead to `sslrootcert`, and for `verify-full`
/// the name must match too. The handshake's signatures are always checked.
#[derive(Debug)]
struct Verifier {
    provider: Arc<CryptoProvider>,
    check: Option<Arc<WebPkiServerVerifier>>,
    names: bool,
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        let Some(check) = &self.check else {
            return Ok(ServerCertVerified::assertion());
        };
        match check.verify_server_cert(end_entity, intermediates, server_name, ocsp, now) {
            Err(Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) if !self.names => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }
    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_leave_the_url_for_tokio_postgres() {
        let t = from_url("postgres://u@h/db?application_name=x&sslmode=require").unwrap();
        assert_eq!(
            t.url,
            "postgres://u@h/db?application_name=x&sslmode=require"
        );
        let t = from_url("postgres://u@h/db").unwrap();
        assert_eq!(t.url, "postgres://u@h/db?sslmode=prefer");
        let t = from_url("postgres://u@h/db?sslmode=verify-full&sslrootcert=system").unwrap();
        assert_eq!(t.url, "postgres://u@h/db?sslmode=require");
        for bad in [
            "postgres://u@h/db?sslmode=verify-full",
            "postgres://u@h/db?sslmode=allow-all",
            "postgres://u@h/db?sslmode=verify-ca&sslrootcert=/nonexistent.pem",
        ] {
            assert!(from_url(bad).is_err(), "{bad}");
        }
    }
}
