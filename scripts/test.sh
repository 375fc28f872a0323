#!/usr/bin/env bash
# Runs every test of every module (what CI runs).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
mvn -B -Dstyle.color=never verify
