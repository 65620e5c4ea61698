-- Crossings of figures, tables and the Thompson 2022 import (issue 16, "Done when" item 2;
-- tools/crossings.lua): a figure is drawn with one call into burden.format whatever its
-- layers and texts, a table is formatted once whatever formats it is written in, and the
-- HTML report checks its sections in one call. Measured on a253964 (before): an SVG of a
-- figure escaped its texts once per scatter layer and Figure:write checked its options
-- twice (write, then svg); a table called burden.format once per render (md, tex, html,
-- text: four for a table of the paper); report.html checked each section's options in its
-- own call; import.thompson2022 crossed 13 times per file (10 now).
local burden = require "burden"
local crossings = dofile("tools/crossings.lua")

local function count(fn) return crossings.count(fn).total end

-- A figure with n of each kind of layer, labelled, with tooltips and links on the points.
local function figure_of(n)
  local fig = burden.plot.figure{ title = "F <1>", x = { label = "x & y", log = true },
    y = { label = "error", log = true, format = "percent:0" } }
  for i = 1, n do
    fig:scatter{ x = { 1e18 * i, 1e19 * i }, y = { 0.5 / i, 0.4 / i }, label = "s" .. i,
      titles = { "a<" .. i, "b" }, links = { "#r" .. i, "#q" } }
    fig:line{ x = { 1e18, 1e20 }, y = { 0.5 / i, 0.1 / i }, label = "l" .. i }
    fig:hline{ y = 0.05 / i, label = "target " .. i }
  end
  fig:vline{ x = 1e19, label = "v" }
  fig:text{ x = 1e19, y = 0.2, text = "t&" }
  return fig
end

