// The Geometry Interfaces (https://drafts.fxtf.org/geometry/): DOMPoint,
// DOMRect, DOMQuad and DOMMatrix, with their read-only bases, as a worker
// has them (no CSS transform strings). PDF.js needs DOMMatrix to load.
// A matrix is 16 numbers, column by column (m11, m12, m13, m14, m21, …).
(function (uses) {
  'use strict';
  const { DOMException } = uses.events;
  const { PlatformObject, root, serializable } = uses.platform_objects;
  const number = (value) => Number(value); // WebIDL's unrestricted double
  const dictionary = (value, name) => {
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' && typeof value !== 'function') {
      throw new TypeError(`Failed to convert value to '${name}'.`);
    }
    return value;
  };
  const tag = (cls, name) => Object.defineProperty(cls.prototype, Symbol.toStringTag, { value: name, configurable: true });
  // WebIDL attributes ([name, index] of `read(object)`'s values) as enumerable
  // accessors of `cls`'s prototype, settable through `write` if it is given.
  const attributes = (cls, members, read, write = undefined) => {
    for (const [name, i] of members) {
      const set = write && function (value) { write(this, i, value); };
      Object.defineProperty(cls.prototype, name, {
        get() { return read(this)[i]; }, set, enumerable: true, configurable: true,
      });
    }
  };
  const indexed = (names) => names.map((name, i) => [name, i]);
  // A class's private helpers (static methods that reach its #fields), taken off it.
  const internals = (cls, ...names) => names.map((name) => {
    const helper = cls[name];
    delete cls[name];
    return helper;
  });

  // ---- points ----
  class DOMPointReadOnly extends PlatformObject {
    #c;
    constructor(x = 0, y = 0, z = 0, w = 1) {
      super();
      this.#c = [number(x), number(y), number(z), number(w)];
    }
    static fromPoint(other = undefined) {
      const p = dictionary(other, 'DOMPointInit');
      return new this(p.x ?? 0, p.y ?? 0, p.z ?? 0, p.w ?? 1);
    }
    static _values(point) { return point.#c; }
    static _is(point) { return #c in point; }
    matrixTransform(matrix = undefined) {
      return DOMMatrixReadOnly.fromMatrix(matrix).transformPoint(this);
    }
    toJSON() {
      return { x: this.x, y: this.y, z: this.z, w: this.w };
    }
  }
  const [pointValues, isPoint] = internals(DOMPointReadOnly, '_values', '_is');
  class DOMPoint extends DOMPointReadOnly {}
  const POINT = indexed(['x', 'y', 'z', 'w']);
  attributes(DOMPointReadOnly, POINT, pointValues);
  attributes(DOMPoint, POINT, pointValues, (point, i, value) => { pointValues(point)[i] = number(value); });

  // ---- rectangles ----
  class DOMRectReadOnly extends PlatformObject {
    #r;
    constructor(x = 0, y = 0, width = 0, height = 0) {
      super();
      this.#r = [number(x), number(y), number(width), number(height)];
    }
    static fromRect(other = undefined) {
      const r = dictionary(other, 'DOMRectInit');
      return new this(r.x ?? 0, r.y ?? 0, r.width ?? 0, r.height ?? 0);
    }
    get top() { return Math.min(this.y, this.y + this.height); }
    get right() { return Math.max(this.x, this.x + this.width); }
    get bottom() { return Math.max(this.y, this.y + this.height); }
    get left() { return Math.min(this.x, this.x + this.width); }
    static _values(rect) { return rect.#r; }
    static _is(rect) { return #r in rect; }
    toJSON() {
      const { x, y, width, height, top, right, bottom, left } = this;
      return { x, y, width, height, top, right, bottom, left };
    }
  }
  const [rectValues, isRect] = internals(DOMRectReadOnly, '_values', '_is');
  class DOMRect extends DOMRectReadOnly {}
  const RECT = indexed(['x', 'y', 'width', 'height']);
  attributes(DOMRectReadOnly, RECT, rectValues);
  attributes(DOMRect, RECT, rectValues, (rect, i, value) => { rectValues(rect)[i] = number(value); });

  // ---- quadrilaterals ----
  class DOMQuad extends PlatformObject {
    #p;
    constructor(p1 = undefined, p2 = undefined, p3 = undefined, p4 = undefined) {
      super();
      this.#p = [p1, p2, p3, p4].map((p) => DOMPoint.fromPoint(p));
    }
    static fromRect(other = undefined) {
      const r = dictionary(other, 'DOMRectInit');
      const [x, y, w, h] = [number(r.x ?? 0), number(r.y ?? 0), number(r.width ?? 0), number(r.height ?? 0)];
      return new this({ x, y }, { x: x + w, y }, { x: x + w, y: y + h }, { x, y: y + h });
    }
    static fromQuad(other = undefined) {
      const q = dictionary(other, 'DOMQuadInit');
      return new this(q.p1, q.p2, q.p3, q.p4);
    }
    get p1() { return this.#p[0]; }
    get p2() { return this.#p[1]; }
    get p3() { return this.#p[2]; }
    get p4() { return this.#p[3]; }
    getBounds() {
      const xs = this.#p.map((p) => p.x);
      const ys = this.#p.map((p) => p.y);
      // NaN in any coordinate makes that bound NaN (Math.min does).
      const [left, top] = [Math.min(...xs), Math.min(...ys)];
      return new DOMRect(left, top, Math.max(...xs) - left, Math.max(...ys) - top);
    }
    toJSON() {
      return { p1: this.p1, p2: this.p2, p3: this.p3, p4: this.p4 };
    }
    static _points(quad) { return #p in quad ? quad.#p : undefined; }
  }
  const [quadPoints] = internals(DOMQuad, '_points');

  // ---- matrices ----
  const IDENTITY = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
  const NAMES = ['m11', 'm12', 'm13', 'm14', 'm21', 'm22', 'm23', 'm24', 'm31', 'm32', 'm33', 'm34', 'm41', 'm42', 'm43', 'm44'];
  // Where a 2D matrix must hold its identity value, by index.
  const THREE_D = [2, 3, 6, 7, 8, 9, 10, 11, 14, 15];
  const ALIASES = [['a', 0], ['b', 1], ['c', 4], ['d', 5], ['e', 12], ['f', 13]];
  // a × b, both column by column.
  const product = (a, b) => {
    const out = new Array(16);
    for (let col = 0; col < 4; col++) {
      for (let row = 0; row < 4; row++) {
        let sum = 0;
        for (let k = 0; k < 4; k++) sum += a[k * 4 + row] * b[col * 4 + k];
        out[col * 4 + row] = sum;
      }
    }
    return out;
  };
  const radians = (degrees) => (degrees * Math.PI) / 180;
  // Sine and cosine of an angle in degrees, exact at multiples of 90 (as Chrome's).
  const sinCos = (degrees) => {
    const turn = ((degrees % 360) + 360) % 360;
    if (turn % 90 === 0) return [[0, 1], [1, 0], [0, -1], [-1, 0]][turn / 90];
    return [Math.sin(radians(degrees)), Math.cos(radians(degrees))];
  };
  const translation = (x, y, z) => [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, x, y, z, 1];
  const scaling = (x, y, z) => [x, 0, 0, 0, 0, y, 0, 0, 0, 0, z, 0, 0, 0, 0, 1];
  // CSS rotate3d(x, y, z, angle): about the unit vector of (x, y, z); about
  // an axis with the full angle's sine and cosine, as Chrome computes it.
  const rotation = (x, y, z, degrees) => {
    const length = Math.hypot(x, y, z);
    if (length === 0) return IDENTITY.slice();
    const [sin, cos] = sinCos(degrees);
    if (x === 0 && y === 0) return [cos, sin * Math.sign(z), 0, 0, -sin * Math.sign(z), cos, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
    if (y === 0 && z === 0) return [1, 0, 0, 0, 0, cos, sin * Math.sign(x), 0, 0, -sin * Math.sign(x), cos, 0, 0, 0, 0, 1];
    if (x === 0 && z === 0) return [cos, 0, -sin * Math.sign(y), 0, 0, 1, 0, 0, sin * Math.sign(y), 0, cos, 0, 0, 0, 0, 1];
    [x, y, z] = [x / length, y / length, z / length];
    const half = radians(degrees) / 2;
    const [sc, sq] = [Math.sin(half) * Math.cos(half), Math.sin(half) ** 2];
    return [
      1 - 2 * (y * y + z * z) * sq, 2 * (x * y * sq + z * sc), 2 * (x * z * sq - y * sc), 0,
      2 * (x * y * sq - z * sc), 1 - 2 * (x * x + z * z) * sq, 2 * (y * z * sq + x * sc), 0,
      2 * (x * z * sq + y * sc), 2 * (y * z * sq - x * sc), 1 - 2 * (x * x + y * y) * sq, 0,
      0, 0, 0, 1,
    ];
  };
  const invert = (m) => {
    const [a00, a01, a02, a03, a10, a11, a12, a13, a20, a21, a22, a23, a30, a31, a32, a33] = m;
    const b00 = a00 * a11 - a01 * a10;
    const b01 = a00 * a12 - a02 * a10;
    const b02 = a00 * a13 - a03 * a10;
    const b03 = a01 * a12 - a02 * a11;
    const b04 = a01 * a13 - a03 * a11;
    const b05 = a02 * a13 - a03 * a12;
    const b06 = a20 * a31 - a21 * a30;
    const b07 = a20 * a32 - a22 * a30;
    const b08 = a20 * a33 - a23 * a30;
    const b09 = a21 * a32 - a22 * a31;
    const b10 = a21 * a33 - a23 * a31;
    const b11 = a22 * a33 - a23 * a32;
    const det = b00 * b11 - b01 * b10 + b02 * b09 + b03 * b08 - b04 * b07 + b05 * b06;
    if (det === 0 || !Number.isFinite(det)) return null;
    const k = 1 / det;
    return [
      (a11 * b11 - a12 * b10 + a13 * b09) * k, (a02 * b10 - a01 * b11 - a03 * b09) * k,
      (a31 * b05 - a32 * b04 + a33 * b03) * k, (a22 * b04 - a21 * b05 - a23 * b03) * k,
      (a12 * b08 - a10 * b11 - a13 * b07) * k, (a00 * b11 - a02 * b08 + a03 * b07) * k,
      (a32 * b02 - a30 * b05 - a33 * b01) * k, (a20 * b05 - a22 * b02 + a23 * b01) * k,
      (a10 * b10 - a11 * b08 + a13 * b06) * k, (a01 * b08 - a00 * b10 - a03 * b06) * k,
      (a30 * b04 - a31 * b02 + a33 * b00) * k, (a21 * b02 - a20 * b04 - a23 * b00) * k,
      (a11 * b07 - a10 * b09 - a12 * b06) * k, (a00 * b09 - a01 * b07 + a02 * b06) * k,
      (a31 * b01 - a30 * b03 - a32 * b00) * k, (a20 * b03 - a21 * b01 + a22 * b00) * k,
    ];
  };
  // The spec's "validate and fixup" of a DOMMatrix2DInit / DOMMatrixInit: [values, is2D].
  const fixup = (init, threeD) => {
    const d = dictionary(init, threeD ? 'DOMMatrixInit' : 'DOMMatrix2DInit');
    const m = IDENTITY.slice();
    for (const [alias, i] of ALIASES) {
      const [short, long] = [d[alias], d[NAMES[i]]];
      if (short !== undefined && long !== undefined && !Object.is(number(short), number(long)) &&
        !(number(short) === 0 && number(long) === 0)) {
        throw new TypeError(`The '${alias}' and '${NAMES[i]}' members of the matrix must be the same`);
      }
      const value = long !== undefined ? long : short;
      if (value !== undefined) m[i] = number(value);
    }
    let is2D = true;
    if (threeD) {
      for (const i of THREE_D) {
        if (d[NAMES[i]] !== undefined) m[i] = number(d[NAMES[i]]);
      }
      const plain = THREE_D.every((i) => m[i] === IDENTITY[i]);
      if (d.is2D === true && !plain) throw new TypeError('A 2D matrix (is2D) has only 2D members');
      is2D = d.is2D === undefined ? plain : Boolean(d.is2D);
    }
    return [m, is2D];
  };
  const fromArray = (array, name) => {
    if (!(array instanceof (name === 'fromFloat32Array' ? Float32Array : Float64Array))) {
      throw new TypeError(`The argument to ${name} must be a ${name === 'fromFloat32Array' ? 'Float32Array' : 'Float64Array'}`);
    }
    return Array.from(array);
  };

  const creating = Symbol('creating');
  class DOMMatrixReadOnly extends PlatformObject {
    #m;
    #is2D;
    constructor(init = undefined, secret = undefined, values = undefined, is2D = undefined) {
      super();
      if (secret === creating) {
        [this.#m, this.#is2D] = [values, is2D];
        return;
      }
      if (init === undefined) {
        [this.#m, this.#is2D] = [IDENTITY.slice(), true];
      } else if (typeof init === 'string') {
        throw new TypeError("Failed to construct 'DOMMatrix': a string (CSS transform list) is only accepted in a Window");
      } else if (init !== null && typeof init === 'object' && typeof init[Symbol.iterator] === 'function') {
        const list = Array.from(init, number);
        if (list.length === 6) {
          const [a, b, c, d, e, f] = list;
          [this.#m, this.#is2D] = [[a, b, 0, 0, c, d, 0, 0, 0, 0, 1, 0, e, f, 0, 1], true];
        } else if (list.length === 16) {
          [this.#m, this.#is2D] = [list, false];
        } else {
          throw new TypeError(`Failed to construct 'DOMMatrix': The sequence must contain 6 elements for a 2D matrix or 16 elements for a 3D matrix (got ${list.length})`);
        }
      } else {
        throw new TypeError("Failed to construct 'DOMMatrix': The provided value cannot be converted to a sequence.");
      }
    }
    static _make(cls, values, is2D) { return new cls(undefined, creating, values, is2D); }
    static _values(matrix) { return matrix.#m; }
    static _is(matrix) { return #m in matrix; }
    static _set(matrix, values, is2D = matrix.#is2D) { [matrix.#m, matrix.#is2D] = [values, is2D]; }
    static fromMatrix(other = undefined) {
      const [values, is2D] = fixup(other, true);
      return make(this, values, is2D);
    }
    static fromFloat32Array(array32) {
      const values = fromArray(array32, 'fromFloat32Array');
      return new this(values);
    }
    static fromFloat64Array(array64) {
      const values = fromArray(array64, 'fromFloat64Array');
      return new this(values);
    }
    get is2D() { return this.#is2D; }
    get isIdentity() { return this.#m.every((v, i) => v === IDENTITY[i]); }
    translate(tx = 0, ty = 0, tz = 0) { return copy(this).translateSelf(tx, ty, tz); }
    scale(scaleX = 1, scaleY = undefined, scaleZ = 1, originX = 0, originY = 0, originZ = 0) {
      return copy(this).scaleSelf(scaleX, scaleY, scaleZ, originX, originY, originZ);
    }
    scaleNonUniform(scaleX = 1, scaleY = 1) { return copy(this).scaleSelf(scaleX, scaleY, 1, 0, 0, 0); }
    scale3d(scale = 1, originX = 0, originY = 0, originZ = 0) { return copy(this).scale3dSelf(scale, originX, originY, originZ); }
    rotate(rotX = 0, rotY = undefined, rotZ = undefined) { return copy(this).rotateSelf(rotX, rotY, rotZ); }
    rotateFromVector(x = 0, y = 0) { return copy(this).rotateFromVectorSelf(x, y); }
    rotateAxisAngle(x = 0, y = 0, z = 0, angle = 0) { return copy(this).rotateAxisAngleSelf(x, y, z, angle); }
    skewX(sx = 0) { return copy(this).skewXSelf(sx); }
    skewY(sy = 0) { return copy(this).skewYSelf(sy); }
    multiply(other = undefined) { return copy(this).multiplySelf(other); }
    flipX() { return copy(this).multiplySelf({ a: -1 }); }
    flipY() { return copy(this).multiplySelf({ d: -1 }); }
    inverse() { return copy(this).invertSelf(); }
    transformPoint(point = undefined) {
      const p = dictionary(point, 'DOMPointInit');
      const [x, y, z, w] = [number(p.x ?? 0), number(p.y ?? 0), number(p.z ?? 0), number(p.w ?? 1)];
      const m = this.#m;
      return new DOMPoint(
        m[0] * x + m[4] * y + m[8] * z + m[12] * w,
        m[1] * x + m[5] * y + m[9] * z + m[13] * w,
        m[2] * x + m[6] * y + m[10] * z + m[14] * w,
        m[3] * x + m[7] * y + m[11] * z + m[15] * w,
      );
    }
    toFloat32Array() { return new Float32Array(this.#m); }
    toFloat64Array() { return new Float64Array(this.#m); }
    toJSON() {
      const out = {};
      for (const [alias, i] of ALIASES) out[alias] = this.#m[i];
      NAMES.forEach((name, i) => { out[name] = this.#m[i]; });
      out.is2D = this.is2D;
      out.isIdentity = this.isIdentity;
      return out;
    }
    toString() {
      if (!this.#m.every(Number.isFinite)) {
        throw new DOMException('Cannot stringify a matrix with a non-finite value', 'InvalidStateError');
      }
      const m = this.#m;
      return this.#is2D ? `matrix(${[m[0], m[1], m[4], m[5], m[12], m[13]].join(', ')})` : `matrix3d(${m.join(', ')})`;
    }
  }
  const [make, valuesOf, setMatrix, isMatrix] = internals(DOMMatrixReadOnly, '_make', '_values', '_set', '_is');
  // The matrix's members, read-only here and settable on DOMMatrix.
  const MEMBERS = [...ALIASES, ...indexed(NAMES)];
  attributes(DOMMatrixReadOnly, MEMBERS, valuesOf);

  class DOMMatrix extends DOMMatrixReadOnly {
    multiplySelf(other = undefined) {
      const [values, is2D] = fixup(other, true);
      setMatrix(this, product(valuesOf(this), values), this.is2D && is2D);
      return this;
    }
    preMultiplySelf(other = undefined) {
      const [values, is2D] = fixup(other, true);
      setMatrix(this, product(values, valuesOf(this)), this.is2D && is2D);
      return this;
    }
    translateSelf(tx = 0, ty = 0, tz = 0) {
      [tx, ty, tz] = [number(tx), number(ty), number(tz)];
      setMatrix(this, product(valuesOf(this), translation(tx, ty, tz)), this.is2D && tz === 0);
      return this;
    }
    scaleSelf(scaleX = 1, scaleY = undefined, scaleZ = 1, originX = 0, originY = 0, originZ = 0) {
      [scaleX, scaleZ, originX, originY, originZ] = [scaleX, scaleZ, originX, originY, originZ].map(number);
      scaleY = scaleY === undefined ? scaleX : number(scaleY);
      this.translateSelf(originX, originY, originZ);
      setMatrix(this, product(valuesOf(this), scaling(scaleX, scaleY, scaleZ)), this.is2D && scaleZ === 1);
      this.translateSelf(-originX, -originY, -originZ);
      if (scaleZ !== 1 || originZ !== 0) setMatrix(this, valuesOf(this), false);
      return this;
    }
    scale3dSelf(scale = 1, originX = 0, originY = 0, originZ = 0) {
      [scale, originX, originY, originZ] = [scale, originX, originY, originZ].map(number);
      this.translateSelf(originX, originY, originZ);
      setMatrix(this, product(valuesOf(this), scaling(scale, scale, scale)), this.is2D && scale === 1);
      this.translateSelf(-originX, -originY, -originZ);
      return this;
    }
    rotateSelf(rotX = 0, rotY = undefined, rotZ = undefined) {
      if (rotY === undefined && rotZ === undefined) [rotX, rotY, rotZ] = [0, 0, rotX];
      [rotX, rotY, rotZ] = [number(rotX), number(rotY ?? 0), number(rotZ ?? 0)];
      let values = valuesOf(this);
      if (rotZ !== 0) values = product(values, rotation(0, 0, 1, rotZ));
      if (rotY !== 0) values = product(values, rotation(0, 1, 0, rotY));
      if (rotX !== 0) values = product(values, rotation(1, 0, 0, rotX));
      setMatrix(this, values, this.is2D && rotX === 0 && rotY === 0);
      return this;
    }
    rotateFromVectorSelf(x = 0, y = 0) {
      [x, y] = [number(x), number(y)];
      const degrees = x === 0 && y === 0 ? 0 : (Math.atan2(y, x) * 180) / Math.PI;
      setMatrix(this, product(valuesOf(this), rotation(0, 0, 1, degrees)));
      return this;
    }
    rotateAxisAngleSelf(x = 0, y = 0, z = 0, angle = 0) {
      [x, y, z, angle] = [x, y, z, angle].map(number);
      setMatrix(this, product(valuesOf(this), rotation(x, y, z, angle)), this.is2D && x === 0 && y === 0);
      return this;
    }
    skewXSelf(sx = 0) {
      const t = Math.tan(radians(number(sx)));
      setMatrix(this, product(valuesOf(this), [1, 0, 0, 0, t, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]));
      return this;
    }
    skewYSelf(sy = 0) {
      const t = Math.tan(radians(number(sy)));
      setMatrix(this, product(valuesOf(this), [1, t, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]));
      return this;
    }
    invertSelf() {
      const inverted = invert(valuesOf(this));
      if (inverted === null) setMatrix(this, new Array(16).fill(NaN), false);
      else setMatrix(this, inverted);
      return this;
    }
  }
  attributes(DOMMatrix, MEMBERS, valuesOf, (matrix, i, value) => {
    const values = valuesOf(matrix); // its own: no two matrices share their values
    values[i] = number(value);
    if (THREE_D.includes(i) && values[i] !== IDENTITY[i]) setMatrix(matrix, values, false);
  });
  // A DOMMatrix of the same values (what the read-only methods start from).
  const copy = (matrix) => make(DOMMatrix, valuesOf(matrix).slice(), matrix.is2D);

  // structuredClone copies them, each as the interface it is (or extends).
  serializable('DOMPoint', isPoint, (p) => [p instanceof DOMPoint, ...pointValues(p)],
    ([mutable, ...c]) => new (mutable ? DOMPoint : DOMPointReadOnly)(...c));
  serializable('DOMRect', isRect, (r) => [r instanceof DOMRect, ...rectValues(r)],
    ([mutable, ...r]) => new (mutable ? DOMRect : DOMRectReadOnly)(...r));
  serializable('DOMQuad', (q) => quadPoints(q) !== undefined, (q) => quadPoints(q).map(pointValues),
    (points) => new DOMQuad(...points.map(([x, y, z, w]) => ({ x, y, z, w }))));
  serializable('DOMMatrix', isMatrix, (m) => [m instanceof DOMMatrix, valuesOf(m), m.is2D],
    ([mutable, values, is2D]) => make(mutable ? DOMMatrix : DOMMatrixReadOnly, values, is2D));
  for (const [cls, name] of [[DOMPointReadOnly, 'DOMPointReadOnly'], [DOMPoint, 'DOMPoint'],
    [DOMRectReadOnly, 'DOMRectReadOnly'], [DOMRect, 'DOMRect'], [DOMQuad, 'DOMQuad'],
    [DOMMatrixReadOnly, 'DOMMatrixReadOnly'], [DOMMatrix, 'DOMMatrix']]) {
    tag(cls, name);
  }
  Object.defineProperty(DOMMatrixReadOnly, 'length', { value: 0 });
  [DOMPointReadOnly, DOMRectReadOnly, DOMQuad, DOMMatrixReadOnly].forEach(root);
  return { DOMPoint, DOMPointReadOnly, DOMRect, DOMRectReadOnly, DOMQuad, DOMMatrix, DOMMatrixReadOnly };
})
