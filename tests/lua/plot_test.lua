-- burden.plot: SVG figures.
local plot = require("burden").plot

local function figure()
  local f = plot.figure{ title = "ImageNet & co", x = { label = "FLOP", log = true },
    y = { label = "error", log = true },
    top = { label = "Dollars", transform = function(x) return x / 6.874e16 end,
      format = "money" } }
  f:band{ x = { 1e17, 1e20 }, lower = { 0.3, 0.1 }, upper = { 0.5, 0.2 }, label = "95% CI" }
  f:scatter{ x = { 1e17, 1e18, 1e19 }, y = { 0.4, 0.3, 0.2 }, label = "models",
    labels = { "AlexNet", "VGG", "<ResNet>" } }
  f:line{ x = { 1e17, 1e20 }, y = { 0.42, 0.12 }, label = "fit", dashed = true }
  f:hline{ y = 0.15, label = "target 15%" }
  f:vline{ x = 5e19, label = "NYC month" }
  return f
end

-- Parses with Python's XML parser when Debian's python3 is present.
local function xml_parse(svg)
  return peer.run(peer.python(), [[
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot(); print(r.tag, r.get('version'))
]], { svg })
end

describe("plot", function()
  it("draws every layer kind with escaped labels", function()
    local svg = figure():svg()
    assert(svg:find("<polygon", 1, true), "band")
    assert(svg:find("<polyline", 1, true), "line")
    assert(select(2, svg:gsub("<circle", "")) >= 3, "points")
    assert(svg:find("&lt;ResNet&gt;", 1, true))
    assert(svg:find("ImageNet &amp; co", 1, true))
    assert(svg:find('stroke-dasharray="6 4"', 1, true))
    assert(svg:find(">Dollars<", 1, true) and svg:find("$100", 1, true), "top axis")
    assert(svg:find('10<tspan dy="-6" font-size="9">19</tspan>', 1, true), "log ticks")
  end)

  it("is valid SVG 1.1 XML", function()
    eq(xml_parse(figure():svg()), "{http://www.w3.org/2000/svg}svg 1.1\n")
    local g = plot.grid{ figures = { figure(), figure(), figure() }, columns = 2, title = "All" }
    eq(xml_parse(g:svg()), "{http://www.w3.org/2000/svg}svg 1.1\n")
  end)

  it("is deterministic", function()
    eq(figure():svg(), figure():svg())
  end)

  it("lays out small multiples in a grid", function()
    local g = plot.grid{ figures = { figure(), figure(), figure() }, columns = 2,
      panel_width = 400, panel_height = 300 }
    assert(g:svg():find('width="800" height="600"', 1, true))
  end)

  it("skips missing points and rejects bad input", function()
    local f = plot.figure{ x = { log = true } }
    local xs = require("burden.core.vector").new({ 1, 10, 100 })
    xs[2] = nil
    f:scatter{ x = xs, y = { 1, 2, 3 } }
    eq(select(2, f:svg():gsub("<circle", "")), 2)
    assert_error("x has 2 values but y has 3", function()
      plot.figure():scatter{ x = { 1, 2 }, y = { 1, 2, 3 } }
    end)
    assert_error("value -1 is not positive on a log axis", function()
      plot.figure{ y = { log = true } }:scatter{ x = { 1 }, y = { -1 } }:svg()
    end)
    assert_error("figures must be a non-empty array", plot.grid, {})
  end)
end)

