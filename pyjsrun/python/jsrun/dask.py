"""JavaScript on a Dask cluster: one :class:`~jsrun.RuntimePool` per worker
process, built once from a :class:`~jsrun.PoolRecipe`.

::

    from dask.distributed import Client
    import dask.bag as db
    import jsrun, jsrun.dask

    client = Client("tcp://scheduler:8786")          # or a LocalCluster
    recipe = jsrun.PoolRecipe(size=1, setup="globalThis.render = (x) => `<b>${x}</b>`")
    jsrun.dask.install(client, recipe)               # every worker builds its pool once
    html = jsrun.dask.map_js(db.from_sequence(items, npartitions=16), "render").compute()

Needs ``distributed`` (``pip install "dask[distributed]"``). Workers must
start fresh interpreters (Dask's default ``spawn``), not fork a process that
already runs V8.
"""

from __future__ import annotations

from typing import Any

from distributed import Client, Worker, WorkerPlugin, get_worker

from ._pool import PoolRecipe, RuntimePool, Timeout

__all__ = ["JsrunPlugin", "install", "map_js", "worker_pool"]

_POOL = "_jsrun_pool"
_BUILDS = "_jsrun_pool_builds"


class JsrunPlugin(WorkerPlugin):
    """Builds the recipe's pool when a worker starts; closes it when the worker ends."""

    name = "jsrun"

    def __init__(self, recipe: PoolRecipe) -> None:
        self.recipe = recipe

    def setup(self, worker: Worker) -> None:
        setattr(worker, _POOL, self.recipe.build())
        setattr(worker, _BUILDS, getattr(worker, _BUILDS, 0) + 1)

    def teardown(self, worker: Worker) -> None:
        pool = getattr(worker, _POOL, None)
        if pool is not None:
            pool.close()


def install(client: Client, recipe: PoolRecipe) -> None:
    """Registers :class:`JsrunPlugin` with every worker of ``client``'s
    cluster, present and future."""
    client.register_plugin(JsrunPlugin(recipe))


def worker_pool() -> RuntimePool:
    """This worker's pool (inside a task running on a Dask worker)."""
    pool = getattr(get_worker(), _POOL, None)
    if pool is None:
        raise RuntimeError("this worker has no jsrun pool: call jsrun.dask.install(client, recipe) first")
    return pool


def _call_each(items: Any, function: str, timeout: Timeout) -> list[Any]:
    pool = worker_pool()
    return [pool.call(function, item, timeout=timeout) for item in items]


def map_js(bag: Any, function: str, *, timeout: Timeout = None) -> Any:
    """A ``dask.bag.Bag`` of ``function(item)`` for each item of ``bag``:
    ``function`` is a global JS function of the pool's set-up or snapshot,
    called on the worker that holds the partition; results are converted to
    Python as ``JsFunction`` calls convert them."""
    return bag.map_partitions(_call_each, function, timeout)
