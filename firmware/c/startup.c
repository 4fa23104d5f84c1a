/*
 * The smallest start-up a Cortex-M3 needs: the vector table (initial stack
 * pointer, reset handler, faults), .data copied from flash, .bss zeroed,
 * main() called and its return value handed to QEMU as the exit status.
 * A fault ends the run with status 70.
 */
#include <stdint.h>

#include "semihost.h"

extern uint32_t __stack_top;
extern uint32_t __data_start, __data_end, __data_load;
extern uint32_t __bss_start, __bss_end;

int main(void);

void reset_handler(void) __attribute__((noreturn));
void fault_handler(void) __attribute__((noreturn));

void reset_handler(void) {
  const uint32_t *src = &__data_load;
  for (uint32_t *dst = &__data_start; dst < &__data_end;) {
    *dst++ = *src++;
  }
  for (uint32_t *dst = &__bss_start; dst < &__bss_end;) {
    *dst++ = 0;
  }
  sh_exit(main());
}

void fault_handler(void) { sh_exit(70); }

/* Initial stack pointer, then the handlers: reset, NMI, HardFault,
 * MemManage, BusFault, UsageFault. Nothing enables an interrupt. */
__attribute__((section(".vector_table"), used)) static const uintptr_t vector_table[7] = {
    (uintptr_t)&__stack_top,    (uintptr_t)reset_handler, (uintptr_t)fault_handler,
    (uintptr_t)fault_handler, (uintptr_t)fault_handler, (uintptr_t)fault_handler,
    (uintptr_t)fault_handler,
};
