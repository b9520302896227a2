#!/usr/bin/env python3
"""The FCFS/Sarathi port with a witness of its own: the reference's schedule, other bookkeeping.

Its batches are fcfs_sarathi.py's, step for step, but its witness names no blocked request and counts the steps it
was asked for instead ("port.steps"), so its trace differs from the reference's in every step line while its
schedule does not: DIFF-SCHEDULE must pass it, byte-for-byte comparison would not.

Usage: python3 fcfs_own_witness.py PORTS_DIR   (PORTS_DIR: ports/python of the checkout)
"""

import sys

sys.path.insert(0, sys.argv[1])

from fcfs_sarathi import FcfsSarathi  # noqa: E402
from schedproof_port import run  # noqa: E402


class OwnWitness(FcfsSarathi):
    name = "fcfs/sarathi with its own witness (python, test)"

    def __init__(self, hello):
        super().__init__(hello)
        self.steps = 0

    def witness(self):
        self.steps += 1
        return {"port.steps": self.steps}


if __name__ == "__main__":
    raise SystemExit(run(OwnWitness))
