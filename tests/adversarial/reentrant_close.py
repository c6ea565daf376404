# expect: RuntimeClosedError
# close() from inside a callback: the running call finishes, later ones are refused.
import jsrun

rt = jsrun.Runtime()
rt.bind_function("shutdown", rt.close)
assert rt.eval("shutdown(); 'finished'") == "finished"
try:
    rt.eval("1")
except jsrun.RuntimeClosedError:
    print("RuntimeClosedError")
