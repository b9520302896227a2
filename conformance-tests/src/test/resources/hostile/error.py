"""Gives up at the first step with an error message."""
from common import handshake, send, steps

handshake("error")
for step in steps([]):
    send({"type": "error", "message": "out of ideas at step %d" % step["index"]})
