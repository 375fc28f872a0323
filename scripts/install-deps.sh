#!/usr/bin/env bash
# Installs the Debian packages Kiln needs when they are absent: Fashion-MNIST (the reference data set) and
# ONNX's node test data (the backend conformance tests).
# Safe to run repeatedly; does nothing when everything is present.
set -euo pipefail
need=()
[ -d /usr/share/datasets/fashion-mnist ] || need+=(dataset-fashion-mnist)
[ -d /usr/share/libonnx-testdata/data/node ] || need+=(libonnx-testdata)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${need[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
