"""Schedules request 999999, which never arrived."""
from common import handshake, send, steps

handshake("unknown-id")
for step in steps([]):
    send({"type": "batch", "index": step["index"], "preempt": [], "slices": [[999999, 0, 1]]})
