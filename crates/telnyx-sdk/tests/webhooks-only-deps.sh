#!/usr/bin/env bash
# A webhook receiver that enables only `webhooks` (with or without the `axum` extractor), or
# a media-stream handler that enables only `media-stream`, must compile no HTTP client and
# no runtime. Fails when reqwest, hyper or tokio are in the normal dependency tree of
# `telnyx-sdk --no-default-features --features F` for each F below.
set -euo pipefail
cd "$(dirname "$0")/../../.."

status=0
for features in webhooks webhooks,test-util webhooks,axum media-stream media-stream,webhooks,axum; do
    tree=$(cargo tree -p telnyx-sdk --no-default-features --features "$features" -e normal --prefix none)
    for forbidden in reqwest tokio hyper; do
        if grep -Eq "^${forbidden} v" <<<"$tree"; then
            echo "FAIL: --features $features pulls in ${forbidden}:" >&2
            cargo tree -p telnyx-sdk --no-default-features --features "$features" -e normal -i "$forbidden" >&2 || true
            status=1
        fi
    done
    # and no WebSocket library: the media-stream frames work with whichever the user has
    if grep -Eq "^(tungstenite|tokio-tungstenite) v" <<<"$tree"; then
        echo "FAIL: --features $features pulls in a WebSocket library" >&2
        status=1
    fi
done
if [ "$status" -eq 0 ]; then
    echo "ok: telnyx-sdk with only webhooks (+axum) or media-stream has no reqwest, hyper, tokio or WebSocket library"
fi
exit "$status"
