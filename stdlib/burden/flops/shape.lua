--- burden.flops.shape: the small helpers of burden.flops's modules: shapes (checked,
-- copied, compared, printed) and integer sums that refuse to wrap around.
local M = {}

local function shape_text(shape)
  if shape == nil then return "?" end
  local parts = {}
  for i, d in ipairs(shape) do parts[i] = tostring(d) end
  return "{" .. table.concat(parts, ", ") .. "}"
end

local function copy(t)
  local out = {}
  for i, v in ipairs(t) do out[i] = v end
  return out
end

local function same_shape(a, b)
  if #a ~= #b then return false end
  for i = 1, #a do if a[i] ~= b[i] then return false end end
  return true
end

-- Integer sum that refuses to wrap around (Lua integers wrap silently).
local function add(a, b)
  local s = a + b
  if (b > 0 and s < a) or (b < 0 and s > a) then
    error("count overflows a 64-bit integer (more than 9.2e18)", 0)
  end
  return s
end

local function is_integer(x)
  return math.type(x) == "integer" or (math.type(x) == "float" and x == math.floor(x)
    and x >= -2^63 and x < 2^63)
end

local function check_shape(fname, shape, what)
  what = what or "input"
  if type(shape) ~= "table" or #shape == 0 then
    error(string.format("burden.flops.%s: %s must be a list of positive integers (got %s)",
      fname, what, type(shape) == "table" and "an empty table" or type(shape)), 3)
  end
  local out = {}
  for i, d in ipairs(shape) do
    if not is_integer(d) or d < 1 then
      error(string.format("burden.flops.%s: %s dimension %d must be a positive integer (got %s)",
        fname, what, i, tostring(d)), 3)
    end
    out[i] = math.tointeger(d)
  end
  return out
end

M.shape_text = shape_text
M.copy = copy
M.same_shape = same_shape
M.add = add
M.is_integer = is_integer
M.check_shape = check_shape

return M
