/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TestOS: the PL011 registers and bits it uses ("PrimeCell UART (PL011)
 * Technical Reference Manual", Arm DDI 0183, chapter 3), at
 * TESTOS_UART_BASE.
 */
#ifndef TESTOS_UART_REGS_H
#define TESTOS_UART_REGS_H

#define UART_DR		  0x000
#define UART_FR		  0x018
#define UART_LCR_H	  0x02c
#define UART_CR		  0x030
#define UART_IFLS	  0x034
#define UART_IMSC	  0x038
#define UART_RIS	  0x03c
#define UART_MIS	  0x040
#define UART_ICR	  0x044
#define UART_PERIPHID0	  0xfe0
#define UART_FR_RXFE	  (1U << 4)
#define UART_FR_TXFF	  (1U << 5)
#define UART_FR_TXFE	  (1U << 7)
#define UART_LCR_H_FEN	  (1U << 4)
#define UART_LCR_H_WLEN8  (3U << 5)
#define UART_CR_UARTEN	  (1U << 0)
#define UART_CR_LBE	  (1U << 7)
#define UART_CR_TXE	  (1U << 8)
#define UART_CR_RXE	  (1U << 9)
#define UART_IFLS_RX_HALF (2U << 3) /* receive interrupt at 16 of 32: typing uses the timeout */
#define UART_IFLS_TX_HALF 2U
#define UART_INT_RX	  (1U << 4)
#define UART_INT_TX	  (1U << 5)
#define UART_INT_RT	  (1U << 6)
#define UART_INT_ERRORS	  0x780U /* FE, PE, BE, OE */
#define PL011_PERIPHID0	  0x11	 /* UARTPeriphID0 of an Arm PL011 */

#endif /* TESTOS_UART_REGS_H */
