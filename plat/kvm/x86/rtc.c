/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The CMOS real-time clock (MC146818): date and time, BCD or binary, 12 or
 * 24 hour, read twice until two reads agree (so no update happened in
 * between), as the date behind ukplat_wall_clock().
 */
#include <kvm/x86/clock.h>
#include <uk/arch/io.h>
#include <errno.h>

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71
#define NMI_OFF 0x80
#define REG_SEC 0x00
#define REG_MIN 0x02
#define REG_HOUR 0x04
#define REG_DAY 0x07
#define REG_MON 0x08
#define REG_YEAR 0x09
#define REG_A 0x0a
#define REG_B 0x0b
#define REG_CENTURY 0x32
#define A_UPDATE_IN_PROGRESS 0x80
#define B_24H 0x02
#define B_BINARY 0x04
#define HOUR_PM 0x80

struct rtc_time {
	unsigned int sec, min, hour, day, mon, year, century;
};

static unsigned int cmos_read(unsigned int reg)
{
	ukarch_outb(CMOS_INDEX, NMI_OFF | reg);
	return ukarch_inb(CMOS_DATA);
}

static int read_once(struct rtc_time *t)
{
	unsigned long spins = 0;

	while (cmos_read(REG_A) & A_UPDATE_IN_PROGRESS)
		if (++spins > 10000000UL)
			return -EIO;
	t->sec = cmos_read(REG_SEC);
	t->min = cmos_read(REG_MIN);
	t->hour = cmos_read(REG_HOUR);
	t->day = cmos_read(REG_DAY);
	t->mon = cmos_read(REG_MON);
	t->year = cmos_read(REG_YEAR);
	t->century = cmos_read(REG_CENTURY);
	return 0;
}

static unsigned int bcd(unsigned int v)
{
	return (v >> 4) * 10 + (v & 0xf);
}

__s64 kvm_days_from_civil(__s64 y, unsigned int m, unsigned int d)
{
	/* Shift the year to start in March so leap days come last. */
	__s64 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

__s64 kvm_rtc_read(void)
{
	struct rtc_time a, b;
	unsigned int regb, hour, pm, year;
	int tries = 0;

	do {
		if (read_once(&a) < 0 || read_once(&b) < 0 || ++tries > 10)
			return -EIO;
	} while (a.sec != b.sec || a.min != b.min || a.hour != b.hour ||
		 a.day != b.day || a.mon != b.mon || a.year != b.year);
	regb = cmos_read(REG_B);
	pm = a.hour & HOUR_PM;
	a.hour &= ~HOUR_PM;
	if (!(regb & B_BINARY)) {
		a.sec = bcd(a.sec), a.min = bcd(a.min), a.hour = bcd(a.hour);
		a.day = bcd(a.day), a.mon = bcd(a.mon), a.year = bcd(a.year);
		a.century = bcd(a.century);
	}
	hour = a.hour;
	if (!(regb & B_24H))
		hour = hour % 12 + (pm ? 12 : 0);
	/* Century register if it holds something sensible, else 20xx. */
	year = a.year + (a.century >= 19 && a.century <= 99 ? a.century * 100
							     : 2000);
	if (a.sec > 59 || a.min > 59 || hour > 23 || a.day < 1 ||
	    a.day > 31 || a.mon < 1 || a.mon > 12 || a.year > 99)
		return -EIO;
	return kvm_days_from_civil(year, a.mon, a.day) * 86400 + hour * 3600 +
	       a.min * 60 + a.sec;
}
