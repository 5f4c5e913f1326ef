-- The sqlite3 shell on a file database: DDL, data, joins, aggregates,
-- indexes, transactions with a rollback, journal modes, integrity check.
-- Prints to stdout only (every statement here succeeds).
.headers on
.mode list
.nullvalue NULL
PRAGMA journal_mode=DELETE;
PRAGMA foreign_keys=ON;
CREATE TABLE dept(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, budget REAL);
CREATE TABLE emp(
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	dept_id INTEGER REFERENCES dept(id),
	salary INTEGER CHECK (salary > 0),
	hired TEXT,
	manager INTEGER REFERENCES emp(id)
);
CREATE TABLE audit(ts INTEGER, what TEXT);
CREATE TRIGGER emp_ins AFTER INSERT ON emp BEGIN
	INSERT INTO audit VALUES ((SELECT count(*) FROM audit), 'hired ' || NEW.name);
END;
INSERT INTO dept(name, budget) VALUES ('engineering', 1e6), ('sales', 250000.5), ('ops', NULL), ('empty', 0);
INSERT INTO emp(name, dept_id, salary, hired, manager) VALUES
	('ada', 1, 9000, '2019-03-01', NULL),
	('brian', 1, 7000, '2020-07-15', 1),
	('carla', 2, 6500, '2021-01-10', NULL),
	('dmitri', 2, 6000, '2021-11-30', 3),
	('eve', 3, 5000, '2022-05-05', NULL),
	('frank', NULL, 4000, '2023-02-28', NULL);
SELECT count(*) AS n, sum(salary), avg(salary), min(hired), max(hired), total(salary) FROM emp;
SELECT d.name, count(e.id) AS staff, coalesce(sum(e.salary), 0) AS payroll
	FROM dept d LEFT JOIN emp e ON e.dept_id = d.id GROUP BY d.id ORDER BY payroll DESC, d.name;
SELECT e.name, m.name AS boss FROM emp e JOIN emp m ON e.manager = m.id ORDER BY e.name;
SELECT e.name FROM emp e WHERE NOT EXISTS (SELECT 1 FROM dept d WHERE d.id = e.dept_id);
SELECT dept_id, group_concat(name, '+') FROM (SELECT * FROM emp ORDER BY name) GROUP BY dept_id HAVING count(*) > 1;
SELECT name, salary, rank() OVER (ORDER BY salary DESC) AS r,
	sum(salary) OVER (PARTITION BY dept_id) AS dept_total,
	lag(name) OVER (ORDER BY id) AS prev FROM emp ORDER BY id;
SELECT * FROM audit ORDER BY ts;
-- A generated table, an index, and the plan that uses it.
CREATE TABLE nums(n INTEGER, sq INTEGER, tag TEXT);
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000)
	INSERT INTO nums SELECT x, x * x, printf('t%03d', x % 97) FROM c;
CREATE INDEX nums_tag ON nums(tag);
CREATE UNIQUE INDEX nums_n ON nums(n);
SELECT count(*), sum(sq), max(tag) FROM nums;
SELECT tag, count(*) FROM nums WHERE tag BETWEEN 't010' AND 't013' GROUP BY tag;
EXPLAIN QUERY PLAN SELECT * FROM nums WHERE tag = 't042';
EXPLAIN QUERY PLAN SELECT * FROM nums WHERE n = 42;
SELECT n, sq FROM nums WHERE n IN (1, 500, 2000) ORDER BY n DESC;
-- Transactions: a commit, a rollback, a savepoint rolled back to.
BEGIN;
UPDATE emp SET salary = salary + 100 WHERE dept_id = 1;
DELETE FROM nums WHERE n > 1000;
COMMIT;
SELECT sum(salary), (SELECT count(*) FROM nums) FROM emp;
BEGIN;
DELETE FROM emp;
DELETE FROM nums;
SELECT count(*) FROM emp;
ROLLBACK;
SELECT count(*) AS emps_after_rollback, (SELECT count(*) FROM nums) AS nums FROM emp;
BEGIN;
INSERT INTO dept(name) VALUES ('kept');
SAVEPOINT sp1;
INSERT INTO dept(name) VALUES ('dropped');
ROLLBACK TO sp1;
RELEASE sp1;
COMMIT;
SELECT name FROM dept ORDER BY id;
-- Upsert, returning, strings, numbers, dates, json.
CREATE TABLE kv(k TEXT PRIMARY KEY, v INTEGER) WITHOUT ROWID;
INSERT INTO kv VALUES ('a', 1), ('b', 2);
INSERT INTO kv VALUES ('a', 10) ON CONFLICT(k) DO UPDATE SET v = v + excluded.v;
INSERT OR IGNORE INTO kv VALUES ('b', 99);
INSERT INTO kv VALUES ('c', 3) RETURNING k, v * 2;
SELECT * FROM kv ORDER BY k;
SELECT upper('mixed Case'), length('héllo'), substr('abcdef', 2, 3), replace('aaa', 'a', 'bb'),
	instr('hello', 'll'), trim('  x  '), hex('AB'), quote('it''s'), 'a' || NULL;
