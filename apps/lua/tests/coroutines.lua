-- Coroutines: generators, passing values, status, errors, wrap, close.
local function gen(n)
	return coroutine.wrap(function()
		for i = 1, n do coroutine.yield(i, i * i) end
		return "done"
	end)
end
local g = gen(3)
print(g()); print(g()); print(g()); print(g())
local co = coroutine.create(function(a, b)
	print("start", a, b)
	local c = coroutine.yield(a + b)
	print("got", c)
	local d, e = coroutine.yield(c * 2)
	print("got", d, e)
	return "end", a + b + c + d + e
end)
print(coroutine.status(co), coroutine.resume(co, 1, 2))
print(coroutine.status(co), coroutine.resume(co, 10))
print(coroutine.resume(co, 3, 4))
print(coroutine.status(co), coroutine.resume(co))
local bad = coroutine.create(function() coroutine.yield(1); error("boom") end)
print(coroutine.resume(bad))
print(coroutine.resume(bad))
print(coroutine.status(bad))
local tbl = coroutine.create(function() error({ code = 7 }) end)
local ok, err = coroutine.resume(tbl)
print(ok, type(err), err.code)
print(coroutine.isyieldable(), select(2, coroutine.running()), type(coroutine.running()))
local inner = coroutine.wrap(function()
	print("yieldable inside", coroutine.isyieldable())
	local ok2, v = pcall(function() return coroutine.yield("across pcall") end)
	print("pcall returned", ok2, v)
	return "finished"
end)
print(inner()); print(inner("resumed"))
local closeme = coroutine.create(function()
	local r <close> = setmetatable({}, { __close = function() print("closed resource") end })
	coroutine.yield()
end)
coroutine.resume(closeme)
print(coroutine.close(closeme), coroutine.status(closeme))
-- A producer/consumer pipeline with a filter in between.
local function producer()
	return coroutine.create(function()
		for _, w in ipairs({ "alpha", "beta", "gamma", "delta" }) do coroutine.yield(w) end
	end)
end
local function filter(src)
	return coroutine.create(function()
		while true do
			local _, w = coroutine.resume(src)
			if not w then return end
			if #w == 5 then coroutine.yield(w:upper()) end
		end
	end)
end
local f = filter(producer())
while true do
	local _, w = coroutine.resume(f)
	if not w then break end
	io.write(w, " ")
end
print()
-- Many coroutines alive at once.
local cos = {}
for i = 1, 1000 do
	cos[i] = coroutine.create(function(x) local y = coroutine.yield(x + 1); return y * 2 end)
end
local total = 0
for i = 1, 1000 do local _, v = coroutine.resume(cos[i], i); total = total + v end
for i = 1, 1000 do local _, v = coroutine.resume(cos[i], i); total = total + v end
print(total)
print(select("#", coroutine.running()), coroutine.resume(coroutine.running()))
