# expect: ok
# A bound function re-enters the same runtime, from a JsFunction call.
import jsrun

rt = jsrun.Runtime()
rt.bind_function("again", lambda n: rt.eval(f"{n} + 1"))
assert rt.eval("x => again(x) * 2")(20) == 42
print("ok")
