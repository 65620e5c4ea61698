-- a module that fails, to test tracebacks
local M = {}
function M.fail()
  error("failing on purpose")
end
return M
