#include "uart.h"

#define REG(addr) (*(volatile uint32_t *)(addr))

#ifdef BOARD_MPS2_AN385
/* CMSDK APB UART0 */
#define UART_BASE    0x40004000u
#define UART_DATA    REG(UART_BASE + 0x00)
#define UART_STATE   REG(UART_BASE + 0x04)
#define UART_CTRL    REG(UART_BASE + 0x08)
#define UART_BAUDDIV REG(UART_BASE + 0x10)
#define STATE_TXFULL 0x1u
#define STATE_RXFULL 0x2u

void uart_init(void)
{
    UART_BAUDDIV = 217; /* 25 MHz / 115200 */
    UART_CTRL = 0x3u;   /* TX and RX enable */
}

void uart_putc(char c)
{
    while (UART_STATE & STATE_TXFULL) {
    }
    UART_DATA = (uint8_t)c;
}

char uart_getc(void)
{
    while (!(UART_STATE & STATE_RXFULL)) {
    }
    return (char)(UART_DATA & 0xFFu);
}
#else
/* Stellaris UART0, a PL011 */
#define UART_BASE    0x4000C000u
#define UART_DR      REG(UART_BASE + 0x000)
#define UART_FR      REG(UART_BASE + 0x018)
#define UART_IBRD    REG(UART_BASE + 0x024)
#define UART_FBRD    REG(UART_BASE + 0x028)
#define UART_LCRH    REG(UART_BASE + 0x02C)
#define UART_CR      REG(UART_BASE + 0x030)
#define FR_RXFE      0x10u
#define FR_TXFF      0x20u

void uart_init(void)
{
    UART_CR = 0;          /* disable while configuring */
    UART_IBRD = 6;        /* 12 MHz / (16 * 115200) = 6.51 */
    UART_FBRD = 33;
    UART_LCRH = 0x60u;    /* 8 data bits, no parity, 1 stop bit, FIFOs off */
    UART_CR = 0x301u;     /* UARTEN, TXE, RXE */
}

void uart_putc(char c)
{
    while (UART_FR & FR_TXFF) {
    }
    UART_DR = (uint8_t)c;
}

char uart_getc(void)
{
    while (UART_FR & FR_RXFE) {
    }
    return (char)(UART_DR & 0xFFu);
}
#endif

void uart_puts(const char *s)
{
    while (*s) {
        uart_putc(*s++);
    }
}

void uart_put_u32(uint32_t value)
{
    char digits[10];
    int n = 0;
    do {
        digits[n++] = (char)('0' + value % 10u);
        value /= 10u;
    } while (value != 0u);
    while (n > 0) {
        uart_putc(digits[--n]);
    }
}

void uart_put_hex32(uint32_t value)
{
    static const char hex[] = "0123456789ABCDEF";
    uart_puts("0x");
    for (int shift = 28; shift >= 0; shift -= 4) {
        uart_putc(hex[(value >> shift) & 0xFu]);
    }
}
