-- burden.format: numbers as text, the same in every output.
local fmt = require("burden").format

describe("format", function()
  it("prints the shortest round-tripping decimal", function()
    eq(fmt.shortest(0.1), "0.1")
    eq(fmt.shortest(1e28), "1e+28")
    eq(fmt.shortest(1 / 3), "0.3333333333333333")
    eq(fmt.shortest(42), "42")
    eq(tonumber(fmt.shortest(6.874e16)), 6.874e16)
    eq(fmt.shortest(0 / 0), "NaN")
  end)

  it("writes powers of ten per target", function()
    eq(fmt.pow10(1.46e11, "text"), "1.5×10^11")
    eq(fmt.pow10(1e19, "text"), "10^19")
    eq(fmt.pow10(1.46e11, "tex"), "$1.5\\times10^{11}$")
    eq(fmt.pow10(2.86e10, "html", 3), "2.86×10<sup>10</sup>")
    eq(fmt.pow10(9.96e18, "text"), "10^19") -- rounding carries into the next decade
    eq(fmt.pow10(-3e-5, "text"), "-3.0×10^-5")
  end)

  it("writes money, percentages and integers", function()
    eq(fmt.money(1.45e11), "$145.0 billion")
    eq(fmt.money(12345.4), "$12,345")
    eq(fmt.money(2.5e16), "$2.5×10^16")
    eq(fmt.money(4.6e6, "tex"), "\\$4.6 million")
    eq(fmt.percent(0.053), "5.3%")
    eq(fmt.percent(0.05, "tex", 0), "5\\%")
    eq(fmt.int(1234567), "1,234,567")
    eq(fmt.int(-1234), "-1,234")
  end)

  it("formats values by spec, escaping text per target", function()
    eq(fmt.value(0.12345, "%.3g"), "0.123")
    eq(fmt.value(nil, "%.3g"), "NA")
    eq(fmt.value(nil, "%.3g", "md"), "")
    eq(fmt.value("a|b", nil, "md"), "a\\|b")
    eq(fmt.value("R&D_50%", nil, "tex"), "R\\&D\\_50\\%")
    eq(fmt.value("<b>", nil, "html"), "&lt;b&gt;")
    eq(fmt.value(3, function(v) return v * 2 .. "x" end), "6x")
    assert_error("unknown number format 'bogus'", fmt.value, 1, "bogus")
  end)

  it("formats a whole table's cells at once, as format.value does each", function()
    local rows = { { a = 1.46e11, b = "x|y", c = 0.053 }, { b = "z", c = 0 / 0 },
      { a = 12345, c = 1 } }
    local cols = { { key = "a", format = "pow10" }, { key = "b" }, { key = "c", format = "percent" } }
    for _, target in ipairs({ "text", "md", "tex", "html" }) do
      local want = {}
      for i, r in ipairs(rows) do
        want[i] = {}
        for j, c in ipairs(cols) do want[i][j] = fmt.value(r[c.key], c.format, target) end
      end
      eq(fmt.cells(rows, cols, target), want)
    end
    eq(fmt.cells(rows, cols, "md")[1], { "1.5×10<sup>11</sup>", "x\\|y", "5.3%" })
    eq(fmt.cells({}, cols, "md"), {})
    -- with texts: the table's other texts escaped, as escape_all gives them
    eq({ fmt.cells({ { a = 1 } }, { { key = "a" } }, "html", { "T<1>", false, "n&" }, 3) },
      { { { "1" } }, { "T&lt;1&gt;", nil, "n&amp;" } })
    assert_error("unknown number format 'bogus'", fmt.cells, { { a = 1 } },
      { { key = "a", format = "bogus" } })
  end)

  it("formats many values with one spec at once", function()
    eq(fmt.values({ 1e19, 2.6e11 }, "pow10:1", "svg"), { "10^19", "3×10^11" })
    eq(fmt.values({ 0.5, nil, 0.053 }, "percent", "md", 3), { "50.0%", "", "5.3%" })
    eq(fmt.values({ 0.1 }), { "0.1" })
    assert_error("unknown number format 'bogus'", fmt.values, { 1 }, "bogus")
  end)

  it("fills a document's escaped texts in place, strings left as they are", function()
    local parts = { "<svg>", { "<text>", 2, " &amp; ", 1, "</text>" }, { 3 }, "</svg>" }
    local out = fmt.escape_into("svg", parts, { "R&D", "a < b", "\"q\"" }, 3)
    eq(out, parts)
    eq(parts, { "<svg>", "<text>a &lt; b &amp; R&amp;D</text>", fmt.escape("svg", "\"q\""),
      "</svg>" })
    eq(fmt.escape_into("html", { "<p>", { "<b>", 1, "</b>" } }, { "a<b" }),
      { "<p>", "<b>a&lt;b</b>" })
    eq(fmt.escape_into("html", { "x", "y" }, {}, 0), { "x", "y" })
  end)

  it("escapes many strings at once; nil and false stay nil", function()
    eq(fmt.escape_all("html", { "a < b", false, "R&D" }, 4), { "a &lt; b", nil, "R&amp;D" })
    eq(fmt.escape_all("tex", { "50%", "a_b" }), { "50\\%", "a\\_b" })
    eq(fmt.escape_all("text", { "a|b" }), { "a|b" })
  end)
end)
