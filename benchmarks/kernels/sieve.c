/* The same sieve as sieve.wat and sieve.js, for the Wasm-versus-C comparison. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static unsigned char *mem;

static int sieve(unsigned n) {
  memset(mem, 0, n + 1);
  for (unsigned i = 2; i * i <= n; i++)
    if (!mem[i])
      for (unsigned j = i * i; j <= n; j += i) mem[j] = 1;
  int count = 0;
  for (unsigned i = 2; i <= n; i++) count += !mem[i];
  return count;
}

int main(int argc, char **argv) {
  unsigned n = (unsigned)atoi(argv[1]);
  int runs = atoi(argv[2]);
  mem = malloc(n + 1);
  for (int r = 0; r < runs; r++) {
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    int count = sieve(n);
    clock_gettime(CLOCK_MONOTONIC, &b);
    printf("%d %.6f\n", count, (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9);
  }
  return 0;
}
