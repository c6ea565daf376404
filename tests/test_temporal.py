"""Temporal on engines without it (all of Debian's: V8 10.2, 11.3, 13.6):
npm's temporal-polyfill, loaded on first use. Values from the proposal's
documentation and the IANA time zone rules."""

from __future__ import annotations

import pytest

import jsrun


@pytest.fixture
def rt() -> jsrun.Runtime:
    with jsrun.Runtime() as runtime:
        yield runtime


CASES = {
    "Temporal.PlainDate.from('2024-02-28').add({ days: 2 }).toString()": "2024-03-01",
    "Temporal.PlainDate.from('2023-01-31').add({ months: 1 }).toString()": "2023-02-28",
    "Temporal.PlainDate.from('2024-03-01').since('2023-03-01', { largestUnit: 'day' }).days": 366,
    # Across New York's spring-forward gap: 01:30 + 1 hour is 03:30 EDT.
    "Temporal.ZonedDateTime.from('2024-03-10T01:30[America/New_York]').add({ hours: 1 }).toString()": (
        "2024-03-10T03:30:00-04:00[America/New_York]"
    ),
    "Temporal.ZonedDateTime.from('2024-11-03T12:00[Europe/Paris]').withTimeZone('Asia/Tokyo').hour": 20,
    "Temporal.Duration.from({ hours: 1, minutes: 90 }).round({ largestUnit: 'hour' }).toString()": "PT2H30M",
    "Temporal.Duration.compare({ hours: 25 }, { days: 1 }, { relativeTo: '2024-03-09[America/New_York]' })": 1,
    "Temporal.Instant.fromEpochMilliseconds(0).toString()": "1970-01-01T00:00:00Z",
    "new Date(Date.UTC(2000, 0, 1)).toTemporalInstant().toString()": "2000-01-01T00:00:00Z",
    "Temporal.PlainDate.from('2024-01-01').withCalendar('hebrew').year": 5784,
    "Temporal.PlainDate.from('2024-07-04').toLocaleString('en-US', { dateStyle: 'full' })": "Thursday, July 4, 2024",
    # An Intl.DateTimeFormat made once Temporal is loaded formats its values.
    (
        "Temporal; new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' })"
        ".format(Temporal.PlainDate.from('2024-07-04'))"
    ): "Jul 4, 2024",
    "Temporal.PlainTime.from('25:00')": "THROW RangeError",
    "Object.prototype.toString.call(Temporal.Now)": "[object Temporal.Now]",
}


@pytest.mark.parametrize("expression", CASES)
def test_temporal(rt: jsrun.Runtime, expression: str) -> None:
    expected = CASES[expression]
    if isinstance(expected, str) and expected.startswith("THROW "):
        with pytest.raises(jsrun.JavaScriptError, match=expected.removeprefix("THROW ")):
            rt.eval(expression)
    else:
        assert rt.eval(expression) == expected


def test_now_is_the_clock(rt: jsrun.Runtime) -> None:
    assert rt.eval("Math.abs(Temporal.Now.instant().epochMilliseconds - Date.now()) < 60000") is True
    assert rt.eval("typeof Temporal.Now.timeZoneId()") == "string"


def test_it_is_a_lazy_global_like_the_engine_own(rt: jsrun.Runtime) -> None:
    assert rt.eval("'Temporal' in globalThis && !Object.keys(globalThis).includes('Temporal')") is True
    assert rt.eval("Temporal.PlainDate === Temporal.PlainDate && typeof Date.prototype.toTemporalInstant") == "function"
    # A value written before the first read stays.
    assert rt.eval("globalThis.Temporal = 'mine'; Temporal") == "mine"


def test_not_there_without_polyfills_and_there_after_a_snapshot() -> None:
    with jsrun.Runtime(jsrun.RuntimeConfig(polyfills=False)) as rt:
        assert rt.eval("[typeof Temporal, typeof Date.prototype.toTemporalInstant]") == ["undefined", "undefined"]
    blob = jsrun.SnapshotBuilder().build()
    with jsrun.Runtime(jsrun.RuntimeConfig(snapshot=blob)) as rt:
        assert rt.eval("Temporal.PlainDate.from('2024-02-28').add({ days: 1 }).toString()") == "2024-02-29"
