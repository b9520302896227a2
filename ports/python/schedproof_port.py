"""A port library for schedproof's online protocol, schedproof.port/1 (spec/PORT.md), standard library only.

A port is a scheduler in its own process: the schedproof harness runs the engine and asks the port for one batch
per iteration over JSON lines on stdin/stdout. This module does the protocol: the handshake, the mirror of the
engine's waiting, running and offloaded lists rebuilt from each step's changes (PORT.md section 4), and the replies.
You write the scheduler:

    from schedproof_port import Batch, Refuse, run

    class MyScheduler:
        name = "my-scheduler 1.0"              # optional: the name written in the certificate

        def __init__(self, hello):             # hello.policy, hello.parameters, hello.engine, ...
            if hello.policy != "fcfs/sarathi":
                raise Refuse("only fcfs/sarathi")

        def on_arrival(self, request, now_us): # optional
            pass

        def schedule(self, view):              # view.waiting / .running / .offloaded: lists of Request
            return Batch(slices=[(r.id, r.computed, 1) for r in view.running if r.is_decode])

        def on_step_end(self, result):         # optional: what the engine did (StepResult)
            pass

        def witness(self):                     # optional: policy state written in the trace's step line
            return {}

    if __name__ == "__main__":
        raise SystemExit(run(MyScheduler))

Write logs to stderr only; stdout carries protocol lines. Python 3.9 or later.
"""

import json
import json.encoder
import json.scanner
import sys
import traceback
from bisect import bisect_left
from operator import itemgetter

PROTOCOL = "schedproof.port/1"

__all__ = ["PROTOCOL", "Batch", "Engine", "Hello", "Refuse", "Request", "StepResult", "View", "run"]


