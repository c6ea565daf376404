"""Pool and cluster throughput for CPU-bound JavaScript (docs/benchmarks.md):

    .venv/bin/python benchmarks/bench_pool.py

- RuntimePool of 1 and of 2 runtimes, called from 2 threads (sync) and from
  asyncio (call_async), items/s for a ~20 ms JS computation;
- a Dask LocalCluster of 1 and of 2 worker processes (one runtime each),
  mapping the same function over a bag, items/s;
- CPU used by an idle pool of 2 in 1 s.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time

import jsrun

WORK = """
globalThis.work = (seed) => {
  let x = seed | 0;
  for (let i = 0; i < 4e6; i++) x = (Math.imul(x, 1103515245) + 12345) | 0;
  return x & 0xff;
};
"""
ITEMS = 200


def threads_rate(size: int) -> float:
    with jsrun.RuntimePool(size=size, setup=WORK) as pool:
        pool.call("work", 0)  # warm up
        items = iter(range(ITEMS))
        lock = threading.Lock()

        def worker() -> None:
            while True:
                with lock:
                    item = next(items, None)
                if item is None:
                    return
                pool.call("work", item)

        start = time.perf_counter()
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return ITEMS / (time.perf_counter() - start)


def asyncio_rate(size: int) -> float:
    with jsrun.RuntimePool(size=size, setup=WORK) as pool:
        pool.call("work", 0)

        async def run() -> float:
            start = time.perf_counter()
            await asyncio.gather(*(pool.call_async("work", i) for i in range(ITEMS)))
            return ITEMS / (time.perf_counter() - start)

        return asyncio.run(run())


def cluster_rate(workers: int) -> float:
    import dask.bag as db
    from distributed import Client, LocalCluster

    import jsrun.dask

    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        jsrun.dask.install(client, jsrun.PoolRecipe(size=1, setup=WORK))
        bag = db.from_sequence(range(ITEMS), npartitions=4 * workers)
        jsrun.dask.map_js(bag, "work").compute()  # warm up
        start = time.perf_counter()
        jsrun.dask.map_js(bag, "work").compute()
        return ITEMS / (time.perf_counter() - start)


def idle_cpu() -> float:
    with jsrun.RuntimePool(size=2, setup=WORK):
        time.sleep(0.3)
        before = time.process_time()
        time.sleep(1.0)
        return time.process_time() - before


def main() -> None:
    load = os.getloadavg()[0]
    print(f"2 cores, load average {load:.2f} at start; {ITEMS} items of ~20 ms of JS each\n")
    print("| what | 1 runtime / worker | 2 runtimes / workers | ratio |")
    print("| --- | --- | --- | --- |")
    for name, measure in [
        ("pool, 2 threads (items/s)", threads_rate),
        ("pool, asyncio call_async (items/s)", asyncio_rate),
        ("Dask LocalCluster, map_js (items/s)", cluster_rate),
    ]:
        one, two = max(measure(1) for _ in range(2)), max(measure(2) for _ in range(2))
        print(f"| {name} | {one:.0f} | {two:.0f} | {two / one:.2f}× |")
    print(f"\nIdle pool of 2: {idle_cpu() * 1000:.1f} ms of CPU in 1 s.")


if __name__ == "__main__":
    main()
