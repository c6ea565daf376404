// Compiled to Wasm with a source map by scripts/build-wasm-c.sh: the module
// DevTools steps through by these lines (tests/test_inspector_sourcemaps.py).
int square(int x) {
  int y = x * x;
  return y;
}

int sum_of_squares(int n) {
  int total = 0;
  for (int i = 1; i <= n; i++) {
    total += square(i);
  }
  return total;
}
