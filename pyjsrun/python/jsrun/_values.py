"""Python types that stand for JS values without a built-in Python counterpart."""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: a first runtime should not import typing
if TYPE_CHECKING:
    from typing import Any, Final

__all__ = ["JsUndefined", "undefined", "JsBigInt", "JsMap"]


class JsUndefined:
    """The type of :data:`undefined`, JavaScript's ``undefined``.

    There is exactly one instance. It is falsy, prints as ``undefined`` and is
    distinct from ``None`` (which stands for JS ``null``).
    """

    __slots__ = ()
    _instance: JsUndefined | None = None

    def __new__(cls) -> JsUndefined:
        if cls._instance is not None:
            raise RuntimeError("JsUndefined is a singleton: use jsrun.undefined")
        instance = super().__new__(cls)
        cls._instance = instance
        return instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "JsUndefined"

    def __str__(self) -> str:
        return "undefined"

    def __reduce__(self) -> str:
        return "undefined"

    def __copy__(self) -> JsUndefined:
        return self

    def __deepcopy__(self, memo: Any) -> JsUndefined:
        return self


undefined: Final[JsUndefined] = JsUndefined()
"""JavaScript's ``undefined``; JS ``null`` is ``None``."""


class JsBigInt(int):
    """A JS ``BigInt`` as a Python ``int`` that remembers where it came from.

    It behaves exactly like ``int``; passed back to JS it becomes a BigInt again,
    even when small (a plain ``int`` that small would become a Number).
    Arithmetic on it gives plain ``int`` results.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        try:
            return f"JsBigInt({int.__repr__(self)})"
        except ValueError:  # past Python's limit on int → decimal str (4,300 digits by default)
            return f"JsBigInt({int.__format__(self, '#x')})"


class JsMap(dict):  # type: ignore[type-arg]
    """A JS ``Map`` as a ``dict`` whose keys keep their types (``1`` stays ``int``).

    Passed back to JS it becomes a ``Map`` again; a plain ``dict`` becomes an
    object. Keys must be hashable in Python, so a Map keyed by objects cannot be
    converted.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"JsMap({dict.__repr__(self)})"
