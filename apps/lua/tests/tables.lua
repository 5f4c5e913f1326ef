-- Tables: construction, length, the table library, metatables, sorting.
local t = { 10, 20, 30, x = 1, ["y z"] = 2, [1.0 + 3] = 40 }
print(#t, t[4], t.x, t["y z"], t[5])
table.insert(t, 50)
table.insert(t, 1, 5)
print(table.concat(t, ","), table.remove(t), table.remove(t, 1), table.concat(t, ","))
print(table.unpack({ 1, 2, 3 }), table.unpack({ 1, 2, 3 }, 2), select("#", table.unpack({}, 1, 3)))
print(table.pack(1, nil, 3).n, select(2, "a", "b", "c"), select(-1, "a", "b", "c"))
print(table.concat(table.move({ 1, 2, 3, 4, 5 }, 2, 4, 1), ","))
local words = {}
for w in ("pear apple fig banana cherry date elderberry grape"):gmatch("%a+") do
	words[#words + 1] = w
end
table.sort(words)
print(table.concat(words, " "))
table.sort(words, function(a, b) return #a < #b or (#a == #b and a > b) end)
print(table.concat(words, " "))
-- A deterministic pseudo-random sequence (an LCG: independent of the
-- libc's rand and of math.random's seeding).
local seed, nums = 12345, {}
for i = 1, 2000 do
	seed = (seed * 1103515245 + 12345) % 2147483648
	nums[i] = seed % 100000
end
table.sort(nums)
local ok = true
for i = 2, #nums do ok = ok and nums[i - 1] <= nums[i] end
print(ok, nums[1], nums[1000], nums[2000])
-- Keys in a stable order (pairs' order is not specified).
local h = {}
for i = 1, 100 do h["k" .. i] = i * i end
local keys = {}
for k in pairs(h) do keys[#keys + 1] = k end
table.sort(keys, function(a, b) return h[a] < h[b] end)
print(#keys, keys[1], keys[50], keys[100])
local n = 0
for _, v in ipairs({ 1, 2, nil, 4 }) do n = n + v end
print(n)
-- Metatables: arithmetic, comparison, index, newindex, call, tostring, len.
local V = {}
V.__index = V
local function vec(x, y) return setmetatable({ x = x, y = y }, V) end
V.__add = function(a, b) return vec(a.x + b.x, a.y + b.y) end
V.__eq = function(a, b) return a.x == b.x and a.y == b.y end
V.__lt = function(a, b) return a.x < b.x end
V.__le = function(a, b) return a.x <= b.x end
V.__tostring = function(v) return "(" .. v.x .. "," .. v.y .. ")" end
V.__len = function(v) return 2 end
V.__call = function(v, k) return v.x * k end
V.__concat = function(a, b) return tostring(a) .. tostring(b) end
V.__unm = function(a) return vec(-a.x, -a.y) end
function V:norm1() return math.abs(self.x) + math.abs(self.y) end
local a, b = vec(1, 2), vec(3, 4)
print(tostring(a + b), a == vec(1, 2), a < b, a <= b, #a, a(10), a .. b, tostring(-a), b:norm1())
local log = {}
local proxy = setmetatable({}, {
	__index = function(_, k) return "default-" .. k end,
	__newindex = function(t2, k, v) log[#log + 1] = k; rawset(t2, k, v * 2) end,
})
proxy.a = 1
proxy.b = 2
print(proxy.a, proxy.b, proxy.c, table.concat(log, ","), rawget(proxy, "c"))
local weak = setmetatable({}, { __mode = "k" })
weak[{}] = 1
collectgarbage()
print(next(weak))
local big = {}
for i = 1, 100000 do big[i] = i end
print(#big, big[#big])
for i = 1, 50000 do big[i] = nil end
local cnt = 0
for _ in pairs(big) do cnt = cnt + 1 end
print(cnt)
