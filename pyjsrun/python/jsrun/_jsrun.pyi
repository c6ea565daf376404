"""Type stubs for the native module ``jsrun._jsrun`` (checked by mypy.stubtest)."""

import os
from collections.abc import Awaitable, Callable, Coroutine, Mapping, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any, Self, final

from typing_extensions import disjoint_base

__all__ = [
    "InspectorConfig",
    "InspectorEndpoints",
    "JsFunction",
    "Runtime",
    "RuntimeConfig",
    "RuntimeStats",
    "SnapshotBuilder",
    "v8_version",
    "_StreamMeter",
    "_WasmMemoryRef",
    "_shutdown_all",
    "_parse_timeout",
    "_build_polyfill_manifest",
    "__version__",
]

_Timeout = float | int | timedelta | None
# An async start: its token for cancelling, and (ok, value) when the outcome was ready at once.
_Started = tuple[int, tuple[bool, Any] | None]
_Done = Callable[[bool, Any], None]

__version__: str

def _shutdown_all() -> None:
    """Terminate and close every runtime and wait for their threads (run at exit)."""

def _build_polyfill_manifest() -> bytes:
    """What the polyfills add on this V8, by group (what ``python -m jsrun._polyfills`` writes next to the package)."""

def _parse_timeout(value: float | int | timedelta) -> float:
    """``timeout=`` as seconds, validated (``InvalidTimeoutError``/``ValueError``)."""

def v8_version() -> str:
    """The version of the V8 engine jsrun runs on, e.g. ``"10.2.154.26-node.37"``."""

@final
class _StreamMeter:
    """Counts one stream's chunks and end into its runtime's stats."""

    def add(self, nbytes: int) -> None: ...
    def end(self) -> None: ...

@final
class _WasmMemoryRef:
    """Keeps a Wasm memory alive while a Python view of it exists."""

    @property
    def address(self) -> int: ...
    def __len__(self) -> int: ...

@final
class SnapshotBuilder:
    """Builds a V8 startup snapshot: scripts run once here, and every
    :class:`Runtime` created with ``RuntimeConfig(snapshot=...)`` starts with
    their globals, without running them again.

    The context starts as a default runtime's, with jsrun's polyfills (jsrun's
    ``setTimeout``, ``TextEncoder`` and bound Python functions are not in it,
    and cannot be captured: they come back in each runtime). All live runtimes
    of a process must start from the same snapshot (``SnapshotError``
    otherwise): close default runtimes before starting ones from the blob.
    Use it on the thread that created it. ``enable_console`` is
    accepted for compatibility: console output is set per runtime
    (``RuntimeConfig.enable_console``).
    """

    def __new__(cls, *, bootstrap: str | None = None, enable_console: bool = False) -> SnapshotBuilder: ...
    @property
    def enable_console(self) -> bool: ...
    def execute_script(self, name: str, source: str, *, timeout: _Timeout = None) -> None:
        """Runs a classic script (named ``name`` in stack traces) in the snapshot's context.

        Ctrl-C stops it (``KeyboardInterrupt``), and so does ``timeout``
        (``JsTimeoutError``); the builder stays usable either way."""
    def build(self) -> bytes:
        """The snapshot's bytes (with a header jsrun checks when loading them). Once only."""

