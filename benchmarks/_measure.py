"""Helpers shared by the benchmarks: run a command or a function in a child process and measure its wall time and
the peak of the summed resident memory of it and all its children (sampled from /proc every 20 ms)."""

import os
import subprocess
import threading
import time


def _tree_rss_kib(pid: int) -> int:
    total, todo, seen = 0, [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
            with open(f"/proc/{p}/task/{p}/children") as fh:
                todo += [int(x) for x in fh.read().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def run(cmd: list[str], *, env=None, cwd=None, stdin=None, stdout=subprocess.DEVNULL) -> dict:
    """Run ``cmd``; return seconds, peak summed RSS (MiB) of its process tree, and the exit code."""
    peak = [0]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdin=stdin, stdout=stdout)
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss_kib(proc.pid))
            done.wait(0.02)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    done.set()
    thread.join()
    return {"seconds": seconds, "peak_mib": max(peak[0], usage.ru_maxrss) / 1024,
            "exit": os.waitstatus_to_exitcode(status)}
