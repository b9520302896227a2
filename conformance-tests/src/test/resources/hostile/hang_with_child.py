"""Starts a child that sleeps forever, writes its pid to the file argv[1], then never answers the first step."""
import subprocess
import sys
import time
from common import handshake, steps

handshake("hang-with-child")
child = subprocess.Popen([sys.executable, "-c", "import time\nwhile True: time.sleep(60)"])
with open(sys.argv[1], "w") as f:
    f.write(str(child.pid))
for step in steps([]):
    while True:
        time.sleep(60)
