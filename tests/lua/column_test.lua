-- burden.core.column: the one column userdata (numbers, strings, booleans) and its
-- primitives; burden.core.vector is its number-column part.
local column = require "burden.core.column"
local vector = require "burden.core.vector"

describe("column", function()
  it("is one type for every kind", function()
    local n, s, b = column.new{ 1, 2 }, column.strings{ "a", nil, "c" }, column.booleans{ true, false }
    eq({ column.kind(n), column.kind(s), column.kind(b), column.kind({}) }, { "number", "string", "boolean", nil })
    eq(getmetatable(n), getmetatable(s))
    eq(getmetatable(n), getmetatable(b))
    assert(column.is(s) and column.is(s, "string") and not column.is(s, "number"))
    -- vector.is stays true for number columns only
    assert(vector.is(n) and not vector.is(s) and not vector.is(b))
    eq({ #n, #s, #b }, { 2, 3, 2 })
    eq(s:nmissing(), 1)
    eq(tostring(s), 'strings("a", NA, "c") [3]')
  end)

  it("copies and views every kind; only a number column its maker owns takes writes", function()
    local s = column.strings{ "x", "y" }
    local c = s:copy()
    eq(c:totable(), { "x", "y" })
    assert(not rawequal(c, s))
    assert_error("string columns are read-only (build a new column instead)", function() c[1] = "z" end)
    local v = column.view(s, "name")
    assert(column.is_view(v) and not column.is_view(s))
    assert_error("column 'name' is read-only; string columns cannot be changed in place", function() v[1] = "z" end)
    local n = column.new{ 1, 2 }
    local nv = column.view(n, "x", true)
    eq(math.type(nv[1]), "integer")
    n[1] = 5 -- the view shares the values
    eq(nv[1], 5)
    local w = nv:copy()
    w[2] = nil
    eq(w:totable(), { 5.0 })
    eq(n[2], 2.0)
  end)

  it("a number column read from CSV owns the reader's arrays, sized to its rows", function()
    local frame = require "burden.core.frame"
    local lines = { "x,k,s" }
    for i = 1, 300 do lines[#lines + 1] = string.format("%d.5,%d,r%d", i, i, i) end
    lines[#lines + 1] = ",,"
    local t = frame.read_csv_text(table.concat(lines, "\n") .. "\n")
    local x, k = t.columns[1], t.columns[2]
    assert(vector.is(x) and vector.is(k))
    eq({ #x, #k, x:nmissing(), k:nmissing() }, { 301, 301, 1, 1 })
    eq({ x[1], x[300], x[301], k[300] }, { 1.5, 300.5, nil, 300.0 })
    x[1] = 7 -- its maker's column takes writes into the taken arrays
    eq(x[1], 7.0)
    local v = column.view(x, "x")
    collectgarbage()
    eq(v[300], 300.5) -- the view keeps the arrays alive
    local empty = frame.read_csv_text("a\n")
    eq(#empty.columns[1], 0)
  end)

  it("takes, joins and orders columns of any kind", function()
    local s = column.strings{ "b", "a", "c" }
    eq(column.take(s, { 3, 0, 1 }):totable(), { "c", nil, "b" })
    eq(column.concat(s, column.strings{ "d" }):totable(), { "b", "a", "c", "d" })
    eq(column.order({ s }, { false }):totable(), { 2.0, 1.0, 3.0 })
    assert_error("concat: cannot join a string column with a number column", column.concat, s,
      column.new{ 1 })
    -- a view of a string column reads like the column in every primitive
    local v = column.view(s, "s")
    eq(column.take(v, { 2 }):totable(), { "a" })
  end)
end)
