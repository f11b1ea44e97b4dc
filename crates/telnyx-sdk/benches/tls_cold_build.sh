#!/usr/bin/env bash
# Cold build time of a one-file, video-only app per TLS backend (BENCHMARKS.md, "TLS backends").
#
#   bash crates/telnyx-sdk/benches/tls_cold_build.sh [backend ...]   # default: all three
#
# For each backend: a scratch app depending on this checkout's facade by path with
# `default-features = false, features = ["video", <backend>]` (and tokio for `main`), the
# workspace's Cargo.lock copied in so versions match, then `cargo build` (dev profile) in a
# fresh target dir, which is deleted right after. The builds run one after another; the load
# average before each is printed, since other work on the machine slows a cold build.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
backends=("$@")
if [ "${#backends[@]}" -eq 0 ]; then backends=(rustls rustls-ring native-tls); fi

echo "$(cargo --version); $(nproc) cores"
for backend in "${backends[@]}"; do
    app="$scratch/app-$backend"
    mkdir -p "$app/src"
    cat >"$app/Cargo.toml" <<TOML
[package]
name = "tls-cold-build"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
telnyx-sdk = { path = "$root/crates/telnyx-sdk", default-features = false, features = ["video", "$backend"] }
tokio = { version = "1", features = ["rt", "macros"] }

[workspace]
TOML
    cat >"$app/src/main.rs" <<'RUST'
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), telnyx_sdk::Error> {
    let client = telnyx_sdk::Client::from_env()?;
    let first_page = client.rooms().list().page_size(5).send().await?;
    drop(first_page);
    println!("ok");
    Ok(())
}
RUST
    cp "$root/Cargo.lock" "$app/Cargo.lock"
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    # wall time, and the CPU time (user + system) of cargo and everything it ran: the CPU
    # time moves much less than the wall time when other builds share the cores
    TIMEFORMAT='%R %U %S'
    times=$( { time CARGO_TARGET_DIR="$app/target" CARGO_INCREMENTAL=0 \
        cargo build --quiet --manifest-path "$app/Cargo.toml" >&2; } 2>&1 | tail -n 1)
    read -r wall user sys <<<"$times"
    aws=$(cargo tree --manifest-path "$app/Cargo.toml" -e normal --prefix none 2>/dev/null | grep -c '^aws-lc-sys ' || true)
    rm -rf "$app/target"
    printf '%-12s wall %6.1f s   cpu %6.1f s   aws-lc-sys: %s   load average before (1/5/15 min): %s\n' \
        "$backend" "$wall" "$(awk "BEGIN { print $user + $sys }")" \
        "$([ "$aws" -gt 0 ] && echo yes || echo no)" "$load"
done
