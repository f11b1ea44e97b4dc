#!/usr/bin/env bash
# Each TLS feature must bring only its own backend into an app's build. Fails when the normal
# dependency tree of `telnyx-sdk --no-default-features --features video,<backend>` holds a
# crate of another backend: aws-lc (C, about 30 s of a cold build) must stay out of
# `rustls-ring` and `native-tls`, OpenSSL out of the rustls ones, and no TLS at all in `video`
# alone. This also catches a domain crate or telnyx-sdk-core asking reqwest for TLS itself.
set -euo pipefail
cd "$(dirname "$0")/../../.."

status=0
check() {
    local features=$1
    shift
    local tree
    tree=$(cargo tree -p telnyx-sdk --no-default-features --features "$features" -e normal --prefix none)
    for forbidden in "$@"; do
        if grep -Eq "^${forbidden} v" <<<"$tree"; then
            echo "FAIL: --features $features pulls in ${forbidden}:" >&2
            cargo tree -p telnyx-sdk --no-default-features --features "$features" -e normal -i "$forbidden" >&2 || true
            status=1
        fi
    done
}
check video,rustls-ring aws-lc-rs aws-lc-sys openssl-sys native-tls
check video,native-tls aws-lc-rs aws-lc-sys ring rustls
check video,rustls openssl-sys native-tls ring
check video aws-lc-sys ring rustls openssl-sys native-tls
if [ "$status" -eq 0 ]; then
    echo "ok: each TLS feature (rustls, rustls-ring, native-tls) pulls in only its own backend"
fi
exit "$status"
