#!/usr/bin/env bash
# A webhook receiver that enables only `webhooks` must compile no HTTP client and no runtime.
# Fails when reqwest, hyper or tokio are in the normal dependency tree of
# `telnyx-sdk --no-default-features --features webhooks` (and of `webhooks,test-util`).
set -euo pipefail
cd "$(dirname "$0")/../../.."

status=0
for features in webhooks webhooks,test-util; do
    tree=$(cargo tree -p telnyx-sdk --no-default-features --features "$features" -e normal --prefix none)
    for forbidden in reqwest tokio hyper; do
        if grep -Eq "^${forbidden} v" <<<"$tree"; then
            echo "FAIL: --features $features pulls in ${forbidden}:" >&2
            cargo tree -p telnyx-sdk --no-default-features --features "$features" -e normal -i "$forbidden" >&2 || true
            status=1
        fi
    done
done
if [ "$status" -eq 0 ]; then
    echo "ok: telnyx-sdk with only webhooks has no reqwest, hyper or tokio"
fi
exit "$status"
