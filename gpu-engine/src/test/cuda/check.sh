#!/usr/bin/env bash
# Checks model.cu's kernels on the CPU (emu.h) against the golden vectors of the reference model; needs g++ (C++20)
# and python3, no GPU. Run from anywhere: gpu-engine/src/test/cuda/check.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
golden="$here/../../../../reference-engine/src/test/resources/golden/model-tiny-seed1.json"
bin="$(mktemp -d)/check_model"
g++ -std=c++20 -O2 -pthread -Wno-unused-function "$here/check_model.cpp" -o "$bin"
python3 - "$bin" "$golden" <<'PY'
import json, subprocess, sys
bin, golden = sys.argv[1], json.load(open(sys.argv[2]))
bad = 0
for c in golden["cases"]:
    out = json.loads(subprocess.run([bin, str(c["seed"])] + [str(t) for t in c["prompt"]], check=True,
                                    capture_output=True, text=True).stdout)
    ok = all(out[k] == c[k] for k in ("logitsHead", "logitsSum", "logitsWeightedSum", "continuation"))
    ok = ok and out["chunked"] == c["continuation"]
    bad += not ok
    print(("ok  " if ok else "BAD ") + f"seed {c['seed']} prompt of {len(c['prompt'])}" + ("" if ok else f": {out}"))
sys.exit(1 if bad else 0)
PY
