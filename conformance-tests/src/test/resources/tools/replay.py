"""A port on the library (ports/python, argv[3]) that answers the recorded decisions of argv[1] (one JSON line per
schedule call: slices, preempt, offload, prefetch, witness) in order, and writes its mirror of the engine's state
at each call to argv[2] (one JSON line per call), so a test can compare the library's lists with the engine's."""
import json
import sys

sys.path.insert(0, sys.argv[3])
from schedproof_port import Batch, run  # noqa: E402


def entry(r):
    return [r.id, r.computed, r.generated, r.blocks_held, r.preemptions, r.cached, r.cached_evictable, r.releasable,
            r.sequence_length, r.pending, 1 if r.is_decode else 0]


class Replay:
    name = "replay"

    def __init__(self, hello):
        self.decisions = open(sys.argv[1], encoding="utf-8")
        self.states = open(sys.argv[2], "w", encoding="utf-8")
        self.last = {}

    def schedule(self, v):
        self.states.write(json.dumps({"index": v.index, "nowUs": v.now_us, "free": v.free_blocks,
                                      "evictable": v.evictable_blocks, "hostFree": v.host_free_blocks,
                                      "waiting": [entry(r) for r in v.waiting],
                                      "running": [entry(r) for r in v.running],
                                      "offloaded": [entry(r) for r in v.offloaded]}, separators=(",", ":")) + "\n")
        self.states.flush()
        d = json.loads(self.decisions.readline())
        self.last = d["witness"]
        return Batch(slices=d["slices"], preempt=d["preempt"], offload=d["offload"], prefetch=d["prefetch"])

    def witness(self):
        return self.last


raise SystemExit(run(Replay))
