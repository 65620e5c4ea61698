--- burden.fit.nlargs (internal): the argument checks burden.fit.nls and
-- burden.fit.multistart share: data columns as plain arrays of finite numbers, with
-- messages that name the function, the column and the row.
local options = require "burden.options"
local core = require "burden.core.nls"

local M = {}

local INF = math.huge

local function errorf(fmt, ...) error(string.format(fmt, ...), 0) end

-- Counts the C side casts to integers (maxiter, threads) have an upper bound too.
local function at_most(fname, name, v, max)
  if v and v > max then
    options.raise(string.format("%s: %s must be at most %d, got %d", fname, name, max, v))
  end
end

-- Both are in C (engine/lua/nls.c, burden.core.nls): a fit checks its data columns
-- once per call, and the loops over the values are faster there.
-- is_array_of_numbers(t): t is a non-empty table whose items 1..#t are all numbers.
local is_array_of_numbers = core.is_numbers

-- column(fname, values, name): a plain Lua array of the values of a column (array or
-- burden.vector), each a finite number; raises "nls: column 'x' has a missing value at
-- row 2", "... has a string at row 2 (number expected)", "... has a non-finite value
-- (inf) at row 2" or "... must be an array of numbers, got nil" otherwise.
local column = core.numbers

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
M.data_column = data_column

return M
