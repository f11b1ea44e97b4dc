#!/bin/sh
# Starts Prism by hand on 127.0.0.1:${PORT:-4010}, serving Telnyx's published document
# from ../shared/reference (relative to the workspace root). Base URL: no /v2 suffix.
# Invalid requests are answered with 422 and the reasons in the `sl-violations` header.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
spec="${SPEC:-$here/../../../shared/reference/telnyx-openapi-2026-07.yml}"
[ -f "$spec" ] || { echo "spec not found: $spec (set SPEC=...)" >&2; exit 1; }
[ -x "$here/node_modules/.bin/prism" ] || "$here/install.sh"
exec "$here/node_modules/.bin/prism" mock "$spec" -p "${PORT:-4010}" -h 127.0.0.1
