/* Vector table and reset handler for a Cortex-M3: copy .data, clear .bss, run main. */
#include <stdint.h>
#include "uart.h"
#include "systick.h"

extern uint32_t _estack;
extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss;

int main(void);
void Reset_Handler(void);
void Default_Handler(void);
void HardFault_Handler(void);

__attribute__((section(".isr_vector"), used))
static const uintptr_t vector_table[16] = {
    (uintptr_t)&_estack,
    (uintptr_t)Reset_Handler,
    (uintptr_t)Default_Handler,   /* NMI */
    (uintptr_t)HardFault_Handler,
    (uintptr_t)HardFault_Handler, /* MemManage */
    (uintptr_t)HardFault_Handler, /* BusFault */
    (uintptr_t)HardFault_Handler, /* UsageFault */
    0, 0, 0, 0,
    (uintptr_t)Default_Handler,   /* SVCall */
    (uintptr_t)Default_Handler,   /* DebugMon */
    0,
    (uintptr_t)Default_Handler,   /* PendSV */
    (uintptr_t)SysTick_Handler,
};

void Reset_Handler(void)
{
    uint32_t *src = &_sidata;
    for (uint32_t *dst = &_sdata; dst < &_edata;) {
        *dst++ = *src++;
    }
    for (uint32_t *dst = &_sbss; dst < &_ebss;) {
        *dst++ = 0;
    }
    main();
    for (;;) {
    }
}

void Default_Handler(void)
{
    uart_puts("Unexpected exception\n");
    for (;;) {
    }
}

/* Prints a death string a harness recognises, then stops. */
void HardFault_Handler(void)
{
    uart_puts("HardFault: the firmware crashed\n");
    for (;;) {
    }
}
