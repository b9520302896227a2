#!/usr/bin/env bash
# Compiles every kernel source here to PTX in the resources the engine loads, and records the SHA-256 of the sources
# beside it (PtxUpToDateTest compares). compute_75 PTX is JIT-compiled by the driver for any GPU from Turing on.
# Usage: build-ptx.sh [NVCC]   (run by the nvcc-ptx Maven profile; commit the outputs)
set -euo pipefail
nvcc="${1:-nvcc}"
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../resources/org/schedproof/gpu/cuda"
mkdir -p "$out"
cd "$here"
for cu in *.cu; do
  "$nvcc" -ptx -arch=compute_75 "$cu" -o "$out/${cu%.cu}.ptx"
done
LC_ALL=C sha256sum $(LC_ALL=C ls *.cu) > "$out/sources.sha256"
