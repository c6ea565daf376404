"""RuntimePool: many callers, threads and asyncio, replacement, back-pressure,
draining close; its recipe across processes; and the Dask integration."""

from __future__ import annotations

import asyncio
import concurrent.futures
import multiprocessing
import pickle
import threading
from pathlib import Path

import pytest

import jsrun

SETUP = """
globalThis.double = (x) => x * 2;
globalThis.whoami = () => globalThis.me ??= Math.random();
globalThis.later = (x) => new Promise((r) => setTimeout(() => r(x), 5));
globalThis.spin = (ms) => { const end = Date.now() + ms; while (Date.now() < end) {} return ms };
"""


@pytest.fixture
def pool() -> jsrun.RuntimePool:
    with jsrun.RuntimePool(size=2, setup=SETUP) as made:
        yield made


def test_calls_evals_and_a_runtime_for_a_block(pool: jsrun.RuntimePool) -> None:
    assert pool.call("double", 21) == 42
    assert pool.eval("double(2)", timeout=5) == 4
    with pool.runtime() as rt:
        rt.eval("globalThis.kept = 1")
        assert rt.eval("kept + double(1)") == 3
    assert pool.stats() == jsrun.PoolStats(size=2, idle=2, busy=0, waiting=0, replaced=0, calls=3)


def test_many_threads_share_the_runtimes(pool: jsrun.RuntimePool) -> None:
    seen: set[float] = set()
    results: list[int] = []
    lock = threading.Lock()

    def work(i: int) -> None:
        value = pool.call("double", i)
        me = pool.call("whoami")
        with lock:
            results.append(value)
            seen.add(me)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(results) == [2 * i for i in range(40)]
    assert len(seen) <= 2  # only the pool's two runtimes ran them
    assert pool.stats().calls == 80


def test_asyncio_callers(pool: jsrun.RuntimePool) -> None:
    async def main() -> list[object]:
        evals = [pool.eval_async("later(7)", timeout=10) for _ in range(6)]
        calls = [pool.call_async("later", i, timeout=10) for i in range(6)]
        return list(await asyncio.gather(*evals, *calls))

    assert asyncio.run(main()) == [7] * 6 + list(range(6))
    assert pool.stats().busy == 0


@pytest.mark.parametrize(
    "fail",
    [
        lambda pool: pool.eval("for (;;) {}", timeout=0.1),
        lambda pool: pool.call("spin", 60000, timeout=0.1),
    ],
)
def test_a_runtime_that_timed_out_is_replaced(pool: jsrun.RuntimePool, fail: object) -> None:
    with pool.runtime() as rt:
        rt.eval("globalThis.marked = true")
    with pytest.raises(jsrun.JsTimeoutError):
        fail(pool)  # type: ignore[operator]
    assert pool.stats().replaced == 1
    # Both runtimes are usable, and the one that timed out is not among them.
    marks = {pool.eval("typeof marked") for _ in range(6)}
    assert marks <= {"boolean", "undefined"} and pool.call("double", 1) == 2


def test_heap_limit_and_termination_replace_the_runtime() -> None:
    config = jsrun.RuntimeConfig(max_heap_size=16 << 20)
    with jsrun.RuntimePool(size=1, setup=SETUP, config=config) as pool:
        with pytest.raises(jsrun.HeapLimitError):
            pool.eval("const keep = []; for (;;) keep.push(new Array(1000).fill(1))")
        with pytest.raises(jsrun.RuntimeTerminated), pool.runtime() as rt:
            rt.terminate()
            rt.eval("1")
        assert pool.stats().replaced == 2 and pool.call("double", 5) == 10


def test_waiting_is_bounded_and_can_time_out() -> None:
    with jsrun.RuntimePool(size=1, setup=SETUP, max_waiting=1) as pool:
        inside = threading.Event()
        release = threading.Event()

        def hold() -> None:
            with pool.runtime():
                inside.set()
                release.wait(60)

        holder = threading.Thread(target=hold)
        holder.start()
        assert inside.wait(60)
        with pytest.raises(jsrun.JsTimeoutError, match="no runtime of the pool was free"):
            pool.eval("1", timeout=0.05)
        waiter = threading.Thread(target=lambda: pool.eval("1"))
        waiter.start()
        while pool.stats().waiting < 1:
            threading.Event().wait(0.01)
        with pytest.raises(jsrun.PoolFullError):
            pool.eval("1")  # a second waiter would pass max_waiting
        release.set()
        holder.join(60)
        waiter.join(60)
        assert pool.stats().waiting == 0