@final
class RuntimeStats:
    """A snapshot of a runtime's memory and activity (from :meth:`Runtime.get_stats`).

    Memory: ``heap_*`` are V8's heap statistics; ``physical_total_bytes`` is the
    heap memory V8 has committed (not the process's RSS: that is
    ``process_rss_bytes``, for the whole process); ``external_memory_bytes`` is
    memory V8 knows about outside its heap (ArrayBuffers, Wasm memories).
    Times are wall-clock milliseconds of completed executions, from the call
    to its (settled) result. Streams: ``*_js_streams`` are JS streams read
    from Python (``JsStream``), ``*_py_streams`` Python sources read by JS;
    bytes count chunks that are bytes-like; ``open_resources`` is the open
    streams of both kinds. ``uncaught_errors`` counts errors nobody caught
    (a timer's exception, an unhandled rejection) that failed no awaiting
    call: thrown in a synchronous call or while nothing was awaited.
    """

    @property
    def heap_total_bytes(self) -> int: ...
    @property
    def heap_used_bytes(self) -> int: ...
    @property
    def heap_limit_bytes(self) -> int: ...
    @property
    def external_memory_bytes(self) -> int: ...
    @property
    def physical_total_bytes(self) -> int: ...
    @property
    def process_rss_bytes(self) -> int: ...
    @property
    def total_execution_time_ms(self) -> float: ...
    @property
    def last_execution_time_ms(self) -> float: ...
    @property
    def last_execution_kind(self) -> str | None: ...
    @property
    def eval_sync_count(self) -> int: ...
    @property
    def eval_async_count(self) -> int: ...
    @property
    def eval_module_sync_count(self) -> int: ...
    @property
    def eval_module_async_count(self) -> int: ...
    @property
    def call_function_sync_count(self) -> int: ...
    @property
    def call_function_async_count(self) -> int: ...
    @property
    def active_async_ops(self) -> int: ...
    @property
    def open_resources(self) -> int: ...
    @property
    def active_timers(self) -> int: ...
    @property
    def active_intervals(self) -> int: ...
    @property
    def active_workers(self) -> int:
        """Workers the runtime's JS started that have not ended (Node's ``unref()``-ed ones aside)."""
    @property
    def active_js_streams(self) -> int: ...
    @property
    def active_py_streams(self) -> int: ...
    @property
    def total_js_streams(self) -> int: ...
    @property
    def total_py_streams(self) -> int: ...
    @property
    def bytes_streamed_js_to_py(self) -> int: ...
    @property
    def bytes_streamed_py_to_js(self) -> int: ...
    @property
    def uncaught_errors(self) -> int: ...

@final
class InspectorConfig:
    """Serve a :class:`Runtime` to Chrome DevTools (``RuntimeConfig(inspector=...)``).

    ``host`` must be an IP address (default ``127.0.0.1``; a non-loopback
    address is logged as a warning). ``port=0`` picks a free port; runtimes
    given the same host and port share one server, each as its own target.
    ``wait_for_connection``: the first execution waits until a debugger
    attaches and sends ``Runtime.runIfWaitingForDebugger`` (DevTools does).
    ``break_on_next_statement``: waits, then pauses on its first statement.
    ``target_url`` and ``display_name`` are what ``/json`` reports.
    ``source_roots`` (directories) and ``resource_loader`` (``url -> bytes | str |
    None``, called on a thread of its own) say what DevTools may load through the
    inspector, such as source maps and the sources they name: files under a root,
    ``data:`` URLs and what the loader answers; anything else gets a CDP error.
    """

    def __new__(
        cls,
        host: str = "127.0.0.1",
        port: int = 9229,
        *,
        wait_for_connection: bool = False,
        break_on_next_statement: bool = False,
        target_url: str | None = None,
        display_name: str | None = None,
        source_roots: Sequence[str | os.PathLike[str]] = ...,
        resource_loader: Callable[[str], bytes | str | None] | None = None,
    ) -> InspectorConfig: ...
    @property
    def source_roots(self) -> list[Path]: ...
    @property
    def resource_loader(self) -> Callable[[str], bytes | str | None] | None: ...
    @property
    def host(self) -> str: ...
    @property
    def port(self) -> int: ...
    @property
    def wait_for_connection(self) -> bool: ...
    @wait_for_connection.setter
    def wait_for_connection(self, value: bool) -> None: ...
    @property
    def break_on_next_statement(self) -> bool: ...
    @break_on_next_statement.setter
    def break_on_next_statement(self, value: bool) -> None: ...
    @property
    def target_url(self) -> str | None: ...
    @target_url.setter
    def target_url(self, value: str | None) -> None: ...
    @property
    def display_name(self) -> str | None: ...
    @display_name.setter
    def display_name(self, value: str | None) -> None: ...
    def endpoint(self) -> str:
        """``"host:port"`` (IPv6 hosts in brackets)."""

