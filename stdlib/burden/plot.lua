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
--   fig:write("out/imagenet.pdf")  fig:write("out/imagenet.png", { scale = 2 })
-- PDF and PNG are the SVG rendered by librsvg and cairo (burden.core.svgrender), so
-- every format shows the same figure; PDF keeps text as text.
-- Output is deterministic: coordinates are printed with two decimals, series in the
-- order they were added.
local fmt = require "burden.format"
local bio = require "burden.io"
local options = require "burden.options"
local svgrender = require "burden.core.svgrender"

local M = {}

-- The keys each function accepts (burden.options.check rejects any other).
local OPTS = {
  figure = { "title", "caption", "width", "height", "x", "y", "top", "legend" },
  axis = { "label", "log", "min", "max", "format" },
  top = { "label", "transform", "format" },
  scatter = { "x", "y", "label", "color", "size", "shape", "labels", "opacity", "stroke",
    "titles", "links" },
  line = { "x", "y", "label", "color", "width", "dashed" },
  band = { "x", "lower", "upper", "label", "color", "opacity" },
  hline = { "y", "label", "color", "dashed" },
  vline = { "x", "label", "color", "dashed" },
  text = { "x", "y", "text", "anchor", "color" },
  svg = { "inline" },
  write = { "scale" },
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
    stroke = spec.stroke, titles = spec.titles, links = spec.links }
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
    if axis.format == "money" and #out > 0 and out[#out].pos >= 15 - 1e-9 then
      -- fmt.money writes words below $10^15 and powers above: one format per axis, so
      -- every tick of an axis that reaches $10^15 is a power of ten
      for _, t in ipairs(out) do
        if t.exp then t.prefix = "$" else t.label = "$" .. fmt.pow10(10 ^ t.pos, "svg", 1) end
      end
    elseif axis.format then -- the caller's format wins (money, percent, ...)
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
    return string.format('<text x="%s" y="%s" text-anchor="%s">%s10<tspan dy="-6" ' ..
      'font-size="9">%d</tspan></text>', num(x), num(y), anchor, esc(t.prefix or ""), t.exp)
  end
  return string.format('<text x="%s" y="%s" text-anchor="%s">%s</text>', num(x), num(y),
    anchor, esc(t.label))
end

local function dash(on) return on and ' stroke-dasharray="6 4"' or "" end

