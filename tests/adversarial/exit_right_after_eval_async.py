# expect: ok
# Regression: the interpreter exiting while a runtime's loop thread was still
# inside the Python callback that delivered an eval_async result crashed the
# process (PyGILState_Release during finalisation). Exit right after one.
import asyncio

import jsrun

rt = jsrun.Runtime()
code = "(async () => { let s = 0; for (let i = 0; i < 2000; i++) { await null; s += i } return s })()"
assert asyncio.run(rt.eval_async(code)) == 1999000
print("ok")
