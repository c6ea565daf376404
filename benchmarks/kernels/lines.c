// benchmarks/bench_wasi.py: a WASI program that prints argv[1] numbered lines
// through C's stdio (the output path a WASI program uses most).
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  int lines = argc > 1 ? atoi(argv[1]) : 0;
  for (int i = 0; i < lines; i++) printf("line %d\n", i);
  return 0;
}
