--- burden.fit.nlargs (internal): the argument checks burden.fit.nls and
-- burden.fit.multistart share: data columns as plain arrays of finite numbers, with
-- messages that name the function, the column and the row.
local options = require "burden.options"

local M = {}

local INF = math.huge

local function errorf(fmt, ...) error(string.format(fmt, ...), 0) end

-- Counts the C side casts to integers (maxiter, threads) have an upper bound too.
local function at_most(fname, name, v, max)
  if v and v > max then
    options.raise(string.format("%s: %s must be at most %d, got %d", fname, name, max, v))
  end
end

local function is_array_of_numbers(t)
  if type(t) ~= "table" or #t == 0 then return false end
  for i = 1, #t do if type(t[i]) ~= "number" then return false end end
  return true
end

-- Plain Lua array of the values of a column (array or burden.vector); name for messages.
local function column(fname, values, name)
  local tv = type(values)
  if tv ~= "table" and tv ~= "userdata" then
    errorf("%s: column '%s' must be an array of numbers, got %s", fname, name, tv)
  end
  local n = #values
  local out = {}
  for i = 1, n do
    local v = values[i]
    if v == nil then errorf("%s: column '%s' has a missing value at row %d", fname, name, i) end
    if type(v) ~= "number" then
      errorf("%s: column '%s' has a %s at row %d (number expected)", fname, name, type(v), i)
    end
    if v ~= v or v == INF or v == -INF then
      errorf("%s: column '%s' has a non-finite value (%s) at row %d", fname, name,
        v ~= v and "nan" or tostring(v), i)
    end
    out[i] = v
  end
  return out
end

-- Several columns at once (one call per fit, not one per column): specs is an array of
-- { values, name }; returns the plain arrays in that order, raising for the first bad one
-- as column does.
local function columns(fname, specs)
  local out = {}
  for i, spec in ipairs(specs) do out[i] = column(fname, spec[1], spec[2]) end
  return out
end

-- The column `name` of a frame (anything with :col) or of a table of named columns.
local function data_column(fname, data, name)
  local ok, col
  if type(data) == "table" and type(data.col) == "function" then
    ok, col = pcall(data.col, data, name)
    if not ok then col = nil end
  elseif type(data) == "table" or type(data) == "userdata" then
    col = data[name]
  end
  return col
end

M.INF = INF
M.errorf = errorf
M.at_most = at_most
M.is_array_of_numbers = is_array_of_numbers
M.column = column
M.columns = columns
M.data_column = data_column

return M
