"""MessagePorts between threads, Node's MessagePort and Timeout objects.

The probe (tests/node/port_probe.js) runs the same cases in Node.js and in
jsrun and compares; the web's side is in tests/web/worker_probe.js (compared
with Chromium by tests/test_workers.py). The rest are jsrun's bounds and
what happens to a port when a thread ends.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

from test_node_builtins import same_as_node

import jsrun


def test_ports_give_what_node_gives(tmp_path: Path) -> None:
    ours = same_as_node("port_probe.js", tmp_path)
    assert len(ours) == 21
    assert ours["receiveMessageOnPort(parentPort), woken by Atomics"] == [
        [["a", {"b": [1]}, "c"], ["listener", "d", None]],
        0,
    ]
    assert ours["two workers talk over a channel"] == [["ping heard", 102], "pong closed", [0, 0]]
    assert ours["receiveMessageOnPort in a worker, woken by Atomics"] == [[["message", ["a", "b", "c"]], ["close"]], 0]
    assert ours["an unref()ed port does not"] == [False, 0]
    assert ours["ports and buffers in workerData's transferList"] == [0, [["message", [9, 3]], ["close"]], 0]
    assert ours["a BroadcastChannel across threads"] == [["worker heard", {"from": "main"}], 0]
    assert ours["an open BroadcastChannel keeps a worker alive unless unref()ed"] == ["open", True, 1, 1, 0]


def test_a_port_in_a_message_nobody_read_closes(tmp_path: Path) -> None:
    # The worker spins: the message carrying port1 is never read, and goes when the worker does.
    with jsrun.Runtime() as rt:
        rt.use_node_modules(tmp_path)
        seen = asyncio.run(
            rt.eval_async(
                """(async () => {
                  const { Worker, MessageChannel } = require('worker_threads');
                  const worker = new Worker('for (;;) {}', { eval: true });
                  const { port1, port2 } = new MessageChannel();
                  const closed = new Promise((resolve) => port2.on('close', () => resolve('closed')));
                  worker.postMessage(port1, [port1]);
                  port2.postMessage('never read');
                  await new Promise((resolve) => worker.once('online', resolve));
                  return [await worker.terminate(), await closed];
                })()""",
                timeout=30,
            )
        )
        assert seen == [1, "closed"]


def test_a_port_that_gets_more_than_the_other_side_reads_is_bounded() -> None:
    # The worker's port never starts: what is posted to it waits, up to max_heap_size.
    limit = jsrun.RuntimeConfig(max_heap_size=64 << 20)
    with jsrun.Runtime(limit) as rt:
        sent, said = asyncio.run(
            rt.eval_async(
                """new Promise((resolve) => {
                  const worker = new Worker(
                    'data:,onmessage = (e) => { globalThis.kept = e.ports[0]; postMessage(1); }');
                  const { port1, port2 } = new MessageChannel();
                  worker.onmessage = () => {
                    let i = 0;
                    try {
                      for (; i < 100000; i++) port2.postMessage(new Uint8Array(1 << 20));
                    } catch (e) {
                      resolve([i, e.message]);
                    } finally {
                      worker.terminate();
                    }
                  };
                  worker.postMessage(null, [port1]);
                })""",
                timeout=60,
            )
        )
        assert sent == 63 and said.startswith("63 MiB of messages are already waiting to be read on the other side")
        assert rt.eval("1 + 1") == 2


def test_closing_a_runtime_closes_its_ports_for_the_other_side(tmp_path: Path) -> None:
    # Two workers share a channel; the first one's runtime closing (terminate) closes its end.
    with jsrun.Runtime() as rt:
        rt.use_node_modules(tmp_path)
        seen = asyncio.run(
            rt.eval_async(
                """(async () => {
                  const { Worker, MessageChannel } = require('worker_threads');
                  const holder = new Worker(`require('worker_threads').parentPort.once('message', (port) => {
                    globalThis.port = port; port.on('message', () => {}); })`, { eval: true });
                  const watcher = new Worker(`const { parentPort } = require('worker_threads');
                    parentPort.once('message', (port) => {
                      port.on('message', () => {});
                      port.on('close', () => parentPort.postMessage('the other end closed'));
                      parentPort.postMessage('listening');
                    });`, { eval: true });
                  const { port1, port2 } = new MessageChannel();
                  holder.postMessage(port1, [port1]);
                  const said = [];
                  const done = new Promise((resolve) => watcher.on('message', (m) => {
                    said.push(m);
                    if (m === 'listening') holder.terminate();
                    else resolve();
                  }));
                  watcher.postMessage(port2, [port2]);
                  await done;
                  return [said, await new Promise((resolve) => watcher.on('exit', resolve))];
                })()""",
                timeout=30,
            )
        )
        assert seen == [["listening", "the other end closed"], 0]


def test_many_runtimes_pass_ports_and_close() -> None:
    # Ports in flight and bound when runtimes close: nothing hangs, nothing crashes.
    for _ in range(10):
        with jsrun.Runtime() as rt:
            rt.eval("""
              const echo = new Worker(
                'data:,onmessage = (e) => { const [p] = e.ports; p.onmessage = (m) => p.postMessage(m.data); }');
              for (let i = 0; i < 5; i++) {
                const { port1, port2 } = new MessageChannel();
                echo.postMessage(null, [port1]);
                port2.onmessage = () => {};
                port2.postMessage(i);
              }
              new Worker('data:,for (;;) {}').postMessage(null, [new MessageChannel().port1]);
            """)
    with jsrun.Runtime() as rt:
        assert rt.eval("1 + 1") == 2


def test_node_timeouts_that_are_unrefed_keep_nothing_alive(tmp_path: Path) -> None:
    with jsrun.Runtime() as rt:
        rt.use_node_modules(tmp_path)
        rt.eval("globalThis.kept = setTimeout(() => {}, 100000);")
        rt.eval("globalThis.quiet = setTimeout(() => {}, 100000).unref()")
        assert rt.get_stats().active_timers == 1
        rt.eval("kept.unref(); quiet.ref()")
        assert rt.get_stats().active_timers == 1
        rt.eval("clearTimeout(quiet)")
        assert rt.get_stats().active_timers == 0
        # In a worker: an unref()ed timer does not keep it alive (exit 0 at once, as Node's).
        code = """new Promise((resolve) => {
          const { Worker } = require('worker_threads');
          const worker = new Worker("setTimeout(() => process.exit(5), 100000).unref()", { eval: true });
          worker.on('exit', resolve);
        })"""
        assert asyncio.run(rt.eval_async(code, timeout=30)) == 0
        # Without use_node_modules, setTimeout gives a number (the web's).
        with jsrun.Runtime() as web:
            assert web.eval("typeof setTimeout(() => {}, 1)") == "number"


def test_the_cli_does_not_wait_for_unrefed_timers(tmp_path: Path) -> None:
    script = tmp_path / "main.js"
    script.write_text(
        "setTimeout(() => console.log('never'), 100000).unref();\nsetTimeout(() => console.log('done'), 10);\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "jsrun", "--node-modules", str(tmp_path), str(script)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "done\n", "")


def test_broadcast_channels_reach_their_own_tree_only() -> None:
    # A runtime's workers hear its channels; another Runtime() (another "origin") never does.
    listen = """globalThis.heard = [];
      globalThis.channel = new BroadcastChannel('shared name');
      channel.onmessage = (e) => heard.push(e.data);"""
    with jsrun.Runtime() as one, jsrun.Runtime() as other:
        one.eval(listen)
        other.eval(listen)
        said = asyncio.run(
            one.eval_async(
                """new Promise((resolve) => {
                  const source = "new BroadcastChannel('shared name').postMessage('from one worker');postMessage(1)";
                  const worker = new Worker('data:,' + encodeURIComponent(source));
                  // (The broadcast came first: both are jobs on this runtime's loop, in order.)
                  worker.onmessage = () => { worker.terminate(); resolve(heard); };
                })""",
                timeout=30,
            )
        )
        assert said == ["from one worker"]
        one.eval("channel.postMessage('from one')")
        asyncio.run(other.eval_async("new Promise((resolve) => setTimeout(resolve, 50))"))
        assert other.eval("heard") == []


def test_a_port_stays_with_its_sender_when_the_worker_cannot_start(tmp_path: Path) -> None:
    with jsrun.Runtime(jsrun.RuntimeConfig(max_workers=0)) as rt:
        rt.use_node_modules(tmp_path)
        seen = asyncio.run(
            rt.eval_async(
                """new Promise((resolve) => {
                  const { Worker, MessageChannel } = require('worker_threads');
                  const { port1, port2 } = new MessageChannel();
                  let refused;
                  try {
                    new Worker('1', { eval: true, workerData: port1, transferList: [port1] });
                  } catch (error) {
                    refused = error.message;
                  }
                  port2.on('message', (m) => { resolve([refused, m]); port2.close(); });
                  port1.postMessage('still mine');
                })""",
                timeout=30,
            )
        )
        assert seen == ["jsrun allows 0 workers at once in this runtime (RuntimeConfig.max_workers)", "still mine"]
