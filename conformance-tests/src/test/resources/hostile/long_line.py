"""Replies to the first step with one line of argv[1] bytes (a batch padded with spaces)."""
import sys
from common import handshake, steps

handshake("long-line")
for step in steps([]):
    sys.stdout.write('{"type":"batch",' + " " * int(sys.argv[1]) + '"index":0,"preempt":[],"slices":[]}\n')
    sys.stdout.flush()
