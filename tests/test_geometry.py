"""The Geometry Interfaces (DOMMatrix, DOMPoint, DOMRect, DOMQuad) as the
spec and browsers give them, in a worker's form (no CSS strings)."""

from __future__ import annotations

import html
import json
import math
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import jsrun

PROBE = (Path(__file__).parent / "web" / "geometry_probe.js").read_text()
NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


@pytest.fixture
def rt() -> jsrun.Runtime:
    with jsrun.Runtime() as runtime:
        yield runtime


def test_matrices_compose_as_browsers_do(rt: jsrun.Runtime) -> None:
    got = rt.eval(
        """[new DOMMatrix().toString(), new DOMMatrix([1, 2, 3, 4, 5, 6]).toString(),
            new DOMMatrix().rotate(90).toString(),
            new DOMMatrix().translate(10, 20).scale(2).toString(),
            new DOMMatrix().scale(2, 3, 1, 5, 5).toString(),
            new DOMMatrix([1, 2, 3, 4, 5, 6]).multiply(new DOMMatrix([7, 8, 9, 10, 11, 12])).toString(),
            new DOMMatrix().flipX().flipY().toString(),
            new DOMMatrix().skewX(45).toString(),
            new DOMMatrix([2, 0, 0, 4, 6, 8]).inverse().toString(),
            new DOMMatrix().translate(1, 2, 3).toString()]"""
    )
    assert got == [
        "matrix(1, 0, 0, 1, 0, 0)",
        "matrix(1, 2, 3, 4, 5, 6)",
        "matrix(0, 1, -1, 0, 0, 0)",  # exact at multiples of 90 degrees, as in Chrome
        "matrix(2, 0, 0, 2, 10, 20)",
        "matrix(2, 0, 0, 3, -5, -10)",  # about (5, 5)
        "matrix(31, 46, 39, 58, 52, 76)",
        "matrix(-1, 0, 0, -1, 0, 0)",
        "matrix(1, 0, 0.9999999999999999, 1, 0, 0)",
        "matrix(0.5, 0, 0, 0.25, -3, -2)",
        "matrix3d(1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1, 2, 3, 1)",
    ]


def test_3d_and_2d_and_identity(rt: jsrun.Runtime) -> None:
    got = rt.eval(
        """const m = new DOMMatrix();
        const flags = (x) => [x.is2D, x.isIdentity];
        const a = flags(m), b = flags(m.translate(0, 0, 0));
        const c = flags(m.translate(0, 0, 1)), d = flags(m.rotate(10, 0, 0));
        const e = new DOMMatrix(); e.m33 = 2; const f = new DOMMatrix(); f.m41 = 3;
        const g = flags(new DOMMatrix(Array.from({ length: 16 }, (_, i) => (i % 5 === 0 ? 1 : 0))));
        [a, b, c, d, flags(e), flags(f), g, f.e, new DOMMatrix().scale3d(2).is2D,
         DOMMatrix.fromMatrix({ is2D: false }).is2D]"""
    )
    assert got == [
        [True, True],
        [True, True],
        [False, False],
        [False, False],
        [False, False],
        [True, False],
        [False, True],  # 16 values make a 3D matrix even when they are the identity
        3,
        False,
        False,
    ]


def test_a_matrix_times_its_inverse_is_the_identity(rt: jsrun.Runtime) -> None:
    values = rt.eval(
        """const m = new DOMMatrix().translate(3, -4, 5).rotate(30, 40, 50).scale(2, 3, 4).skewX(10);
        Array.from(m.multiply(m.inverse()).toFloat64Array())"""
    )
    identity = [1.0 if i % 5 == 0 else 0.0 for i in range(16)]
    assert all(math.isclose(v, e, abs_tol=1e-12) for v, e in zip(values, identity, strict=True))
    # Not invertible: every value NaN, and no longer 2D.
    assert rt.eval(
        "const s = new DOMMatrix([0, 0, 0, 0, 1, 1]).inverse(); [s.is2D, Number.isNaN(s.m11), Number.isNaN(s.f)]"
    ) == [
        False,
        True,
        True,
    ]


