/*
 * TestOS console mode ("testos.console" in the bootargs): after its
 * checks TestOS prints a prompt and runs the commands typed at its PL011.
 * Input is read only in the UART's receive interrupt handler (SPI 1,
 * INTID 33, through the GICv3 or the GICv2), never by polling UARTFR in the main
 * loop, which sleeps in WFI: under Avatar this proves the vPL011's
 * receive FIFO, its interrupt injection and the console mux
 * ('guest attach'). Commands:
 *
 *   help               the commands
 *   echo <text>        print text
 *   irqcount           UART and timer interrupts taken, characters received
 *   after <ms> <text>  print text after ms milliseconds (virtual timer),
 *                      on its own line, while the prompt waits
 *   poweroff           PSCI SYSTEM_OFF
 *   reset              PSCI SYSTEM_RESET
 *
 * The GIC set-up repeats what gic.c's driver does for its checks (the
 * group, priority and enable of two more interrupts, and the CPU
 * interface), so the console also works when those checks did not run
 * (booted bare on QEMU). The GIC version is the guest DTB's.
 */
#include "gic_regs.h"
#include "io.h"
#include "testos.h"
#include "uart_regs.h"

#define CNTV_CTL_ENABLE 1UL

#define LINE_MAX  128
#define RING_SIZE 256 /* a power of two */

#define write_sysreg(v, r) __asm__ volatile("msr " #r ", %0" ::"r"((uint64_t)(v)) : "memory")
#define isb()		   __asm__ volatile("isb" ::: "memory")
#define irqs_on()	   __asm__ volatile("msr daifclr, #2\n\tisb" ::: "memory")
#define irqs_off()	   __asm__ volatile("msr daifset, #2" ::: "memory")

static volatile int active;
static int gic_v2; /* else GICv3 */
static volatile unsigned int uart_irqs, timer_irqs, other_irqs, rx_chars;
static volatile int after_due;
static char ring[RING_SIZE];
static volatile unsigned int ring_head, ring_tail; /* head: the handler; tail: the loop */
static char after_text[LINE_MAX];

/*
 * The receive interrupt: everything in the FIFO into the ring. The
 * interrupt is cleared first, then the FIFO drained: a character that
 * arrives after the last read raises it again. (Cleared after draining,
 * one arriving in between would sit in the FIFO with the interrupt
 * cleared, on a UART whose receive timeout does not fire again, such as
 * QEMU's.)
 */
static void uart_rx_irq(void)
{
	uart_irqs++;
	writel(UART_INT_RX | UART_INT_RT | UART_INT_ERRORS, TESTOS_UART_BASE + UART_ICR);
	while (!(readl(TESTOS_UART_BASE + UART_FR) & UART_FR_RXFE)) {
		char c = (char)(readl(TESTOS_UART_BASE + UART_DR) & 0xff);

		rx_chars++;
		if (ring_head - ring_tail < RING_SIZE)
			ring[ring_head++ % RING_SIZE] = c;
	}
}

int console_handle_irq(void)
{
	if (!active)
		return 0;
	uint64_t iar = gic_v2 ? readl(GICC_BASE + GICC_IAR) : read_sysreg(icc_iar1_el1);
	uint32_t intid = gic_v2 ? iar & GICC_IAR_INTID : iar & 0xffffff;

	if (intid == INTID_SPURIOUS)
		return 1;
	if (intid == INTID_UART) {
		uart_rx_irq();
	} else if (intid == INTID_VTIMER) {
		timer_irqs++;
		write_sysreg(0, cntv_ctl_el0);
		after_due = 1;
	} else {
		other_irqs++;
	}
	if (gic_v2) {
		writel((uint32_t)iar, GICC_BASE + GICC_EOIR);
		return 1;
	}
	write_sysreg(iar, icc_eoir1_el1);
	isb();
	return 1;
}

/* GICv2 (IHI 0048B), no Security Extensions: everything Group 0, signalled as IRQ. */
static void gic_v2_setup(void)
{
	writel(readl(GICD_BASE + GICD_CTLR) | GICD_CTLR_ENABLE_GRP0, GICD_BASE + GICD_CTLR);
	/* The UART's SPI: middle priority, to CPU 0, enabled; the virtual timer's PPI. */
	writeb(0x80, GICD_BASE + GICD_IPRIORITYR + INTID_UART);
	writeb(1, GICD_BASE + GICD_ITARGETSR + INTID_UART);
	writel(1U << (INTID_UART % 32), GICD_BASE + GICD_ISENABLER + 4);
	writeb(0x80, GICD_BASE + GICD_IPRIORITYR + INTID_VTIMER);
	writel(1U << INTID_VTIMER, GICD_BASE + GICD_ISENABLER);
	writel(0xff, GICC_BASE + GICC_PMR);
	writel(readl(GICC_BASE + GICC_CTLR) | GICC_CTLR_ENABLE_GRP0, GICC_BASE + GICC_CTLR);
}

