#!/usr/bin/env bash
# Runs every test of every module (what CI runs), then a short run of the main job through the same exec:exec path
# as scripts/main-job.sh, so a class path that only the tests see cannot hide a broken main job.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
mvn -B -Dstyle.color=never install
mvn -B -q -Dstyle.color=never -pl examples exec:exec \
  -Dkiln.jvmArgs="-Dkiln.epochs=1 -Dkiln.trainLimit=3000 -Dkiln.testLimit=500"
