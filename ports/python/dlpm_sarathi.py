#!/usr/bin/env python3
"""DLPM under Sarathi-Serve stall-free batching (policy dlpm/sarathi), as a schedproof port.

Written from the specs: spec/FAIRNESS.md section 3 (the LPM order with its in-batch de-duplication, the deficits,
the gate, refills, charges, the witness), spec/WORKLOAD.md section 2 (the prompt block chain hashes the
de-duplication compares) and spec/BATCHING.md section 5 (the former, in stall_free.py). It reproduces the reference
Schedulers.create("dlpm", "sarathi", params) exactly, witness included, for every parameter value the reference
accepts, and refuses any other policy, parameter or value with the reason.

Usage: schedproof certify --port -- python3 ports/python/dlpm_sarathi.py
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from schedproof_port import Refuse, run  # noqa: E402
from stall_free import StallFree  # noqa: E402

POLICY = "dlpm/sarathi"
LIMIT = 1 << 60  # DeficitLedger.LIMIT: the largest quantum, charge or deficit magnitude
MASK = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15
OFF = -1  # inbatch-check or inbatch-min: no in-batch de-duplication


# ---- parameters: every key the reference writes, each value as the reference reads it ----

# key -> (kind, lower, upper) for integers, or the allowed words
OPTIONS = {
    "inbatch-check": (-1, 1 << 20),
    "inbatch-min": (-1, 1 << 20),
    "quantum": (1, LIMIT),
    "charge": ("uncached", "full-prompt"),
    "on-return": ("keep", "reset", "drop-credit"),
    "input-price": (0, 1000),
    "output-price": (0, 1000),
}
FIXED = {"batching": "sarathi", "ordering": "dlpm"}
_JAVA_LONG = re.compile(r"[+-]?\d+")
_JAVA_TRIM = "".join(chr(c) for c in range(0x21))


def parse_parameters(policy, parameters):
    """The options as a dict of ints and words, or Refuse naming what this port cannot run."""
    if policy != POLICY:
        raise Refuse("this port implements %s only, not %s" % (POLICY, policy))
    want = set(OPTIONS) | set(FIXED)
    if set(parameters) != want:
        missing = sorted(want - set(parameters))
        extra = sorted(set(parameters) - want)
        raise Refuse("%s takes exactly the parameters %s; missing %s, unknown %s"
                     % (POLICY, sorted(want), missing, extra))
    for k, v in FIXED.items():
        if parameters[k] != v:
            raise Refuse("parameter %s=%s: this port is %s=%s only" % (k, parameters[k], k, v))
    out = {}
    for k, spec in OPTIONS.items():
        v = parameters[k]
        if isinstance(spec[0], str):
            if v not in spec:
                raise Refuse("parameter %s=%s: expected one of %s" % (k, v, list(spec)))
            out[k] = v
            continue
        # PolicyOptions.longValue: Java's Long.parseLong(value.trim()) within [lower, upper]
        t = v.strip(_JAVA_TRIM)
        if not _JAVA_LONG.fullmatch(t):
            raise Refuse("parameter %s=%s: expected an integer" % (k, v))
        x = int(t)
        if not spec[0] <= x <= spec[1]:
            raise Refuse("parameter %s=%s: must be in [%d, %d]" % (k, v, spec[0], spec[1]))
        out[k] = x
    return out


# ---- prompt block chain hashes (spec/WORKLOAD.md section 2) ----

def mix64(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def block_chain(prompt, block_size, blocks):
    """Chain hashes of the first `blocks` full blocks of a prompt given as [[key, end], ...] (Prompt.blockChain)."""
    out = []
    h = 0x5CEDF00D
    seg = 0
    for b in range(blocks):
        pos = b * block_size
        end = pos + block_size
        while pos < end:
            while prompt[seg][1] <= pos:
                seg += 1
            seg_start = prompt[seg - 1][1] if seg > 0 else 0
            run_end = min(end, prompt[seg][1])
            h = mix64(h ^ mix64((prompt[seg][0] + GOLDEN * (pos - seg_start + 1)) & MASK))
            h = mix64((h + (run_end - pos)) & MASK)
            pos = run_end
        out.append(h)
    return out


# ---- the LPM order (FAIRNESS.md 3.1) ----

class Lpm:
    def __init__(self, check, min_, block_size):
        self.check = check
        self.min = min_
        self.block_size = block_size
        self.enabled = check != OFF and min_ != OFF
        self.depth = -(-(check + min_) // block_size) if self.enabled else 0
        self.chains = {}  # request id -> its first full prompt blocks' chain hashes, up to depth

    def forget(self, rid):
        self.chains.pop(rid, None)

    def order(self, waiting):
        """waiting (arrival order) in LPM order: deprioritized last, cached prefix descending, then arrival."""
        late = self._deprioritized(waiting) if self.enabled else None
        keys = []
        for i, w in enumerate(waiting):
            keys.append((late is not None and late[i], -w.cached, i))
        keys.sort()
        return [waiting[k[2]] for k in keys]

    def _deprioritized(self, waiting):
        bs = self.block_size
        late = [False] * len(waiting)
        table = set()
        for i, w in enumerate(waiting):
            if w.cached > self.check:
                continue
            chain = self.chains.get(w.id)
            if chain is None:
                chain = block_chain(w.prompt, bs, min(self.depth, w.prompt_length // bs))
                self.chains[w.id] = chain
            need = -(-(w.cached + self.min) // bs)
            if 1 <= need <= len(chain) and chain[need - 1] in table:
                late[i] = True
            else:
                table.update(chain)
        return late


# ---- DLPM (FAIRNESS.md 3.2 to 3.5) ----

class Dlpm:
    def __init__(self, o, block_size):
        self.lpm = Lpm(o["inbatch-check"], o["inbatch-min"], block_size)
        self.quantum = o["quantum"]
        self.full_prompt = o["charge"] == "full-prompt"
        self.on_return = o["on-return"]
        self.input_price = o["input-price"]
        self.output_price = o["output-price"]
        self.names = []      # clients in the order first seen
        self.index = {}      # client -> index into names and deficits
        self.deficits = []
        self.refills = 0
        self.live = {}       # request id -> Request, until it finishes
        self.admitted_now = set()
        self.was_backlogged = set()

    def client(self, name):
        i = self.index.get(name)
        if i is None:
            i = self.index[name] = len(self.names)
            self.names.append(name)
            self.deficits.append(0)
        return i

    def on_arrival(self, request, now_us):
        self.client(request.client)
        self.live[request.id] = request

    def begin_pass(self, view):
        order = self.lpm.order(view.waiting)
        clients = [self.index[r.client] for r in order]
        backlogged = set(clients)
        # 3.3 step 1: the returning-client rule
        for c in backlogged - self.was_backlogged:
            if self.on_return == "reset" or (self.on_return == "drop-credit" and self.deficits[c] > 0):
                self.deficits[c] = 0
        self.was_backlogged = backlogged
        self.admitted_now.clear()
        # 3.3 step 2: the prompt work the running requests have committed
        committed = [0] * len(self.names)
        for r in view.running:
            committed[self.index[r.client]] += self.input_price * max(0, r.prompt_length - r.computed)
        return _DlpmPass(self, order, clients, backlogged, committed)

    def on_step_end(self, result):
        if not result.rejected:
            for rid, start, length in result.ran:
                r = self.live[rid]
                p = r.prompt_length
                positions = max(0, min(p, start + length) - start)
                if self.full_prompt and rid in self.admitted_now:
                    positions += min(start, p)
                self._charge(self.index[r.client], self.input_price * positions)
            for rid in result.emitted:
                self._charge(self.index[self.live[rid].client], self.output_price)
            for rid in result.finished:
                self.live.pop(rid)
                self.lpm.forget(rid)
        self.admitted_now.clear()

    def _charge(self, c, amount):
        if amount > LIMIT or self.deficits[c] - amount < -LIMIT:
            raise ValueError("deficit of client '%s' (%d) cannot be charged %d: it would leave [-2^60, quantum]"
                             % (self.names[c], self.deficits[c], amount))
        self.deficits[c] -= amount

    def witness(self):
        w = {"dlpm.q." + n: self.deficits[i] for i, n in enumerate(self.names)}
        w["dlpm.refills"] = self.refills
        return w


class _DlpmPass:
    """3.3 steps 3 and 4: the LPM order gated by deficits, refilling when every backlogged client is exhausted."""

    def __init__(self, dlpm, order, clients, backlogged, committed):
        self.dlpm = dlpm
        self.order = order
        self.clients = clients
        self.backlogged = backlogged
        self.committed = committed
        self.offered = [False] * len(order)
        self.remaining = len(order)
        self.cursor = 0
        self.last = -1

    def next(self):
        d = self.dlpm.deficits
        while True:
            # a gate only closes during a walk (commitments grow), so the cursor never needs to go back
            while self.cursor < len(self.order):
                i = self.cursor
                self.cursor += 1
                c = self.clients[i]
                if not self.offered[i] and d[c] - self.committed[c] > 0:
                    self.offered[i] = True
                    self.remaining -= 1
                    self.last = i
                    return self.order[i]
            if self.remaining == 0 or any(d[c] > 0 for c in self.backlogged):
                return None
            # refill: the least number of rounds that makes some backlogged deficit positive, to all at once
            q = self.dlpm.quantum
            n = min(-d[c] // q + 1 for c in self.backlogged)
            for c in self.backlogged:
                d[c] += n * q
            self.dlpm.refills += n
            self.cursor = 0

    def admitted(self, request, hit, tokens):
        if self.last < 0 or self.order[self.last] is not request:
            raise ValueError("admitted request %d is not the one last offered" % request.id)
        p = request.prompt_length
        self.committed[self.clients[self.last]] += self.dlpm.input_price * (p if self.dlpm.full_prompt
                                                                            else max(0, p - hit))
        self.dlpm.admitted_now.add(request.id)


class DlpmSarathi(StallFree):
    name = "schedproof dlpm/sarathi (python) 1"

    def __init__(self, hello):
        options = parse_parameters(hello.policy, hello.parameters)
        super().__init__(Dlpm(options, hello.engine.block_size), hello.engine)


if __name__ == "__main__":
    raise SystemExit(run(DlpmSarathi))
