# expect: ok
# Interpreter exit while eval_async calls wait on promises that never settle.
import asyncio

import jsrun

rt = jsrun.Runtime()
loop = asyncio.new_event_loop()
tasks = [loop.create_task(rt.eval_async("new Promise(() => {})")) for _ in range(3)]
loop.run_until_complete(asyncio.sleep(0.05))
print("ok")
