// A WASI program run by Node.js and by jsrun (tests/test_node_wasi.py): its
// arguments and environment, files and directories under the preopened
// /data, paths that try to leave it, a file it tries to create, standard
// input, a sleep, random bytes, standard error and its exit code.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv) {
  for (int i = 0; i < argc; i++) printf("arg %d: %s\n", i, argv[i]);
  printf("env X=%s\n", getenv("X") ? getenv("X") : "(none)");

  FILE *file = fopen("/data/a.txt", "r");
  char line[100];
  if (!file) {
    printf("fopen: %s\n", strerror(errno));
  } else {
    while (fgets(line, sizeof line, file)) printf("read: %s", line);
    fseek(file, 5, SEEK_SET);
    printf("tell %ld\n", ftell(file));
    fclose(file);
  }
  struct stat st;
  int found = stat("/data/sub", &st);
  printf("stat %d dir %d\n", found, S_ISDIR(st.st_mode));
  found = stat("/data/a.txt", &st);
  printf("stat %d size %lld\n", found, (long long)st.st_size);

  DIR *dir = opendir("/data");
  char *names[32];
  int count = 0;
  for (struct dirent *entry; dir && (entry = readdir(dir)) && count < 32;) names[count++] = strdup(entry->d_name);
  if (dir) closedir(dir);
  qsort(names, count, sizeof *names, by_name);
  for (int i = 0; i < count; i++) printf("entry %s\n", names[i]);

  const char *paths[] = {"/data/../etc/passwd", "/data/out", "/data/sub/link", "/etc/passwd", "/data/nope", "/data/sub",
                         "/data/sub/../a.txt"};
  for (unsigned i = 0; i < sizeof paths / sizeof *paths; i++) {
    int fd = open(paths[i], O_RDONLY);
    printf("open %s: %s\n", paths[i], fd >= 0 ? "ok" : strerror(errno));
    if (fd >= 0) close(fd);
  }

  size_t total = 0;
  for (int c; (c = getchar()) != EOF;) total++;
  printf("stdin %zu bytes\n", total);

  struct timespec before, after, pause = {0, 20000000};
  clock_gettime(CLOCK_MONOTONIC, &before);
  nanosleep(&pause, 0);
  clock_gettime(CLOCK_MONOTONIC, &after);
  long slept = (after.tv_sec - before.tv_sec) * 1000 + (after.tv_nsec - before.tv_nsec) / 1000000;
  printf("slept at least 20 ms: %d\n", slept >= 20);

  unsigned char random[64];
  int nonzero = 0;
  getentropy(random, sizeof random);
  for (int i = 0; i < 64; i++) nonzero += random[i] != 0;
  printf("random: %d\n", nonzero > 32);

  fprintf(stderr, "to stderr\n");
  printf("no newline at the end");
  return argc > 2 ? atoi(argv[2]) : 0;
}
