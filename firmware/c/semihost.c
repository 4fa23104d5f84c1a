/* ARM semihosting calls (bkpt 0xAB on M-profile), without newlib's stdio. */
#include "semihost.h"

#include <stdint.h>

enum {
  SYS_OPEN = 0x01,
  SYS_WRITE = 0x05,
  SYS_EXIT = 0x18,
  SYS_EXIT_EXTENDED = 0x20,
  ADP_STOPPED_APPLICATION_EXIT = 0x20026,
  ADP_STOPPED_RUN_TIME_ERROR = 0x20023,
};

static int sh_call(int op, const void *arg) {
  register int r0 __asm__("r0") = op;
  register const void *r1 __asm__("r1") = arg;
  __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

int sh_stdout(void) {
  static const char tt[] = ":tt";
  /* Mode 4 is fopen's "w": the host's stdout. */
  const uintptr_t args[3] = {(uintptr_t)tt, 4, sizeof tt - 1};
  return sh_call(SYS_OPEN, args);
}

void sh_write(int fd, const void *buf, size_t len) {
  const uintptr_t args[3] = {(uintptr_t)fd, (uintptr_t)buf, len};
  (void)sh_call(SYS_WRITE, args);
}

void sh_exit(int code) {
  /* SYS_EXIT_EXTENDED carries the status; QEMU exits with it. */
  const uintptr_t args[2] = {ADP_STOPPED_APPLICATION_EXIT, (uintptr_t)code};
  (void)sh_call(SYS_EXIT_EXTENDED, args);
  /* A host without it: plain SYS_EXIT, success or failure. */
  (void)sh_call(SYS_EXIT, (const void *)(uintptr_t)(code == 0 ? ADP_STOPPED_APPLICATION_EXIT
                                                             : ADP_STOPPED_RUN_TIME_ERROR));
  for (;;) {
  }
}
