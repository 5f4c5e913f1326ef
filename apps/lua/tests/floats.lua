-- string.format and tostring of floating-point numbers.
local xs = { 0.0, -0.0, 1.0, -1.5, 0.1, 1 / 3, 2 / 3, 100.0, 123456.789, 1e-5, 1e-300, 5e-324,
	2.2250738585072014e-308, 1.7976931348623157e308, 1e21, 1e22, 2^53, 2^63, -2^63, 3.14159265358979 }
for _, x in ipairs(xs) do
	print(tostring(x), string.format("%.17g|%.3f|%e|%g|%.0f|%10.4e|%-12.6g|%+.2f", x, x, x, x, x, x, x, x))
end
for _, x in ipairs({ 0.5, 1.5, 2.5, -0.5, 0.125, 0.375, 1e100, 4503599627370495.5 }) do
	print(string.format("%.0f %.1f %.2f %.20f", x, x, x, x))
end
print(string.format("%a %a %a %A", 1.0, 0.1, -2.5, 255.5))
print(string.format("%.99f", 1 / 3))
print(string.format("%5.1f|%05.1f|%#.0f|%#g|% .3e", 3.14159, -2.5, 7.0, 1.5, 12345.6789))
print(string.format("%g %g %g %g %g", 1e-4, 1e-5, 123456, 1234567, 0.0001234567))
print(1 / 0, -1 / 0, math.huge, -math.huge, math.pi, -math.pi)
print(string.format("%f %e %g", 1 / 0, -1 / 0, 1 / 0))
local nan = 0 / 0
print(nan ~= nan, nan == nan, math.type(nan), string.format("%.1f", math.abs(nan)) == "nan" or
	string.format("%.1f", math.abs(nan)) == "-nan")
print(math.floor(2.5), math.ceil(2.5), math.floor(-2.5), math.sqrt(2), math.exp(1), math.log(10),
	math.log(8, 2), math.log(100, 10), math.sin(1), math.cos(1), math.tan(1))
print(math.atan(1, 2), math.asin(0.5), math.acos(0.5), 2^0.5, 10 ^ -2, 7.0 // 2, 7.5 % 2, -7.5 % -2)
print(3 == 3.0, 2^53 == 2^53 + 1, math.tointeger(2^53), 0.1 + 0.2 == 0.3, 0.1 + 0.2)
print(string.format("%.14g", 0.1 + 0.2), 1e15 + 0.5, 123e-7, 5 // 0.0, -5 // 0.0, 0/0 ~= 0/0)
print(tonumber("0x1.8p1"), tonumber("1e400"), tonumber("-1e400"), tonumber(".5"), tonumber("5."),
	tonumber("0x.1"), tonumber("1e-400"), tonumber("  12.5e2  "))
print(8 // 3 * 1.0, 2^-1074, 2^-1075, 1e308 * 10, -(0 / 0) ~= 0)
local acc = 0.0
for i = 1, 1000 do acc = acc + 1 / i end
print(acc, string.format("%.15f", acc))
print(string.format("%.3f", 2^63), math.maxinteger + 0.0, math.mininteger + 0.0, 2^63 == math.maxinteger + 1.0)
print(math.fmod(5.5, 2), math.fmod(-5.5, 2), math.modf(3.7), math.modf(-3.7), math.modf(1 / 0))
