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

# Hygiene (issue 26): an app's build holds one `base64`, and `tracing` without its
# `attributes` feature (`tracing-attributes`, and with it a second major version of `syn`);
# the production-transport features add nothing unless they are on.
hygiene() {
    local args=("$@")
    local tree
    tree=$(cargo tree -p telnyx-sdk "${args[@]}" -e normal --prefix none)
    local versions
    versions=$(grep -E '^base64 v' <<<"$tree" | sort -u | wc -l)
    if [ "$versions" -gt 1 ]; then
        echo "FAIL: ${args[*]}: $versions versions of base64:" >&2
        grep -E '^base64 v' <<<"$tree" | sort -u >&2
        status=1
    fi
    if grep -Eq '^tracing-attributes v' <<<"$tree"; then
        echo "FAIL: ${args[*]}: tracing-attributes (tracing's default features):" >&2
        cargo tree -p telnyx-sdk "${args[@]}" -e normal -i tracing-attributes >&2 || true
        status=1
    fi
}
hygiene
hygiene --no-default-features --features video,rustls-ring
hygiene --no-default-features --features video,rustls,middleware,gzip,brotli,zstd,http2,otel,metrics
default_tree=$(cargo tree -p telnyx-sdk -e normal --prefix none)
for optional in reqwest-middleware opentelemetry tracing-opentelemetry metrics async-compression h2; do
    if grep -Eq "^${optional} v" <<<"$default_tree"; then
        echo "FAIL: the default features pull in ${optional} (a production-transport feature's):" >&2
        cargo tree -p telnyx-sdk -e normal -i "$optional" >&2 || true
        status=1
    fi
done
if [ "$status" -eq 0 ]; then
    echo "ok: one base64, tracing without tracing-attributes, no transport extras by default"
fi
exit "$status"
