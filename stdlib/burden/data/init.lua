--- burden.data: frames (named, typed columns stored in C), CSV and JSON I/O.
--
-- A frame holds columns of equal length, each a burden.column userdata
-- (engine/lua/column.c): numbers and integers as doubles + missing mask (the
-- vectors fits read without copying), strings, booleans. Every column supports
-- #col and col[i] (nil when missing). Frame operations return new frames;
-- columns are shared when unchanged (they are never modified in place).
local core = require "burden.core.frame"
local column = require "burden.core.column"
local vector = require "burden.core.vector"
local suggest = require "burden.suggest"
local options = require "burden.options"

local data = {}

-- The options each function accepts (burden.options.check rejects any other key).
local OPTS = {
  read_csv = { "sep", "quote", "thousands", "header", "dedupe", "ragged", "utf8", "na", "select",
    "comment", "skip", "max_line", "types" },
  frame = { "order", "n", "types" },
  format = { "rows", "width" },
}
data.OPTIONS = OPTS

local Frame = {}
-- f[i] is row i (f:row(i); nil outside 1..nrow), so a frame reads like the array of row
-- tables it replaces: #f, f[1], and `for i, r in ipairs(f)` (Lua 5.4's ipairs goes
-- through __index) work. Any other key is a method. Both lookups are in C
-- (engine/lua/frame.c): every method call on a frame and every row passes through them.
Frame.__index = core.index(Frame)
Frame.__name = "burden.frame"

local TYPES = { number = true, integer = true, string = true, boolean = true }

-- ---- helpers ---------------------------------------------------------------------------

--- The up to three names closest to `want`, quoted and comma-separated.
function data.closest(names, want)
  local out = suggest.closest(names, want, 3)
  for k, name in ipairs(out) do out[k] = "'" .. name .. "'" end
  return table.concat(out, ", ")
end

local function unknown_column(fname, names, want, level)
  error(string.format("%s: unknown column '%s' (closest: %s)", fname, tostring(want),
    data.closest(names, tostring(want))), level + 1)
end

local function is_column(x)
  return column.kind(x) ~= nil
end

-- The largest positive integer key of a table (its length even with nil holes).
local function extent(t)
  local n = 0
  for k in pairs(t) do
    if math.type(k) == "integer" and k > n then n = k end
  end
  return n
end

-- A column object from a Lua array, plus its type name.
local function column_from_array(fname, name, values, n)
  local kind
  for i = 1, n do
    local v = values[i]
    if v ~= nil then
      local t = type(v)
      if t ~= "number" and t ~= "string" and t ~= "boolean" then
        error(string.format("%s: column '%s' row %d: %s values are not supported", fname, name, i,
          t), 3)
      end
      if kind == nil then
        kind = t
      elseif kind ~= t then
        error(string.format("%s: column '%s' mixes %ss and %ss (row %d)", fname, name, kind, t,
          i), 3)
      end
    end
  end
  if kind == "string" then
    return column.strings(values, n), "string"
  elseif kind == "boolean" then
    return column.booleans(values, n), "boolean"
  end
  local v = vector.new(n)
  local all_int = true
  for i = 1, n do
    local x = values[i]
    if x == nil then
      v[i] = nil
    else
      v[i] = x
      if math.type(x) ~= "integer" then all_int = false end
    end
  end
  return v, (kind == "number" and all_int) and "integer" or "number"
end

-- A column a frame may keep: a writable vector is copied (as R's data.frame and pandas'
-- DataFrame copy their input), so writing into the caller's vector later cannot change
-- the frame; read-only columns (views, text, booleans) are shared as they are.
local function own(col)
  if column.is(col, "number") and not column.is_view(col) then return col:copy() end
  return col
end

local function column_type(col, hint)
  local k = column.kind(col)
  if k == "number" then
    return (hint == "integer") and "integer" or "number"
  end
  return k
end