describe("figures", function()
  it("drawing a figure with 2 or 20 of each layer costs the same crossings", function()
    local small, large = figure_of(2), figure_of(20)
    local a = count(function() small:svg() end)
    local b = count(function() large:svg() end)
    eq(a, b)
    -- one call into burden.format per document (before: one per scatter layer, 3 and 21)
    eq(b, 1)
    local g = burden.plot.grid{ figures = { small, large, figure_of(5) }, title = "G&" }
    -- its texts (its options are checked by its wrapper, in C: before, one more)
    eq(count(function() g:svg({ inline = true }) end), 1)
  end)

  it("a figure's targets as one hline call: 2 or 20 lines cost the same crossings", function()
    local function targets(n)
      local fig = figure_of(1)
      local y, label = {}, {}
      for i = 1, n do y[i], label[i] = 0.5 / (i + 1), "target " .. i end
      local c = count(function() fig:hline{ y = y, label = label } end)
      return c, fig
    end
    local a = targets(2)
    local b, fig = targets(20)
    -- none: its options are checked by its wrapper, in C (before: 1, 1)
    eq({ a, b }, { 0, 0 })
    -- the same lines as one call per target
    local one = figure_of(1)
    for i = 1, 20 do one:hline{ y = 0.5 / (i + 1), label = "target " .. i } end
    eq(fig:svg(), one:svg())
    fig:vline{ x = { 1e18, 1e19 } }
    eq({ fig.layers[#fig.layers].x, fig.layers[#fig.layers].label }, { 1e19, nil })
    assert_error("plot.hline: y[2] must be a number", fig.hline, fig, { y = { 0.1, "x" } })
    assert_error("plot.vline: label must be an array like x", fig.vline, fig,
      { x = { 1 }, label = "a" })
    assert_error("plot.hline: y must be a number", fig.hline, fig, { y = "x" })
  end)

  it("the texts of a figure are escaped in the SVG, once", function()
    local svg = figure_of(1):svg({ inline = true })
    assert(svg:find("<title>a&lt;1</title>", 1, true), "point title escaped")
    assert(svg:find('<a href="#r1">', 1, true), "point link")
    assert(svg:find(">x &amp; y</text>", 1, true), "axis label escaped")
    assert(svg:find(">F &lt;1&gt;</text>", 1, true), "title escaped")
    assert(svg:find(">t&amp;</text>", 1, true), "text layer escaped")
    assert(not svg:find("&amp;amp;", 1, true), "nothing escaped twice")
  end)

  it("one figure, built and written: a bounded number of crossings", function()
    local dir = os.tmpname()
    os.remove(dir)
    local n = count(function()
      local fig = figure_of(1)
      fig:write(dir .. "/f.svg")
    end)
    -- the figure's options, x and y (3), each layer's (5), one call into burden.format
    -- (io.write_atomic is a tail call); before: 11 (write checked its options, then svg
    -- its own)
    assert(n <= 9, "figure crossings: " .. n)
    os.remove(dir .. "/f.svg")
    os.remove(dir)
  end)
end)

-- n tables of 5 rows, each saved as md, csv and tex, printed, and shown in one HTML page
local function report_of(n, dir)
  local sections = {}
  for k = 1, n do
    local rows = {}
    for i = 1, 5 do rows[i] = { m = "m" .. i .. "&", x = i * 1.5e10, y = i / 1000 } end
    local t = burden.report.table{ title = "T" .. k, notes = { "n_" .. k },
      columns = { { key = "m", title = "Model" }, { key = "x", format = "pow10" },
        { key = "y", format = "percent" } }, rows = rows }
    t:save(dir, "t" .. k)
    local _ = tostring(t)
    sections[k] = { title = "S" .. k, table = t }
  end
  return burden.report.html{ title = "R", sections = sections }:render()
end

describe("reports", function()
  local dir = os.tmpname()
  os.remove(dir)

  it("a report with 2 or 20 tables grows by at most 3 crossings per table", function()
    local a = count(function() report_of(2, dir) end)
    local b = count(function() report_of(20, dir) end)
    -- per table: its options and its columns' (2), its formatting (1); before: 7 (also a
    -- call into burden.format per md, tex, text and html render, and a section check)
    assert(b - a <= 3 * 18, string.format("2 tables: %d, 20 tables: %d", a, b))
  end)

  it("one table, every format: a bounded number of crossings", function()
    local t
    local n = count(function()
      t = burden.report.table{ title = "T <1>", columns = { "a", { key = "b", format = "%.2f" } },
        rows = { { a = "x|y", b = 1 / 3 }, { a = "z", b = 2 } } }
      for _, f in ipairs({ "text", "md", "tex", "html", "csv" }) do t:render(f) end
    end)
    -- its columns' options 1, format 1 (its own options are checked by its wrapper, in C;
    -- before: 3, and 6 before that, one per render of text, md, tex and html)
    eq(n, 2)
    -- still right after a change: the table is formatted again
    t.title = "U&"
    assert(t:render("md"):find("**U&**", 1, true), "md title")
    assert(t:render("html"):find("<caption>U&amp;</caption>", 1, true), "html title")
    eq(t:render("tex"):match("\\caption{(.-)}"), "U\\&")
  end)

  it("the saved CSV's name is escaped in the page, with the page's texts", function()
    local t = burden.report.table{ columns = { "a" }, rows = { { a = 1 } } }
    t:save(dir, "a&b", { "csv" })
    local page = burden.report.html{ title = "P", sections = { { table = t } } }:render()
    assert(page:find('Data: <a href="a&amp;b.csv">a&amp;b.csv</a>', 1, true), "link")
    assert(t:render("html"):find('Data: <a href="a&amp;b.csv">', 1, true), "alone")
    os.remove(dir .. "/a&b.csv")
  end)

  it("a number as a row id or link target is written as text in HTML", function()
    -- (before, the HTML render raised 'attempt to index a number value'; the table is now
    -- formatted for every target at once, so it would have broken every format)
    local t = burden.report.table{ columns = { "a", { key = "b", link = "u" } },
      rows = { { a = 2012, b = 0.5, u = 7 }, { a = "x", b = 1, u = "" } }, row_id = "a" }
    eq(t:render("md"), "| a | b |\n| ---: | ---: |\n| 2012 | 0.5 |\n| x | 1 |\n")
    local html = t:render("html")
    assert(html:find('<tr id="2012">', 1, true), html)
    assert(html:find('<td class="right"><a href="7">0.5</a></td>', 1, true), html)
    assert(html:find('<td class="right">1</td>', 1, true), "an empty link is no link")
  end)

  for k = 1, 20 do
    for _, ext in ipairs({ "md", "csv", "tex" }) do os.remove(dir .. "/t" .. k .. "." .. ext) end
  end
end)

describe("import.thompson2022", function()
  it("a file costs 10 crossings at most", function()
    local path = os.tmpname()
    local f = assert(io.open(path, "wb"))
    f:write("name,year,hardware_burden,(TOP 1 score)\nname,year,hw,metric\n,,,top1\n,,,\n",
      "A,2012,1e18,60\nB,2015,2e19,80\n")
    f:close()
    burden.import.thompson2022(path) -- the importer's one-time loads
    local frame
    local n = count(function() frame = burden.import.thompson2022(path) end)
    os.remove(path)
    -- import -> thompson2022, io.read, without_warnings -> read_csv_text (and its two
    -- option checks), columns, a sub-header check, parse_cells, data.frame; before: 13
    -- (also options.check of no options, nrow, record_lines)
    assert(n <= 10, "thompson2022 crossings: " .. n)
    eq({ frame:nrow(), frame:row(2).name, frame:row(2).error }, { 2, "B", 0.2 })
  end)
end)
