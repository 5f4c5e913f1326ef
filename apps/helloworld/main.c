/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>

#ifdef __Unikraft__
#include <uk/config.h>
#endif

int main(int argc, char *argv[])
{
	printf("Hello world!\n");
	for (int i = 1; i < argc; i++)
		printf("Argument %d: %s\n", i, argv[i]);
	return 0;
}
