# expect: SystemExit
# SystemExit in a handler is not for JS to swallow.
import jsrun


def leave():
    raise SystemExit(3)


rt = jsrun.Runtime()
rt.bind_function("leave", leave)
try:
    rt.eval("try { leave() } catch (e) { 'swallowed' }")
except SystemExit:
    print("SystemExit")
