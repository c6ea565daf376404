"""``Runtime.wasm``: WebAssembly from Python, without writing JS glue.

    module = rt.wasm.compile(wasm_bytes)
    instance = rt.wasm.instantiate(module, imports={"env": {"log": print}})
    instance.exports.add(10, 20)            # a JsFunction: called directly
    view = instance.exports.memory.buffer   # a memoryview over Wasm memory, no copy

The JS objects (modules, instances, memories) stay in the runtime; Python
holds small JS closures over them (``JsFunction`` handles). A little JS glue,
made once per runtime, does the describing.
"""

from __future__ import annotations

import ctypes
import weakref
from collections.abc import Iterator, Mapping
from datetime import timedelta
from typing import Any

from ._jsrun import JsFunction, Runtime
from ._source import _js_source

_GLUE = _js_source("wasm.js")

_PAGE = 65536
_glue: weakref.WeakKeyDictionary[Runtime, dict[str, Any]] = weakref.WeakKeyDictionary()

Timeout = float | int | timedelta | None


def _glue_of(rt: Runtime) -> dict[str, Any]:
    glue = _glue.get(rt)
    if glue is None:
        glue = rt.eval(_GLUE)
        _glue[rt] = glue
    return glue


class WasmModule:
    """A compiled ``WebAssembly.Module`` (from :meth:`Wasm.compile`)."""

    def __init__(self, wasm: Wasm, described: dict[str, Any]) -> None:
        self._wasm = wasm
        self._handle: JsFunction = described["handle"]
        #: ``[{"name": ..., "kind": "function" | "memory" | "table" | "global"}, ...]``
        self.exports: list[dict[str, str]] = described["exports"]
        #: ``[{"module": ..., "name": ..., "kind": ...}, ...]``
        self.imports: list[dict[str, str]] = described["imports"]

    def custom_sections(self, name: str) -> list[bytes]:
        """The contents of the module's custom sections called ``name``."""
        sections: list[bytes] = self._handle("sections", name)
        return sections

    def instantiate(self, imports: Mapping[str, Mapping[str, Any]] | None = None) -> WasmInstance:
        """Same as ``rt.wasm.instantiate(module, imports)``."""
        return self._wasm.instantiate(self, imports)

    def __repr__(self) -> str:
        return f"<WasmModule exports={[e['name'] for e in self.exports]}>"


class WasmMemory:
    """A ``WebAssembly.Memory``: exported by an instance, or made with :meth:`Wasm.memory`.

    :attr:`buffer` is a writable ``memoryview`` over the memory itself, not a
    copy. The rule: a view covers the memory as it was when you took it. It
    stays safe to use for as long as you hold it, even after the runtime is
    closed (the view keeps the memory alive). After the memory grows (here
    with :meth:`grow`, or in Wasm with ``memory.grow``) the old view still
    covers the first bytes but not the new ones: take ``buffer`` again.
    """

    def __init__(self, wasm: Wasm, handle: JsFunction) -> None:
        self._wasm = wasm
        self._handle = handle

    @property
    def buffer(self) -> memoryview:
        """The memory as a writable ``memoryview`` of bytes (zero-copy)."""
        ref = self._wasm._rt()._wasm_memory(self._handle)
        if len(ref) == 0:
            return memoryview(bytearray())
        # ctypes, not PyO3's buffer protocol: PyO3 offers that only to abi3
        # wheels for Python >= 3.11, and this one supports 3.10.
        array = (ctypes.c_ubyte * len(ref)).from_address(ref.address)
        array._jsrun_memory = ref  # type: ignore[attr-defined]  # keeps the memory alive with the view
        return memoryview(array).cast("B")

    @property
    def size(self) -> int:
        """Current size in bytes."""
        size: int = self._handle("size")
        return size

    @property
    def pages(self) -> int:
        """Current size in 64 KiB pages."""
        return self.size // _PAGE

    def grow(self, pages: int) -> int:
        """Grows the memory by ``pages`` 64 KiB pages; returns the previous size in pages."""
        previous: int = self._handle("grow", pages)
        return previous

    def read(self, offset: int, length: int) -> bytes:
        """A copy of ``length`` bytes at ``offset``."""
        if offset < 0 or length < 0 or offset + length > self.size:
            raise IndexError(f"{length} bytes at {offset} are outside the memory ({self.size} bytes)")
        return bytes(self.buffer[offset : offset + length])

    def write(self, offset: int, data: bytes | bytearray | memoryview) -> None:
        """Copies ``data`` into the memory at ``offset``."""
        data = memoryview(data).cast("B")
        if offset < 0 or offset + len(data) > self.size:
            raise IndexError(f"{len(data)} bytes at {offset} are outside the memory ({self.size} bytes)")
        self.buffer[offset : offset + len(data)] = data

    def __jsrun_import__(self) -> dict[str, JsFunction]:
        return {"__jsrunHandle": self._handle}

    def __repr__(self) -> str:
        return f"<WasmMemory {self.pages} pages>"


class WasmGlobal:
    """A ``WebAssembly.Global`` exported by an instance."""

    def __init__(self, wasm: Wasm, handle: JsFunction) -> None:
        self._handle = handle

    @property
    def value(self) -> Any:
        return self._handle("get")

    @value.setter
    def value(self, value: Any) -> None:
        self._handle("set", value)

    def __jsrun_import__(self) -> dict[str, JsFunction]:
        return {"__jsrunHandle": self._handle}

    def __repr__(self) -> str:
        return f"<WasmGlobal value={self.value!r}>"


