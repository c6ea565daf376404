"""``jsrun.JsFrame``, kept apart from ``jsrun.errors`` so that raising an
error does not import typing."""

from __future__ import annotations

from typing import TypedDict

__all__ = ["JsFrame"]


class JsFrame(TypedDict, total=False):
    """One stack frame of a :class:`JavaScriptError`; a key is absent when unknown."""

    function_name: str
    file_name: str
    line_number: int
    column_number: int
