-- Two connections of one process (the shell's .connection) on one file
-- database lock each other: a writer's RESERVED lock stops the other's
-- write, its EXCLUSIVE lock (while committing a large change held open)
-- stops the other's read; errors go to stderr, effects to stdout.
.bail off
.headers off
.connection 0
.open locks.db
PRAGMA journal_mode=DELETE;
CREATE TABLE t(x);
INSERT INTO t VALUES (1);
.connection 1
.open locks.db
PRAGMA busy_timeout=0;
BEGIN IMMEDIATE;
INSERT INTO t VALUES (2);
.connection 0
PRAGMA busy_timeout=0;
.print reader sees the committed row only
SELECT group_concat(x) FROM t;
.print a second writer is refused
INSERT INTO t VALUES (3);
BEGIN IMMEDIATE;
.connection 1
COMMIT;
.connection 0
.print after the commit the second writer goes ahead
SELECT group_concat(x) FROM t;
INSERT INTO t VALUES (3);
SELECT group_concat(x) FROM t;
.connection 1
BEGIN EXCLUSIVE;
.connection 0
.print an exclusive lock stops readers
SELECT count(*) FROM t;
.connection 1
ROLLBACK;
.connection 0
SELECT count(*) FROM t;
.print a busy timeout waits, then gives up
PRAGMA busy_timeout=50;
.connection 1
BEGIN EXCLUSIVE;
.connection 0
SELECT count(*) FROM t;
.connection 1
COMMIT;
.connection 0
.connection close 1
SELECT count(*) FROM t;
PRAGMA integrity_check;
.print errors and constraints
CREATE TABLE u(a INTEGER PRIMARY KEY, b TEXT NOT NULL UNIQUE);
INSERT INTO u VALUES (1, 'one');
INSERT INTO u VALUES (1, 'again');
INSERT INTO u VALUES (2, NULL);
INSERT INTO u VALUES (3, 'one');
SELECT * FROM nosuchtable;
SELEC 1;
SELECT count(*) FROM u;
