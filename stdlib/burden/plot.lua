--- burden.plot: SVG 1.1 figures with no external tools.
--
--   local fig = plot.figure{ title =, width = 640, height = 440,
--     x = { label =, log = true, min =, max = }, y = { label =, log = true },
--     top = { label =, transform = function(x) return x / 6.874e16 end, format = "money" } }
--   fig:scatter{ x =, y =, label =, color =, size =, labels = {...} }
--   fig:line{ x =, y =, label =, dashed = true }
--   fig:band{ x =, lower =, upper =, label = }
--   fig:hline{ y =, label = }   fig:vline{ x =, label = }   fig:text{ x =, y =, text = }
--   fig:write("out/imagenet.svg")          plot.grid{ figures = {...}, columns = 2 }
-- Output is deterministic: coordinates are printed with two decimals, series in the
-- order they were added.
local fmt = require "burden.format"
local bio = require "burden.io"
local options = require "burden.options"

local M = {}

-- The keys each function accepts (burden.options.check rejects any other).
local OPTS = {
  figure = { "title", "caption", "width", "height", "x", "y", "top", "legend" },
  axis = { "label", "log", "min", "max", "format" },
  top = { "label", "transform", "format" },
  scatter = { "x", "y", "label", "color", "size", "shape", "labels", "opacity", "stroke" },
  line = { "x", "y", "label", "color", "width", "dashed" },
  band = { "x", "lower", "upper", "label", "color", "opacity" },
  hline = { "y", "label", "color", "dashed" },
  vline = { "x", "label", "color", "dashed" },
  text = { "x", "y", "text", "anchor", "color" },
  svg = { "inline" },
  grid = { "figures", "columns", "title", "caption", "panel_width", "panel_height" },
}

M.palette = { "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
  "#F0E442", "#000000" } -- Okabe and Ito's colour-blind-safe palette

local Figure = {}
Figure.__index = Figure

local function num(x) return string.format("%.2f", x) end
local function esc(s) return fmt.escape("svg", tostring(s)) end

local function check_axis(spec, name)
  spec = spec or {}
  if type(spec) ~= "table" then error("plot.figure: " .. name .. " must be a table", 3) end
  options.check("plot.figure: " .. name, spec, OPTS.axis)
  return { label = spec.label, log = spec.log and true or false, min = spec.min,
    max = spec.max, format = spec.format }
end

--- Creates an empty figure.
function M.figure(spec)
  spec = options.check("plot.figure", spec, OPTS.figure)
  local fig = setmetatable({
    title = spec.title, caption = spec.caption,
    width = spec.width or 640, height = spec.height or 440,
    x = check_axis(spec.x, "x"), y = check_axis(spec.y, "y"),
    top = spec.top, legend_position = spec.legend or "topright",
    layers = {}, ncolor = 0,
  }, Figure)
  -- one top axis, or several stacked (e.g. dollars and CO2 from FLOP)
  local tops = fig.top and (fig.top.transform and { fig.top } or fig.top) or {}
  for i, t in ipairs(tops) do
    if type(t) ~= "table" or type(t.transform) ~= "function" then
      error(string.format("plot.figure: top[%d].transform must be a function of x", i), 2)
    end
    options.check(string.format("plot.figure: top[%d]", i), t, OPTS.top)
  end
  fig.tops = tops
  return fig
end

