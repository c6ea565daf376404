"""Scaling out: the same JS function on a pool, in worker processes, and on a
Dask cluster (here a local one; a real one only changes the Client address).

    .venv/bin/python examples/scaling_out.py
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing

import dask.bag as db
from distributed import Client, LocalCluster

import jsrun
import jsrun.dask

SETUP = "globalThis.slug = (title) => title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')"
TITLES = [f"Post number {i}: Hello, World!" for i in range(1000)]

_pool: jsrun.RuntimePool | None = None


def start_worker(recipe: jsrun.PoolRecipe) -> None:
    """Runs once in each worker process: its own pool, built from the recipe."""
    global _pool
    _pool = recipe.build()


def slug(title: str) -> str:
    assert _pool is not None
    return _pool.call("slug", title)


def main() -> None:
    # 1. A pool in this process, shared by threads and asyncio.
    with jsrun.RuntimePool(size=2, setup=SETUP) as pool:
        print("pool:", pool.call("slug", TITLES[1]))
        recipe = pool.recipe()  # picklable: size, set-up, snapshot, options

    # 2. Worker processes (spawn or forkserver, never fork after V8 started).
    context = multiprocessing.get_context("spawn")
    workers = concurrent.futures.ProcessPoolExecutor(
        2, mp_context=context, initializer=start_worker, initargs=(recipe,)
    )
    with workers:
        slugs = list(workers.map(slug, TITLES, chunksize=100))
    print("processes:", len(slugs), slugs[2])

    # 3. A Dask cluster: one pool per worker process, built once by a plugin.
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster, Client(cluster) as client:
        jsrun.dask.install(client, jsrun.PoolRecipe(size=1, setup=SETUP))
        slugs = jsrun.dask.map_js(db.from_sequence(TITLES, npartitions=8), "slug").compute()
    print("cluster:", len(slugs), slugs[3])


if __name__ == "__main__":
    main()
