"""Sarathi-Serve's stall-free batch former over an ordering, exactly as spec/BATCHING.md section 5 defines it.

An ordering offers waiting requests one at a time (spec/BATCHING.md section 3):

    class MyOrdering:
        def begin_pass(self, view):        # called once per schedule call, even in an iteration that preempted
            return a pass with next() -> Request or None, and admitted(request, hit, tokens)
        def witness(self): return {}       # optional; on_arrival(request, now_us), on_step_end(result) optional

StallFree(ordering, engine) is then a scheduler for schedproof_port.run: decodes first (preempting from the tail of
running when one lacks a block), running prefills chunked to the budget left, admissions in the ordering's order
with a head-of-line stop and none in an iteration that preempted; its witness adds "blocked" to the ordering's.
"""

from schedproof_port import Batch

# TokenBudget.MAX_TOKENS: the reference caps the budget at 2^30
MAX_TOKENS = 1 << 30

__all__ = ["MAX_TOKENS", "InOrder", "StallFree"]


class InOrder:
    """A pass over a fixed order that ignores admissions (Ordering.inOrder): FCFS's, or any precomputed order."""

    def __init__(self, order):
        self._it = iter(order)

    def next(self):
        return next(self._it, None)

    def admitted(self, request, hit, tokens):
        pass


class StallFree:
    def __init__(self, ordering, engine):
        self.ordering = ordering
        self.block_size = engine.block_size
        self.budget = min(engine.token_budget, MAX_TOKENS)
        self.max_running = engine.max_running
        self.watermark = engine.watermark_blocks
        self.blocked = None
        # the ordering's hooks become the scheduler's: without on_step_end the library need not decode any result
        for hook in ("on_arrival", "on_step_end"):
            if hasattr(ordering, hook):
                setattr(self, hook, getattr(ordering, hook))

    def witness(self):
        hook = getattr(self.ordering, "witness", None)
        w = dict(hook()) if hook is not None else {}
        if self.blocked is not None:
            w["blocked"] = self.blocked
        return w

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
        # 1. every running decode, one token each, never refused for budget
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
        # 2. running prefills, chunked to the budget left and the KV that fits
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
        # 3. admissions in the ordering's order, head-of-line stop, none in an iteration that preempted
        running_count = len(run_) - len(preempted)
        headroom = avail - reserved
        pass_ = self.ordering.begin_pass(v)
        self.blocked = None
        while not preempted:
            w = pass_.next()
            if w is None:
                break
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
            pass_.admitted(w, hit, c)
            self.blocked = None
            used += c
            running_count += 1
        return Batch(slices=slices, preempt=preempted)


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
