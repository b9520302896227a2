"""Gives the first request two slices."""
from common import handshake, send, steps

arrived = []
handshake("duplicate-id")
for step in steps(arrived):
    first = arrived[0]
    send({"type": "batch", "index": step["index"], "preempt": [], "slices": [[first, 0, 1], [first, 0, 1]]})
