"""Dask's threaded scheduler on the same delayed workloads as bench/delayed-*.bench.ts.

Usage: python3 bench/peers/dask_delayed.py <workload> [n] [rounds]
Prints one JSON line: {"workload", "tasks", "seconds"}. Run with Debian's /usr/bin/python3.
"""
import json
import sys
import time

import dask
from dask import delayed


def inc(x):
    return x + 1


def add(x, y):
    return x + y


def burn(ms):
    # About `ms` of CPU in pure Python (holds the GIL, as a CPU-bound task does).
    end = time.process_time() + ms / 1000
    n = 0
    while time.process_time() < end:
        n += 1
    return n


def flat(n):
    xs = [delayed(inc)(i) for i in range(n)]
    started = time.perf_counter()
    dask.compute(*xs, scheduler="threads")
    return n, time.perf_counter() - started


def tree(n):
    started = time.perf_counter()
    level = [delayed(inc)(i) for i in range(n)]
    tasks = n
    while len(level) > 1:
        level = [delayed(add)(level[i], level[i + 1]) for i in range(0, len(level), 2)]
        tasks += len(level)
    level[0].compute(scheduler="threads")
    return tasks, time.perf_counter() - started


def cpu(n):
    xs = [delayed(burn, pure=False)(20) for _ in range(n)]
    started = time.perf_counter()
    dask.compute(*xs, scheduler="threads", num_workers=2)
    return n, time.perf_counter() - started


if __name__ == "__main__":
    workload = sys.argv[1]
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 50_000
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    # Best of a few rounds, as the Node side reports its best round.
    runs = [{"flat": flat, "tree": tree, "cpu": cpu}[workload](size) for _ in range(rounds)]
    tasks, seconds = min(runs, key=lambda run: run[1])
    print(json.dumps({"workload": workload, "tasks": tasks, "seconds": seconds}))
