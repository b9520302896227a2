"""Answers hello with a ready for another protocol version."""
import json
import sys
from common import send

json.loads(sys.stdin.readline())
send({"type": "ready", "protocol": "schedproof.port/2", "name": "from the future"})
