# expect: RuntimeTerminated
# terminate() from another thread while JS is inside a slow Python callback.
import threading
import time

import jsrun

rt = jsrun.Runtime()
rt.bind_function("slow", lambda: time.sleep(0.2))
threading.Timer(0.05, rt.terminate).start()
try:
    rt.eval("for (;;) slow()")
except jsrun.RuntimeTerminated:
    print("RuntimeTerminated")
