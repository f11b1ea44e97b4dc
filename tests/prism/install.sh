#!/bin/sh
# Installs the pinned Prism (package-lock.json) into tests/prism/node_modules.
# The contract tests run this step themselves when Prism is missing; use this script to
# install ahead of time (for example in a CI cache step).
set -eu
cd "$(dirname "$0")"
exec npm ci --no-audit --no-fund --loglevel=error
