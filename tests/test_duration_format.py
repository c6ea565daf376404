"""Intl.DurationFormat: V8 13.6's own; on V8 10.2 and 11.3 npm's
@formatjs/intl-durationformat, loaded on first use. The same cases pass on
all three (the expected strings are V8 13.6's)."""

from __future__ import annotations

import pytest

import jsrun
from engines import native


@pytest.fixture
def rt() -> jsrun.Runtime:
    with jsrun.Runtime() as runtime:
        yield runtime


CASES = {
    "new Intl.DurationFormat('en', { style: 'long' }).format({ hours: 1, minutes: 46, seconds: 40 })": (
        "1 hour, 46 minutes, 40 seconds"
    ),
    "new Intl.DurationFormat('en').format({ days: 2, hours: 3 })": "2 days, 3 hr",
    "new Intl.DurationFormat('en', { style: 'narrow' }).format({ hours: 1, minutes: 5 })": "1h 5m",
    "new Intl.DurationFormat('en', { style: 'digital' }).format({ hours: 1, minutes: 2, seconds: 3 })": "1:02:03",
    (
        "new Intl.DurationFormat('en', { style: 'digital', fractionalDigits: 3 })"
        ".format({ hours: 1, minutes: 2, seconds: 3, milliseconds: 45 })"
    ): "1:02:03.045",
    # The locale's decimal separator.
    (
        "new Intl.DurationFormat('fr', { style: 'digital' })"
        ".format({ hours: 1, minutes: 2, seconds: 3, milliseconds: 45 })"
    ): "1:02:03,045",
    "new Intl.DurationFormat('en', { hoursDisplay: 'always' }).format({ minutes: 5 })": "0 hr, 5 min",
    "new Intl.DurationFormat('en', { style: 'long' }).format({ hours: -1, minutes: -30 })": "-1 hour, 30 minutes",
    (
        "new Intl.DurationFormat('en', { style: 'narrow' }).formatToParts({ hours: 2 })"
        ".map((p) => p.type + ':' + p.value).join('|')"
    ): "integer:2|unit:h",
    "new Intl.DurationFormat('en').resolvedOptions().style": "short",
    "new Intl.DurationFormat('de').resolvedOptions().locale": "de",
    "Intl.DurationFormat.supportedLocalesOf(['en-US', 'de']).join()": "en-US,de",
    "Object.prototype.toString.call(new Intl.DurationFormat())": "[object Intl.DurationFormat]",
    # Mixed signs, an unknown style, a call without `new`: errors as the standard says.
    "new Intl.DurationFormat('en').format({ hours: 1, minutes: -1 })": "THROW RangeError",
    "new Intl.DurationFormat('en', { style: 'wide' })": "THROW RangeError",
    "Intl.DurationFormat()": "THROW TypeError",
    "new Intl.DurationFormat('en').format({})": "THROW TypeError",
}


@pytest.mark.parametrize("expression", CASES)
def test_duration_format(rt: jsrun.Runtime, expression: str) -> None:
    expected = CASES[expression]
    if expected.startswith("THROW "):
        with pytest.raises(jsrun.JavaScriptError, match=expected.removeprefix("THROW ")):
            rt.eval(expression)
    else:
        assert rt.eval(expression) == expected


def test_a_lazy_property_of_intl_like_the_engine_own(rt: jsrun.Runtime) -> None:
    assert rt.eval("'DurationFormat' in Intl && !Object.keys(Intl).includes('DurationFormat')") is True
    assert rt.eval("[Intl.DurationFormat.name, Intl.DurationFormat.length]") == ["DurationFormat", 0]
    assert rt.eval("Intl.DurationFormat === Intl.DurationFormat") is True


def test_filled_only_with_polyfills() -> None:
    with jsrun.Runtime(jsrun.RuntimeConfig(polyfills=False)) as rt:
        expected = "function" if native("Intl.DurationFormat") else "undefined"
        assert rt.eval("typeof Intl.DurationFormat") == expected
    with jsrun.Runtime(jsrun.RuntimeConfig(web_apis=False)) as rt:
        assert rt.eval("new Intl.DurationFormat('en', { style: 'digital' }).format({ minutes: 7, seconds: 5 })") == (
            "0:07:05"
        )