local function next_color(fig)
  fig.ncolor = fig.ncolor + 1
  return M.palette[(fig.ncolor - 1) % #M.palette + 1]
end

local function values(v, what, fn)
  if v == nil then error(string.format("plot.%s: %s is required", fn, what), 3) end
  if type(v) == "number" then return { v } end
  local t, n = {}, #v
  for i = 1, n do t[i] = v[i] end
  return t, n
end

-- Checks that xs and ys pair up; missing (nil) pairs are skipped when drawing.
local function paired(spec, fn, ykey)
  local xs, nx = values(spec.x, "x", fn)
  local ys, ny = values(spec[ykey or "y"], ykey or "y", fn)
  nx, ny = nx or #xs, ny or #ys
  if nx ~= ny then
    error(string.format("plot.%s: x has %d values but %s has %d", fn, nx, ykey or "y", ny), 3)
  end
  return xs, ys, nx
end

function Figure:scatter(spec)
  options.check("plot.scatter", spec, OPTS.scatter)
  local xs, ys, n = paired(spec, "scatter")
  self.layers[#self.layers + 1] = { kind = "scatter", x = xs, y = ys, n = n,
    label = spec.label, color = spec.color or next_color(self), size = spec.size or 3.5,
    shape = spec.shape or "circle", labels = spec.labels, opacity = spec.opacity or 0.85,
    stroke = spec.stroke }
  return self
end

function Figure:line(spec)
  options.check("plot.line", spec, OPTS.line)
  local xs, ys, n = paired(spec, "line")
  self.layers[#self.layers + 1] = { kind = "line", x = xs, y = ys, n = n, label = spec.label,
    color = spec.color or next_color(self), width = spec.width or 2, dashed = spec.dashed }
  return self
end

function Figure:band(spec)
  options.check("plot.band", spec, OPTS.band)
  local xs, lo, n = paired(spec, "band", "lower")
  local _, hi = paired(spec, "band", "upper")
  self.layers[#self.layers + 1] = { kind = "band", x = xs, lower = lo, upper = hi, n = n,
    label = spec.label, color = spec.color or M.palette[1], opacity = spec.opacity or 0.18 }
  return self
end

function Figure:hline(spec)
  options.check("plot.hline", spec, OPTS.hline)
  if type(spec.y) ~= "number" then error("plot.hline: y must be a number", 2) end
  self.layers[#self.layers + 1] = { kind = "hline", y = spec.y, label = spec.label,
    color = spec.color or "#555555", dashed = spec.dashed ~= false }
  return self
end

function Figure:vline(spec)
  options.check("plot.vline", spec, OPTS.vline)
  if type(spec.x) ~= "number" then error("plot.vline: x must be a number", 2) end
  self.layers[#self.layers + 1] = { kind = "vline", x = spec.x, label = spec.label,
    color = spec.color or "#555555", dashed = spec.dashed ~= false }
  return self
end

function Figure:text(spec)
  options.check("plot.text", spec, OPTS.text)
  self.layers[#self.layers + 1] = { kind = "text", x = spec.x, y = spec.y, text = spec.text,
    anchor = spec.anchor or "start", color = spec.color or "#222222" }
  return self
end

-- ---- scales ------------------------------------------------------------------------

local function to_axis(axis, v, what)
  if axis.log then
    if v <= 0 then
      error(string.format("plot: %s value %s is not positive on a log axis", what,
        fmt.shortest(v)), 4)
    end
    return math.log(v, 10)
  end
  return v
end

-- Data range of the figure along "x" or "y", in axis units (log10 for log axes).
local function data_range(fig, which)
  local axis = fig[which]
  local lo, hi = math.huge, -math.huge
  local function see(v)
    if v == nil or v ~= v then return end
    local a = to_axis(axis, v, which)
    if a < lo then lo = a end
    if a > hi then hi = a end
  end
  for _, l in ipairs(fig.layers) do
    if l.kind == "scatter" or l.kind == "line" then
      for i = 1, l.n do
        if l.x[i] ~= nil and l.y[i] ~= nil then see(l[which][i]) end
      end
    elseif l.kind == "band" then
      for i = 1, l.n do
        if which == "x" then see(l.x[i]) else see(l.lower[i]); see(l.upper[i]) end
      end
    elseif (l.kind == "hline" and which == "y") or (l.kind == "vline" and which == "x") then
      see(l[which])
    end
  end
  if axis.min then lo = to_axis(axis, axis.min, which) end
  if axis.max then hi = to_axis(axis, axis.max, which) end
  if lo == math.huge then lo, hi = 0, 1 end
  if lo == hi then lo, hi = lo - 0.5, hi + 0.5 end
  -- a little air around the data, unless the user fixed the limits
  local pad = 0.04 * (hi - lo)
  if not axis.min then lo = lo - pad end
  if not axis.max then hi = hi + pad end
  return lo, hi
end

local function nice_step(span, target)
  local raw = span / target
  local mag = 10 ^ math.floor(math.log(raw, 10))
  for _, m in ipairs({ 1, 2, 2.5, 5, 10 }) do
    if m * mag >= raw then return m * mag end
  end
  return 10 * mag
end

-- A 1x, 2x or 5x log tick as plain text: %g for large and small values (2e+23, not the
-- 24-digit shortest round-trip of 2 * 10^23 in floating point).
local function log_tick_label(v)
  if v >= 1e4 or v < 1e-3 then return string.format("%g", v) end
  return fmt.shortest(v)
end

-- Ticks as { pos = axis units, label = text, major = bool }.
local function ticks(axis, lo, hi)
  local out = {}
  if axis.log then
    local first, last = math.ceil(lo - 1e-9), math.floor(hi + 1e-9)
    local decades = last - first + 1
    local every = decades > 12 and math.ceil(decades / 8) or 1
    for e = first, last do
      if (e - first) % every == 0 then
        out[#out + 1] = { pos = e, label = "10^" .. e, exp = e, major = true }
      end
    end
    if decades < 3 then -- too few decades for a readable axis: add 2x and 5x, and write
      -- every label as a plain number so that 0.1 does not sit beside 0.2 as 10^-1
      for _, t in ipairs(out) do t.label, t.exp = log_tick_label(10 ^ t.exp), nil end
      for e = math.floor(lo), math.ceil(hi) do
        for _, m in ipairs({ 2, 5 }) do
          local p = e + math.log(m, 10)
          if p >= lo and p <= hi then
            out[#out + 1] = { pos = p, label = log_tick_label(m * 10 ^ e), major = false }
          end
        end
      end
      table.sort(out, function(a, b) return a.pos < b.pos end)
    end
    if axis.format then -- the caller's format wins (money, percent, ...)
      for _, t in ipairs(out) do t.label, t.exp = fmt.value(10 ^ t.pos, axis.format, "svg"), nil end
    end
  else
    local step = nice_step(hi - lo, 6)
    local v = math.ceil(lo / step - 1e-9) * step
    while v <= hi + 1e-9 * step do
      local label = axis.format and fmt.value(v, axis.format, "svg")
        or fmt.shortest(tonumber(string.format("%.10g", v)))
      out[#out + 1] = { pos = v, label = label, major = true }
      v = v + step
    end
  end
  return out
end

-- ---- drawing -----------------------------------------------------------------------

local MARGIN = { left = 74, right = 24, top = 46, bottom = 58 }

local function tick_label(t, x, y, anchor)
  if t.exp then -- 10 with a raised exponent
    return string.format('<text x="%s" y="%s" text-anchor="%s">10<tspan dy="-6" ' ..
      'font-size="9">%d</tspan></text>', num(x), num(y), anchor, t.exp)
  end
  return string.format('<text x="%s" y="%s" text-anchor="%s">%s</text>', num(x), num(y),
    anchor, esc(t.label))
end

local function dash(on) return on and ' stroke-dasharray="6 4"' or "" end

-- Returns the SVG elements of the figure drawn in the box (ox, oy, w, h).
function Figure:draw(ox, oy, w, h)
  local TOP_AXIS_HEIGHT = 38
  local top_room = #self.tops * TOP_AXIS_HEIGHT
  local px0, px1 = ox + MARGIN.left, ox + w - MARGIN.right
  local py0, py1 = oy + MARGIN.top + top_room, oy + h - MARGIN.bottom
  local xlo, xhi = data_range(self, "x")
  local ylo, yhi = data_range(self, "y")
  local function sx(v) return px0 + (to_axis(self.x, v, "x") - xlo) / (xhi - xlo) * (px1 - px0) end
  local function sy(v) return py1 - (to_axis(self.y, v, "y") - ylo) / (yhi - ylo) * (py1 - py0) end
  local clip = string.format("clip%d", math.floor(ox) * 7 + math.floor(oy))
  local out = {}
  local function add(s) out[#out + 1] = s end

  add(string.format('<clipPath id="%s"><rect x="%s" y="%s" width="%s" height="%s"/></clipPath>',
    clip, num(px0), num(py0), num(px1 - px0), num(py1 - py0)))
  add(string.format('<rect x="%s" y="%s" width="%s" height="%s" fill="#ffffff" ' ..
    'stroke="#999999"/>', num(px0), num(py0), num(px1 - px0), num(py1 - py0)))

  -- grid and ticks
  add('<g font-size="11" fill="#333333">')
  for _, t in ipairs(ticks(self.x, xlo, xhi)) do
    local x = px0 + (t.pos - xlo) / (xhi - xlo) * (px1 - px0)
    add(string.format('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#e6e6e6"/>', num(x),
      num(py0), num(x), num(py1)))
    add(string.format('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#555555"/>', num(x),
      num(py1), num(x), num(py1 + 5)))
    add(tick_label(t, x, py1 + 18, "middle"))
  end
  for _, t in ipairs(ticks(self.y, ylo, yhi)) do
    local y = py1 - (t.pos - ylo) / (yhi - ylo) * (py1 - py0)
    add(string.format('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#e6e6e6"/>', num(px0),
      num(y), num(px1), num(y)))
    add(string.format('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#555555"/>',
      num(px0 - 5), num(y), num(px0), num(y)))
    add(tick_label(t, px0 - 8, y + 4, "end"))
  end
  add("</g>")

  -- layers, clipped to the plot area
  add(string.format('<g clip-path="url(#%s)">', clip))
  for _, l in ipairs(self.layers) do
    if l.kind == "band" then
      local up, down = {}, {}
      for i = 1, l.n do
        if l.x[i] and l.lower[i] and l.upper[i] then
          up[#up + 1] = num(sx(l.x[i])) .. "," .. num(sy(l.upper[i]))
          table.insert(down, 1, num(sx(l.x[i])) .. "," .. num(sy(l.lower[i])))
        end
      end
      if #up > 0 then
        add(string.format('<polygon points="%s %s" fill="%s" fill-opacity="%s" stroke="none"/>',
          table.concat(up, " "), table.concat(down, " "), l.color, l.opacity))
      end
    elseif l.kind == "line" then
      local pts = {}
      for i = 1, l.n do
        if l.x[i] and l.y[i] then pts[#pts + 1] = num(sx(l.x[i])) .. "," .. num(sy(l.y[i])) end
      end
      if #pts > 0 then
        add(string.format('<polyline points="%s" fill="none" stroke="%s" stroke-width="%s"%s/>',
          table.concat(pts, " "), l.color, l.width, dash(l.dashed)))
      end
    elseif l.kind == "scatter" then
      for i = 1, l.n do
        if l.x[i] and l.y[i] then
          local x, y, r = sx(l.x[i]), sy(l.y[i]), l.size
          local stroke = l.stroke and string.format(' stroke="%s"', l.stroke) or ""
          if l.shape == "square" then
            add(string.format('<rect x="%s" y="%s" width="%s" height="%s" fill="%s" ' ..
              'fill-opacity="%s"%s/>', num(x - r), num(y - r), num(2 * r), num(2 * r), l.color,
              l.opacity, stroke))
          elseif l.shape == "diamond" then
            add(string.format('<polygon points="%s,%s %s,%s %s,%s %s,%s" fill="%s" ' ..
              'fill-opacity="%s"%s/>', num(x), num(y - r * 1.3), num(x + r * 1.3), num(y),
              num(x), num(y + r * 1.3), num(x - r * 1.3), num(y), l.color, l.opacity, stroke))
          else
            add(string.format('<circle cx="%s" cy="%s" r="%s" fill="%s" fill-opacity="%s"%s/>',
              num(x), num(y), num(r), l.color, l.opacity, stroke))
          end
          if l.labels and l.labels[i] then
            add(string.format('<text x="%s" y="%s" font-size="9" fill="#333333">%s</text>',
              num(x + r + 2), num(y - r - 1), esc(l.labels[i])))
          end
        end
      end
    elseif l.kind == "hline" then
      local y = sy(l.y)
      add(string.format('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"%s/>', num(px0),
        num(y), num(px1), num(y), l.color, dash(l.dashed)))
      if l.label then -- at the right end, clear of a legend in a left corner
        add(string.format('<text x="%s" y="%s" font-size="10" fill="%s" text-anchor="end">' ..
          '%s</text>', num(px1 - 4), num(y - 4), l.color, esc(l.label)))
      end
    elseif l.kind == "vline" then
      local x = sx(l.x)
      add(string.format('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"%s/>', num(x),
        num(py0), num(x), num(py1), l.color, dash(l.dashed)))
      if l.label then -- reads upward from the bottom, clear of a top-right legend
        add(string.format('<text x="%s" y="%s" font-size="10" fill="%s" ' ..
          'transform="rotate(-90 %s %s)">%s</text>', num(x - 4), num(py1 - 6), l.color,
          num(x - 4), num(py1 - 6), esc(l.label)))
      end
    elseif l.kind == "text" then
      add(string.format('<text x="%s" y="%s" font-size="10" fill="%s" text-anchor="%s">%s</text>',
        num(sx(l.x)), num(sy(l.y)), l.color, l.anchor, esc(l.text)))
    end
  end
  add("</g>")

  -- secondary top axes: monotonic functions of x (dollars or CO2 from FLOP), stacked
  for k, spec in ipairs(self.tops) do
    local base = py0 - (k - 1) * TOP_AXIS_HEIGHT
    local top = { log = spec.log ~= false and self.x.log, format = spec.format }
    local function tf(a) -- x in axis units -> top value
      local v = self.x.log and 10 ^ a or a
      return spec.transform(v)
    end
    local t0, t1 = tf(xlo), tf(xhi)
    if not (t0 and t1 and t1 > t0) then
      error("plot: top.transform must be increasing over the x range", 3)
    end
    local tlo, thi = to_axis(top, t0, "top"), to_axis(top, t1, "top")
    add(string.format('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#555555"/>', num(px0),
      num(base), num(px1), num(base)))
    add('<g font-size="11" fill="#333333">')
    for _, t in ipairs(ticks(top, tlo, thi)) do
      -- find the x position by bisection: the transform is only assumed monotonic
      local a, b = xlo, xhi
      for _ = 1, 60 do
        local mid = (a + b) / 2
        if to_axis(top, tf(mid), "top") < t.pos then a = mid else b = mid end
      end
      local x = px0 + ((a + b) / 2 - xlo) / (xhi - xlo) * (px1 - px0)
      add(string.format('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#555555"/>', num(x),
        num(base - 5), num(x), num(base)))
      if top.format and t.exp then
        t = { label = fmt.value(10 ^ t.exp, top.format, "svg") }
      end
      add(tick_label(t, x, base - 9, "middle"))
    end
    add("</g>")
    if spec.label then
      add(string.format('<text x="%s" y="%s" font-size="11" text-anchor="end">%s</text>',
        num(px0 - 8), num(base - 9), esc(spec.label)))
    end
  end

  -- axis labels and title
  if self.x.label then
    add(string.format('<text x="%s" y="%s" font-size="12" text-anchor="middle">%s</text>',
      num((px0 + px1) / 2), num(py1 + 40), esc(self.x.label)))
  end
  if self.y.label then
    local cx, cy = ox + 16, (py0 + py1) / 2
    add(string.format('<text x="%s" y="%s" font-size="12" text-anchor="middle" ' ..
      'transform="rotate(-90 %s %s)">%s</text>', num(cx), num(cy), num(cx), num(cy),
      esc(self.y.label)))
  end
  if self.title then
    add(string.format('<text x="%s" y="%s" font-size="14" font-weight="bold" ' ..
      'text-anchor="middle">%s</text>', num(ox + w / 2), num(oy + 20), esc(self.title)))
  end

  -- legend: every layer with a label, in the order added
  local entries = {}
  for _, l in ipairs(self.layers) do
    if l.label and l.kind ~= "hline" and l.kind ~= "vline" then entries[#entries + 1] = l end
  end
  if #entries > 0 and self.legend_position ~= "none" then
    local lw = 0
    for _, l in ipairs(entries) do lw = math.max(lw, (utf8.len(l.label) or #l.label) * 6) end
    lw = lw + 34
    local lh = 16 * #entries + 8
    local lx = self.legend_position:find("left") and px0 + 8 or px1 - lw - 8
    local ly = self.legend_position:find("bottom") and py1 - lh - 8 or py0 + 8
    add(string.format('<g font-size="11"><rect x="%s" y="%s" width="%s" height="%s" ' ..
      'fill="#ffffff" fill-opacity="0.9" stroke="#cccccc"/>', num(lx), num(ly), num(lw), num(lh)))
    for i, l in ipairs(entries) do
      local y = ly + 4 + 16 * i - 6
      if l.kind == "scatter" then
        add(string.format('<circle cx="%s" cy="%s" r="4" fill="%s"/>', num(lx + 14), num(y),
          l.color))
      elseif l.kind == "band" then
        add(string.format('<rect x="%s" y="%s" width="18" height="9" fill="%s" ' ..
          'fill-opacity="%s"/>', num(lx + 5), num(y - 4.5), l.color, math.max(l.opacity, 0.3)))
      else
        add(string.format('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" ' ..
          'stroke-width="2"%s/>', num(lx + 5), num(y), num(lx + 23), num(y), l.color,
          dash(l.dashed)))
      end
      add(string.format('<text x="%s" y="%s">%s</text>', num(lx + 28), num(y + 4), esc(l.label)))
    end
    add("</g>")
  end
  return table.concat(out, "\n")
end

local function svg_document(w, h, body, inline)
  local head = inline and "" or '<?xml version="1.0" encoding="UTF-8"?>\n'
  return head .. string.format('<svg xmlns="http://www.w3.org/2000/svg" version="1.1" ' ..
    'width="%d" height="%d" viewBox="0 0 %d %d" font-family="Helvetica, Arial, sans-serif">\n' ..
    '<rect width="100%%" height="100%%" fill="#ffffff"/>\n%s\n</svg>\n', w, h, w, h, body)
end

--- The figure as an SVG document (opts.inline: without the XML declaration, for HTML).
function Figure:svg(opts)
  options.check("svg", opts, OPTS.svg)
  return svg_document(self.width, self.height, self:draw(0, 0, self.width, self.height),
    opts and opts.inline)
end

--- Writes the SVG atomically; returns the path.
function Figure:write(path)
  return bio.write_atomic(path, self:svg())
end

-- ---- small multiples ---------------------------------------------------------------

local Grid = {}
Grid.__index = Grid

--- Small multiples: { figures = {...}, columns = 2, title =, panel_width =, panel_height = }.
function M.grid(spec)
  if type(spec) ~= "table" or type(spec.figures) ~= "table" or #spec.figures == 0 then
    error("plot.grid: figures must be a non-empty array of figures", 2)
  end
  options.check("plot.grid", spec, OPTS.grid)
  return setmetatable({ figures = spec.figures, columns = spec.columns or 2,
    title = spec.title, caption = spec.caption, pw = spec.panel_width or 420,
    ph = spec.panel_height or 320 }, Grid)
end

function Grid:svg(opts)
  options.check("svg", opts, OPTS.svg)
  local cols = math.min(self.columns, #self.figures)
  local rows = math.ceil(#self.figures / cols)
  local title_h = self.title and 30 or 0
  local parts = {}
  if self.title then
    parts[1] = string.format('<text x="%s" y="20" font-size="15" font-weight="bold" ' ..
      'text-anchor="middle">%s</text>', num(cols * self.pw / 2), esc(self.title))
  end
  for i, f in ipairs(self.figures) do
    local c, r = (i - 1) % cols, (i - 1) // cols
    parts[#parts + 1] = f:draw(c * self.pw, title_h + r * self.ph, self.pw, self.ph)
  end
  return svg_document(cols * self.pw, title_h + rows * self.ph, table.concat(parts, "\n"),
    opts and opts.inline)
end

Grid.write = Figure.write

-- errors read as raised at the caller's line
options.wrap_all(M, { "figure", "grid" })
for _, name in ipairs({ "scatter", "line", "band", "hline", "vline", "text", "svg", "write" }) do
  Figure[name] = options.wrap(Figure[name])
end
Grid.svg, Grid.write = options.wrap(Grid.svg), Figure.write

return M
