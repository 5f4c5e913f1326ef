-- Closures, varargs, upvalues, recursion, goto, integer/float loops.
local function counter(start)
	local n = start
	return function(step) n = n + (step or 1); return n end, function() return n end
end
local inc, get = counter(10)
inc(); inc(5)
print(get(), inc(-1))
local fns = {}
for i = 1, 5 do fns[i] = function() return i * i end end
local out = {}
for i = 1, 5 do out[i] = fns[i]() end
print(table.concat(out, " "))
local function sum(...)
	local s = 0
	for _, v in ipairs({ ... }) do s = s + v end
	return s, select("#", ...)
end
print(sum(1, 2, 3, 4.5), sum())
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(20))
local function tailcount(n, acc) if n == 0 then return acc end return tailcount(n - 1, acc + 1) end
print(tailcount(100000, 0))
local function memo(f)
	local cache = {}
	return function(x)
		local v = cache[x]
		if v == nil then v = f(x); cache[x] = v end
		return v
	end
end
local calls = 0
local sq = memo(function(x) calls = calls + 1; return x * x end)
print(sq(4), sq(4), sq(5), calls)
for i = 10, 1, -3 do io.write(i, " ") end
for x = 0, 1, 0.25 do io.write(x, " ") end
print()
do
	local i = 1
	::top::
	if i <= 3 then io.write("goto", i, " "); i = i + 1; goto top end
	print()
end
local compose = function(f, g) return function(...) return f(g(...)) end end
print(compose(string.upper, string.reverse)("closure"))
local obj = { v = 0 }
function obj.add(self, x) self.v = self.v + x; return self end
print(obj:add(1):add(2):add(3).v)
local t <const> = 42
do
	local closed = {}
	do
		local x <close> = setmetatable({}, { __close = function() closed[#closed + 1] = "x" end })
		local y <close> = setmetatable({}, { __close = function() closed[#closed + 1] = "y" end })
	end
	print(t, table.concat(closed, ","))
end
print(string.format("%d %s", 3, load("return 1 + 2")()), load("syntax error here"))
local env = { print = print, x = "from env" }
load("print(x)", "chunk", "t", env)()
print(math.type(1), math.type(1.0), math.type("1"), math.tointeger(3.0), math.tointeger(3.5))
print(math.max(3, 7.5, -1), math.min(2, -2), math.abs(math.mininteger), math.floor(-3.5), math.ceil(-3.5))
print(math.fmod(7, 3), math.fmod(-7, 3), math.ult(1, -1), 7 & 3, 7 | 8, 7 ~ 2, ~0, 1 << 62, -1 >> 60)
