--- burden.cli: the command-line options of a user script.
--
--   local opts = burden.cli.options(arg, { out = "out", seedless = false },
--     "burden my_study.lua [--out DIR] [--seedless]")
--
-- Every key of `defaults` is an option `--key`: a string or number default takes the
-- next argument as its value (converted to a number for a number default), a boolean
-- default is a flag that sets true. Anything else raises the usage line (without a
-- position, so the user sees "burden: usage: ...").
local M = {}

function M.options(args, defaults, usage)
  local opts = {}
  for k, v in pairs(defaults) do opts[k] = v end
  local function fail(why)
    error(string.format("%susage: %s", why and (why .. "; ") or "", usage or "see the script"), 0)
  end
  local i = 1
  while i <= #args do
    local name = args[i]:match("^%-%-([%w_%-]+)$")
    local key = name and name:gsub("%-", "_")
    local default = key and defaults[key]
    if default == nil then fail("unknown argument '" .. args[i] .. "'") end
    if type(default) == "boolean" then
      opts[key] = true
      i = i + 1
    else
      local value = args[i + 1]
      if value == nil then fail(args[i] .. " needs a value") end
      if type(default) == "number" then
        value = tonumber(value) or fail(args[i] .. " needs a number, got '" .. value .. "'")
      end
      opts[key] = value
      i = i + 2
    end
  end
  return opts
end

return M
