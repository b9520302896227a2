"""Crashes at the first step: exit status 3 after a line on stderr."""
import sys
from common import handshake, steps

handshake("crash")
for step in steps([]):
    sys.stderr.write("fatal: the scheduler's disk is on fire\n")
    sys.stderr.flush()
    sys.exit(3)
