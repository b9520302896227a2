"""Prints a line that is not JSON in reply to the first step."""
from common import handshake, steps

handshake("garbage")
for step in steps([]):
    print("this is not json, it is a log line", flush=True)
