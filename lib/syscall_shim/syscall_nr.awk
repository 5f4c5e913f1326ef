# SPDX-License-Identifier: BSD-3-Clause
# <uk/syscall_nr.h> from <uk/syscall_table.h>: __NR_<name> and SYS_<name>
# (Linux's numbers) of every call in the table, for x86_64 and arm64
# (a call without an arm64 number, -1, gets no name there).
# Run by lib/syscall_shim/Makefile.uk into the build directory.
/^UK_SYSCALL_ENTRY\(/ {
	line = $0
	sub(/^UK_SYSCALL_ENTRY\(/, "", line)
	sub(/\).*$/, "", line)
	gsub(/[ \t]/, "", line)
	if (split(line, f, ",") != 5) {
		printf "syscall_nr.awk: %s:%d: not UK_SYSCALL_ENTRY(name, nargs, x86_64 nr, arm64 nr, library): %s\n", \
			FILENAME, FNR, $0 > "/dev/stderr"
		failed = 1
		exit 1
	}
	n++
	name[n] = f[1]
	x86[n] = f[3]
	a64[n] = f[4]
}
function put(nr, i) {
	if (nr[i] >= 0)
		printf "#define __NR_%s %s\n#define SYS_%s __NR_%s\n", \
			name[i], nr[i], name[i], name[i]
}
END {
	if (failed)
		exit 1
	print "/* Generated from <uk/syscall_table.h> by lib/syscall_shim/syscall_nr.awk. */"
	print "#ifndef UK_SYSCALL_NR_H"
	print "#define UK_SYSCALL_NR_H"
	print "#if defined(__x86_64__)"
	for (i = 1; i <= n; i++)
		put(x86, i)
	print "#elif defined(__aarch64__)"
	for (i = 1; i <= n; i++)
		put(a64, i)
	print "#endif"
	print "#endif"
}
