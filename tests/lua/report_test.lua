-- burden.report: tables in every format, the HTML report.
local burden = require "burden"
local report, bio = burden.report, burden.io

local function sample()
  return report.table{
    title = "Compute at target",
    columns = {
      { key = "name", title = "Model" },
      { key = "flop", title = "FLOP", format = "pow10" },
      { key = "usd", title = "Cost", format = "money" },
      { key = "err", title = "Error", format = "percent" },
    },
    rows = {
      { name = "AlexNet", flop = 1.5e18, usd = 21.8, err = 0.375 },
      { name = "A|B & C_1", flop = 2e21, err = 0.2 },
    },
    caption = "Thompson-site preset.",
  }
end

local function read_csv_lines(text)
  local out = {}
  for line in text:gmatch("(.-)\r\n") do out[#out + 1] = line end
  return out
end

describe("report.table", function()
  it("aligns text for the terminal, numbers right", function()
    local text = tostring(sample())
    eq(text, table.concat({
      "Compute at target",
      "Model           FLOP  Cost  Error",
      "---------  ---------  ----  -----",
      "AlexNet    1.5×10^18   $22  37.5%",
      "A|B & C_1  2.0×10^21    NA  20.0%",
      "Thompson-site preset.", "" }, "\n"))
  end)

  it("escapes Markdown and LaTeX, and uses booktabs", function()
    local md = sample():render("md")
    assert(md:find("| A\\|B & C_1 | 2.0×10<sup>21</sup> |  | 20.0% |", 1, true), md)
    assert(md:find("| :--- | ---: | ---: | ---: |", 1, true))
    local tex = sample():render("tex")
    assert(tex:find("A|B \\& C\\_1 & $2.0\\times10^{21}$ &  & 20.0\\% \\\\", 1, true), tex)
    for _, rule in ipairs({ "\\toprule", "\\midrule", "\\bottomrule" }) do
      assert(tex:find(rule, 1, true), rule)
    end
  end)

  it("keeps raw values in CSV and JSON", function()
    local lines = read_csv_lines(sample():render("csv"))
    eq(lines[1], "name,flop,usd,err")
    eq(lines[2], "AlexNet,1.5e+18,21.8,0.375")
    eq(lines[3], "A|B & C_1,2e+21,,0.2")
    local json = sample():render("json")
    assert(json:find('{"name": "A|B & C_1", "flop": 2e+21, "usd": null, "err": 0.2}', 1, true),
      json)
  end)

  it("keeps a power written as text on one line in HTML notes, escaped first", function()
    local t = burden.report.table{ columns = { { key = "a" } }, rows = { { a = 1 } },
      caption = "k & 10^-1.09",
      notes = { "compute grows as error^-k; (FLOP/C0)^-alpha <b>; x ^ y stays" } }
    local html = t:render("html")
    local span = '<span style="white-space:nowrap">%s</span>'
    assert(html:find('<p class="note">k &amp; ' .. span:format("10^-1.09") .. "</p>", 1, true),
      html)
    assert(html:find('<p class="note">compute grows as ' .. span:format("error^-k") .. "; " ..
      span:format("(FLOP/C0)^-alpha") .. " &lt;b&gt;; x ^ y stays</p>", 1, true), html)
    -- the other formats keep the text as it is
    assert(t:render("md"):find("error^-k;", 1, true))
  end)

  it("quotes CSV fields that need it", function()
    local t = report.table{ columns = { "a" }, rows = { { a = 'say "hi", then\nleave' } } }
    eq(t:render("csv"), 'a\r\n"say ""hi"", then\nleave"\r\n')
  end)

  it("writes preformatted cells as they are (the CSV and Markdown of other modules' reports)", function()
    -- a caller that formats its own numbers (flops' exact integers, "%.6f" shares) passes
    -- strings; CSV keeps them, quoting only what needs quotes, whole numbers stay integers
    local t = report.table{ columns = { "name", "layer", "macs", "share" }, rows = {
      { name = "features.0", layer = "conv2d", macs = "70276800", share = "0.099843" },
      { name = " a, b", layer = "linear", macs = 250.0, share = "1.000000" } } }
    eq(t:render("csv"), "name,layer,macs,share\r\nfeatures.0,conv2d,70276800,0.099843\r\n"
      .. '" a, b",linear,250,1.000000\r\n')
    eq(t:render("md"), "| name | layer | macs | share |\n| :--- | :--- | ---: | :--- |\n"
      .. "| features.0 | conv2d | 70276800 | 0.099843 |\n|  a, b | linear | 250 | 1.000000 |\n")
  end)

  it("writes by extension, atomically, and rejects unknown ones", function()
    local path = os.tmpname() .. ".md"
    sample():write(path)
    eq(bio.read(path), sample():render("md"))
    os.remove(path)
    assert_error("cannot tell the format of 'x.docx'", function() sample():write("x.docx") end)
    assert_error("unknown table format 'pdf'", function() sample():render("pdf") end)
  end)

  -- a table's formatting is reused between renders; a value changed in place after a
  -- render must still be seen (an earlier cache compared only the tables' identities and
  -- lengths, and printed the old cell)
  it("sees a cell, a note or a column title changed in place after a render", function()
    local t = sample()
    t.notes = { "first note" }
    local before = t:render("md")
    assert(before:find("AlexNet", 1, true) and before:find("first note", 1, true))
    t.rows[1].name = "AlexNet-2"
    t.notes[1] = "second note"
    t.columns[1].title = "Network"
    for _, f in ipairs({ "text", "md", "tex", "html" }) do
      local out = t:render(f)
      assert(out:find("AlexNet-2", 1, true), f .. ": stale cell")
      -- LaTeX writes no notes
      assert(f == "tex" or out:find("second note", 1, true), f .. ": stale note")
      assert(not out:find("first note", 1, true), f .. ": stale note")
      assert(out:find("Network", 1, true), f .. ": stale column title")
    end
    local md = t:render("md")
    t.rows[1].usd = 1e9
    assert(t:render("md") ~= md, "stale money cell")
  end)

  it("checks its arguments", function()
    assert_error("columns must be a non-empty array", report.table, { rows = {} })
    assert_error("column 1 has no key", report.table, { columns = { {} } })
  end)
end)

describe("report.html", function()
  it("builds one self-contained page with a provenance footer", function()
    local fig = burden.plot.figure{ x = { log = true }, y = {} }
    fig:scatter{ x = { 1, 10 }, y = { 1, 2 } }
    local page = report.html{ title = "Study <1>", sections = {
      { title = "Table", text = "First paragraph.\n\nSecond.", table = sample() },
      { title = "Figure", figure = fig, caption = "A figure." } },
      provenance = { files = { "data/hardware.csv" }, seed = 7 } }
    local html = page:render()
    assert(html:find("<title>Study &lt;1&gt;</title>", 1, true))
    assert(html:find("<p>Second.</p>", 1, true))
    assert(html:find("<svg", 1, true) and not html:find("<?xml", 1, true))
    assert(html:find("<figcaption>A figure.</figcaption>", 1, true))
    assert(html:find("seed 7", 1, true))
    local text = require("burden.core.runtime").resource("data/hardware.csv")
    assert(html:find("<code>data/hardware.csv</code> " .. bio.sha256(text), 1, true))
    assert(not html:find("http", 1, true) or not html:find("src=\"http", 1, true))
    eq(page:render(), html) -- deterministic
  end)

  it("escapes the page's texts, the footer's command included, with one call per page", function()
    local fmt = burden.format
    local escape, escape_all, calls = fmt.escape, fmt.escape_all, { escape = 0, all = 0 }
    fmt.escape = function(...) calls.escape = calls.escape + 1; return escape(...) end
    fmt.escape_all = function(...) calls.all = calls.all + 1; return escape_all(...) end
    local sections = {}
    for i = 1, 12 do sections[i] = { title = "S<" .. i .. ">", text = "a & b\n\nc > d" } end
    local ok, html = pcall(function()
      return report.html{ title = "T&T", intro = "x < y", sections = sections,
        provenance = { seed = 3, command = "burden a&b.lua" } }:render()
    end)
    fmt.escape, fmt.escape_all = escape, escape_all
    assert(ok, html)
    eq(calls, { escape = 0, all = 1 })
    assert(html:find("<title>T&amp;T</title>\n", 1, true) and html:find("<h1>T&amp;T</h1>", 1, true))
    assert(html:find("<p>x &lt; y</p>\n<section id=\"s1\">\n<h2>S&lt;1&gt;</h2>\n<p>a &amp; b</p>\n" ..
      "<p>c &gt; d</p>\n</section>", 1, true), html)
    assert(html:find("seed 3, command <code>burden a&amp;b.lua</code>.</p>\n</footer>", 1, true), html)
  end)
end)

describe("report table save", function()
  it("writes one file per extension and returns the paths", function()
    local dir = os.tmpname()
    os.remove(dir)
    local t = report.table{ columns = { "a" }, rows = { { a = 1 } } }
    local paths = t:save(dir, "t1", { "md", "csv" })
    eq(paths, { dir .. "/t1.md", dir .. "/t1.csv" })
    eq(bio.read(paths[2]), "a\r\n1\r\n")
    for _, p in ipairs(paths) do os.remove(p) end
    os.remove(dir)
  end)

  it("names rows, links cells and links a saved table to its CSV file", function()
    local t = report.table{ row_id = "id", columns = { "model",
      { key = "source", link = "url" } }, rows = {
        { id = "row-imagenet-1", model = "AlexNet", source = "DOI:10.1145/3065386",
          url = "https://doi.org/10.1145/3065386" },
        { id = "row-imagenet-2", model = "<VGG>", source = "a talk" } } }
    local h = t:render_html()
    assert(h:find('<tr id="row-imagenet-1">', 1, true), h)
    assert(h:find('<td class="left"><a href="https://doi.org/10.1145/3065386">' ..
      'DOI:10.1145/3065386</a></td>', 1, true), h)
    assert(h:find('<td class="left">a talk</td>', 1, true), "no link without a URL")
    assert(not h:find("Data:", 1, true), "no CSV link before the table is saved")
    local dir = os.tmpname()
    os.remove(dir)
    local paths = t:save(dir, "data_imagenet", { "csv" })
    assert(t:render_html():find('<p class="note">Data: <a href="data_imagenet.csv">' ..
      'data_imagenet.csv</a></p>', 1, true))
    for _, p in ipairs(paths) do os.remove(p) end
    os.remove(dir)
    assert_error("unknown option 'linkk'", report.table,
      { columns = { { key = "a", linkk = "b" } }, rows = {} })
  end)
end)