def test_points_rects_and_quads(rt: jsrun.Runtime) -> None:
    got = rt.eval(
        """const p = new DOMPoint(1, 2); p.x = 5;
        const r = new DOMRect(10, 10, -4, 6);
        const q = DOMQuad.fromRect({ x: 1, y: 2, width: 3, height: 4 });
        const quarter = new DOMMatrix().rotate(90);
        const turned = new DOMQuad(...[q.p1, q.p2, q.p3, q.p4].map((pt) => pt.matrixTransform(quarter)));
        [p.toJSON(), new DOMPointReadOnly(1, 2, 3, 4).toJSON(), r.toJSON(), q.getBounds().toJSON(),
         turned.getBounds().toJSON(), DOMPoint.fromPoint({ y: 7 }).toJSON(), DOMRect.fromRect().toJSON(),
         Object.prototype.toString.call(q),
         new DOMMatrix([1, 0, 0, 1, 5, 6]).transformPoint(new DOMPoint(1, 1)).toJSON()]"""
    )
    assert got[0] == {"x": 5, "y": 2, "z": 0, "w": 1}
    assert got[1] == {"x": 1, "y": 2, "z": 3, "w": 4}
    assert got[2] == {"x": 10, "y": 10, "width": -4, "height": 6, "top": 10, "right": 10, "bottom": 16, "left": 6}
    assert got[3] == {"x": 1, "y": 2, "width": 3, "height": 4, "top": 2, "right": 4, "bottom": 6, "left": 1}
    assert {k: round(v, 9) for k, v in got[4].items()} == {
        "x": -6,
        "y": 1,
        "width": 4,
        "height": 3,
        "top": 1,
        "right": -2,
        "bottom": 4,
        "left": -6,
    }
    assert got[5:] == [
        {"x": 0, "y": 7, "z": 0, "w": 1},
        {"x": 0, "y": 0, "width": 0, "height": 0, "top": 0, "right": 0, "bottom": 0, "left": 0},
        "[object DOMQuad]",
        {"x": 6, "y": 7, "z": 0, "w": 1},
    ]


def test_read_only_kinds_refuse_writes_and_bad_input_is_a_type_error(rt: jsrun.Runtime) -> None:
    said = rt.eval(
        """const tried = (f) => { try { f(); return 'no error'; } catch (e) { return e.name; } };
        const ro = new DOMMatrixReadOnly([1, 2, 3, 4, 5, 6]);
        [tried(() => { 'use strict'; ro.a = 9; }), ro.a, typeof ro.translateSelf, tried(() => new DOMMatrix([1, 2, 3])),
         tried(() => new DOMMatrix('matrix(1, 0, 0, 1, 0, 0)')), tried(() => DOMMatrix.fromMatrix({ a: 1, m11: 2 })),
         tried(() => DOMMatrix.fromMatrix({ is2D: true, m33: 2 })),
         tried(() => DOMMatrix.fromFloat32Array([1, 2, 3, 4, 5, 6])),
         tried(() => new DOMMatrix([NaN, 0, 0, 1, 0, 0]).toString()),
         DOMMatrix.fromFloat64Array(new Float64Array([1, 2, 3, 4, 5, 6])).toString(),
         new DOMMatrix([1, 2, 3, 4, 5, 6]).toFloat32Array() instanceof Float32Array,
         DOMMatrix.fromMatrix(ro) instanceof DOMMatrix, DOMMatrixReadOnly.fromMatrix({ e: 4 }).e,
         ro.translate(1, 1) instanceof DOMMatrix, Object.keys(ro.toJSON()).length]"""
    )
    assert said == [
        "TypeError",
        1,
        "undefined",
        "TypeError",
        "TypeError",
        "TypeError",
        "TypeError",
        "TypeError",
        "InvalidStateError",
        "matrix(1, 2, 3, 4, 5, 6)",
        True,
        True,
        4,
        True,
        24,
    ]


def in_chromium(tmp_path: Path) -> dict[str, str]:
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is needed: `make test` installs it"
    page = tmp_path / "page.html"
    page.write_text(f"<pre id=out></pre><script>{PROBE}\nout.textContent = JSON.stringify(probe());</script>")
    done = subprocess.run(
        [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    found = re.search(r"<pre id=\"out\">(.*)</pre>", done.stdout, re.DOTALL)
    assert found, done.stdout[-2000:]
    result: dict[str, str] = json.loads(html.unescape(found.group(1)))
    return result


def same_within_rounding(theirs: str, ours: str) -> bool:
    """The same text, but numbers may differ in their last bits (the order of floating-point steps)."""
    if NUMBER.sub("#", theirs) != NUMBER.sub("#", ours):
        return False
    pairs = zip(NUMBER.findall(theirs), NUMBER.findall(ours), strict=True)
    return all(math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=1e-15) for a, b in pairs)


@pytest.mark.browser
def test_geometry_gives_what_chromium_gives(tmp_path: Path) -> None:
    theirs = in_chromium(tmp_path)
    with jsrun.Runtime() as rt:
        ours = rt.eval(f"{PROBE}\nprobe()")
    assert isinstance(ours, dict) and len(theirs) >= 25
    differ = {k: (theirs[k], ours.get(k)) for k in theirs if not same_within_rounding(str(theirs[k]), str(ours.get(k)))}
    assert not differ, differ
    exact = sum(theirs[k] == ours.get(k) for k in theirs)
    assert exact >= len(theirs) - 6, exact  # most are equal to the last digit