class Refuse(Exception):
    """Raised by a scheduler factory: the port cannot run this policy, parameter set or engine (PORT.md section 2)."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class Engine:
    """The engine's fixed parameters, from the hello (the trace header's engine object, TRACE.md section 3.1)."""

    __slots__ = ("num_blocks", "block_size", "token_budget", "max_running", "watermark_blocks", "prefix_caching",
                 "max_stalled_steps", "host_blocks", "raw")

    def __init__(self, raw):
        self.raw = raw
        self.num_blocks = raw["numBlocks"]
        self.block_size = raw["blockSize"]
        self.token_budget = raw["tokenBudget"]
        self.max_running = raw["maxRunning"]
        self.watermark_blocks = raw["watermarkBlocks"]
        self.prefix_caching = raw["prefixCaching"]
        self.max_stalled_steps = raw["maxStalledSteps"]
        self.host_blocks = raw.get("host", {}).get("blocks", 0)

    def blocks_for(self, tokens):
        """Blocks needed to hold `tokens` positions: ceil(tokens / block_size)."""
        return -(-tokens // self.block_size)


class Hello:
    """The hello message: policy, parameters (str -> str), engine (Engine), workload (address), requests (count)."""

    __slots__ = ("protocol", "policy", "parameters", "engine", "workload", "requests")

    def __init__(self, msg):
        self.protocol = msg["protocol"]
        self.policy = msg["policy"]
        self.parameters = msg["parameters"]
        self.engine = Engine(msg["engine"])
        self.workload = msg["workload"]
        self.requests = msg["requests"]


class Request:
    """One live request as the engine last reported it (RequestView plus what EngineView says of it).

    queue is "waiting", "running" or "offloaded" (None between its arrival and the next step). cached and
    cached_evictable are non-zero only while waiting, releasable only while running (PORT.md section 4). The derived
    values (sequence_length, pending, is_decode) are plain attributes the mirror keeps current, so reading them in a
    scheduler's inner loop costs no more than reading computed.
    """

    __slots__ = ("id", "client", "arrival_us", "prompt", "prompt_length", "max_new_tokens", "queue", "computed",
                 "generated", "blocks_held", "preemptions", "cached", "cached_evictable", "releasable", "key",
                 "sequence_length", "pending", "is_decode")

    #: set from the hello's engine before the first request exists
    block_size = 1

    def __init__(self, msg):
        self.id = msg["id"]
        self.client = msg["client"]
        self.arrival_us = msg["arrivalUs"]
        self.prompt = msg["prompt"]
        self.prompt_length = self.prompt[-1][1]
        self.max_new_tokens = msg["maxNewTokens"]
        self.queue = None
        self.computed = 0
        self.generated = 0
        self.blocks_held = 0
        self.preemptions = 0
        self.cached = 0
        self.cached_evictable = 0
        self.releasable = 0
        self.key = (self.arrival_us, self.id)
        #: prompt plus generated tokens
        self.sequence_length = self.prompt_length
        #: positions still to compute before the next token is emitted
        self.pending = self.prompt_length
        #: it has generated and only the newest token lacks KV
        self.is_decode = False

    def blocks_for(self, tokens):
        """Blocks needed to hold `tokens` positions of this engine."""
        return -(-tokens // Request.block_size)

    def __repr__(self):
        return ("Request(id=%d, queue=%s, computed=%d, generated=%d, prompt=%d, max_new=%d)"
                % (self.id, self.queue, self.computed, self.generated, self.prompt_length, self.max_new_tokens))


class View:
    """The engine state of one step (EngineView). The lists are the library's own: read them, never change them.

    waiting is ordered by (arrival_us, id); running in the order requests entered it; offloaded in offload order.
    """

    __slots__ = ("index", "now_us", "free_blocks", "evictable_blocks", "host_free_blocks", "waiting", "running",
                 "offloaded", "engine")

    def __init__(self, engine):
        self.engine = engine
        self.index = 0
        self.now_us = 0
        self.free_blocks = 0
        self.evictable_blocks = 0
        self.host_free_blocks = 0
        self.waiting = []
        self.running = []
        self.offloaded = []

    def blocks_for(self, tokens):
        return -(-tokens // self.engine.block_size)


class Batch:
    """A decision (PORT.md section 5): slices are (request_id, start, length); preempt, offload, prefetch are ids."""

    __slots__ = ("slices", "preempt", "offload", "prefetch")

    def __init__(self, slices=(), preempt=(), offload=(), prefetch=()):
        self.slices = slices
        self.preempt = preempt
        self.offload = offload
        self.prefetch = prefetch

    def __eq__(self, other):
        return (isinstance(other, Batch) and list(self.slices) == list(other.slices)
                and list(self.preempt) == list(other.preempt) and list(self.offload) == list(other.offload)
                and list(self.prefetch) == list(other.prefetch))

    def __repr__(self):
        return "Batch(slices=%r, preempt=%r, offload=%r, prefetch=%r)" % (
            list(self.slices), list(self.preempt), list(self.offload), list(self.prefetch))


class StepResult:
    """What the engine did with a step (the result message): slices that ran, ids preempted, emitted, finished."""

    __slots__ = ("index", "start_us", "duration_us", "rejected", "ran", "preempted", "emitted", "finished",
                 "violations")

    def __init__(self, msg):
        self.index = msg["index"]
        self.start_us = msg["startUs"]
        self.duration_us = msg["durationUs"]
        self.rejected = msg["rejected"]
        self.ran = msg["ran"]
        self.preempted = msg["preempted"]
        self.emitted = msg["emitted"]
        self.finished = msg["finished"]
        self.violations = msg["violations"]


class ProtocolError(Exception):
    """The harness sent something this library does not understand (a harness bug or another protocol)."""


# the members of a step's changed entry, in one C call per entry
_entry = itemgetter("id", "queue", "computed", "generated", "blocksHeld", "preemptions", "cached", "cachedEvictable",
                    "releasable")


class _Mirror:
    """The three lists, rebuilt from each step's changed and gone lists by PORT.md section 4, O(changed) per step."""

    def __init__(self, view):
        self.view = view
        self.live = {}
        self.keys = []  # waiting's (arrival_us, id), parallel to view.waiting, for bisect (Python 3.9 has no key=)

    def arrive(self, request):
        if request.id in self.live:
            raise ProtocolError("request %d arrived twice" % request.id)
        self.live[request.id] = request

    def apply(self, msg):
        view = self.view
        view.index = msg["index"]
        view.now_us = msg["nowUs"]
        view.free_blocks = msg["freeBlocks"]
        view.evictable_blocks = msg["evictableBlocks"]
        view.host_free_blocks = msg["hostFreeBlocks"]
        live = self.live
        for rid in msg["gone"]:
            r = live.pop(rid, None)
            if r is None:
                raise ProtocolError("gone request %d is not live" % rid)
            self._leave(r)
        for e in msg["changed"]:
            rid, q, computed, generated, r_blocks, r_preempt, r_cached, r_evictable, r_releasable = _entry(e)
            try:
                r = live[rid]
            except KeyError:
                raise ProtocolError("changed request %d never arrived" % rid) from None
            if q != r.queue:
                self._leave(r)
                r.queue = q
                self._enter(r)
            r.computed = computed
            r.generated = generated
            r.blocks_held = r_blocks
            r.preemptions = r_preempt
            r.cached = r_cached
            r.cached_evictable = r_evictable
            r.releasable = r_releasable
            length = r.prompt_length + generated
            r.sequence_length = length
            r.pending = pending = length - computed
            r.is_decode = generated > 0 and pending == 1

    def _leave(self, r):
        q = r.queue
        if q == "waiting":
            i = bisect_left(self.keys, r.key)
            del self.keys[i]
            del self.view.waiting[i]
        elif q == "running":
            self.view.running.remove(r)
        elif q == "offloaded":
            self.view.offloaded.remove(r)

    def _enter(self, r):
        q = r.queue
        if q == "waiting":
            i = bisect_left(self.keys, r.key)
            self.keys.insert(i, r.key)
            self.view.waiting.insert(i, r)
        elif q == "running":
            self.view.running.append(r)
        elif q == "offloaded":
            self.view.offloaded.append(r)
        else:
            raise ProtocolError("unknown queue %r for request %d" % (q, r.id))


