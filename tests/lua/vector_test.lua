-- burden.core.vector: the numeric column shared by frames and fits.
local vector = require "burden.core.vector"

describe("vector", function()
  it("copies an array of numbers", function()
    local v = vector.new({ 1.5, 2, 3 })
    eq(#v, 3)
    eq(v[1], 1.5)
    eq(v[3], 3)
    eq(v[4], nil)
    eq(v[0], nil)
    assert(vector.is(v))
    assert(not vector.is({}))
  end)

  it("marks missing values with nil", function()
    local v = vector.new(3)
    v[2] = nil
    v[3] = 7
    eq(v[1], 0)
    eq(v[2], nil)
    eq(v:nmissing(), 1)
    eq(v:totable(), { 0, nil, 7 })
    eq(tostring(v), "vector(0, NA, 7) [3]")
  end)

  it("copies a vector", function()
    local v = vector.new({ 1, 2 })
    local c = vector.new(v)
    c[1] = 10
    eq(v[1], 1)
    eq(c[1], 10)
  end)

  it("abbreviates long vectors when printed", function()
    local t = {}
    for i = 1, 20 do t[i] = i / 4 end
    eq(tostring(vector.new(t)), "vector(0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, ...) [20]")
  end)

  it("rejects non-numbers, naming the index", function()
    assert_error("numbers expected, got string at index 2", vector.new, { 1, "x" })
    assert_error("size must be non-negative", vector.new, -1)
    local v = vector.new(2)
    assert_error("vector index 3 out of range 1..2", function() v[3] = 1 end)
  end)
end)
