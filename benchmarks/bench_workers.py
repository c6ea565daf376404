"""Workers (node:worker_threads) in jsrun and in Node.js, the same script in
each: how long a worker takes to start and post its first message, how many
messages a worker and its parent bounce per second (on the worker's own
channel and on a MessagePort sent to it), how fast two threads hand a counter
back and forth through a SharedArrayBuffer with Atomics, and how many tiny
tasks a piscina pool of two threads runs per second (from tests/npm, which
`make js-packages` installs).

    .venv/bin/python benchmarks/bench_workers.py
"""

from __future__ import annotations

import asyncio
import json
import subprocess
from pathlib import Path

import jsrun

SCRIPT = """
const { Worker } = require('worker_threads');
const code = (source) => new Worker(source, { eval: true });
async function measure() {
  const started = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    const worker = code("require('worker_threads').parentPort.postMessage(1)");
    await new Promise((resolve) => worker.once('message', resolve));
    started.push(performance.now() - t0);
    await worker.terminate();
  }
  started.sort((a, b) => a - b);

  const echo = code(`const { parentPort } = require('worker_threads');
    parentPort.on('message', (m) => parentPort.postMessage(m));`);
  const ROUNDS = 20000;
  const t1 = performance.now();
  await new Promise((resolve) => {
    let left = ROUNDS;
    echo.on('message', () => (--left === 0 ? resolve() : echo.postMessage(left)));
    echo.postMessage(left);
  });
  const roundTrips = ROUNDS / ((performance.now() - t1) / 1000);
  await echo.terminate();

  const portEcho = code(`require('worker_threads').parentPort.once('message', (port) => {
    port.on('message', (m) => port.postMessage(m));
  });`);
  const { port1, port2 } = new MessageChannel();
  portEcho.postMessage(port1, [port1]);
  const t3 = performance.now();
  await new Promise((resolve) => {
    let left = ROUNDS;
    port2.on('message', () => (--left === 0 ? resolve() : port2.postMessage(left)));
    port2.postMessage(left);
  });
  const portRoundTrips = ROUNDS / ((performance.now() - t3) / 1000);
  port2.close();
  await portEcho.terminate();

  const { Piscina } = require('piscina');
  const pool = new Piscina({ filename: require('path').resolve('tasks/piscina_task.js'), maxThreads: 2 });
  await Promise.all([1, 2].map((a) => pool.run({ a, b: 1 })));
  const TASKS = 20000;
  const t4 = performance.now();
  const tasks = [];
  for (let i = 0; i < TASKS; i++) tasks.push(pool.run({ a: i, b: 1 }));
  await Promise.all(tasks);
  const piscinaTasks = TASKS / ((performance.now() - t4) / 1000);
  await pool.destroy();

  // A counter goes back and forth: the parent makes it odd, the partner even.
  const cells = new Int32Array(new SharedArrayBuffer(8));
  const ROUNDS_SHARED = 10000;
  const until = `(cells, target) => {
    let v;
    while ((v = Atomics.load(cells, 0)) !== target) Atomics.wait(cells, 0, v);
  }`;
  const worker = new Worker(`const { workerData } = require('worker_threads');
    const cells = new Int32Array(workerData);
    const until = ${until};
    for (let k = 0; k < ${ROUNDS_SHARED}; k++) {
      until(cells, 2 * k + 1);
      Atomics.store(cells, 0, 2 * k + 2);
      Atomics.notify(cells, 0);
    }`,
  { eval: true, workerData: cells.buffer });
  await new Promise((resolve) => worker.once('online', resolve));
  const wait = eval(until);
  const t2 = performance.now();
  for (let k = 0; k < ROUNDS_SHARED; k++) {
    wait(cells, 2 * k);
    Atomics.store(cells, 0, 2 * k + 1);
    Atomics.notify(cells, 0);
  }
  wait(cells, 2 * ROUNDS_SHARED);
  const handoffs = (2 * ROUNDS_SHARED) / ((performance.now() - t2) / 1000);
  await worker.terminate();
  return { startMedian: started[10], roundTrips, portRoundTrips, handoffs, piscinaTasks };
}
"""


NPM = Path(__file__).resolve().parent.parent / "tests" / "npm"


def main() -> None:
    source = SCRIPT
    node_out = subprocess.run(
        ["node", "-e", source + "measure().then((r) => console.log(JSON.stringify(r)))"],
        cwd=NPM,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    with jsrun.Runtime() as rt:
        rt.use_node_modules(NPM)
        ours = json.loads(
            str(asyncio.run(rt.eval_async(source + "measure().then((r) => JSON.stringify(r))", timeout=300)))
        )
    theirs = json.loads(node_out)
    print(f"{'':40} {'jsrun':>12} {'Node.js':>12}")
    print(
        f"{'worker start to first message (median)':40} {ours['startMedian']:>9.2f} ms {theirs['startMedian']:>9.2f} ms"
    )
    rows = [
        ("message round trips per second", "roundTrips"),
        ("round trips on a MessagePort per second", "portRoundTrips"),
        ("Atomics hand-offs per second", "handoffs"),
        ("piscina tasks per second (2 threads)", "piscinaTasks"),
    ]
    for label, key in rows:
        print(f"{label:40} {ours[key]:>12,.0f} {theirs[key]:>12,.0f}")


if __name__ == "__main__":
    main()
