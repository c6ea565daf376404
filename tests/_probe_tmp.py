import jsrun, time, sys
rt = jsrun.Runtime(jsrun.RuntimeConfig(max_heap_size=32 * 1024 * 1024))
try:
    rt.eval('const a = []; for (;;) a.push(new Array(1000).fill(0.5))', timeout=10)
except Exception as e:
    print(type(e).__name__, e)