SELECT 7 / 2, 7 / 2.0, 7 % 3, -7 / 2, 1e308 * 10, abs(-5), round(2.5), round(-2.567, 2), 0.1 + 0.2;
SELECT printf('%d|%5.2f|%e|%s|%x|%q', 42, 3.14159, 12345.678, 'str', 255, 'it''s');
SELECT typeof(1), typeof(1.5), typeof('x'), typeof(x'00'), typeof(NULL), cast('12abc' AS INTEGER);
SELECT date('2024-02-28', '+1 day'), datetime(0, 'unixepoch'), strftime('%Y-%j %H:%M', '2000-12-31 23:59:00'),
	julianday('2000-01-01'), date('2023-01-31', '+1 month');
SELECT json_object('a', 1, 'b', json_array(1, 2, 'x')), json_extract('{"x":{"y":[5,6]}}', '$.x.y[1]');
SELECT key, value FROM json_each('{"p":1,"q":[2,3]}');
SELECT 'fts' AS kind, count(*) FROM pragma_compile_options WHERE compile_options LIKE 'ENABLE_FTS3%';
CREATE VIRTUAL TABLE docs USING fts3(body);
INSERT INTO docs VALUES ('the quick brown fox'), ('lazy dogs sleep'), ('quick thinking');
SELECT body FROM docs WHERE docs MATCH 'quick' ORDER BY body;
CREATE VIEW rich AS SELECT name, salary FROM emp WHERE salary > 6000;
SELECT * FROM rich ORDER BY salary;
.mode column
SELECT id, name, salary FROM emp ORDER BY id LIMIT 3;
.mode csv
SELECT name, budget FROM dept ORDER BY id;
.mode json
SELECT k, v FROM kv ORDER BY k;
.mode line
SELECT name, hired FROM emp WHERE id = 1;
.mode box
SELECT tag, count(*) AS c FROM nums GROUP BY tag ORDER BY c DESC, tag LIMIT 3;
.mode list
-- Journal modes: rollback journal, then write-ahead log.
PRAGMA journal_mode;
PRAGMA journal_mode=TRUNCATE;
INSERT INTO audit VALUES (100, 'in truncate mode');
PRAGMA journal_mode=PERSIST;
INSERT INTO audit VALUES (101, 'in persist mode');
PRAGMA journal_mode=DELETE;
-- Write-ahead log in the normal locking mode: its index is the -shm file,
-- mapped with mmap MAP_SHARED.
PRAGMA journal_mode=WAL;
INSERT INTO audit VALUES (102, 'in wal mode');
BEGIN;
INSERT INTO audit VALUES (103, 'rolled back in wal mode');
ROLLBACK;
PRAGMA wal_checkpoint(TRUNCATE);
SELECT ts, what FROM audit WHERE ts >= 100;
PRAGMA journal_mode=DELETE;
SELECT count(*) FROM audit;
PRAGMA user_version=7;
PRAGMA user_version;
VACUUM;
PRAGMA integrity_check;
PRAGMA foreign_key_check;
SELECT count(*) FROM sqlite_schema;
-- A second database in /tmp, attached.
ATTACH '@TMPDB@' AS other;
CREATE TABLE other.copy AS SELECT n, tag FROM nums WHERE n % 100 = 0;
SELECT count(*), min(n), max(n) FROM other.copy;
SELECT c.n, e.name FROM other.copy c JOIN emp e ON e.id = c.n / 100 ORDER BY c.n;
PRAGMA other.integrity_check;
DETACH other;