describe("plot log axes", function()
  it("label a short range with plain numbers and honour an axis format", function()
    local f = plot.figure{ x = { log = true }, y = { log = true } }
    f:scatter{ x = { 1, 1000 }, y = { 0.1, 0.5 } }
    local svg = f:svg()
    assert(svg:find(">0.1<", 1, true) and svg:find(">0.2<", 1, true) and svg:find(">0.5<", 1, true))
    assert(not svg:find('10<tspan dy="-6" font-size="9">-1</tspan>', 1, true))
    local g = plot.figure{ x = { log = true }, y = { log = true, format = "percent:0" } }
    g:scatter{ x = { 1, 1000 }, y = { 0.1, 0.5 } }
    local gs = g:svg()
    assert(gs:find(">10%<", 1, true) and gs:find(">50%<", 1, true))
  end)

  it("label a short range of large values compactly", function()
    -- 2 x 10^23 in floating point is 2.0000000000000001e+23: the label must not say so
    local f = plot.figure{ x = { log = true }, y = { log = true } }
    f:scatter{ x = { 2e23, 6e24 }, y = { 0.1, 0.5 } }
    local svg = f:svg()
    for _, want in ipairs({ ">2e+23<", ">5e+23<", ">1e+24<", ">2e+24<", ">5e+24<" }) do
      assert(svg:find(want, 1, true), "tick " .. want)
    end
    assert(not svg:find("0000000", 1, true), "no round-trip digits in a label")
  end)

  -- the ticks of one axis group (class "ticks x", "ticks y" or "ticks top")
  local function tick_texts(svg, which)
    local g = svg:match('<g class="ticks ' .. which .. '"[^>]*>(.-)</g>')
    local out = {}
    for t in g:gmatch("<text[^>]*>(.-)</text>") do out[#out + 1] = t end
    return out
  end

  it("writes a dollar axis that reaches $10^15 in one format", function()
    -- fmt.money alone gives "$1.0 trillion" below 10^15 and "$10^15" above: mixed
    local f = plot.figure{ x = { log = true }, y = {},
      top = { label = "Dollars", transform = function(x) return x end, format = "money" } }
    f:scatter{ x = { 1e10, 1e17 }, y = { 1, 2 } }
    local labels = tick_texts(f:svg(), "top")
    eq(#labels, 8)
    for _, t in ipairs(labels) do
      assert(t:find('^%$10<tspan dy="%-6" font%-size="9">%d+</tspan>$'), t)
    end
    eq(labels[1], '$10<tspan dy="-6" font-size="9">10</tspan>')
    -- below 10^15 the words stay
    local g = plot.figure{ x = { log = true }, y = {},
      top = { transform = function(x) return x end, format = "money" } }
    g:scatter{ x = { 1e6, 1e13 }, y = { 1, 2 } }
    local gl = tick_texts(g:svg(), "top")
    eq(gl[1], "$1.0 million"); eq(gl[#gl], "$10.0 trillion")
  end)

  it("gives each plot area its own clip id, so inline SVGs do not clip each other", function()
    local a, b = plot.figure{ width = 640 }, plot.figure{ width = 720, height = 500 }
    a:scatter{ x = { 1, 2 }, y = { 1, 2 } }; b:scatter{ x = { 1, 2 }, y = { 1, 2 } }
    local ida = a:svg():match('<clipPath id="([^"]+)"')
    local idb = b:svg():match('<clipPath id="([^"]+)"')
    assert(ida and idb and ida ~= idb, tostring(ida) .. " " .. tostring(idb))
    assert(a:svg():find('clip-path="url(#' .. ida .. ')"', 1, true))
  end)

  it("gives points a title and, in a page, a link", function()
    local f = plot.figure{}
    f:scatter{ x = { 1, 2 }, y = { 1, 2 }, titles = { "AlexNet (2012): 40% & more", nil },
      links = { "#row-1", "#row-2" } }
    local svg = f:svg()
    assert(svg:find('<circle class="point" [^>]*><title>AlexNet %(2012%): 40%% &amp; more' ..
      '</title></circle>'), svg)
    eq(select(2, svg:gsub("<title>", "")), 1)
    eq(select(2, svg:gsub("<a href", "")), 0) -- a file alone has no page to link into
    local page = f:svg{ inline = true }
    assert(page:find('<a href="#row%-1">%s*<circle class="point" [^>]*><title>'))
    assert(page:find('<a href="#row%-2">%s*<circle class="point" [^>]*/>%s*</a>'))
  end)

  -- Issue 16: a figure calls burden.format once per axis and per layer, not once per
  -- tick or per point (before: one fmt.value per tick, one fmt.escape per title and link).
  it("formats ticks and escapes point titles with one call per axis and layer", function()
    local fmt = require("burden").format
    -- the calls into burden.format's public functions while drawing n titled points
    local function calls_for(n)
      local calls, saved = {}, {}
      for _, name in ipairs({ "value", "escape", "values", "escape_all" }) do
        saved[name] = fmt[name]
        fmt[name] = function(...)
          calls[name] = (calls[name] or 0) + 1
          return saved[name](...)
        end
      end
      local ok, svg = pcall(function()
        local f = plot.figure{ x = { label = "FLOP", log = true, format = "pow10" },
          y = { label = "share", format = "percent" },
          top = { label = "Dollars", transform = function(x) return x / 6.874e16 end,
            format = "money" } }
        local xs, ys, titles, links = {}, {}, {}, {}
        for i = 1, n do
          -- the same ranges (so the same ticks) whatever n
          local u = (i - 1) / (n - 1)
          xs[i], ys[i], titles[i], links[i] = 1e17 * 1.05 ^ (200 * u), 0.01 + 0.49 * u,
            "M<" .. i .. ">", "#r" .. i
        end
        f:scatter{ x = xs, y = ys, titles = titles, links = links }
        return f:svg{ inline = true }
      end)
      for name, fn in pairs(saved) do fmt[name] = fn end
      assert(ok, svg)
      return calls, svg
    end
    local small = calls_for(20)
    local large, svg = calls_for(200)
    local function show(c) return string.format("%s %s %s %s", c.value, c.escape, c.values, c.escape_all) end
    eq(show(large), show(small))
    assert(not large.value, "format.value per tick: " .. tostring(large.value))
    assert(large.values <= 3 and large.escape_all <= 2, "values " .. tostring(large.values) ..
      ", escape_all " .. tostring(large.escape_all))
    assert(svg:find('<a href="#r200">%s*<circle class="point" [^>]*><title>M&lt;200&gt;</title>'),
      "the last point's link and title")
    assert(svg:find(">50.0%<", 1, true), "a percent tick")
  end)

  it("places point labels clear of each other, the points and the lines", function()
    -- ten close points in a row under a line through them: naive labels (up-right of
    -- each point) would overlap their neighbours
    local f = plot.figure{ width = 400, height = 300 }
    local xs, ys, names = {}, {}, {}
    for i = 1, 10 do xs[i], ys[i], names[i] = i, 1 + 0.02 * i, "Model number " .. i end
    f:scatter{ x = xs, y = ys, labels = names }
    f:line{ x = { 1, 10 }, y = { 1.02, 1.2 } }
    local svg = f:svg()
    local boxes = {}
    for x, y, size, text in svg:gmatch('<text class="label" x="([%d.]+)" y="([%d.]+)" ' ..
      'font%-size="(%d+)"[^>]*>([^<]*)</text>') do
      x, y, size = tonumber(x), tonumber(y), tonumber(size)
      boxes[#boxes + 1] = { x0 = x, x1 = x + #text * 0.6 * size, y0 = y - 0.8 * size,
        y1 = y + 0.25 * size, text = text }
    end
    eq(#boxes, 10)
    for i = 1, #boxes do
      for j = i + 1, #boxes do
        local a, b = boxes[i], boxes[j]
        assert(not (a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1),
          a.text .. " overlaps " .. b.text)
      end
    end
    assert(svg:find('stroke="#888888" stroke-width="0.6"', 1, true), "leader lines")
  end)

  it("writes PDF with text as text and PNG at twice the pixels", function()
    local f = figure()
    local base = os.tmpname()
    eq(f:write(base .. ".png"), base .. ".png")
    local png = assert(io.open(base .. ".png", "rb")):read("a")
    eq(png:sub(1, 8), "\137PNG\r\n\26\n")
    eq(png:sub(13, 16), "IHDR")
    eq({ string.unpack(">I4I4", png, 17) }, { 1280, 880, 25 }) -- 2 x 640 x 440
    f:write(base .. ".png", { scale = 1 })
    png = assert(io.open(base .. ".png", "rb")):read("a")
    eq({ string.unpack(">I4I4", png, 17) }, { 640, 440, 25 })
    f:write(base .. ".pdf")
    local pdf = assert(io.open(base .. ".pdf", "rb")):read("a")
    eq(pdf:sub(1, 5), "%PDF-")
    if io.open("/usr/bin/pdftotext") then -- poppler reads the text back
      local p = io.popen("/usr/bin/pdftotext -raw " .. base .. ".pdf - 2>&1")
      local text = p:read("a"):gsub("%s+", " ")
      p:close()
      assert(text:find("ImageNet & co", 1, true) and text:find("FLOP", 1, true) and
        text:find("Dollars", 1, true), text)
    end
    assert_error("extension must be .svg, .pdf or .png", function() f:write(base .. ".gif") end)
    assert_error("scale must be a number in (0, 16]", function()
      f:write(base .. ".png", { scale = 0 }) end)
    assert_error("unknown option 'dpi'", function() f:write(base .. ".png", { dpi = 300 }) end)
    for _, ext in ipairs({ ".png", ".pdf" }) do os.remove(base .. ext) end
    os.remove(base)
  end)
end)

describe("plot styles", function()
  local function print_figure()
    local f = plot.figure{ style = "print", title = "ImageNet", x = { label = "FLOP", log = true },
      y = { label = "Error", log = true, format = "percent:0" }, legend = "bottomleft" }
    f:band{ x = { 1e18, 1e22 }, lower = { 0.2, 0.08 }, upper = { 0.3, 0.12 },
      label = "95% confidence band" }
    f:scatter{ x = { 1e18, 1e20, 1e22 }, y = { 0.3, 0.15, 0.1 }, label = "models" }
    f:line{ x = { 1e18, 1e22 }, y = { 0.25, 0.1 }, label = "polynomial, R² = 0.77" }
    f:hline{ y = 0.05, label = "target 5%" }
    return f
  end

  it("print: 3.5 in (252 pt) wide, text at 7 to 9 pt, the legend under the plot", function()
    local svg = print_figure():svg()
    local w, h, vw, vh = svg:match('width="(%d+)pt" height="(%d+)pt" viewBox="0 0 (%d+) (%d+)"')
    eq({ w, vw, h == vh }, { "252", "252", true })
    assert(tonumber(h) > 170, "the legend adds to the 170 pt of the plot: " .. h)
    local sizes = {}
    for v in svg:gmatch('font%-size="([%d.]+)"') do sizes[tonumber(v)] = true end
    local list = {}
    for v in pairs(sizes) do list[#list + 1] = v end
    table.sort(list)
    eq(list, { 7, 8, 9 })
    -- no legend box inside the plot: its entries sit below the x axis title
    assert(not svg:find('fill-opacity="0.9"', 1, true), "a legend box in the plot")
    local title_y = tonumber(svg:match('<text x="[%d.]+" y="([%d.]+)" font%-size="9" ' ..
      'text%-anchor="middle">FLOP</text>'))
    local entry_y = tonumber(svg:match('<text x="[%d.]+" y="([%d.]+)">models</text>'))
    assert(title_y and entry_y and entry_y > title_y and entry_y < tonumber(h), svg)
  end)

  it("print: the PDF page is 252 pt wide and the PNG 672 px at scale 2", function()
    local f, base = print_figure(), os.tmpname()
    f:write(base .. ".pdf")
    local pdf = assert(io.open(base .. ".pdf", "rb")):read("a")
    local h = f:svg():match('height="(%d+)pt"')
    assert(pdf:find("/MediaBox [ 0 0 252 " .. h .. " ]", 1, true), "MediaBox 252 x " .. h)
    f:write(base .. ".png")
    local png = assert(io.open(base .. ".png", "rb")):read("a")
    eq({ string.unpack(">I4I4", png, 17) }, { 672, math.ceil(2 * h * 96 / 72), 25 })
    for _, ext in ipairs({ ".png", ".pdf" }) do os.remove(base .. ext) end
    os.remove(base)
  end)

  it("a grid draws its panels in its own style, whatever each figure's", function()
    local g = plot.grid{ figures = { print_figure(), print_figure() }, columns = 2 }
    local svg = g:svg()
    assert(svg:find('width="840" height="320" viewBox="0 0 840 320"', 1, true))
    assert(svg:find('<g class="ticks x" font-size="11"', 1, true), "screen ticks")
    assert(not svg:find("pt\"", 1, true))
    local p = plot.grid{ figures = { print_figure() }, style = "print", panel_width = 252,
      panel_height = 240 }
    assert(p:svg():find('width="252pt"', 1, true))
  end)

  it("rejects an unknown style or legend position", function()
    assert_error("plot.figure: unknown style 'poster' (print, screen)", function()
      plot.figure{ style = "poster" } end)
    assert_error("plot.grid: unknown style 'poster'", function()
      plot.grid{ figures = { plot.figure{} }, style = "poster" } end)
    assert_error("unknown style 'a4'", function() plot.figure{}:svg{ style = "a4" } end)
    assert_error("plot.figure: legend 'middle' is not topright, topleft, bottomright, " ..
      "bottomleft or none", function() plot.figure{ legend = "middle" } end)
  end)
end)

describe("plot line labels", function()
  -- the plot area of a default (screen) figure: y of an hline with the given stroke
  local function line_y(svg, color)
    return tonumber(svg:match('<line x1="[%d.]+" y1="([%d.]+)" x2="[%d.]+" y2="[%d.]+" ' ..
      'stroke="' .. color .. '" stroke%-dasharray'))
  end

  it("a target's label keeps clear of a line added after it", function()
    -- the extrapolation ends on the target at the right edge, where the label would go
    local f = plot.figure{ x = { log = true }, y = { log = true }, legend = "none" }
    f:scatter{ x = { 1, 10 }, y = { 0.5, 0.4 } }
    f:hline{ y = 0.05, label = "target 5%", color = "#555555" }
    f:line{ x = { 1, 1e8 }, y = { 0.5, 0.05 }, dashed = true }
    local svg = f:svg()
    local y = line_y(svg, "#555555")
    local tx, ty = svg:match('<text x="([%d.]+)" y="([%d.]+)" font%-size="10" ' ..
      'fill="#555555">target 5%%</text>')
    -- not at the right end (x 558), where the line comes down onto the target; there is
    -- no room below the line there, so the label goes to the left end, above the line
    eq({ tonumber(tx), tonumber(ty) < y }, { 78, true })
  end)

  it("a marker line's label goes where no other line crosses it", function()
    -- a line falls across the bottom of the marker, a target crosses it: the label
    -- goes across the top, left of the marker
    local f = plot.figure{ x = { log = true }, y = { log = true }, legend = "none" }
    f:scatter{ x = { 1, 10 }, y = { 0.5, 0.4 } }
    f:line{ x = { 1, 1e10 }, y = { 0.5, 0.01 } }
    f:vline{ x = 1e8, label = "one New York City month of CO2" }
    f:hline{ y = 0.05, label = "target 5%" }
    local svg = f:svg()
    local x, y = svg:match('<text x="([%d.]+)" y="([%d.]+)" font%-size="10" fill="#555555" ' ..
      'text%-anchor="end">one New York City month of CO2</text>')
    assert(x and tonumber(y) < 46 + 20, "across the top: " .. svg:match("<text[^>]*>one New[^<]*"))
  end)

  it("a legend wraps at 60% of the plot's width, leaving room for line labels", function()
    local f = plot.figure{ legend = "bottomleft" }
    f:line{ x = { 1, 2 }, y = { 1, 2 }, label = "polynomial, R² = 0.26, not extrapolated, " ..
      "slope p = 0.054, and some more words" }
    local w = tonumber(f:svg():match('<rect x="[%d.]+" y="[%d.]+" width="([%d.]+)" height="[%d.]+" ' ..
      'fill="#ffffff" fill%-opacity="0.9"'))
    local plot_w = 640 - 74 - 24
    assert(w <= 0.6 * plot_w + 34, "legend " .. w .. " wide")
  end)
end)
