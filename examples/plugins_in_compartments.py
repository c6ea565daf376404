"""Runs untrusted plugins in SES Compartments (Hardened JavaScript): after
`lockdown()` every shared intrinsic is frozen, and a plugin sees only the
standard globals and what it is granted. npm's `ses` is loaded from
examples/plugins (`make js-packages` installs it)."""

from pathlib import Path

import jsrun

plugins = {
    "shout": "(text) => text.toUpperCase() + '!'",
    "count": "(text) => `${text.split(' ').length} words, ${log(text)} characters logged`",
    "snoop": "(text) => [typeof host_log, typeof fetch, typeof process].join(' ')",
    "poison": "Array.prototype.map = () => 'pwned'",
}

with jsrun.Runtime() as rt:
    rt.use_node_modules(Path(__file__).parent / "plugins")
    rt.eval("require('ses'); lockdown()")
    rt.bind_function("host_log", len)
    load = rt.eval(
        """(source, grants) => {
            const globals = {};
            if (grants.includes('log')) globals.log = (text) => host_log(String(text));
            return new Compartment({ __options__: true, globals: harden(globals) }).evaluate(source);
        }"""
    )
    for name, source in plugins.items():
        try:
            plugin = load(source, ["log"] if name == "count" else [])
            print(f"{name}: {plugin('hello plugin world')}")
        except jsrun.JavaScriptError as error:
            print(f"{name}: refused ({error.name})")