-- ---- label placement -----------------------------------------------------------------
-- Text boxes are estimated, not measured: 0.6 em per character is the mean advance of
-- DejaVu Sans (the widest of the fonts named), so an estimate errs on the side of room.
local function text_width(s, size) return (utf8.len(s) or #s) * 0.6 * size end

local function overlaps(a, b)
  return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1
end

-- Whether the segment (x1,y1)-(x2,y2) crosses box b (Liang-Barsky clipping).
local function segment_hits(b, x1, y1, x2, y2)
  local t0, t1, dx, dy = 0, 1, x2 - x1, y2 - y1
  for _, pq in ipairs({ { -dx, x1 - b.x0 }, { dx, b.x1 - x1 }, { -dy, y1 - b.y0 },
    { dy, b.y1 - y1 } }) do
    local pp, q = pq[1], pq[2]
    if pp == 0 then
      if q < 0 then return false end
    else
      local r = q / pp
      if pp < 0 then
        if r > t1 then return false elseif r > t0 then t0 = r end
      else
        if r < t0 then return false elseif r < t1 then t1 = r end
      end
    end
  end
  return true
end

-- Greedy placement: each label takes the first candidate position around its point
-- (nearest first) that stays in the plot area and clear of every box and segment
-- already there; a label set away from its point gets a leader line. Returns SVG.
local function place_labels(labels, boxes, segments, area)
  local out = {}
  local function cost(b)
    local n = 0
    if b.x0 < area.x0 or b.x1 > area.x1 or b.y0 < area.y0 or b.y1 > area.y1 then n = 1000 end
    for _, o in ipairs(boxes) do if overlaps(b, o) then n = n + 1 end end
    for _, sg in ipairs(segments) do
      if segment_hits(b, sg[1], sg[2], sg[3], sg[4]) then n = n + 1 end
    end
    return n
  end
  for _, lb in ipairs(labels) do
    local w, asc, desc = text_width(lb.text, lb.size), 0.8 * lb.size, 0.25 * lb.size
    local best, best_cost
    for _, d in ipairs({ 2, 8, 16, 26, 38 }) do
      local g = lb.r + d
      for _, c in ipairs({ { 1, -1 }, { 1, 1 }, { -1, -1 }, { -1, 1 }, { 0, -1 }, { 0, 1 },
        { 1, 0 }, { -1, 0 } }) do
        -- (c[1], c[2]): side of the point the box sits on
        local x0 = c[1] > 0 and lb.x + g or c[1] < 0 and lb.x - g - w or lb.x - w / 2
        local y1 = c[2] < 0 and lb.y - g or c[2] > 0 and lb.y + g + asc + desc
          or lb.y + (asc + desc) / 2
        local b = { x0 = x0, x1 = x0 + w, y0 = y1 - asc - desc, y1 = y1, d = d }
        local k = cost(b)
        if best_cost == nil or k < best_cost then best, best_cost = b, k end
        if k == 0 then break end
      end
      if best_cost == 0 then break end
    end
    boxes[#boxes + 1] = best
    if best.d > 2 then -- leader from the point to the nearest corner of the label's box
      local lx = math.max(best.x0, math.min(lb.x, best.x1))
      local ly = math.max(best.y0, math.min(lb.y, best.y1))
      out[#out + 1] = string.format('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#888888" ' ..
        'stroke-width="0.6"/>', num(lb.x), num(lb.y), num(lx), num(ly))
    end
    out[#out + 1] = string.format('<text class="label" x="%s" y="%s" font-size="%s" ' ..
      'fill="#333333">%s</text>', num(best.x0), num(best.y1 - desc), lb.size, esc(lb.text))
  end
  return table.concat(out, "\n")
end

-- Returns the SVG elements of the figure drawn in the box (ox, oy, w, h).
function Figure:draw(ox, oy, w, h, opts)
  local inline = opts and opts.inline
  local TOP_AXIS_HEIGHT = 38
  local top_room = #self.tops * TOP_AXIS_HEIGHT
  local px0, px1 = ox + MARGIN.left, ox + w - MARGIN.right
  local py0, py1 = oy + MARGIN.top + top_room, oy + h - MARGIN.bottom
  local xlo, xhi = data_range(self, "x")
  local ylo, yhi = data_range(self, "y")
  local function sx(v) return px0 + (to_axis(self.x, v, "x") - xlo) / (xhi - xlo) * (px1 - px0) end
  local function sy(v) return py1 - (to_axis(self.y, v, "y") - ylo) / (yhi - ylo) * (py1 - py0) end
  -- ids are global in an HTML page with several inline SVGs: name the clip by its
  -- rectangle, the figure's title and its data ranges, so that two figures of one page
  -- share an id only when they draw the same thing in the same place
  local clip = "clip-" .. bio.sha256(string.format("%s %s %s %s|%s|%s %s %s %s", num(px0),
    num(py0), num(px1), num(py1), self.title or "", num(xlo), num(xhi), num(ylo),
    num(yhi))):sub(1, 12)
  local out = { '<g class="panel">' }
  local function add(s) out[#out + 1] = s end

  add(string.format('<clipPath id="%s"><rect x="%s" y="%s" width="%s" height="%s"/></clipPath>',
    clip, num(px0), num(py0), num(px1 - px0), num(py1 - py0)))
  add(string.format('<rect x="%s" y="%s" width="%s" height="%s" fill="#ffffff" ' ..
    'stroke="#999999"/>', num(px0), num(py0), num(px1 - px0), num(py1 - py0)))

  -- grid and ticks
  add('<g class="ticks x" font-size="11" fill="#333333">')
  for _, t in ipairs(ticks(self.x, xlo, xhi)) do
    local x = px0 + (t.pos - xlo) / (xhi - xlo) * (px1 - px0)
    add(string.format('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#e6e6e6"/>', num(x),
      num(py0), num(x), num(py1)))
    add(string.format('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#555555"/>', num(x),
      num(py1), num(x), num(py1 + 5)))
    add(tick_label(t, x, py1 + 18, "middle"))
  end
  add('</g><g class="ticks y" font-size="11" fill="#333333">')
  for _, t in ipairs(ticks(self.y, ylo, yhi)) do
    local y = py1 - (t.pos - ylo) / (yhi - ylo) * (py1 - py0)
    add(string.format('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#e6e6e6"/>', num(px0),
      num(y), num(px1), num(y)))
    add(string.format('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#555555"/>',
      num(px0 - 5), num(y), num(px0), num(y)))
    add(tick_label(t, px0 - 8, y + 4, "end"))
  end
  add("</g>")

  -- the legend's box, computed first so that point labels keep clear of it
  local entries, legend = {}, nil
  for _, l in ipairs(self.layers) do
    if l.label and l.kind ~= "hline" and l.kind ~= "vline" then entries[#entries + 1] = l end
  end
  local wrapped = {} -- each entry's lines: a label wider than the plot wraps at spaces
  if #entries > 0 and self.legend_position ~= "none" then
    local lw, lh, maxw = 0, 8, math.max(px1 - px0 - 16 - 34, 60)
    for i, l in ipairs(entries) do
      local lines, cur = {}, nil
      for word in l.label:gmatch("%S+") do
        local try = cur and (cur .. " " .. word) or word
        if cur and text_width(try, 11) > maxw then lines[#lines + 1], cur = cur, word
        else cur = try end
      end
      lines[#lines + 1] = cur or ""
      wrapped[i] = lines
      for _, line in ipairs(lines) do lw = math.max(lw, text_width(line, 11)) end
      lh = lh + 16 + 14 * (#lines - 1)
    end
    lw = lw + 34
    local lx = self.legend_position:find("left") and px0 + 8 or px1 - lw - 8
    local ly = self.legend_position:find("bottom") and py1 - lh - 8 or py0 + 8
    legend = { x0 = lx, y0 = ly, x1 = lx + lw, y1 = ly + lh }
  end
  -- what point labels must avoid: points, lines, line labels and the legend
  local labels, boxes, segments = {}, { legend }, {}

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
      for i = 2, #pts do
        local x1, y1 = pts[i - 1]:match("^(.-),(.*)$")
        local x2, y2 = pts[i]:match("^(.-),(.*)$")
        segments[#segments + 1] = { tonumber(x1), tonumber(y1), tonumber(x2), tonumber(y2) }
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
          -- a <title> child is the point's tooltip (no script); a link, in a page, its row
          local title = l.titles and l.titles[i]
          local function close(tag)
            return title and ("><title>" .. esc(title) .. "</title></" .. tag .. ">") or "/>"
          end
          local link = inline and l.links and l.links[i]
          if link then add(string.format('<a href="%s">', esc(link))) end
          if l.shape == "square" then
            add(string.format('<rect class="point" x="%s" y="%s" width="%s" height="%s" ' ..
              'fill="%s" fill-opacity="%s"%s', num(x - r), num(y - r), num(2 * r), num(2 * r),
              l.color, l.opacity, stroke) .. close("rect"))
          elseif l.shape == "diamond" then
            add(string.format('<polygon class="point" points="%s,%s %s,%s %s,%s %s,%s" ' ..
              'fill="%s" fill-opacity="%s"%s', num(x), num(y - r * 1.3), num(x + r * 1.3),
              num(y), num(x), num(y + r * 1.3), num(x - r * 1.3), num(y), l.color, l.opacity,
              stroke) .. close("polygon"))
          else
            add(string.format('<circle class="point" cx="%s" cy="%s" r="%s" fill="%s" ' ..
              'fill-opacity="%s"%s', num(x), num(y), num(r), l.color, l.opacity, stroke)
              .. close("circle"))
          end
          if link then add("</a>") end
          boxes[#boxes + 1] = { x0 = x - r, x1 = x + r, y0 = y - r, y1 = y + r }
          if l.labels and l.labels[i] then
            -- a long name is cut (the point's title keeps it whole)
            local text = tostring(l.labels[i])
            if (utf8.len(text) or #text) > 28 then
              text = text:sub(1, utf8.offset(text, 28) - 1):gsub("[%s,;(]+$", "") .. "…"
            end
            labels[#labels + 1] = { x = x, y = y, r = r, size = 9, text = text }
          end
        end
      end
    elseif l.kind == "hline" then
      local y = sy(l.y)
      segments[#segments + 1] = { px0, y, px1, y }
      add(string.format('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"%s/>', num(px0),
        num(y), num(px1), num(y), l.color, dash(l.dashed)))
      if l.label then
        -- above the line at the right end, else below it, else at the left end: the
        -- first place clear of the legend and of the labels already there
        local tw, chosen = text_width(l.label, 10), nil
        for _, c in ipairs({ { px1 - 4 - tw, -4 }, { px1 - 4 - tw, 12 }, { px0 + 4, -4 },
          { px0 + 4, 12 } }) do
          local b = { x0 = c[1], x1 = c[1] + tw, y0 = y + c[2] - 8, y1 = y + c[2] + 2.5 }
          local free = b.y0 >= py0 and b.y1 <= py1
          for _, o in ipairs(boxes) do free = free and not overlaps(b, o) end
          for _, sg in ipairs(segments) do
            free = free and (sg[2] == y and sg[4] == y or not segment_hits(b, table.unpack(sg)))
          end
          if free or not chosen then chosen = b end
          if free then break end
        end
        boxes[#boxes + 1] = chosen
        add(string.format('<text x="%s" y="%s" font-size="10" fill="%s">%s</text>',
          num(chosen.x0), num(chosen.y1 - 2.5), l.color, esc(l.label)))
      end
    elseif l.kind == "vline" then
      local x = sx(l.x)
      segments[#segments + 1] = { x, py0, x, py1 }
      if l.label then
        boxes[#boxes + 1] = { x0 = x - 13, x1 = x - 1, y0 = py1 - 6 - text_width(l.label, 10),
          y1 = py1 - 6 }
      end
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
  if #labels > 0 then
    add(place_labels(labels, boxes, segments, { x0 = px0, x1 = px1, y0 = py0, y1 = py1 }))
  end

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
    add('<g class="ticks top" font-size="11" fill="#333333">')
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
    add(string.format('<text class="title" x="%s" y="%s" font-size="14" font-weight="bold" ' ..
      'text-anchor="middle">%s</text>', num(ox + w / 2), num(oy + 20), esc(self.title)))
  end

  -- legend: every layer with a label, in the order added
  if legend then
    local lx, ly, lw, lh = legend.x0, legend.y0, legend.x1 - legend.x0, legend.y1 - legend.y0
    add(string.format('<g font-size="11"><rect x="%s" y="%s" width="%s" height="%s" ' ..
      'fill="#ffffff" fill-opacity="0.9" stroke="#cccccc"/>', num(lx), num(ly), num(lw), num(lh)))
    local y = ly + 14
    for i, l in ipairs(entries) do
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
      for k, line in ipairs(wrapped[i]) do
        add(string.format('<text x="%s" y="%s">%s</text>', num(lx + 28), num(y + 4 + 14 * (k - 1)),
          esc(line)))
      end
      y = y + 16 + 14 * (#wrapped[i] - 1)
    end
    add("</g>")
  end
  add("</g>")
  return table.concat(out, "\n")
end

local function svg_document(w, h, body, inline)
  local head = inline and "" or '<?xml version="1.0" encoding="UTF-8"?>\n'
  return head .. string.format('<svg xmlns="http://www.w3.org/2000/svg" version="1.1" ' ..
    'width="%d" height="%d" viewBox="0 0 %d %d" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">\n' ..
    '<rect width="100%%" height="100%%" fill="#ffffff"/>\n%s\n</svg>\n', w, h, w, h, body)
end

--- The figure as an SVG document (opts.inline: without the XML declaration, for HTML).
function Figure:svg(opts)
  options.check("svg", opts, OPTS.svg)
  return svg_document(self.width, self.height,
    self:draw(0, 0, self.width, self.height, opts), opts and opts.inline)
end

M.formats = { "svg", "pdf", "png" }

--- Writes the figure atomically, in the format of the path's extension: .svg, .pdf
-- (vector, text as text, 96 px = 72 pt) or .png (opts.scale times the SVG's pixels,
-- default 2 for slides and screens). Returns the path.
function Figure:write(path, opts)
  options.check("write", opts, OPTS.write)
  if type(path) ~= "string" then error("plot: write needs a path", 2) end
  local ext = (path:match("%.(%w+)$") or ""):lower()
  if ext == "svg" then return bio.write_atomic(path, self:svg()) end
  if ext ~= "pdf" and ext ~= "png" then
    error(string.format("plot: cannot tell the format of '%s': the extension must be " ..
      ".svg, .pdf or .png", path), 2)
  end
  local scale = opts and opts.scale or (ext == "png" and 2 or 1)
  if ext == "pdf" and scale ~= 1 then error("plot: write: scale is for .png only", 2) end
  if type(scale) ~= "number" or not (scale > 0 and scale <= 16) then
    error("plot: write: scale must be a number in (0, 16]", 2)
  end
  svgrender.render(self:svg(), path, ext, scale)
  return path
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
    parts[#parts + 1] = f:draw(c * self.pw, title_h + r * self.ph, self.pw, self.ph, opts)
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
