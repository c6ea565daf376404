# expect: ok
# process.nextTick queuing itself forever: the timeout ends the call, the
# ticks it left are dropped, and the queue works after.
import tempfile

import jsrun

with jsrun.Runtime(jsrun.RuntimeConfig(timeout=0.3)) as rt:
    rt.use_node_modules(tempfile.mkdtemp())
    try:
        rt.eval("(function again() { process.nextTick(again); })(); 0")
        raise AssertionError("not stopped")
    except jsrun.JsTimeoutError:
        pass
    rt.eval("globalThis.seen = []; process.nextTick(() => seen.push('after'))")
    assert rt.eval("seen") == ["after"]
print("ok")
