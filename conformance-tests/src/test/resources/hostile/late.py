"""Answers every step correctly (an empty batch) but only after argv[1] seconds."""
import sys
import time
from common import handshake, send, steps

handshake("late")
for step in steps([]):
    time.sleep(float(sys.argv[1]))
    send({"type": "batch", "index": step["index"], "preempt": [], "slices": []})
