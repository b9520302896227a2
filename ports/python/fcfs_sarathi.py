#!/usr/bin/env python3
"""FCFS under Sarathi-Serve stall-free batching (policy fcfs/sarathi), as a schedproof port.

It reproduces the reference exactly (reference-engine engine/batching/StallFree.java over policy/Fcfs.java, with
BatchFormer's preemption and admission rules and the kernels' TokenBudget), so it is certifiable at L3: every
running decode first (preempting from the tail of running when a decode lacks a block), then ongoing prefills
chunked to the budget left and the blocks free, then waiting requests in arrival order with a head-of-line stop,
each admitted only when its whole sequence fits above the watermark, and none in an iteration that preempted. The
witness names the request the admission pass stopped at ("blocked"), as the reference's does.

Usage: schedproof certify --port -- python3 ports/python/fcfs_sarathi.py
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from schedproof_port import Batch, Refuse, run  # noqa: E402

POLICY = "fcfs/sarathi"
PARAMETERS = {"batching": "sarathi", "ordering": "fcfs"}
# TokenBudget.MAX_TOKENS: the reference caps the budget at 2^30
MAX_TOKENS = 1 << 30


class FcfsSarathi:
    name = "schedproof fcfs/sarathi (python) 1"

    def __init__(self, hello):
        if hello.policy != POLICY:
            raise Refuse("this port implements %s only, not %s" % (POLICY, hello.policy))
        if hello.parameters != PARAMETERS:
            raise Refuse("this port implements %s with parameters %s only, not %s"
                         % (POLICY, PARAMETERS, hello.parameters))
        e = hello.engine
        self.block_size = e.block_size
        self.budget = min(e.token_budget, MAX_TOKENS)
        self.max_running = e.max_running
        self.watermark = e.watermark_blocks
        self.blocked = None

    def schedule(self, v):
        bs = self.block_size
        budget = self.budget
        used = 0
        run_ = v.running
        gone = [False] * len(run_)
        preempted = []
        slices = []
        avail = v.free_blocks + v.evictable_blocks
        reserved = 0
        for r in run_:
            if not r.is_decode:
                reserved += -(-r.sequence_length // bs) - r.blocks_held
        # every running decode, one token each, never refused for budget
        for i, r in enumerate(run_):
            if gone[i] or not r.is_decode:
                continue
            need = -(-(r.computed + 1) // bs) - r.blocks_held
            if avail - reserved < need:
                before = len(preempted)
                gained = _preempt_from_tail(run_, gone, i, need - (avail - reserved), preempted)
                for k in range(before, len(preempted)):
                    reserved -= _reservation_of(run_, preempted[k], bs)
                if gained < 0:
                    continue
                avail += gained
            slices.append((r.id, r.computed, 1))
            used += 1
            avail -= need
        # ongoing prefills, chunked to the budget left and the KV that fits
        for i, r in enumerate(run_):
            if gone[i] or r.is_decode:
                continue
            fits = (r.blocks_held + max(0, avail)) * bs - r.computed
            c = _chunk(budget, used, r.pending)
            if fits < c:
                c = 0 if fits <= 0 else fits
            if c == 0:
                continue
            blocks = -(-(r.computed + c) // bs) - r.blocks_held
            avail -= blocks
            reserved -= blocks
            slices.append((r.id, r.computed, c))
            used += c
        # waiting requests in arrival order, head-of-line stop, none in an iteration that preempted
        running_count = len(run_) - len(preempted)
        headroom = avail - reserved
        self.blocked = None
        if not preempted:
            for w in v.waiting:
                self.blocked = w.id
                if running_count >= self.max_running:
                    break
                hit = w.cached
                c = _chunk(budget, used, w.sequence_length - hit)
                if c == 0:
                    break
                take = -(-w.sequence_length // bs) - hit // bs + w.cached_evictable
                if headroom - take < self.watermark:
                    break
                headroom -= take
                slices.append((w.id, hit, c))
                used += c
                running_count += 1
                self.blocked = None
        return Batch(slices=slices, preempt=preempted)

    def witness(self):
        return {} if self.blocked is None else {"blocked": self.blocked}


def _chunk(budget, used, pending):
    """TokenBudget.chunk: the longest chunk the budget left allows, 0 for none."""
    if used >= budget:
        return 0
    left = budget - used
    return pending if pending < left else left


def _preempt_from_tail(run_, gone, index, shortfall, preempted):
    """BatchFormer.preemptFromTail: blocks gained, or -1 when the request at index itself was preempted."""
    gained = 0
    j = len(run_) - 1
    while gained < shortfall:
        while j > index and gone[j]:
            j -= 1
        gone[j] = True
        preempted.append(run_[j].id)
        if j == index:
            return -1
        gained += run_[j].releasable
        j -= 1
    return gained


def _reservation_of(run_, rid, bs):
    for r in run_:
        if r.id == rid:
            return 0 if r.is_decode else -(-r.sequence_length // bs) - r.blocks_held
    return 0


if __name__ == "__main__":
    raise SystemExit(run(FcfsSarathi))
