"""Refuses every hello."""
import json
import sys
from common import send

json.loads(sys.stdin.readline())
send({"type": "refuse", "reason": "this port implements lpm only"})
