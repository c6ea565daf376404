"""Startup snapshots: SnapshotBuilder, RuntimeConfig(snapshot=...), and damaged blobs."""

from __future__ import annotations

import random
import subprocess
import sys
import threading
import time

import pytest

import jsrun
from conftest import isolated
from engines import V8_MAJOR

BOOTSTRAP = """
globalThis.lib = {
  slug: (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, ""),
  primes: (() => {
    const p = [];
    for (let n = 2; p.length < 1000; n++) if (p.every((q) => n % q)) p.push(n);
    return p;
  })(),
};
"""


@pytest.fixture(scope="module")
def snapshot() -> bytes:
    builder = jsrun.SnapshotBuilder(bootstrap=BOOTSTRAP)
    builder.execute_script("extra.js", "globalThis.answer = () => 42;")
    return builder.build()


def test_runtimes_start_with_the_snapshot(snapshot: bytes) -> None:
    for _ in range(3):
        with jsrun.Runtime(jsrun.RuntimeConfig(snapshot=snapshot)) as rt:
            assert rt.eval("lib.slug('Hello, World!')") == "hello-world"
            assert rt.eval("lib.primes.length + answer()") == 1042
            assert rt.eval("typeof setTimeout") == "function"  # jsrun's globals come back
    with jsrun.Runtime() as plain:
        assert plain.eval("typeof lib") == "undefined"


def test_builder_errors() -> None:
    builder = jsrun.SnapshotBuilder()
    with pytest.raises(jsrun.JavaScriptError, match="boom"):
        builder.execute_script("bad.js", "throw new Error('boom')")
    with pytest.raises(jsrun.JavaScriptError, match="SyntaxError|Unexpected"):
        builder.execute_script("mod.js", "export const x = 1;")  # classic scripts only
    builder.execute_script("ok.js", "globalThis.ok = true")
    blob = builder.build()
    assert isinstance(blob, bytes) and len(blob) > 10_000
    with pytest.raises(jsrun.SnapshotError, match="already built"):
        builder.build()
    with pytest.raises(jsrun.SnapshotError, match="already built"):
        builder.execute_script("late.js", "1")
    with pytest.raises(ValueError, match="bootstrap cannot be combined"):
        jsrun.Runtime(jsrun.RuntimeConfig(snapshot=blob, bootstrap="1"))


def test_a_thousand_damaged_blobs_raise_snapshot_error(snapshot: bytes) -> None:
    rng = random.Random(20261125)
    header = 8 + 4 + 4 + 8 + 2
    for i in range(1000):
        blob = bytearray(snapshot)
        kind = i % 4
        if kind == 0:  # truncated
            blob = blob[: rng.randrange(0, len(blob))]
        elif kind == 1:  # a flipped bit anywhere
            blob[rng.randrange(len(blob))] ^= 1 << rng.randrange(8)
        elif kind == 2:  # a damaged header field
            blob[rng.randrange(header)] ^= 0xFF
        else:  # random bytes of a plausible size
            blob = bytearray(rng.randbytes(rng.randrange(1, 4096)))
        with pytest.raises(jsrun.SnapshotError):
            jsrun.Runtime(jsrun.RuntimeConfig(snapshot=bytes(blob)))
    # Foreign data with our magic but another format, and an empty snapshot.
    with pytest.raises(jsrun.SnapshotError, match="format"):
        jsrun.Runtime(jsrun.RuntimeConfig(snapshot=b"JSRUNSNP" + (99).to_bytes(4, "little") + snapshot[12:]))
    with pytest.raises(ValueError):
        jsrun.RuntimeConfig(snapshot=b"")
    with jsrun.Runtime(jsrun.RuntimeConfig(snapshot=snapshot)) as rt:  # the good one still works
        assert rt.eval("answer()") == 42


