"""``RuntimeConfig(enable_console=True)``: ``console.*`` in JavaScript goes to
Python's ``logging`` (logger ``jsrun.console``), formatted like Node's, or to
a callback of yours. The calls still reach V8's own console too, so DevTools
shows them when the inspector is on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from ._source import _js_source

LOGGER = logging.getLogger("jsrun.console")

#: ``console`` method → ``logging`` level.
LEVELS = {
    "log": logging.INFO,
    "info": logging.INFO,
    "table": logging.INFO,
    "dir": logging.INFO,
    "dirxml": logging.INFO,
    "group": logging.INFO,
    "groupCollapsed": logging.INFO,
    "count": logging.INFO,
    "time": logging.INFO,
    "timeEnd": logging.INFO,
    "timeLog": logging.INFO,
    "debug": logging.DEBUG,
    "trace": logging.DEBUG,
    "warn": logging.WARNING,
    "countReset": logging.WARNING,
    "error": logging.ERROR,
    "assert": logging.ERROR,
}

# Installed once per runtime: wraps each console method so that it formats
# its arguments (util.format rules) and hands the text to `emit`, then calls
# V8's own method (the inspector's view of it).
SETUP = _js_source("console.js")


def emitter(callback: Callable[[str, str, list[Any]], Any] | None) -> Callable[..., None]:
    """What the console calls: ``callback(method, text, args)`` if given, else logging."""
    if callback is not None:

        def to_callback(method: str, text: str, args: list[Any] | None = None) -> None:
            callback(method, text, [] if args is None else list(args))

        return to_callback

    def to_logging(method: str, text: str, args: Any = None) -> None:
        LOGGER.log(LEVELS.get(method, logging.INFO), text)

    return to_logging
