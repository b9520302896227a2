#!/usr/bin/env python3
"""Independent port of the exact-integer model, written from spec/MODEL.md alone (standard library only).

Usage:
  exact_model.py golden                                    # the golden file of MODEL.md section 9, as JSON
  exact_model.py logits   --shape tiny --seed 1 --tokens 1,2,3 [--head 16]
  exact_model.py generate --shape tiny --seed 1 --tokens 1,2,3 --steps 8
"""
import argparse
import json
import math
import sys
from operator import mul

MODEL_VERSION = 1
TOKEN_SPACE = 1 << 15
MASK64 = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15

# MODEL.md section 2: name -> (V, d, L, H, F)
SHAPES = {
    "tiny": (512, 64, 2, 4, 128),
    "small": (4096, 256, 4, 8, 768),
    "llama7b": (32000, 4096, 32, 32, 11008),
}

# MODEL.md section 4: EXP2[i] = round(2^15 * 2^(-i/32)), copied from the spec
EXP2 = [
    32768, 32066, 31379, 30706, 30048, 29405, 28774, 28158, 27554, 26964, 26386, 25821, 25268, 24726, 24196, 23678,
    23170, 22674, 22188, 21713, 21247, 20792, 20347, 19911, 19484, 19066, 18658, 18258, 17867, 17484, 17109, 16743,
]


# ---- 3.1 generator -------------------------------------------------------------------------------------------

def mix64(z):
    z &= MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return z ^ (z >> 31)


def key(seed, t):
    return mix64(mix64(seed & MASK64) + (t + 1) * GAMMA)


def weight_with_key(k, i):
    return (mix64(k + (i + 1) * GAMMA) >> 58) - 32


def weight(seed, t, i):
    return weight_with_key(key(seed, t), i)


def matrix(seed, t, rows, cols):
    """Row-major [rows][cols] as a list of row lists."""
    k = key(seed, t)
    flat = [(mix64(k + (i + 1) * GAMMA) >> 58) - 32 for i in range(rows * cols)]
    return [flat[r * cols:(r + 1) * cols] for r in range(rows)]


# ---- 4. integer operations -----------------------------------------------------------------------------------

def sat8(x):
    return -128 if x < -128 else 127 if x > 127 else x


def sat16(x):
    return -32768 if x < -32768 else 32767 if x > 32767 else x


def rshift_round(x, s):
    return (x + (1 << (s - 1))) >> s


def div_round(a, b):
    return (2 * a + b) // (2 * b)


def requant_multiplier(n):
    return (1 << 20) // math.isqrt(n)


def matvec_requant(w, x, n):
    m = requant_multiplier(n)
    return [sat8(rshift_round(sum(map(mul, row, x)) * m, 24)) for row in w]