-- Builds a frame from parallel arrays of names, columns and types (no copies).
local function make(names, cols, types, nrow)
  local byname, typeof = {}, {}
  for i, name in ipairs(names) do
    byname[name] = cols[i]
    typeof[name] = types[i]
  end
  return setmetatable({ _names = names, _cols = byname, _types = typeof, _nrow = nrow }, Frame)
end

local function from_core(t)
  return make(t.names, t.columns, t.types, t.nrow)
end

-- ---- constructors ----------------------------------------------------------------------

-- A column read as text although nearly all its cells are numbers is almost always one
-- bad cell ("n/a?", "1.2.3"), and would silently become a factor in a fit: say where it
-- is. `reread(types)` reads the source again with the column forced to number, whose
-- error names the file, line and cell. Columns whose type the caller gave are left alone.
local function warn_mostly_numeric(t, opts, reread, name)
  local forced = type(opts) == "table" and type(opts.types) == "table" and opts.types or {}
  for c, cname in ipairs(t.names) do
    if t.types[c] == "string" and (forced[cname] == nil or forced[cname] == "auto") then
      local col = t.columns[c]
      local nnum, nbad, first = 0, 0, nil
      for i = 1, t.nrow do
        local v = col[i]
        if v ~= nil then
          if tonumber(v) then nnum = nnum + 1 else nbad = nbad + 1; first = first or v end
        end
      end
      if nbad > 0 and nnum >= 2 and nbad * 4 <= nnum then
        -- under options.without_warnings (the importers) nobody would see it: skip the
        -- re-reading of the file for this column and every other (asked once per read)
        if options.warnings_off() then return t end
        local types = {}
        for k, v in pairs(forced) do types[k] = v end
        types[cname] = "number"
        local ok, err = pcall(reread, types)
        local where = not ok and tostring(err):match("^(.-:%d+): ") or (name or "csv")
        options.warn(string.format("%s: column '%s' is read as text because of '%s' " ..
          "(%d of %d values are not numbers): types = { %s = \"number\" } makes it an error, " ..
          "na = { \"%s\" } reads it as missing, types = { %s = \"string\" } keeps the text",
          where, cname, first, nbad, nnum + nbad, cname, first, cname))
      end
    end
  end
  return t
end

local function with_types(opts, types)
  local o = {}
  for k, v in pairs(opts or {}) do o[k] = v end
  o.types = types
  return o
end

