"""Replies with a batch whose slice length is a string."""
from common import handshake, send, steps

arrived = []
handshake("bad-message")
for step in steps(arrived):
    send({"type": "batch", "index": step["index"], "preempt": [], "slices": [[arrived[0], 0, "1"]]})
