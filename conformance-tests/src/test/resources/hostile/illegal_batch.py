"""A well-formed but illegal batch every step: the first waiting request's slice starts one past its cached prefix.
It logs the violations each result names to stderr."""
import json
import sys
from common import handshake, send

handshake("illegal-batch")
waiting = {}
for line in sys.stdin:
    m = json.loads(line)
    if m["type"] == "step":
        for c in m["changed"]:
            waiting[c["id"]] = c["cached"]
        head = min(waiting)
        send({"type": "batch", "index": m["index"], "preempt": [], "slices": [[head, waiting[head] + 1, 1]]})
    elif m["type"] == "result":
        for v in m["violations"]:
            sys.stderr.write("step %d rejected: %s %s\n" % (m["index"], v["rule"], v["message"]))
    elif m["type"] == "end":
        sys.stderr.write("end %s\n" % m["reason"])
        break
