# Test peer: drives `burden -i` through a pseudo-terminal, as a person at a keyboard
# would, and prints what the terminal showed (escape sequences removed).
#
#   python3 pty_drive.py BURDEN
#
# Keys sent: "x = 41", "x + 1", then Up arrow (ESC [ A) and Enter, which must recall
# and re-run "x + 1" (42 twice), then Ctrl-D to leave. Without line editing the Up
# arrow reaches Lua as bytes and fails with "attempt to load a binary chunk".
import os
import pty
import re
import select
import sys
import termios
import time

burden = sys.argv[1]


def read_until(fd, pattern, timeout=10.0):
    """Reads from fd until the accumulated output matches pattern (or time runs out)."""
    out = b""
    end = time.time() + timeout
    while time.time() < end:
        if re.search(pattern, out):
            break
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            out += chunk
    return out


def wait_raw(timeout=30.0):
    """Waits until the line editor has put the terminal in raw mode (ICANON off): keys
    typed before that are read as a cooked line, and the Up arrow would reach Lua as
    bytes. Polling the mode, not sleeping, keeps the test right on a loaded machine."""
    end = time.time() + timeout
    while time.time() < end:
        if not termios.tcgetattr(fd)[3] & termios.ICANON:
            return
        time.sleep(0.01)


pid, fd = pty.fork()
if pid == 0:
    os.environ["TERM"] = "dumb"
    os.execv(burden, [burden, "-i"])

shown = b""
shown += read_until(fd, rb"> $", timeout=30.0)
for keys in (b"x = 41\r", b"x + 1\r", b"\x1b[A\r"):
    wait_raw()
    os.write(fd, keys)
    shown += read_until(fd, rb"\n> $", timeout=30.0)

# Ctrl-D on an empty line ends the session. A Ctrl-D that arrives while the terminal is
# still in cooked mode, between two lines, can be swallowed: send it again until the
# process exits, and never wait forever.
def wait_exit(seconds):
    """Drains output while waiting for the child; its wait status, or None."""
    global shown
    end = time.time() + seconds
    while time.time() < end:
        done, st = os.waitpid(pid, os.WNOHANG)
        if done:
            return st
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                shown += os.read(fd, 4096)
            except OSError:
                pass


status = None
for _ in range(10):
    os.write(fd, b"\x04")
    status = wait_exit(3.0)
    if status is not None:
        break
else:
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    print("burden -i did not exit on Ctrl-D")
    status = 9 << 8

text = shown.decode("utf-8", "replace")
text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)  # cursor movement, colours
text = text.replace("\r", "")
results = [line for line in text.split("\n") if line.strip() == "42"]
print("exit status:", os.waitstatus_to_exitcode(status))
print("lines reading 42:", len(results))
print("binary chunk error:", "binary chunk" in text)
