"""Dask distributed's LocalCluster on the futures workloads of bench/futures-*.bench.ts.

Usage: python3 bench/peers/dask_futures.py <workload> [n] [workers]
  map        client.map(inc, range(n)) then gather: throughput
  roundtrip  n sequential submit(inc, i).result(): latencies
  scatter    a table of n rows, scatter(broadcast=True), 64 tasks that read it: best of 3
Prints one JSON line. Run with Debian's /usr/bin/python3 (python3-distributed).
"""
import json
import logging
import sys
import time

from dask.distributed import Client, LocalCluster


def inc(x):
    return x + 1


def sum_part(rows, part):
    return sum(row["value"] for row in rows[part::64])


def main():
    workload = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    workers = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    with LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as cluster, Client(cluster) as client:
        client.gather(client.map(inc, range(200)))  # warm up
        if workload == "map":
            started = time.perf_counter()
            futures = client.map(inc, range(n), pure=False)
            results = client.gather(futures)
            seconds = time.perf_counter() - started
            assert results[-1] == n
            print(json.dumps({"workload": workload, "tasks": n, "seconds": seconds}))
        elif workload == "roundtrip":
            latencies = []
            for i in range(n):
                started = time.perf_counter()
                client.submit(inc, i, pure=False).result()
                latencies.append((time.perf_counter() - started) * 1e6)
            latencies.sort()
            print(json.dumps({"workload": workload, "tasks": n, "p50_us": latencies[n // 2]}))
        elif workload == "scatter":
            best = float("inf")
            for r in range(3):
                rows = [{"id": i, "value": i * 0.5 + r} for i in range(n)]
                started = time.perf_counter()
                [table] = client.scatter([rows], broadcast=True)
                sums = client.gather(client.map(sum_part, [table] * 64, range(64), pure=False))
                best = min(best, time.perf_counter() - started)
                assert abs(sum(sums) - sum(row["value"] for row in rows)) < 1e-6 * sum(sums)
                del table
            print(json.dumps({"workload": workload, "tasks": 64, "seconds": best}))
        else:
            raise SystemExit(f"unknown workload {workload}")


if __name__ == "__main__":
    main()
