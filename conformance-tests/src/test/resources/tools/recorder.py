"""Runs the port argv[2:] and records every line between it and the harness to the file argv[1]:
'> ' + line for what the harness wrote, '< ' + line for what the port answered."""
import subprocess
import sys
import threading

log = open(sys.argv[1], "w", encoding="utf-8")
lock = threading.Lock()
port = subprocess.Popen(sys.argv[2:], stdin=subprocess.PIPE, stdout=subprocess.PIPE)


def record(prefix, line):
    with lock:
        log.write(prefix + line.decode("utf-8"))
        log.flush()


def answers():
    for line in port.stdout:
        record("< ", line)
        sys.stdout.buffer.write(line)
        sys.stdout.buffer.flush()


t = threading.Thread(target=answers)
t.start()
for line in sys.stdin.buffer:
    record("> ", line)
    port.stdin.write(line)
    port.stdin.flush()
port.stdin.close()
t.join()
sys.exit(port.wait())
