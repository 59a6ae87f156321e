/* Polled UART0 of the emulated board: LM3S6965 (PL011) by default, MPS2-AN385 (CMSDK UART) with BOARD_MPS2_AN385. */
#ifndef UART_H
#define UART_H

#include <stdint.h>

void uart_init(void);
void uart_putc(char c);
void uart_puts(const char *s);
void uart_put_u32(uint32_t value);
void uart_put_hex32(uint32_t value);
/* Blocks until a character arrives. */
char uart_getc(void);

#endif