def test_close_drains_the_calls_under_way() -> None:
    pool = jsrun.RuntimePool(size=1, setup=SETUP)
    started = threading.Event()
    result: list[object] = []

    def long_call() -> None:
        with pool.runtime() as rt:
            started.set()
            result.append(rt.eval("spin(300)"))

    t = threading.Thread(target=long_call)
    t.start()
    assert started.wait(60)
    pool.close()  # waits for the call under way
    assert result == [300] and pool.closed
    t.join(60)
    with pytest.raises(jsrun.RuntimeClosedError):
        pool.eval("1")


def test_a_snapshot_and_a_setup_together() -> None:
    snapshot = jsrun.SnapshotBuilder(bootstrap="globalThis.base = 40").build()
    with jsrun.RuntimePool(size=2, snapshot=snapshot, setup="globalThis.answer = () => base + 2") as pool:
        assert pool.call("answer") == 42


def _pool_in_worker(recipe: jsrun.PoolRecipe) -> None:
    global _WORKER_POOL
    _WORKER_POOL = recipe.build()


def _double_in_worker(x: int) -> int:
    return _WORKER_POOL.call("double", x)


_WORKER_POOL: jsrun.RuntimePool


@pytest.mark.slow
@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_the_recipe_builds_identical_pools_in_other_processes(method: str) -> None:
    snapshot = jsrun.SnapshotBuilder(bootstrap="globalThis.factor = 2").build()
    with jsrun.RuntimePool(size=1, snapshot=snapshot, setup="globalThis.double = (x) => x * factor") as pool:
        recipe = pickle.loads(pickle.dumps(pool.recipe()))
        assert recipe.snapshot == snapshot and recipe.size == 1
        context = multiprocessing.get_context(method)
        with concurrent.futures.ProcessPoolExecutor(
            2, mp_context=context, initializer=_pool_in_worker, initargs=(recipe,)
        ) as executor:
            assert list(executor.map(_double_in_worker, range(10))) == [pool.call("double", i) for i in range(10)]


@pytest.mark.slow
def test_a_dask_cluster_maps_a_js_function_with_one_pool_per_worker() -> None:
    dask_bag = pytest.importorskip("dask.bag")
    distributed = pytest.importorskip("distributed")
    import jsrun.dask

    recipe = jsrun.PoolRecipe(size=1, setup="globalThis.render = (x) => `<b>${x * 2}</b>`")
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):
        jsrun.dask.install(client, recipe)
        html = jsrun.dask.map_js(dask_bag.from_sequence(range(100), npartitions=10), "render").compute()
        assert html == [f"<b>{x * 2}</b>" for x in range(100)]
        builds = client.run(lambda dask_worker: dask_worker._jsrun_pool_builds)
        calls = client.run(lambda dask_worker: dask_worker._jsrun_pool.stats().calls)
    assert list(builds.values()) == [1, 1]  # each worker process built its pool once
    assert sum(calls.values()) == 100


def test_pool_runtimes_load_npm_packages(tmp_path: Path) -> None:
    package = tmp_path / "node_modules" / "greet"
    package.mkdir(parents=True)
    (package / "index.js").write_text("module.exports = (who) => `hello, ${who} (${process.env.WHERE})`;\n")
    with jsrun.RuntimePool(
        size=2, node_modules=tmp_path, node_env={"WHERE": "pool"}, setup="globalThis.greet = require('greet')"
    ) as pool:
        assert pool.call("greet", "a") == "hello, a (pool)"
        # a runtime replaced after a timeout gets the same set-up
        with pytest.raises(jsrun.JsTimeoutError):
            pool.eval("while (true) {}", timeout=0.05)
        assert [pool.call("greet", str(i)) for i in range(4)] == [f"hello, {i} (pool)" for i in range(4)]
        recipe = pickle.loads(pickle.dumps(pool.recipe()))
    assert recipe.node_modules == str(tmp_path) and recipe.node_env == {"WHERE": "pool"}
    with recipe.build() as rebuilt:
        assert rebuilt.eval("greet('b')") == "hello, b (pool)"


def test_setup_may_end_on_a_value_python_cannot_hold() -> None:
    with jsrun.RuntimePool(size=1, setup="globalThis.re = /x+/g // a RegExp") as pool:
        assert pool.eval("re.source") == "x+"
