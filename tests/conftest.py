from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import jsrun


@pytest.fixture
def rt() -> Iterator[jsrun.Runtime]:
    with jsrun.Runtime() as runtime:
        yield runtime


def roundtrip(rt: jsrun.Runtime, value: Any) -> Any:
    """Python → JS → Python through a global."""
    rt.bind_object("__rt", {"v": value})
    return rt.eval("__rt.v")