static int gic_setup(int gic_version)
{
	int spins = 0;

	gic_v2 = gic_version == 2;
	if (gic_v2) {
		gic_v2_setup();
		return 1;
	}
	if (gic_version != 3 || ((readl(GICD_BASE + GICD_PIDR2) >> 4) & 0xf) != 3)
		return 0;
	writel(readl(GICD_BASE + GICD_CTLR) | GICD_CTLR_ARE | GICD_CTLR_ENABLE_GRP1,
	       GICD_BASE + GICD_CTLR);
	writel(0, GICR_BASE + GICR_WAKER);
	while ((readl(GICR_BASE + GICR_WAKER) & GICR_WAKER_CHILDREN_ASLEEP) && spins < 1000)
		spins++;
	/* The UART's SPI: group 1, middle priority, to CPU 0 (Aff 0.0.0.0), enabled. */
	writel(readl(GICD_BASE + GICD_IGROUPR + 4) | 1U << (INTID_UART % 32),
	       GICD_BASE + GICD_IGROUPR + 4);
	writeb(0x80, GICD_BASE + GICD_IPRIORITYR + INTID_UART);
	writeq(0, GICD_BASE + GICD_IROUTER + 8 * INTID_UART);
	writel(1U << (INTID_UART % 32), GICD_BASE + GICD_ISENABLER + 4);
	/* The virtual timer's PPI, for 'after'. */
	writel(readl(GICR_SGI_BASE + GICR_IGROUPR0) | 1U << INTID_VTIMER,
	       GICR_SGI_BASE + GICR_IGROUPR0);
	writel(1U << INTID_VTIMER, GICR_SGI_BASE + GICR_ISENABLER0);
	write_sysreg(read_sysreg(icc_sre_el1) | 1, icc_sre_el1);
	isb();
	write_sysreg(0xff, icc_pmr_el1);
	write_sysreg(1, icc_igrpen1_el1);
	isb();
	return 1;
}

static void uart_setup(void)
{
	writel(0, TESTOS_UART_BASE + UART_IMSC);
	writel(UART_LCR_H_FEN | UART_LCR_H_WLEN8, TESTOS_UART_BASE + UART_LCR_H);
	writel(UART_IFLS_RX_HALF | UART_IFLS_TX_HALF, TESTOS_UART_BASE + UART_IFLS);
	writel(UART_CR_UARTEN | UART_CR_TXE | UART_CR_RXE, TESTOS_UART_BASE + UART_CR);
	writel(0x7ff, TESTOS_UART_BASE + UART_ICR);
	writel(UART_INT_RX | UART_INT_RT, TESTOS_UART_BASE + UART_IMSC);
}

static uint64_t parse_uint(const char **p)
{
	uint64_t v = 0;

	while (**p >= '0' && **p <= '9')
		v = v * 10 + (uint64_t)(*(*p)++ - '0');
	return v;
}

static void cmd_after(const char *arg)
{
	const char *p = arg;
	uint64_t ms = parse_uint(&p);
	uint64_t freq = read_sysreg(cntfrq_el0);
	size_t n = 0;

	if (p == arg || *p != ' ') {
		tprintf("usage: after <ms> <text>\n");
		return;
	}
	while (*++p && n + 1 < sizeof(after_text))
		after_text[n++] = *p;
	after_text[n] = '\0';
	after_due = 0;
	write_sysreg(read_sysreg(cntvct_el0) + ms * freq / 1000, cntv_cval_el0);
	write_sysreg(CNTV_CTL_ENABLE, cntv_ctl_el0);
	isb();
	tprintf("in %lu ms\n", ms);
}

static void run(const char *line)
{
	if (!strcmp(line, "help"))
		tprintf("commands: help, echo <text>, irqcount, after <ms> <text>, poweroff, "
			"reset\n");
	else if (!strncmp(line, "echo ", 5))
		tprintf("%s\n", line + 5);
	else if (!strcmp(line, "irqcount"))
		tprintf("uart interrupts: %u, characters: %u, timer interrupts: %u, other: %u\n",
			uart_irqs, rx_chars, timer_irqs, other_irqs);
	else if (!strncmp(line, "after ", 6))
		cmd_after(line + 6);
	else if (!strcmp(line, "poweroff"))
		testos_poweroff();
	else if (!strcmp(line, "reset"))
		testos_reset();
	else if (*line)
		tprintf("unknown command '%s' (try 'help')\n", line);
}

/* The next character typed, or -1 when 'after' is due; sleeps in WFI meanwhile. */
static int next_char(void)
{
	int c = -1;

	irqs_off();
	/* WFI wakes on a pending interrupt even while it is masked: no wake-up is lost. */
	while (ring_head == ring_tail && !after_due) {
		__asm__ volatile("wfi" ::: "memory");
		irqs_on();
		irqs_off();
	}
	if (ring_head != ring_tail)
		c = (unsigned char)ring[ring_tail++ % RING_SIZE];
	else
		after_due = 0;
	irqs_on();
	return c;
}

void console_run(int gic_version)
{
	char line[LINE_MAX];
	size_t len = 0;
	int after_cr = 0;

	if (!gic_setup(gic_version)) {
		tprintf("TestOS: console mode needs a GICv2 or GICv3\n");
		return;
	}
	uart_setup();
	active = 1;
	tprintf("TestOS: console mode, input by interrupt (INTID %d); type 'help'\n", INTID_UART);
	uart_puts("testos> ");
	for (;;) {
		int c = next_char();

		if (c < 0) { /* 'after' is due: its line, then the prompt and the line so far */
			tprintf("\n%s\ntestos> ", after_text);
			for (size_t i = 0; i < len; i++)
				uart_putc(line[i]);
			continue;
		}
		if (c == '\n' && after_cr) {
			after_cr = 0;
			continue;
		}
		after_cr = c == '\r';
		if (c == '\r' || c == '\n') {
			uart_putc('\n');
			line[len] = '\0';
			run(line);
			len = 0;
			uart_puts("testos> ");
		} else if ((c == '\b' || c == 0x7f) && len) {
			len--;
			uart_puts("\b \b");
		} else if (c >= ' ' && c <= '~' && len + 1 < sizeof(line)) {
			line[len++] = (char)c;
			uart_putc((char)c);
		}
	}
}