-- "cannot open x.csv: reason" -> "cannot open 'x.csv': reason"
local function quote_path(msg, path)
  local plain = "cannot open " .. path .. ": "
  if msg:sub(1, #plain) == plain then
    return "cannot open '" .. path .. "': " .. msg:sub(#plain + 1)
  end
  return msg
end

--- Reads a CSV file into a frame; nil and a message when the file cannot be opened.
-- One file read into a frame (its options already checked), or nil and the message.
local function read_file(path, opts)
  local t, msg = core.read_csv(path, opts)
  if not t then return nil, quote_path(msg, path) end
  warn_mostly_numeric(t, opts, function(types) return core.read_csv(path, with_types(opts, types)) end,
    path)
  return from_core(t)
end

-- One text read into a frame (its options already checked).
local function read_text(text, opts, name)
  local t = core.read_csv_text(text, opts, name)
  warn_mostly_numeric(t, opts, function(types)
    return core.read_csv_text(text, with_types(opts, types), name)
  end, name)
  return from_core(t)
end

-- The array forms of read_csv and read_csv_text: each of `list` (paths or texts) read by
-- read_one(item, its options, its name) as if alone, the rows bound as f:bind_rows binds
-- them. opts: one options table for every item, or an array of one per item. Returns
-- the frame and each item's row count, or nil and the message of a file that cannot be
-- opened.
local function read_many(fname, list, opts, names, read_one)
  local n = #list
  for k = 1, n do
    if type(list[k]) ~= "string" then
      error(string.format("bad argument #1 to '%s' (string expected at index %d, got %s)",
        fname, k, type(list[k])), 3)
    end
  end
  local each = type(opts) == "table" and opts[1] ~= nil
  if each then
    if #opts ~= n then
      error(string.format("bad argument #2 to '%s' (%d option tables for %d %s)", fname, #opts,
        n, fname == "read_csv" and "files" or "texts"), 3)
    end
    options.check_each("data." .. fname .. ": opts[%d]", opts, OPTS.read_csv)
  else
    options.check("data." .. fname, opts, OPTS.read_csv, 2)
  end
  local frames, counts = {}, {}
  for k = 1, n do
    local f, msg = read_one(list[k], each and opts[k] or opts, names and names[k])
    if not f then return nil, msg end
    frames[k], counts[k] = f, f._nrow
  end
  if n == 0 then return make({}, {}, {}, 0), counts end
  return frames[1]:bind_rows(table.unpack(frames, 2)), counts
end

--- Reads a CSV file into a frame; nil and a message when the file cannot be opened.
-- Given an array of paths, reads them all as read_csv_text reads an array of texts:
-- returns the frame and each file's row count, or nil and the message of the first file
-- that cannot be opened.
function data.try_read_csv(path, opts)
  if type(path) == "table" then return read_many("read_csv", path, opts, path, read_file) end
  if type(path) ~= "string" then
    error("bad argument #1 to 'read_csv' (path expected, got " .. type(path) .. ")", 2)
  end
  options.check("data.read_csv", opts, OPTS.read_csv, 2)
  return read_file(path, opts)
end

--- Reads a CSV file into a frame; raises "cannot open 'x.csv': No such file or directory"
-- when the file cannot be opened (try_read_csv returns nil and the message instead).
-- Given an array of paths: the frame of them all and each file's row count.
function data.read_csv(path, opts)
  local f, counts_or_msg = data.try_read_csv(path, opts)
  if not f then error(counts_or_msg, 0) end
  return f, counts_or_msg
end

--- Reads CSV text already in memory; name is the path used in error messages. Given an
-- array of texts (name: an array of their names; opts: one options table for all, or an
-- array of one per text), reads each as alone and binds their rows as f:bind_rows does
-- (columns matched by name); returns that frame and an array of each text's row count.
function data.read_csv_text(text, opts, name)
  if type(text) == "table" then
    if name ~= nil and type(name) ~= "table" then
      error("bad argument #3 to 'read_csv_text' (array of names expected with an array of " ..
        "texts, got " .. type(name) .. ")", 2)
    end
    return read_many("read_csv_text", text, opts, name, read_text)
  end
  if type(text) ~= "string" then
    error("bad argument #1 to 'read_csv_text' (string expected, got " .. type(text) .. ")", 2)
  end
  options.check("data.read_csv_text", opts, OPTS.read_csv, 2)
  return read_text(text, opts, name)
end

--- The default missing-value tokens of read_csv.
function data.default_na()
  return core.default_na()
end

--- A frame from Lua data: { name = array_or_column, ... } (names sorted, or in opts.order)
-- or an array of { name, values } pairs (in that order).
function data.frame(spec, opts)
  if type(spec) ~= "table" then
    error("bad argument #1 to 'frame' (table of columns expected, got " .. type(spec) .. ")", 2)
  end
  opts = opts or {}
  local names, values = {}, {}
  if spec[1] ~= nil then
    for i, pair in ipairs(spec) do
      if type(pair) ~= "table" or type(pair[1]) ~= "string" or pair[2] == nil then
        error(string.format("bad argument #1 to 'frame' ({name, values} expected at index %d)", i), 2)
      end
      names[i] = pair[1]
      values[pair[1]] = pair[2]
    end
  else
    for k in pairs(spec) do
      if type(k) ~= "string" then
        error("bad argument #1 to 'frame' (column names must be strings)", 2)
      end
      names[#names + 1] = k
    end
    table.sort(names)
    if opts.order then
      local seen, ordered = {}, {}
      for _, name in ipairs(opts.order) do
        if spec[name] == nil then unknown_column("frame", names, name, 2) end
        if not seen[name] then ordered[#ordered + 1] = name end
        seen[name] = true
      end
      for _, name in ipairs(names) do
        if not seen[name] then ordered[#ordered + 1] = name end
      end
      names = ordered
    end
    values = spec
  end
  local seen = {}
  for _, name in ipairs(names) do
    if seen[name] then error("frame: duplicate column name '" .. name .. "'", 2) end
    seen[name] = true
  end
  -- the row count: the longest array (nil holes allowed), or the length of a column object
  local nrow = opts.n
  for _, name in ipairs(names) do
    local v = values[name]
    if is_column(v) then
      nrow = nrow or #v
    elseif type(v) ~= "table" then
      error(string.format("frame: column '%s' must be an array or a column, got %s", name,
        type(v)), 2)
    end
  end
  if nrow == nil then
    nrow = 0
    for _, name in ipairs(names) do nrow = math.max(nrow, extent(values[name])) end
  end
  local cols, types = {}, {}
  for i, name in ipairs(names) do
    local v = values[name]
    local n = is_column(v) and #v or extent(v)
    if (is_column(v) and n ~= nrow) or n > nrow then
      error(string.format("frame: column '%s' has %d rows, expected %d", name, n, nrow), 2)
    end
    if is_column(v) then
      cols[i], types[i] = own(v), column_type(v, opts.types and opts.types[name])
    else
      cols[i], types[i] = column_from_array("frame", name, v, nrow)
    end
  end
  return make(names, cols, types, nrow or 0)
end

--- True when x is a frame.
function data.is_frame(x)
  return getmetatable(x) == Frame
end

-- ---- basic access ----------------------------------------------------------------------

function Frame:nrow() return self._nrow end

function Frame:ncol() return #self._names end

--- The column names, in order (a copy).
function Frame:names()
  local out = {}
  for i, n in ipairs(self._names) do out[i] = n end
  return out
end

--- True when the frame has a column of that name.
function Frame:has(name)
  return self._cols[name] ~= nil
end

-- Read-only views of columns, one per (column, name): frames share columns, so a write
-- through f:col would change every frame holding it; the view's name is the column's in
-- this frame, for the error (weak keys: a view lives as long as its column).
local views = setmetatable({}, { __mode = "k" })

--- The column as a read-only view, read without copying: #col, col[i], nil when
-- missing; integer columns read as Lua integers. Writes raise "column 'a' is
-- read-only"; col:copy() gives a new column (a writable vector for numbers).
function Frame:col(name)
  local c = self._cols[name]
  if c == nil then unknown_column("col", self._names, name, 2) end
  local integer = self._types[name] == "integer"
  local byname = views[c]
  if not byname then byname = {}; views[c] = byname end
  local key = integer and name .. "\0i" or name
  local v = byname[key]
  if not v then
    v = column.view(c, name, integer)
    byname[key] = v
  end
  return v
end

--- Every column as f:col gives it (read-only views), in column order: one call for a
-- reader that walks all the columns.
function Frame:columns()
  local out = {}
  for i, name in ipairs(self._names) do out[i] = self:col(name) end
  return out
end

--- The type of each column: { name = "integer" | "number" | "string" | "boolean" }.
function Frame:types()
  local out = {}
  for _, n in ipairs(self._names) do out[n] = self._types[n] end
  return out
end

--- The type of one column.
function Frame:type(name)
  if self._cols[name] == nil then unknown_column("type", self._names, name, 2) end
  return self._types[name]
end

local function cell(self, name, i)
  local v = self._cols[name][i]
  if v ~= nil and self._types[name] == "integer" then
    return math.tointeger(v) or v
  end
  return v
end

--- Row i as a table keyed by column name (missing values absent): Frame.row(f, i), in C
-- (engine/lua/frame.c) as where and mutate build one per row. Raises "bad argument #1 to
-- 'row' (integer expected, got float)" and "row: index 5 out of range 1..4".
Frame.row = core.row

--- Iterator over rows: for i, r in frame:rows() do ... end (in C, engine/lua/frame.c:
-- a loop over the rows in another file makes no call into this one per row).
Frame.rows = core.rows

--- The values of a column as a Lua array (nil holes for missing values).
function Frame:values(name)
  local c = self:col(name)
  local out = {}
  for i = 1, self._nrow do out[i] = cell(self, name, i) end
  return out, c
end

-- ---- printing --------------------------------------------------------------------------

local function display(v, t)
  if v == nil then return "NA" end
  if t == "integer" then return string.format("%d", math.tointeger(v) or v) end
  if t == "number" then
    if v ~= v then return "NaN" end
    if v == math.huge then return "Inf" end
    if v == -math.huge then return "-Inf" end
    return string.format("%.6g", v)
  end
  if t == "boolean" then return tostring(v) end
  local s = tostring(v):gsub("[\r\n\t]", " ")
  if (utf8.len(s) or #s) > 28 then
    local cut = utf8.len(s) and utf8.offset(s, 26) or 26
    s = s:sub(1, cut - 1) .. "..."
  end
  return s
end

local function width(s)
  return utf8.len(s) or #s
end

--- A readable table: the first rows (opts.rows, default 10) of as many columns as fit in
-- opts.width characters (default 100; the first column always shows), the column types,
-- the row count and the names of the columns left out.
function Frame:format(opts)
  opts = options.check("format", opts, OPTS.format)
  local show = math.min(self._nrow, opts.rows or 10)
  local limit = opts.width or 100
  local rowlabel = { "", "" }
  for i = 1, show do rowlabel[#rowlabel + 1] = tostring(i) end
  local cols, widths, numeric = { rowlabel }, { width(tostring(show)) }, { true }
  local used = widths[1]
  local shown = 0
  for _, name in ipairs(self._names) do
    local t = self._types[name]
    local cells = { name, "<" .. t .. ">" }
    local c = self._cols[name]
    local w = math.max(width(name), width(cells[2]))
    for i = 1, show do
      cells[#cells + 1] = display(c[i], t)
      w = math.max(w, width(cells[#cells]))
    end
    if shown > 0 and used + 2 + w > limit then break end
    cols[#cols + 1], widths[#widths + 1] = cells, w
    numeric[#numeric + 1] = t == "number" or t == "integer"
    used = used + 2 + w
    shown = shown + 1
  end
  local lines = { string.format("frame: %d rows x %d columns", self._nrow, #self._names) }
  for i = 1, show + 2 do
    local parts = {}
    for j, cells in ipairs(cols) do
      local s = cells[i]
      local pad = string.rep(" ", widths[j] - width(s))
      parts[j] = numeric[j] and (pad .. s) or (s .. pad)
    end
    lines[#lines + 1] = (table.concat(parts, "  "):gsub("%s+$", ""))
  end
  if show < self._nrow then
    lines[#lines + 1] = string.format("... %d more rows", self._nrow - show)
  end
  if shown < #self._names then
    local rest = {}
    for k = shown + 1, #self._names do rest[#rest + 1] = self._names[k] end
    lines[#lines + 1] = string.format("... %d more columns: %s", #rest, table.concat(rest, ", "))
  end
  return table.concat(lines, "\n")
end

Frame.__tostring = function(self) return self:format() end

function Frame.__len(self) return self._nrow end

data.Frame = Frame

-- frame operations, writers and parsers live in sibling files
require("burden.data.ops")(data, Frame, { core = core, column = column, own = own, make = make,
  unknown = unknown_column, cell = cell, column_from_array = column_from_array, extent = extent })

require("burden.data.hardware")(data)

-- errors read as raised at the caller's line
-- (and data.frame's options checked there; a reader's are one table or an array of them,
-- checked in the function)
options.wrap_all(data, { "read_csv", "try_read_csv", "read_csv_text", "frame" },
  { frame = { name = "data.frame", options = OPTS.frame, arg = 2 } })

return data
