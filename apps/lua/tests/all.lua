-- Runs every test script in turn (one interpreter start, as on kvm).
for _, name in ipairs({ "strings", "tables", "closures", "coroutines", "floats", "iolib", "errors" }) do
	print("== " .. name)
	dofile(name .. ".lua")
end
print("== all done")
