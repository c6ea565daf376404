"""The package's own JavaScript, kept in ``jsrun/js/*.js`` (linted there)."""

from __future__ import annotations

from importlib.resources import files


def _js_source(name: str) -> str:
    return files(__package__).joinpath("js", name).read_text(encoding="utf-8")
