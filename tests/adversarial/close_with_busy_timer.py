# expect: ok
# close() while the loop runs a timer that never returns (an endless loop, an
# endless promise chain): the loop's JS is stopped, the process exits.
import time

import jsrun

for source in ["setTimeout(() => { for (;;) {} }, 0)", "setTimeout(function f() { Promise.resolve().then(f); }, 0)"]:
    rt = jsrun.Runtime()
    rt.eval(source)
    time.sleep(0.05)  # (whether the timer has started or not, close must end it)
    rt.close()
    assert rt.is_closed()
busy = jsrun.Runtime()  # never closed: interpreter exit ends its loop's JS too
busy.eval("setTimeout(() => { for (;;) {} }, 0)")
print("ok")
