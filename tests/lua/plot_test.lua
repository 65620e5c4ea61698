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
  local py = io.open("/usr/bin/python3") and "/usr/bin/python3"
  if not py then skip("no /usr/bin/python3 to parse the SVG") end
  local path = os.tmpname()
  local f = assert(io.open(path, "wb")); f:write(svg); f:close()
  local p = io.popen(py .. [[ -c "import sys, xml.etree.ElementTree as ET; ]] ..
    [[r = ET.parse(sys.argv[1]).getroot(); print(r.tag, r.get('version'))" ]] .. path .. " 2>&1")
  local out = p:read("a")
  p:close()
  os.remove(path)
  return out
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
end)