class WasmTable:
    """A ``WebAssembly.Table`` exported by an instance."""

    def __init__(self, wasm: Wasm, handle: JsFunction) -> None:
        self._handle = handle

    def __len__(self) -> int:
        length: int = self._handle("length")
        return length

    def __getitem__(self, index: int) -> Any:
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._handle("get", index)

    def grow(self, count: int) -> int:
        """Adds ``count`` empty slots; returns the previous length."""
        previous: int = self._handle("grow", count)
        return previous

    def __jsrun_import__(self) -> dict[str, JsFunction]:
        return {"__jsrunHandle": self._handle}

    def __repr__(self) -> str:
        return f"<WasmTable length={len(self)}>"


_KINDS = {"memory": WasmMemory, "global": WasmGlobal, "table": WasmTable}


class WasmExports(Mapping[str, Any]):
    """An instance's exports, by attribute (``exports.add``) or key (``exports["add"]``).

    Functions are :class:`JsFunction` objects, called directly from Python;
    memories, globals and tables are :class:`WasmMemory`, :class:`WasmGlobal`
    and :class:`WasmTable`.
    """

    def __init__(self, wasm: Wasm, described: dict[str, Any]) -> None:
        items: dict[str, Any] = {}
        for name, value in described.items():
            if isinstance(value, dict) and value.get("kind") in _KINDS and isinstance(value.get("handle"), JsFunction):
                value = _KINDS[value["kind"]](wasm, value["handle"])
            items[name] = value
        self._items = items

    def __getitem__(self, name: str) -> Any:
        return self._items[name]

    def __getattr__(self, name: str) -> Any:
        try:
            return self._items[name]
        except KeyError:
            raise AttributeError(f"the instance exports no {name!r}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __dir__(self) -> list[str]:
        return [*super().__dir__(), *self._items]

    def __repr__(self) -> str:
        return f"<WasmExports {list(self._items)}>"


class WasmInstance:
    """An instantiated module; call its functions through :attr:`exports`."""

    def __init__(self, module: WasmModule, exports: WasmExports) -> None:
        self.module = module
        self.exports = exports

    def __repr__(self) -> str:
        return f"<WasmInstance exports={list(self.exports)}>"


class Wasm:
    """WebAssembly for one runtime: ``rt.wasm``. Errors are :class:`JavaScriptError`
    with V8's ``CompileError``, ``LinkError`` or ``RuntimeError`` name and message."""

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = weakref.ref(runtime)

    def _rt(self) -> Runtime:
        rt = self._runtime()
        if rt is None:
            raise RuntimeError("the runtime of this Wasm object is gone")
        return rt

    def _glue(self) -> dict[str, Any]:
        return _glue_of(self._rt())

    def validate(self, wasm_bytes: bytes | bytearray | memoryview) -> bool:
        """True if the bytes are a valid module for this V8."""
        valid: bool = self._glue()["validate"](wasm_bytes)
        return valid

    def compile(self, wasm_bytes: bytes | bytearray | memoryview) -> WasmModule:
        """Compiles a module. ``bytes`` are read in place (V8 keeps its own copy)."""
        rt = self._rt()
        return WasmModule(self, rt._wasm_compile(wasm_bytes, _glue_of(rt)["wrapModule"]))

    async def compile_async(self, wasm_bytes: bytes | bytearray | memoryview, *, timeout: Timeout = None) -> WasmModule:
        """Compiles on V8's background threads; the asyncio loop keeps running."""
        described = await self._glue()["compileAsync"].call_async(wasm_bytes, timeout=timeout)
        return WasmModule(self, described)

    def instantiate(
        self,
        module: WasmModule | bytes | bytearray | memoryview,
        imports: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> WasmInstance:
        """Instantiates a module (compiling it first if given bytes).

        ``imports`` maps module names to ``{name: value}``: Python callables
        (called with the Wasm arguments), :class:`JsFunction`, numbers for
        global imports, and :class:`WasmMemory`, :class:`WasmGlobal` or
        :class:`WasmTable` objects.
        """
        if not isinstance(module, WasmModule):
            module = self.compile(module)
        exports = self._glue()["instantiate"](module._handle, _imports(imports))
        return WasmInstance(module, WasmExports(self, exports))

    async def instantiate_async(
        self,
        module: WasmModule | bytes | bytearray | memoryview,
        imports: Mapping[str, Mapping[str, Any]] | None = None,
        *,
        timeout: Timeout = None,
    ) -> WasmInstance:
        """As :meth:`instantiate`, compiling (if given bytes) and instantiating asynchronously."""
        if not isinstance(module, WasmModule):
            module = await self.compile_async(module, timeout=timeout)
        exports = await self._glue()["instantiateAsync"].call_async(module._handle, _imports(imports), timeout=timeout)
        return WasmInstance(module, WasmExports(self, exports))

    def memory(self, initial: int, maximum: int | None = None, *, shared: bool = False) -> WasmMemory:
        """A new ``WebAssembly.Memory`` of ``initial`` pages (64 KiB each), to import into instances."""
        described = self._glue()["memory"](initial, maximum, shared)
        return WasmMemory(self, described["handle"])


def _imports(imports: Mapping[str, Mapping[str, Any]] | None) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for namespace, names in (imports or {}).items():
        out[namespace] = {
            name: value.__jsrun_import__() if hasattr(value, "__jsrun_import__") else value
            for name, value in names.items()
        }
    return out


_wasm: weakref.WeakKeyDictionary[Runtime, Wasm] = weakref.WeakKeyDictionary()


def wasm_of(rt: Runtime) -> Wasm:
    """``rt.wasm``: one :class:`Wasm` per runtime."""
    wasm = _wasm.get(rt)
    if wasm is None:
        wasm = Wasm(rt)
        _wasm[rt] = wasm
    return wasm
