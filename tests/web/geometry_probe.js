// The Geometry Interfaces, run by Chromium and by jsrun (tests/test_geometry.py):
// each result is compared, numbers to within rounding.
/* exported probe */
const probe = () => {
  const out = {};
  const tryit = (name, f) => {
    try {
      out[name] = f();
    } catch (e) {
      out[name] = `error ${e.name}`;
    }
  };
  tryit('rotate90', () => new DOMMatrix().rotate(90).toString());
  tryit('rotate3', () => new DOMMatrix().rotate(30, 40, 50).toString());
  tryit('axis', () => new DOMMatrix().rotateAxisAngle(1, 1, 0, 45).toString());
  tryit('axisNeg', () => new DOMMatrix().rotateAxisAngle(0, 0, -1, 90).toString());
  tryit('compose', () => new DOMMatrix().translate(10, 20).rotate(33).scale(2, 3).skewX(10).skewY(5).toString());
  tryit('scaleOrigin', () => new DOMMatrix().scale(2, 3, 4, 5, 6, 7).toString());
  tryit('scale3d', () => new DOMMatrix().scale3d(2, 1, 2, 3).toString());
  tryit('multiply', () => new DOMMatrix([1, 2, 3, 4, 5, 6]).multiply(new DOMMatrix([7, 8, 9, 10, 11, 12])).toString());
  tryit('inverse', () => new DOMMatrix().translate(3, -4, 5).rotate(30, 40, 50).inverse().toString());
  tryit('inverse2d', () => new DOMMatrix([2, 1, 1, 3, 6, 8]).inverse().toString());
  tryit('singular', () => JSON.stringify(new DOMMatrix([0, 0, 0, 0, 1, 1]).inverse().toJSON()));
  tryit('flip', () => new DOMMatrix([1, 2, 3, 4, 5, 6]).flipX().flipY().toString());
  tryit('fromVector', () => new DOMMatrix().rotateFromVector(1, 1).toString());
  tryit('json', () => JSON.stringify(new DOMMatrix([1, 2, 3, 4, 5, 6]).toJSON()));
  tryit('point', () => JSON.stringify(new DOMMatrix().rotate(30).transformPoint(new DOMPoint(1, 2, 3, 4))));
  tryit('flags', () => [new DOMMatrix().translate(0, 0, 1).is2D, new DOMMatrix().rotate(0, 10, 0).is2D, new DOMMatrix().scale(1, 1, 2).is2D].join());
  tryit('quad', () => JSON.stringify(DOMQuad.fromRect({ x: 1, y: 2, width: 3, height: 4 }).getBounds()));
  tryit('rect', () => JSON.stringify(new DOMRect(10, 10, -4, 6)));
  tryit('fromMatrix', () => DOMMatrix.fromMatrix({ a: 2, m41: 7, m33: 1 }).toString());
  tryit('fromMatrixErr', () => DOMMatrix.fromMatrix({ a: 1, m11: 2 }).toString());
  tryit('is2dErr', () => DOMMatrix.fromMatrix({ is2D: true, m33: 2 }).toString());
  tryit('seq5', () => new DOMMatrix([1, 2, 3, 4, 5]).toString());
  tryit('nan', () => new DOMMatrix([NaN, 0, 0, 1, 0, 0]).toString());
  tryit('skewY', () => new DOMMatrix().skewY(30).toString());
  tryit('preMul', () => new DOMMatrix([1, 2, 3, 4, 5, 6]).preMultiplySelf({ a: 2, e: 1 }).toString());
  tryit('f32', () => DOMMatrix.fromFloat32Array(new Float32Array([1.1, 2, 3, 4, 5, 6])).toString());
  tryit('set3d', () => { const m = new DOMMatrix(); m.m34 = 0.5; return [m.is2D, m.toString()].join(' '); });
  tryit('identity16', () => String(new DOMMatrix([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]).is2D));
  tryit('tags', () => [DOMMatrix, DOMPoint, DOMRect, DOMQuad, DOMMatrixReadOnly].map((c) => `${c.name}:${c.length}`).join());
  return out;
};
