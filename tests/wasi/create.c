// A WASI program that writes (tests/test_node_wasi.py): under jsrun its
// preopened directory is read-only, and each attempt fails with EROFS.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void report(const char *what, int result) { printf("%s: %s\n", what, result >= 0 ? "ok" : strerror(errno)); }

int main(void) {
  report("create", open("/data/new.txt", O_WRONLY | O_CREAT, 0644));
  report("truncate", open("/data/a.txt", O_WRONLY | O_TRUNC));
  report("append", open("/data/a.txt", O_WRONLY | O_APPEND));
  report("read-write", open("/data/a.txt", O_RDWR));
  report("mkdir", mkdir("/data/made", 0755));
  report("unlink", unlink("/data/a.txt"));
  report("rename", rename("/data/a.txt", "/data/b.txt"));
  report("rmdir", rmdir("/data/sub"));
  report("symlink", symlink("a.txt", "/data/l"));
  FILE *file = fopen("/data/a.txt", "r");
  printf("fputs to a file opened for reading: %d\n", fputs("x", file) >= 0 && fflush(file) == 0);
  return 0;
}