def test_builders_on_several_threads() -> None:
    blobs: dict[int, bytes] = {}

    def build(n: int) -> None:
        blobs[n] = jsrun.SnapshotBuilder(bootstrap=f"globalThis.n = {n};").build()

    threads = [threading.Thread(target=build, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    results: list[int] = []

    def start(n: int) -> None:
        with jsrun.Runtime(jsrun.RuntimeConfig(snapshot=blobs[n])) as rt:
            results.append(rt.eval("n"))

    # One snapshot at a time (see the tests below), each from its own thread.
    for n in range(4):
        t = threading.Thread(target=start, args=(n,))
        t.start()
        t.join()
    assert results == [0, 1, 2, 3]


# A user snapshot with a base64 table (one-character keys) crashed V8 10.2
# when it started next to a default runtime: the isolates share one
# read-only heap, made from the first one's snapshot. jsrun refuses instead.
BASE64_TABLE = """
globalThis.table = {};
const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
for (let i = 0; i < 64; i++) table[letters.charAt(i)] = i;
"""


@isolated
def test_a_snapshot_next_to_default_runtimes_runs_its_set_up_again() -> None:
    blob = jsrun.SnapshotBuilder(bootstrap=BASE64_TABLE).build()
    with jsrun.Runtime() as default:
        # V8's blob cannot be used next to a default runtime: the runtime
        # starts from the built-in snapshot and runs the set-up scripts again.
        with jsrun.Runtime(jsrun.RuntimeConfig(snapshot=blob)) as rt:
            assert rt.eval("[table['+'], typeof [].toSorted, typeof setTimeout]") == [62, "function", "function"]
        assert default.eval("typeof table") == "undefined"


@isolated
def test_a_set_up_script_that_failed_runs_again_to_the_same_point() -> None:
    builder = jsrun.SnapshotBuilder(bootstrap="globalThis.before = 1;")
    with pytest.raises(jsrun.JavaScriptError, match="midway"):
        builder.execute_script("half.js", "globalThis.half = 2; throw new Error('midway'); globalThis.never = 3;")
    blob = builder.build()
    with jsrun.Runtime(jsrun.RuntimeConfig(snapshot=blob)) as from_blob:
        loaded = from_blob.eval("[before, half, typeof never]")
    with jsrun.Runtime() as default, jsrun.Runtime(jsrun.RuntimeConfig(snapshot=blob)) as replayed:
        assert replayed.eval("[before, half, typeof never]") == loaded == [1, 2, "undefined"]
        assert default.eval("typeof before") == "undefined"


@isolated
def test_runtimes_that_cannot_share_the_read_only_heap_are_refused_not_crashed() -> None:
    blob = jsrun.SnapshotBuilder(bootstrap=BASE64_TABLE).build()
    other = jsrun.SnapshotBuilder(bootstrap="globalThis.other = 1").build()
    first = jsrun.Runtime(jsrun.RuntimeConfig(snapshot=blob))  # alone: from V8's blob
    second = jsrun.Runtime(jsrun.RuntimeConfig(snapshot=blob))  # the same snapshot: fine
    assert first.eval("table['+']") == second.eval("table['+']") == 62
    with pytest.raises(jsrun.SnapshotError, match="all live runtimes must start from the same snapshot"):
        jsrun.Runtime()
    with pytest.raises(jsrun.SnapshotError, match="from a snapshot made by SnapshotBuilder \\(another one\\)"):
        jsrun.Runtime(jsrun.RuntimeConfig(snapshot=other))
    assert first.eval("1 + 1") == 2  # the refusals changed nothing
    first.close()
    second.close()
    with jsrun.Runtime() as default, jsrun.Runtime(jsrun.RuntimeConfig(polyfills=False)) as bare:
        # Both from V8's own snapshot: the polyfills are stubs, not a snapshot.
        assert default.eval("typeof URL") == bare.eval("typeof URL") == "function"


@isolated
def test_the_keeper_of_the_read_only_heap_gives_way_to_a_snapshot() -> None:
    # Two default runtimes make the process keep an idle isolate (see
    # docs/snapshots.md); once they close, a runtime from a snapshot still
    # starts from its own blob, which the refusal below shows.
    for _ in range(2):
        jsrun.Runtime().close()
    blob = jsrun.SnapshotBuilder(bootstrap="globalThis.mine = 1").build()
    other = jsrun.SnapshotBuilder(bootstrap="globalThis.other = 1").build()
    with jsrun.Runtime(jsrun.RuntimeConfig(snapshot=blob)) as rt:
        assert rt.eval("mine") == 1
        with pytest.raises(jsrun.SnapshotError, match="\\(another one\\)"):
            jsrun.Runtime(jsrun.RuntimeConfig(snapshot=other))
    with jsrun.Runtime() as rt:
        assert rt.eval("[2, 1].toSorted()") == [1, 2]


@isolated
def test_a_runtime_of_another_snapshot_starts_while_a_closed_one_is_still_being_left() -> None:
    # close() does not wait for the loop thread; the isolate goes when that
    # thread leaves it. A start from another snapshot waits for that, briefly.
    blob = jsrun.SnapshotBuilder().build()
    rt = jsrun.Runtime(jsrun.RuntimeConfig(snapshot=blob))
    rt.eval("setTimeout(() => { const end = Date.now() + 300; while (Date.now() < end); }, 0); 1")
    time.sleep(0.05)  # the loop thread is in the timer's callback
    rt.close()
    with jsrun.Runtime() as other:
        assert other.eval("1 + 1") == 2
    # A runtime that is open still keeps the others out.
    with jsrun.Runtime(jsrun.RuntimeConfig(snapshot=blob)):
        with pytest.raises(jsrun.SnapshotError, match="cannot start from V8's own snapshot"):
            jsrun.Runtime()


@isolated
def test_code_caches_of_one_snapshot_are_not_read_by_runtimes_of_another() -> None:
    # jsrun's own scripts are cached per process; a cache made while runtimes
    # started from V8's own snapshot crashed one started from a user snapshot.
    uses = "[new URL('https://a/b').href, new Response('x').status, typeof new ReadableStream(), typeof Temporal.Now]"
    expected = ["https://a/b", 200, "object", "object"]
    for _ in range(3):
        with jsrun.Runtime() as rt:
            assert rt.eval(uses) == expected
    blob = jsrun.SnapshotBuilder().build()
    with jsrun.Runtime(jsrun.RuntimeConfig(snapshot=blob)) as rt:
        assert rt.eval(uses) == expected
    with jsrun.Runtime(jsrun.RuntimeConfig(snapshot=blob)) as rt:
        assert rt.eval(uses) == expected
    with jsrun.Runtime() as rt:
        assert rt.eval(uses) == expected


@isolated
def test_builders_and_default_runtimes_share_v8s_snapshot() -> None:
    rt = jsrun.Runtime()
    setup = BASE64_TABLE + "globalThis.grouped = Object.groupBy([1, 2, 3], (x) => x % 2);"
    builder = jsrun.SnapshotBuilder(bootstrap=setup)
    with jsrun.Runtime() as other:  # V8's own snapshot: fine next to a builder, V8 11 too
        assert other.eval("[2, 1].toSorted()") == [1, 2]
    blob = builder.build()
    rt.close()
    with jsrun.Runtime(jsrun.RuntimeConfig(snapshot=blob)) as rt:
        assert rt.eval("[table['/'], grouped[1]]") == [63, [1, 3]]


@isolated
def test_a_runtime_from_a_snapshot_while_a_builder_is_open() -> None:
    blob = jsrun.SnapshotBuilder(bootstrap="globalThis.n = 7;").build()
    open_builder = jsrun.SnapshotBuilder(bootstrap="globalThis.other = 1;")
    # Set up again from V8's own snapshot, next to the builder (which V8 11
    # allows, unlike a start from a blob: see docs/engines.md).
    with jsrun.Runtime(jsrun.RuntimeConfig(snapshot=blob)) as rt:
        assert rt.eval("n") == 7
    del open_builder
    with jsrun.Runtime(jsrun.RuntimeConfig(snapshot=blob)) as rt:
        assert rt.eval("n") == 7


@pytest.mark.parametrize(
    "setup",
    [
        "globalThis.c = new Intl.Collator('en')",
        "const f = new Intl.NumberFormat('en'); globalThis.fmt = (n) => f.format(n)",  # held by a closure
        "globalThis.s = Intl.Segmenter ? new Intl.Segmenter('en') : new Intl.DateTimeFormat('en')",
        "globalThis.d = Intl.DateTimeFormat('en')",  # called without new
    ],
)
def test_a_live_intl_object_is_a_snapshot_error_not_a_crash(setup: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", f"import jsrun\ntry:\n    jsrun.SnapshotBuilder(bootstrap={setup!r}).build()\n"
         "except jsrun.SnapshotError as e:\n    print(e)"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert "holds a live Intl." in result.stdout and "cannot serialise" in result.stdout, result.stdout


def test_intl_used_and_dropped_in_set_up_is_fine_and_intl_stays_pristine() -> None:
    builder = jsrun.SnapshotBuilder(bootstrap="globalThis.order = ['b', 'a'].sort(new Intl.Collator('en').compare)")
    with jsrun.Runtime(jsrun.RuntimeConfig(snapshot=builder.build())) as rt:
        assert rt.eval("order") == ["a", "b"]
        assert rt.eval("[Intl.Collator.name, Intl.Collator.prototype.constructor === Intl.Collator]") == [
            "Collator",
            True,
        ]
        assert rt.eval("typeof __jsrunSnapshotGuard") == "undefined"


@isolated
def test_builders_work_from_any_thread_and_drop_in_any_order() -> None:
    first, second = jsrun.SnapshotBuilder(), jsrun.SnapshotBuilder()
    blobs: list[bytes] = []

    def elsewhere(builder: jsrun.SnapshotBuilder) -> None:
        builder.execute_script("a.js", "globalThis.where = 'another thread'")
        blobs.append(builder.build())

    t = threading.Thread(target=elsewhere, args=(first,))
    t.start()
    t.join(120)
    second.execute_script("b.js", "globalThis.where = 'main'")
    del first  # freed before the builder made after it
    blobs.append(second.build())
    del second
    for blob, expected in zip(blobs, ["another thread", "main"], strict=True):
        with jsrun.Runtime(jsrun.RuntimeConfig(snapshot=blob)) as rt:
            assert rt.eval("where") == expected


@isolated
def test_a_set_up_script_can_time_out_and_the_builder_goes_on() -> None:
    builder = jsrun.SnapshotBuilder()
    with pytest.raises(jsrun.JsTimeoutError, match="timed out after 200 ms"):
        builder.execute_script("loop.js", "for (;;) {}", timeout=0.2)
    builder.execute_script("after.js", "globalThis.after = 'yes'")
    with jsrun.Runtime(jsrun.RuntimeConfig(snapshot=builder.build())) as rt:
        assert rt.eval("after") == "yes"


def test_ctrl_c_stops_a_set_up_script() -> None:
    code = """
import os, signal, threading, jsrun
builder = jsrun.SnapshotBuilder()
threading.Timer(0.3, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
try:
    builder.execute_script("loop.js", "for (;;) {}")
except KeyboardInterrupt:
    print("interrupted")
builder.execute_script("after.js", "globalThis.after = 1")
print(len(builder.build()) > 0)
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["interrupted", "True"]


@isolated
def test_set_up_scripts_see_the_engines_shipped_features_except_on_v8_11() -> None:
    builder = jsrun.SnapshotBuilder(bootstrap="globalThis.seen = typeof [].toSorted;")
    with jsrun.Runtime(jsrun.RuntimeConfig(snapshot=builder.build())) as rt:
        # V8 11 leaves features behind its shipping flags out of a snapshot's context.
        assert rt.eval("[seen, typeof [].toSorted]") == ["undefined" if V8_MAJOR == 11 else "function", "function"]
