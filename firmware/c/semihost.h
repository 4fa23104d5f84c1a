/* ARM semihosting, as QEMU implements it (-semihosting-config enable=on). */
#ifndef FIRMWARE_SEMIHOST_H
#define FIRMWARE_SEMIHOST_H

#include <stddef.h>

/* The host's stdout (":tt" opened for writing), or -1. */
int sh_stdout(void);

/* Writes len bytes of buf to the host file fd. */
void sh_write(int fd, const void *buf, size_t len);

/* Ends the emulation; QEMU exits with status `code` (0 to 255). */
void sh_exit(int code) __attribute__((noreturn));

#endif
