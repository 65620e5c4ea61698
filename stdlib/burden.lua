--- burden: the public API.
-- Submodules load on first use: `burden.fit` requires "burden.fit" the first
-- time it is read, so `require "burden"` stays cheap.
local runtime = require "burden.core.runtime"

local burden = {
  version = runtime.version,
}

--- The seed of this run (`--seed N`, default 1); every random stream derives from it.
function burden.seed()
  return runtime.seed()
end

setmetatable(burden, {
  __index = function(t, key)
    if type(key) ~= "string" then return nil end
    local ok, mod = pcall(require, "burden." .. key)
    if not ok then
      -- a missing module reads as nil; an error inside an existing module is raised
      if type(mod) == "string" and mod:find("module 'burden." .. key .. "' not found", 1, true) then
        return nil
      end
      error(mod, 2)
    end
    rawset(t, key, mod)
    return mod
  end,
})

return burden
