-- Interpreter start-up with every stdlib module loaded (the whole process). The list
-- is written by startup_all.setup.sh from the files under stdlib/.
dofile("build/bench/require_all.lua")
