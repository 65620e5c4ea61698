local x = 1
error("boom at line two")
