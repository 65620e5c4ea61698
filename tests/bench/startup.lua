-- Interpreter start-up, bare: the whole process with require "burden" (submodules load
-- on first use, so this loads almost nothing; see startup_fit and startup_all).
require "burden"
