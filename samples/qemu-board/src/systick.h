/* The Cortex-M SysTick timer, counting interrupts. */
#ifndef SYSTICK_H
#define SYSTICK_H

#include <stdint.h>

/* Starts SysTick on the processor clock with the given reload value and its interrupt enabled. */
void systick_start(uint32_t reload);
void systick_stop(void);
/* Interrupts taken since systick_start. */
uint32_t systick_ticks(void);
void SysTick_Handler(void);

#endif
