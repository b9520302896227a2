"""The FCFS port of ports/python (argv[1]) after writing argv[2] MiB to stderr: a flood must not block it."""
import sys

sys.path.insert(0, sys.argv[1])
chunk = ("x" * 1023 + "\n") * 1024
for _ in range(int(sys.argv[2])):
    sys.stderr.write(chunk)
sys.stderr.flush()
from schedproof_port import run  # noqa: E402
from fcfs_sarathi import FcfsSarathi  # noqa: E402

raise SystemExit(run(FcfsSarathi))
