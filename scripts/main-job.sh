#!/usr/bin/env bash
# The main job: installs what is missing, builds Kiln, and runs the Keras guide's MLP on Fashion-MNIST
# (train 2 epochs with validation, evaluate on the test set, predict 3 samples).
# Extra arguments go to the JVM as system properties, e.g. -Dkiln.epochs=5 -Dkiln.backend=java.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
mvn -B -q -Dstyle.color=never -DskipTests install
mvn -B -q -Dstyle.color=never -pl examples exec:exec -Dkiln.jvmArgs="$*"
