#include "systick.h"

#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)
#define CSR_ENABLE    0x1u
#define CSR_TICKINT   0x2u
#define CSR_CLKSOURCE 0x4u

static volatile uint32_t ticks;

void systick_start(uint32_t reload)
{
    SYST_CSR = 0;
    ticks = 0;
    SYST_RVR = reload & 0x00FFFFFFu;
    SYST_CVR = 0;
    SYST_CSR = CSR_ENABLE | CSR_TICKINT | CSR_CLKSOURCE;
}

void systick_stop(void)
{
    SYST_CSR = 0;
}

uint32_t systick_ticks(void)
{
    return ticks;
}

void SysTick_Handler(void)
{
    ticks++;
}
