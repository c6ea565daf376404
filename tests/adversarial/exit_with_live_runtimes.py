# expect: ok
# Interpreter exit with runtimes never closed, one with a timer pending.
import jsrun

runtimes = [jsrun.Runtime() for _ in range(5)]
runtimes[0].eval("setInterval(() => {}, 1)")
jsrun.eval("1")
print("ok")