_RESULT = b'{"type":"result",'


def _batch_line(index, batch, witness):
    # the encoder writes tuples as arrays: only an iterator needs copying
    slices = batch.slices
    out = {"type": "batch", "index": index, "preempt": list(batch.preempt),
           "slices": slices if isinstance(slices, (list, tuple)) else list(slices)}
    if batch.offload:
        out["offload"] = list(batch.offload)
    if batch.prefetch:
        out["prefetch"] = list(batch.prefetch)
    if witness:
        out["witness"] = witness
    return out


def _encoder():
    """Compact JSON text of a reply; the C encoder made once, not once per reply as JSONEncoder.encode does."""
    e = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, check_circular=False)
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return e.encode
    c = make(None, e.default, json.encoder.encode_basestring, None, ":", ",", False, False, True)
    return lambda obj: "".join(c(obj, 0))


def _decoder():
    """The value of one harness line: the scanner called directly (json.loads adds a few microseconds per line)."""
    scan = json.scanner.make_scanner(json.JSONDecoder())
    loads = json.loads

    def decode(line):
        text = line.decode("utf-8")
        try:
            value, end = scan(text, 0)
            if text[end:].strip() == "":
                return value
        except StopIteration:
            pass
        return loads(text)  # not one JSON value: json.loads raises the error that says where

    return decode


def run(factory, name=None, stdin=None, stdout=None):
    """Runs the protocol until `end` (or end of input) and returns the exit status for the process.

    factory(hello) returns the scheduler or raises Refuse(reason). name is the port's name in `ready`; by default
    the scheduler's `name` attribute, else "python port".
    """
    rd = (stdin or sys.stdin.buffer).readline
    out = stdout or sys.stdout.buffer
    dumps = _encoder()
    loads = _decoder()

    def reply(obj):
        out.write(dumps(obj).encode("utf-8") + b"\n")
        out.flush()

    line = rd()
    if not line:
        return 0
    msg = loads(line)
    if msg.get("type") != "hello":
        raise ProtocolError("expected hello, got %r" % msg.get("type"))
    if msg.get("protocol") != PROTOCOL:
        reply({"type": "refuse", "reason": "this port speaks %s only, not %s" % (PROTOCOL, msg.get("protocol"))})
        return 0
    hello = Hello(msg)
    Request.block_size = hello.engine.block_size
    try:
        scheduler = factory(hello)
    except Refuse as r:
        reply({"type": "refuse", "reason": str(r.reason)})
        return 0
    reply({"type": "ready", "protocol": PROTOCOL, "name": name or getattr(scheduler, "name", None) or "python port"})

    view = View(hello.engine)
    mirror = _Mirror(view)
    on_arrival = getattr(scheduler, "on_arrival", None)
    on_step_end = getattr(scheduler, "on_step_end", None)
    witness = getattr(scheduler, "witness", None)
    schedule = scheduler.schedule
    deferred = None  # an exception from a callback that has no reply of its own, reported at the next step

    while True:
        line = rd()
        if not line:
            return 0
        if on_step_end is None and line.startswith(_RESULT):
            continue  # nobody reads it: the harness writes type first (PORT.md section 1), so skip the decoding
        msg = loads(line)
        t = msg["type"]
        if t == "step":
            mirror.apply(msg)
            try:
                if deferred is not None:
                    raise deferred
                batch = schedule(view)
                w = witness() if witness is not None else None
            except Exception as e:
                traceback.print_exc(file=sys.stderr)
                reply({"type": "error", "message": "%s: %s" % (type(e).__name__, e)})
                return 1
            reply(_batch_line(msg["index"], batch, w))
        elif t == "arrival":
            r = Request(msg)
            mirror.arrive(r)
            if on_arrival is not None and deferred is None:
                try:
                    on_arrival(r, msg["nowUs"])
                except Exception as e:
                    deferred = e
        elif t == "result":
            if deferred is None:
                try:
                    on_step_end(StepResult(msg))
                except Exception as e:
                    deferred = e
        elif t == "end":
            return 0
        else:
            raise ProtocolError("unknown message type %r" % t)
