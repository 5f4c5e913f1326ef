-- A Lua CPU benchmark (support/scripts/bench apps): recursive calls,
-- string building and table sorting. Prints a checksum per part, never
-- a time: the benchmark times the whole process from outside.
local scale = tonumber(arg and arg[1]) or 1

local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print("fib", fib(27 + scale))

local parts, total = {}, 0
for i = 1, 200000 * scale do
	local s = string.format("%d:%x:%s", i, i * 7, ("ab"):rep(i % 5))
	parts[#parts + 1] = s
	total = total + #s
end
local joined = table.concat(parts, ",")
local count = 0
for _ in joined:gmatch("ab") do count = count + 1 end
print("strings", total, #joined, count, (joined:gsub("%d", "")):len())

local seed, t = 42, {}
for i = 1, 300000 * scale do
	seed = (seed * 1103515245 + 12345) % 2147483648
	t[i] = seed
end
table.sort(t)
local words = {}
for i = 1, 100000 * scale do words[i] = tostring(t[i] % 99991) .. "w" end
table.sort(words, function(a, b) return a > b end)
print("sort", t[1], t[#t // 2], t[#t], words[1], words[#words])
