"""Never answers the first step."""
import time
from common import handshake, steps

handshake("hang")
for step in steps([]):
    while True:
        time.sleep(60)