@final
class InspectorEndpoints:
    """Where DevTools finds a runtime (from :meth:`Runtime.inspector_endpoints`)."""

    @property
    def id(self) -> str:
        """A random UUID: the unguessable part of the WebSocket URL."""
    @property
    def websocket_url(self) -> str:
        """``ws://host:port/id``: what CDP clients connect to."""
    @property
    def devtools_frontend_url(self) -> str:
        """The ``devtools://`` URL to open in Chrome."""
    @property
    def title(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def target_url(self) -> str: ...
    @property
    def favicon_url(self) -> str: ...
    @property
    def host(self) -> str:
        """``"host:port"`` the server listens on (the real port when 0 was asked)."""
    @property
    def port(self) -> int: ...

@final
class RuntimeConfig:
    """Options for a :class:`Runtime`.

    Implemented: ``bootstrap``, ``timeout`` (default for every call),
    ``max_heap_size``/``initial_heap_size`` (bytes; the heap, and ArrayBuffer
    memory, each get ``max_heap_size``), ``inspector`` (DevTools, see
    :class:`InspectorConfig`), ``snapshot`` (bytes from :class:`SnapshotBuilder`;
    damaged ones raise ``SnapshotError``), ``max_serialization_depth``,
    ``max_serialization_bytes``. ``enable_console`` sends ``console.*`` to the
    ``jsrun.console`` logger, or to ``console=callback(method, text, args)``.
    ``polyfills`` and ``web_apis`` (both on by default) add the ES2022–ES2026
    library this V8 lacks (from core-js) and the web platform's globals; both
    off give a bare ECMAScript global. ``max_workers`` bounds the workers JS
    may start at once (``Worker``, ``node:worker_threads``; 8 by default, 0
    for none, at most 256): each is a runtime of its own with this config's
    heap limits, and ``timeout`` bounds each turn of its loop.
    """

    def __new__(
        cls,
        *,
        max_heap_size: int | None = None,
        initial_heap_size: int | None = None,
        bootstrap: str | None = None,
        timeout: float | Any | None = None,
        enable_console: bool = False,
        inspector: InspectorConfig | None = None,
        snapshot: bytes | None = None,
        max_serialization_depth: int = 100,
        max_serialization_bytes: int = 10485760,
        console: Callable[[str, str, list[Any]], Any] | None = None,
        polyfills: bool = True,
        web_apis: bool = True,
        fetch: Callable[[Any], Any] | None = None,
        max_workers: int = 8,
    ) -> RuntimeConfig: ...
    @property
    def max_heap_size(self) -> int | None: ...
    @max_heap_size.setter
    def max_heap_size(self, value: int | None) -> None: ...
    @property
    def initial_heap_size(self) -> int | None: ...
    @initial_heap_size.setter
    def initial_heap_size(self, value: int | None) -> None: ...
    @property
    def bootstrap(self) -> str | None:
        """Script run once when the runtime starts (named ``<bootstrap>`` in stack traces)."""
    @bootstrap.setter
    def bootstrap(self, value: str | None) -> None: ...
    @property
    def timeout(self) -> float | None:
        """Default timeout in seconds (set as a number or a ``timedelta``)."""
    @timeout.setter
    def timeout(self, value: float | Any | None) -> None: ...
    @property
    def enable_console(self) -> bool:
        """``console.*`` goes to the ``jsrun.console`` logger (formatted like Node), or to :attr:`console`."""
    @property
    def console(self) -> Callable[[str, str, list[Any]], Any] | None:
        """``callback(method, text, args)`` for each console call, instead of logging (implies enable_console)."""
    @property
    def inspector(self) -> InspectorConfig | None:
        """Serve the runtime to Chrome DevTools (None: no server, no cost)."""
    @inspector.setter
    def inspector(self, value: InspectorConfig | None) -> None: ...
    @property
    def snapshot(self) -> bytes | None: ...
    @snapshot.setter
    def snapshot(self, value: bytes | None) -> None: ...
    @property
    def max_serialization_depth(self) -> int:
        """Nesting limit for conversions in both directions (1 to 2000; default 100)."""
    @max_serialization_depth.setter
    def max_serialization_depth(self, value: int) -> None: ...
    @property
    def max_serialization_bytes(self) -> int:
        """Size budget in bytes for one converted value (default 10 MiB)."""
    @max_serialization_bytes.setter
    def max_serialization_bytes(self, value: int) -> None: ...
    @property
    def polyfills(self) -> bool:
        """Fill in the ES2022–ES2026 library this V8 lacks from core-js (default True): each
        missing feature is set up when first read. False: only what the engine has."""
    @polyfills.setter
    def polyfills(self, value: bool) -> None: ...
    @property
    def web_apis(self) -> bool:
        """The web platform's globals: ``setTimeout``, ``TextEncoder``, ``atob``, ``ReadableStream``, …
        (default True; each group is set up when first used)."""
    @web_apis.setter
    def web_apis(self, value: bool) -> None: ...
    @property
    def max_workers(self) -> int:
        """Workers JS may start at once, nested ones included (default 8; 0: ``new Worker`` throws)."""
    @max_workers.setter
    def max_workers(self, value: int) -> None: ...
    @property
    def fetch(self) -> Callable[[Any], Any] | None:
        """``handler(jsrun.FetchRequest) -> jsrun.FetchResponse`` (or an ``async def``, during
        ``eval_async``) behind JavaScript's ``fetch()``; None (default): no ``fetch``. The runtime
        never reaches the network by itself."""
    @fetch.setter
    def fetch(self, value: Callable[[Any], Any] | None) -> None: ...

@disjoint_base
class Runtime:
    """The native part of :class:`jsrun.Runtime` (which subclasses it): one V8
    isolate with one global context.

    Usable from any thread; calls on one runtime run one at a time, and each
    releases the GIL while JavaScript runs. Use it as a context manager or call
    :meth:`close` to free the isolate promptly.
    """

    def __new__(cls, config: RuntimeConfig | None = None) -> Runtime: ...
    def eval(self, code: str, *, timeout: _Timeout = None) -> Any:
        """Run ``code`` as a classic script and return its completion value.

        Raises ``JavaScriptError`` if it throws, ``ConversionError`` if the result
        cannot be converted, ``JsTimeoutError`` past ``timeout`` (default:
        ``RuntimeConfig.timeout``; the runtime stays usable),
        ``RuntimeClosedError`` after :meth:`close`.
        """
    def terminate(self) -> None:
        """Stop the JavaScript running now, from any thread, and close the runtime for good.

        The interrupted call and every later one raise ``RuntimeTerminated``."""
    @property
    def _default_timeout(self) -> float | None: ...
    def _heap_stats(self) -> tuple[int, int, int, int, int]: ...
    def bind_object(self, name: str, obj: dict[str, Any]) -> None:
        """Set ``globalThis[name]`` to a copy of ``obj``, merging into an existing object.

        Callable values become JS functions calling them."""
    def bind_function(self, name: str, handler: Callable[..., Any]) -> None:
        """Set ``globalThis[name]`` to a JS function that calls ``handler``.

        Sync handlers return their (converted) result; async ones (coroutine
        functions, or objects with an async ``__call__``) return a promise, and
        may only be called while an ``eval_async``/``call_async`` runs. A Python
        exception becomes a JS error; uncaught, it reaches Python as
        ``JavaScriptError`` whose ``__cause__`` is the original exception.
        """
    def register_op(self, name: str, handler: Callable[..., Any], /, *, mode: str = "sync") -> int:
        """Low-level op registration: JS calls ``__host_op_sync__(id, ...args)``
        (``mode="sync"``) or ``__host_op_async__(id, ...args)`` (``mode="async"``).

        Returns the op's id: 0, 1, 2… in order of registration, as the published
        jsrun numbers them. Both dispatch globals exist from the start and are
        read-only."""
    def _eval_async_start(self, code: str, event_loop: Any, done: _Done) -> _Started: ...
    def _cancel_async(self, token: int) -> None: ...
    def _collect_garbage(self) -> None: ...
    def _debug_tracked_function_count(self) -> int: ...
    def _debug_host_function_count(self) -> int: ...
    def close(self) -> None:
        """Free the isolate; idempotent."""
    def get_stats(self) -> RuntimeStats:
        """Memory and activity figures: see :class:`RuntimeStats`."""
    def add_static_module(self, name: str, source: str) -> None:
        """Makes ``source`` importable as ``name`` (or ``static:name``); its URL is ``jsrun://static/<name>``."""
    def set_module_resolver(self, resolver: Callable[[str, str | None], str | None] | None) -> None:
        """``resolver(specifier, referrer)`` returns the URL to load, or None to fall back to static modules."""
    def set_module_loader(self, loader: Callable[[str], str | Awaitable[str]] | None) -> None:
        """``loader(url)`` returns the module's source text (``async def`` works with ``eval_module_async``)."""
    def eval_module(self, specifier: str, *, timeout: _Timeout = None) -> Any:
        """Imports the ES module ``specifier`` and returns its namespace as a dict."""
    def use_node_modules(
        self, path: str | os.PathLike[str], *, env: Mapping[str, str] | None = None, allow_read: bool = False
    ) -> None:
        """Makes bare specifiers resolve as Node.js resolves them, from ``path``; adds ``require``.

        ``allow_read=True`` lets ``fs`` read (never write) the files under ``path``."""
    def require(self, specifier: str, *, timeout: _Timeout = None) -> Any:
        """Node's ``require(specifier)`` from the ``use_node_modules`` directory."""
    def _eval_module_async_start(self, specifier: str, event_loop: Any, done: _Done) -> _Started: ...
    def _inspector_session_count(self) -> int: ...
    def _wasm_compile(self, bytes: Any, wrap: JsFunction) -> Any: ...
    def _wasm_memory(self, getter: JsFunction) -> _WasmMemoryRef: ...
    def inspector_endpoints(self) -> InspectorEndpoints | None:
        """Where DevTools finds this runtime, or None without an inspector."""
    def is_closed(self) -> bool:
        """True once :meth:`close` was called."""
    def __enter__(self) -> Self: ...
    def __exit__(self, *args: object) -> bool: ...

@final
class JsFunction:
    """A JavaScript function returned to Python.

    Call it like a Python function; ``await f.call_async(...)`` waits for a
    returned promise without blocking the event loop. A method read from an
    object keeps its ``this``; passed back into JS it is the same function. Its
    handle is released when the proxy is garbage-collected or closed.
    """

    def __call__(self, *args: Any, timeout: _Timeout = None) -> Any:
        """Call the function; a promise already settled gives its value (or raises its
        error), a pending one gives a :class:`PendingPromise` to ``await``."""
    def call_async(self, *args: Any, timeout: _Timeout = None) -> Coroutine[Any, Any, Any]:
        """Call on the runtime's loop thread and await the (promise) result."""
    def close(self) -> Awaitable[None]:
        """Release the handle now (``await`` it or not); later calls raise ``RuntimeError``."""
    @property
    def closed(self) -> bool:
        """True once closed."""
    @property
    def _default_timeout(self) -> float | None: ...
    def _call_async_start(self, args: tuple[Any, ...], event_loop: Any, done: _Done) -> _Started: ...
    def _await_start(self, event_loop: Any, done: _Done) -> _Started: ...
    def _cancel_async(self, token: int) -> None: ...
    def _close(self) -> None: ...
