"""What every hostile port shares: a correct handshake and a loop over the step messages."""
import json
import sys


def send(obj):
    sys.stdout.write(json.dumps(obj, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def handshake(name):
    hello = json.loads(sys.stdin.readline())
    send({"type": "ready", "protocol": hello["protocol"], "name": name})
    return hello


def steps(arrived):
    """Yields each step message; appends every arrival's id to `arrived` first."""
    for line in sys.stdin:
        m = json.loads(line)
        if m["type"] == "arrival":
            arrived.append(m["id"])
        elif m["type"] == "step":
            yield m
        elif m["type"] == "end":
            return