def rmsnorm(x):
    n = len(x)
    ss = sum(v * v for v in x)
    d = math.isqrt((ss << 16) // n)
    if d == 0:
        return [0] * n
    return [sat8(div_round(v * 8192, d)) for v in x]


def reglu(g, u):
    return sat8(rshift_round(max(g, 0) * u, 5))


def softmax_weights(scores, hd):
    a = (1 << 20) // math.isqrt(hd)
    m = max(scores)
    w = []
    for s in scores:
        z = ((m - s) * a) >> 24
        w.append(0 if z >= 512 else EXP2[z % 32] >> (z // 32))
    return w, sum(w)


# ---- 5. forward pass -----------------------------------------------------------------------------------------

class Model:
    def __init__(self, shape, seed):
        self.shape = shape
        self.seed = seed
        V, d, L, H, F = SHAPES[shape]
        self.V, self.d, self.L, self.H, self.F, self.hd = V, d, L, H, F, d // H
        self.E = matrix(seed, 0, V, d)
        self.pos_key = key(seed, 1)
        self.Wout = matrix(seed, 2, V, d)
        self.layers = []
        for l in range(L):
            b = 16 + 8 * l
            self.layers.append(dict(
                q=matrix(seed, b + 0, d, d), k=matrix(seed, b + 1, d, d), v=matrix(seed, b + 2, d, d),
                o=matrix(seed, b + 3, d, d), g=matrix(seed, b + 4, F, d), u=matrix(seed, b + 5, F, d),
                dn=matrix(seed, b + 6, d, F)))

    def new_cache(self):
        """K[l] and V[l]: lists indexed by position of int8 lists of d."""
        return {"K": [[] for _ in range(self.L)], "V": [[] for _ in range(self.L)]}

    def position(self, tok, p, cache):
        d, hd = self.d, self.hd
        row = self.E[tok % self.V]
        h = [row[j] + weight_with_key(self.pos_key, p * d + j) for j in range(d)]
        for l, W in enumerate(self.layers):
            a = rmsnorm(h)
            q = matvec_requant(W["q"], a, d)
            k = matvec_requant(W["k"], a, d)
            v = matvec_requant(W["v"], a, d)
            Kl, Vl = cache["K"][l], cache["V"][l]
            assert len(Kl) == p, "positions must be computed in order"
            Kl.append(k)
            Vl.append(v)
            o = [0] * d
            for head in range(self.H):
                lo, hi = head * hd, (head + 1) * hd
                qh = q[lo:hi]
                scores = [sum(map(mul, qh, Kl[t][lo:hi])) for t in range(p + 1)]
                w, S = softmax_weights(scores, hd)
                for j in range(lo, hi):
                    o[j] = div_round(sum(w[t] * Vl[t][j] for t in range(p + 1) if w[t]), S)
            y = matvec_requant(W["o"], o, d)
            h = [sat16(h[r] + y[r]) for r in range(d)]
            a = rmsnorm(h)
            g = matvec_requant(W["g"], a, d)
            u = matvec_requant(W["u"], a, d)
            m = [reglu(g[r], u[r]) for r in range(self.F)]
            y = matvec_requant(W["dn"], m, self.F)
            h = [sat16(h[r] + y[r]) for r in range(d)]
        return h

    def logits(self, h):
        f = rmsnorm(h)
        return [sum(map(mul, row, f)) for row in self.Wout]

    def forward(self, tokens, start, cache):
        """Positions [start, start + len(tokens)); returns the last position's logits."""
        for t in tokens:
            if not 0 <= t < TOKEN_SPACE:
                raise ValueError("token %d outside [0, %d)" % (t, TOKEN_SPACE))
        h = None
        for i, t in enumerate(tokens):
            h = self.position(t, start + i, cache)
        return self.logits(h)


def argmax(logits):
    best = 0
    for i in range(1, len(logits)):
        if logits[i] > logits[best]:
            best = i
    return best


def run(model, prompt, steps):
    """Logits of the prompt's last position and the greedy continuation of `steps` tokens."""
    cache = model.new_cache()
    logits = model.forward(prompt, 0, cache)
    first = logits
    out = []
    for s in range(steps):
        t = argmax(logits)
        out.append(t)
        if s + 1 < steps:
            logits = model.forward([t], len(prompt) + s, cache)
    return first, out


# ---- golden file (MODEL.md section 9) ------------------------------------------------------------------------

GOLDEN_PROMPTS = [
    (1, [0]),
    (1, [1, 2, 3, 4, 5, 6, 7, 8]),
    (1, [32767, 512, 1024, 513, 100, 7000, 0, 511, 31000, 1]),  # ids >= vocab exercise `id mod V`
    (1, [(i * 7919 + 13) % TOKEN_SPACE for i in range(48)]),
    (1, [(i * 40503 + 7) % TOKEN_SPACE for i in range(300)]),  # attention over more than 256 positions
    (2, [1, 2, 3, 4, 5, 6, 7, 8]),
]
WEIGHT_SAMPLES = [  # (seed, tensor, first index): 8 consecutive values each
    (1, 0, 0), (1, 1, 0), (1, 2, 0), (1, 16, 0), (1, 22, 0), (1, 30, 8191),
    (1, 1, 100000 * 64), (2, 0, 0), (-1, 0, 0), (0x7FFFFFFFFFFFFFFF, 1, 1 << 40),
]


def golden():
    models = {}
    cases = []
    for seed, prompt in GOLDEN_PROMPTS:
        model = models.setdefault(seed, Model("tiny", seed))
        logits, cont = run(model, prompt, 8)
        cases.append({
            "shape": "tiny", "seed": seed, "prompt": prompt,
            "logitsHead": logits[:16],
            "logitsSum": sum(logits),
            "logitsWeightedSum": sum((v + 1) * x for v, x in enumerate(logits)),
            "continuation": cont,
        })
    weights = [{"seed": s, "tensor": t, "index": i, "values": [weight(s, t, i + j) for j in range(8)]}
               for s, t, i in WEIGHT_SAMPLES]
    return {
        "modelVersion": MODEL_VERSION,
        "producedBy": "python3 spec/ports/python/exact_model.py golden (independent port of spec/MODEL.md)",
        "mix64_1": "0x%016X" % mix64(1),
        "weights": weights,
        "cases": cases,
    }


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("golden")
    for name in ("logits", "generate"):
        p = sub.add_parser(name)
        p.add_argument("--shape", default="tiny", choices=sorted(SHAPES))
        p.add_argument("--seed", type=int, default=1)
        p.add_argument("--tokens", required=True, help="comma-separated token ids")
        p.add_argument("--head", type=int, default=16, help="logits: how many to print (0 = all)")
        p.add_argument("--steps", type=int, default=8, help="generate: continuation length")
    args = ap.parse_args(argv)
    if args.cmd == "golden":
        json.dump(golden(), sys.stdout, indent=1)
        sys.stdout.write("\n")
        return
    tokens = [int(t) for t in args.tokens.split(",") if t.strip()]
    model = Model(args.shape, args.seed)
    if args.cmd == "logits":
        logits = model.forward(tokens, 0, model.new_cache())
        shown = logits if args.head == 0 else logits[:args.head]
        print(json.dumps({"logits": shown, "argmax": argmax(logits), "logitsSum": sum(logits)}))
    else:
        logits, cont = run(model, tokens, args.steps)
        print(json.dumps({"continuation": cont}))


if __name__ == "__main__":
    main(sys.argv[1:])
