#!/usr/bin/env python3
"""FCFS under Sarathi-Serve stall-free batching (policy fcfs/sarathi), as a schedproof port.

It reproduces the reference exactly (spec/BATCHING.md: the stall-free former of stall_free.py over FCFS, as
reference-engine's batching/StallFree.java over policy/Fcfs.java), so it is certifiable at L3: every
running decode first (preempting from the tail of running when a decode lacks a block), then ongoing prefills
chunked to the budget left and the blocks free, then waiting requests in arrival order with a head-of-line stop,
each admitted only when its whole sequence fits above the watermark, and none in an iteration that preempted. The
witness names the request the admission pass stopped at ("blocked"), as the reference's does.

Usage: schedproof certify --port -- python3 ports/python/fcfs_sarathi.py
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from schedproof_port import Refuse, run  # noqa: E402
from stall_free import InOrder, StallFree  # noqa: E402

POLICY = "fcfs/sarathi"
PARAMETERS = {"batching": "sarathi", "ordering": "fcfs"}


class Fcfs:
    """First come, first served: the waiting list in its own order, (arrival time, id) (BATCHING.md section 3)."""

    def begin_pass(self, view):
        return InOrder(view.waiting)


class FcfsSarathi(StallFree):
    name = "schedproof fcfs/sarathi (python) 1"

    def __init__(self, hello):
        if hello.policy != POLICY:
            raise Refuse("this port implements %s only, not %s" % (POLICY, hello.policy))
        if hello.parameters != PARAMETERS:
            raise Refuse("this port implements %s with parameters %s only, not %s"
                         % (POLICY, PARAMETERS, hello.parameters))
        super().__init__(Fcfs(), hello.engine)


if __name__ == "__main__":
    raise SystemExit(run(FcfsSarathi))
