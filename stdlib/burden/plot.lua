--- burden.plot: SVG 1.1 figures with no external tools.
--
--   local fig = plot.figure{ title =, width = 640, height = 440, style = "screen",
--     legend = "topright", x = { label =, log = true, min =, max = }, y = { label =, log = true },
--     top = { label =, transform = function(x) return x / 6.874e16 end, format = "money" } }
--   fig:scatter{ x =, y =, label =, color =, size =, labels = {...} }
--   fig:line{ x =, y =, label =, dashed = true }
--   fig:band{ x =, lower =, upper =, label = }
--   fig:hline{ y =, label = }   fig:vline{ x =, label = }   fig:text{ x =, y =, text = }
--   fig:write("out/imagenet.svg")          plot.grid{ figures = {...}, columns = 2 }
--   fig:write("out/imagenet.pdf")  fig:write("out/imagenet.png", { scale = 2 })
-- PDF and PNG are the SVG rendered by librsvg and cairo (burden.core.svgrender), so
-- every format shows the same figure; PDF keeps text as text. style = "print" draws
-- for a paper's column (3.5 in, text 8-9 pt, legend under the plot; see M.styles).
-- Output is deterministic: coordinates are printed with two decimals, series in the
-- order they were added.
local fmt = require "burden.format"
local bio = require "burden.io"
local options = require "burden.options"
local svgrender = require "burden.core.svgrender"

local M = {}

-- The keys each function accepts (burden.options rejects any other).
local OPTS = {
  figure = { "title", "caption", "width", "height", "x", "y", "top", "legend", "style" },
  axis = { "label", "log", "min", "max", "format" },
  top = { "label", "transform", "format" },
  scatter = { "x", "y", "label", "color", "size", "shape", "labels", "opacity", "stroke",
    "titles", "links" },
  line = { "x", "y", "label", "color", "width", "dashed" },
  band = { "x", "lower", "upper", "label", "color", "opacity" },
  hline = { "y", "label", "color", "dashed" },
  vline = { "x", "label", "color", "dashed" },
  text = { "x", "y", "text", "anchor", "color" },
  svg = { "inline", "style" },
  write = { "scale" },
  grid = { "figures", "columns", "title", "caption", "panel_width", "panel_height", "style" },
}

M.palette = { "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
  "#F0E442", "#000000" } -- Okabe and Ito's colour-blind-safe palette

-- Size presets. A figure is drawn in user units: "screen" (the default, for the HTML
-- report) in CSS pixels, 640 x 440; "print" in points, 3.5 in (252 pt, one column of a
-- two-column LaTeX paper) wide, 170 pt high plus its legend, which goes below the plot,
-- text at 8 and 9 pt (tick exponents 7 pt), so that the PDF is 252 pt wide with the
-- sizes a journal asks for, and a PNG at scale 2 is 672 px wide. `scale` multiplies
-- every other length (gaps, tick marks, point radii, line widths); decades = { n, m }:
-- a log axis with more than n decades labels about m.
M.styles = {
  screen = { width = 640, height = 440, unit = "", scale = 1, dash = "6 4",
    margin = { left = 74, right = 24, top = 46, bottom = 58 }, top_axis = 38,
    font = { title = 14, axis = 12, tick = 11, exponent = 9, legend = 11, label = 10,
      point = 9, grid_title = 15 },
    decades = { 12, 8 } },
  print = { width = 252, height = 170, unit = "pt", scale = 0.7, dash = "4 2.5", legend = "below",
    margin = { left = 47, right = 10, top = 22, bottom = 36 }, top_axis = 26,
    font = { title = 9, axis = 9, tick = 8, exponent = 7, legend = 8, label = 8, point = 8,
      grid_title = 10 },
    decades = { 7, 5 } },
}

local function style_of(name, fn)
  if name == nil then return M.styles.screen end
  local st = M.styles[name]
  if not st then
    local known = {}
    for k in pairs(M.styles) do known[#known + 1] = k end
    table.sort(known)
    error(string.format("plot.%s: unknown style '%s' (%s)", fn, tostring(name),
      table.concat(known, ", ")), 3)
  end
  return st
end

local Figure = {}
Figure.__index = Figure

local function num(x) return string.format("%.2f", x) end

-- The texts of a drawing (titles, labels, tooltips, links) are escaped for SVG with one
-- call into burden.format per document, not one per text: a drawing's parts are strings,
-- or arrays of strings and text numbers from esc(texts, s), which format.escape_into joins.
local function new_texts() return { n = 0 } end

local function esc(texts, s)
  texts.n = texts.n + 1
  texts[texts.n] = tostring(s)
  return texts.n
end


local function check_axis(spec, name)
  spec = spec or {}
  if type(spec) ~= "table" then error("plot.figure: " .. name .. " must be a table", 3) end
  options.check("plot.figure: " .. name, spec, OPTS.axis)
  return { label = spec.label, log = spec.log and true or false, min = spec.min,
    max = spec.max, format = spec.format }
end

local LEGEND = { topright = true, topleft = true, bottomright = true, bottomleft = true,
  none = true }

--- Creates an empty figure.
function M.figure(spec)
  spec = spec or {}
  local st = style_of(spec.style, "figure")
  if spec.legend ~= nil and not LEGEND[spec.legend] then
    error(string.format("plot.figure: legend '%s' is not topright, topleft, bottomright, " ..
      "bottomleft or none", tostring(spec.legend)), 2)
  end
  local fig = setmetatable({
    title = spec.title, caption = spec.caption, style = spec.style,
    width = spec.width or st.width, height = spec.height or st.height,
    x = check_axis(spec.x, "x"), y = check_axis(spec.y, "y"),
    top = spec.top, legend_position = spec.legend or "topright",
    layers = {}, ncolor = 0,
  }, Figure)
  -- one top axis, or several stacked (e.g. dollars and CO2 from FLOP)
  local tops = fig.top and (fig.top.transform and { fig.top } or fig.top) or {}
  -- every top axis's options in one call; the first without a transform is reported after
  -- the options of those before it, as a check of each in turn would
  local bad = #tops + 1
  for i, t in ipairs(tops) do
    if type(t) ~= "table" or type(t.transform) ~= "function" then bad = i break end
  end
  if #tops > 0 then
    options.check_each("plot.figure: top[%d]", table.move(tops, 1, bad - 1, 1, {}), OPTS.top)
  end
  if bad <= #tops then
    error(string.format("plot.figure: top[%d].transform must be a function of x", bad), 2)
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
  local xs, ys, n = paired(spec, "scatter")
  self.layers[#self.layers + 1] = { kind = "scatter", x = xs, y = ys, n = n,
    label = spec.label, color = spec.color or next_color(self), size = spec.size or 3.5,
    shape = spec.shape or "circle", labels = spec.labels, opacity = spec.opacity or 0.85,
    stroke = spec.stroke, titles = spec.titles, links = spec.links }
  return self
end

function Figure:line(spec)
  local xs, ys, n = paired(spec, "line")
  self.layers[#self.layers + 1] = { kind = "line", x = xs, y = ys, n = n, label = spec.label,
    color = spec.color or next_color(self), width = spec.width or 2, dashed = spec.dashed }
  return self
end

function Figure:band(spec)
  local xs, lo, n = paired(spec, "band", "lower")
  local _, hi = paired(spec, "band", "upper")
  self.layers[#self.layers + 1] = { kind = "band", x = xs, lower = lo, upper = hi, n = n,
    label = spec.label, color = spec.color or M.palette[1], opacity = spec.opacity or 0.18 }
  return self
end

-- hline and vline: a line at spec[axis], a number, or one line per number of an array
-- (a figure's targets in one call), each labelled by the same place of spec.label.
local function reference_lines(self, spec, kind, axis)
  local at, label = spec[axis], spec.label
  local many = type(at) == "table"
  local values = many and at or { at }
  if many and label ~= nil and type(label) ~= "table" then
    error(string.format("plot.%s: label must be an array like %s", kind, axis), 3)
  end
  for i = 1, many and #values or 1 do
    if type(values[i]) ~= "number" then
      error(string.format("plot.%s: %s%s must be a number", kind, axis,
        many and "[" .. i .. "]" or ""), 3)
    end
  end
  for i = 1, #values do
    local layer = { kind = kind, label = label, color = spec.color or "#555555",
      dashed = spec.dashed ~= false }
    layer[axis] = values[i]
    if many then layer.label = label and label[i] end
    self.layers[#self.layers + 1] = layer
  end
end

function Figure:hline(spec)
  reference_lines(self, spec, "hline", "y")
  return self
end

function Figure:vline(spec)
  reference_lines(self, spec, "vline", "x")
  return self
end

function Figure:text(spec)
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

-- The labels of an axis's ticks formatted with spec, with one call into burden.format per
-- axis (not per tick): the value at a tick is 10^pos on a log axis, pos on a linear one.
local function tick_labels(out, spec, log)
  local at = {}
  for k, t in ipairs(out) do at[k] = log and 10 ^ t.pos or t.pos end
  return fmt.values(at, spec, "svg", #out)
end

-- Ticks as { pos = axis units, label = text, major = bool }.
local function ticks(axis, lo, hi, st)
  local out = {}
  if axis.log then
    local first, last = math.ceil(lo - 1e-9), math.floor(hi + 1e-9)
    local decades = last - first + 1
    local many, target = st.decades[1], st.decades[2]
    local every = decades > many and math.ceil(decades / target) or 1
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
      local labels = tick_labels(out, "pow10:1", true)
      for k, t in ipairs(out) do
        if t.exp then t.prefix = "$" else t.label = "$" .. labels[k] end
      end
    elseif axis.format then -- the caller's format wins (money, percent, ...)
      local labels = tick_labels(out, axis.format, true)
      for k, t in ipairs(out) do t.label, t.exp = labels[k], nil end
    end
  else
    local step = nice_step(hi - lo, 6)
    local v = math.ceil(lo / step - 1e-9) * step
    while v <= hi + 1e-9 * step do
      out[#out + 1] = { pos = v, label = fmt.shortest(tonumber(string.format("%.10g", v))),
        major = true }
      v = v + step
    end
    if axis.format then
      local labels = tick_labels(out, axis.format, false)
      for k, t in ipairs(out) do t.label = labels[k] end
    end
  end
  return out
end

-- ---- drawing -----------------------------------------------------------------------

-- A tick's label as a part (see format.escape_into).
local function tick_label(t, x, y, anchor, st, texts)
  local head = string.format('<text x="%s" y="%s" text-anchor="%s">', num(x), num(y), anchor)
  if t.exp then -- 10 with a raised exponent
    return { head, esc(texts, t.prefix or ""), string.format('10<tspan dy="%s" ' ..
      'font-size="%s">%d</tspan></text>', -6 * st.scale, st.font.exponent, t.exp) }
  end
  return { head, esc(texts, t.label), "</text>" }
end

local function dash(on, st) return on and (' stroke-dasharray="' .. st.dash .. '"') or "" end

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
-- already there; a label set away from its point gets a leader line. Adds its parts to
-- out (see format.escape_into).
local function place_labels(labels, boxes, segments, area, st, out, texts)
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
      local g = lb.r + d * st.scale
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
        'stroke-width="%s"/>', num(lb.x), num(lb.y), num(lx), num(ly), 0.6 * st.scale)
    end
    out[#out + 1] = { string.format('<text class="label" x="%s" y="%s" font-size="%s" ' ..
      'fill="#333333">', num(best.x0), num(best.y1 - desc), lb.size), esc(texts, lb.text),
      "</text>" }
  end
end

-- The legend's entries (every layer with a label, but target and marker lines) and
-- layout: each entry's wrapped lines and offset (dx, dy) in the box, the box's width w
-- and height h. Inside the plot (screen) the entries stack in one column at most 60% of
-- the plot's width, so that a long entry leaves room beside the legend for the labels at
-- the ends of target lines. Below the plot (print: a small plot has no room for a
-- legend) they run in rows across the figure's width (x0 to x1), as words in a line.
-- nil when there is no legend.
local function legend_layout(fig, st, px0, px1, x0, x1)
  local entries = {}
  for _, l in ipairs(fig.layers) do
    if l.label and l.kind ~= "hline" and l.kind ~= "vline" then entries[#entries + 1] = l end
  end
  if #entries == 0 or fig.legend_position == "none" then return nil end
  local s, size, pw = st.scale, st.font.legend, px1 - px0
  local below = st.legend == "below"
  local maxw = below and (x1 - x0) - 28 * s
    or math.max(math.min(pw - 16 * s - 34 * s, 0.6 * pw), 60 * s)
  local lay = { entries = entries, wrapped = {}, at = {}, below = below }
  local lw, lh, row, rx = 0, 8 * s, 0, 0
  for i, l in ipairs(entries) do
    local lines, cur = {}, nil -- a label wider than maxw wraps at spaces
    for word in l.label:gmatch("%S+") do
      local try = cur and (cur .. " " .. word) or word
      if cur and text_width(try, size) > maxw then lines[#lines + 1], cur = cur, word
      else cur = try end
    end
    lines[#lines + 1] = cur or ""
    lay.wrapped[i] = lines
    local tw = 0
    for _, line in ipairs(lines) do tw = math.max(tw, text_width(line, size)) end
    lw = math.max(lw, tw)
    local h = 16 * s + 14 * s * (#lines - 1)
    if below then
      local ew = 28 * s + tw -- marker and text; entries 10 apart
      if rx > 0 and rx + ew > x1 - x0 then lh, row, rx = lh + row, 0, 0 end
      lay.at[i] = { dx = rx, dy = lh }
      row, rx = math.max(row, h), rx + ew + 10 * s
    else
      lay.at[i] = { dx = 0, dy = lh }
      lh = lh + h
    end
  end
  if below then lay.w, lay.h = x1 - x0, lh + row else lay.w, lay.h = lw + 34 * s, lh end
  return lay
end

-- The height a legend below the plot adds to the figure (0 when it sits inside).
local function legend_room(lay, st)
  -- the legend starts 6 into the bottom margin and ends 4 above the figure's edge
  return lay and lay.below and lay.h - 2 * st.scale or 0
end

-- The SVG elements of the figure drawn in the box (ox, oy, w, h), in the style
-- opts.style (one of M.styles; default screen), as parts whose texts are in `texts` (see
-- format.escape_into).
function Figure:draw(ox, oy, w, h, opts, texts)
  local inline = opts and opts.inline
  local st = opts and opts.style or M.styles.screen
  local s, font = st.scale, st.font
  local fl = font.label / 10 -- line labels' gaps were set for 10 px text
  local TOP_AXIS_HEIGHT = st.top_axis
  local top_room = #self.tops * TOP_AXIS_HEIGHT
  local px0, px1 = ox + st.margin.left, ox + w - st.margin.right
  local lay = legend_layout(self, st, px0, px1, ox + 8 * s, ox + w - 8 * s)
  local py0, py1 = oy + st.margin.top + top_room, oy + h - st.margin.bottom - legend_room(lay, st)
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
  add(string.format('<g class="ticks x" font-size="%s" fill="#333333">', font.tick))
  for _, t in ipairs(ticks(self.x, xlo, xhi, st)) do
    local x = px0 + (t.pos - xlo) / (xhi - xlo) * (px1 - px0)
    add(string.format('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#e6e6e6"/>', num(x),
      num(py0), num(x), num(py1)))
    add(string.format('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#555555"/>', num(x),
      num(py1), num(x), num(py1 + 5 * s)))
    add(tick_label(t, x, py1 + 18 * s, "middle", st, texts))
  end
  add(string.format('</g><g class="ticks y" font-size="%s" fill="#333333">', font.tick))
  for _, t in ipairs(ticks(self.y, ylo, yhi, st)) do
    local y = py1 - (t.pos - ylo) / (yhi - ylo) * (py1 - py0)
    add(string.format('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#e6e6e6"/>', num(px0),
      num(y), num(px1), num(y)))
    add(string.format('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#555555"/>',
      num(px0 - 5 * s), num(y), num(px0), num(y)))
    add(tick_label(t, px0 - 8 * s, y + 4 * s, "end", st, texts))
  end
  add("</g>")

  -- every line's segments first, so that a label placed early keeps clear of the lines
  -- of layers added after it (a target's label and the extrapolation to that target)
  local segments, paths = {}, {}
  for li, l in ipairs(self.layers) do
    if l.kind == "line" then
      local pts = {}
      for i = 1, l.n do
        if l.x[i] and l.y[i] then pts[#pts + 1] = num(sx(l.x[i])) .. "," .. num(sy(l.y[i])) end
      end
      for i = 2, #pts do
        local x1, y1 = pts[i - 1]:match("^(.-),(.*)$")
        local x2, y2 = pts[i]:match("^(.-),(.*)$")
        segments[#segments + 1] = { tonumber(x1), tonumber(y1), tonumber(x2), tonumber(y2) }
      end
      paths[li] = pts
    elseif l.kind == "hline" then
      local y = sy(l.y)
      segments[#segments + 1] = { px0, y, px1, y }
    elseif l.kind == "vline" then
      local x = sx(l.x)
      segments[#segments + 1] = { x, py0, x, py1 }
    end
  end

  -- the legend's box, before any label so that labels keep clear of it
  local legend
  if lay and lay.below then -- under the x axis title
    local ly = oy + h - legend_room(lay, st) - 6 * s
    legend = { x0 = ox + 8 * s, y0 = ly, x1 = ox + 8 * s + lay.w, y1 = ly + lay.h }
  elseif lay then
    local lx = self.legend_position:find("left") and px0 + 8 * s or px1 - lay.w - 8 * s
    local ly = self.legend_position:find("bottom") and py1 - lay.h - 8 * s or py0 + 8 * s
    legend = { x0 = lx, y0 = ly, x1 = lx + lay.w, y1 = ly + lay.h }
  end
  -- what labels must avoid: points, lines, line labels and the legend
  local labels, boxes = {}, { legend }
  local area = { x0 = px0, x1 = px1, y0 = py0, y1 = py1 }
  -- how badly box b collides: 1000 outside the plot, plus one per box or segment it
  -- touches, except a segment `own` accepts (the label's own line)
  local function collisions(b, own)
    local n = 0
    if b.x0 < area.x0 or b.x1 > area.x1 or b.y0 < area.y0 or b.y1 > area.y1 then n = 1000 end
    for _, o in ipairs(boxes) do if overlaps(b, o) then n = n + 1 end end
    for _, sg in ipairs(segments) do
      if not (own and own(sg)) and segment_hits(b, table.unpack(sg)) then n = n + 1 end
    end
    return n
  end

  -- layers, clipped to the plot area
  add(string.format('<g clip-path="url(#%s)">', clip))
  for li, l in ipairs(self.layers) do
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
      local pts = paths[li]
      if #pts > 0 then
        add(string.format('<polyline points="%s" fill="none" stroke="%s" stroke-width="%s"%s/>',
          table.concat(pts, " "), l.color, l.width * s, dash(l.dashed, st)))
      end
    elseif l.kind == "scatter" then
      for i = 1, l.n do
        if l.x[i] and l.y[i] then
          local x, y, r = sx(l.x[i]), sy(l.y[i]), l.size * s
          local stroke = l.stroke and string.format(' stroke="%s"', l.stroke) or ""
          -- a <title> child is the point's tooltip (no script); a link, in a page, its row
          local title, link = l.titles and l.titles[i], inline and l.links and l.links[i]
          local function point(element, tag)
            if not title then return element .. "/>" end
            return { element .. "><title>", esc(texts, title), "</title></" .. tag .. ">" }
          end
          if link then add({ '<a href="', esc(texts, link), '">' }) end
          if l.shape == "square" then
            add(point(string.format('<rect class="point" x="%s" y="%s" width="%s" ' ..
              'height="%s" fill="%s" fill-opacity="%s"%s', num(x - r), num(y - r), num(2 * r),
              num(2 * r), l.color, l.opacity, stroke), "rect"))
          elseif l.shape == "diamond" then
            add(point(string.format('<polygon class="point" points="%s,%s %s,%s %s,%s %s,%s" ' ..
              'fill="%s" fill-opacity="%s"%s', num(x), num(y - r * 1.3), num(x + r * 1.3),
              num(y), num(x), num(y + r * 1.3), num(x - r * 1.3), num(y), l.color, l.opacity,
              stroke), "polygon"))
          else
            add(point(string.format('<circle class="point" cx="%s" cy="%s" r="%s" fill="%s" ' ..
              'fill-opacity="%s"%s', num(x), num(y), num(r), l.color, l.opacity, stroke),
              "circle"))
          end
          if link then add("</a>") end
          boxes[#boxes + 1] = { x0 = x - r, x1 = x + r, y0 = y - r, y1 = y + r }
          if l.labels and l.labels[i] then
            -- a long name is cut (the point's title keeps it whole)
            local text = tostring(l.labels[i])
            if (utf8.len(text) or #text) > 28 then
              text = text:sub(1, utf8.offset(text, 28) - 1):gsub("[%s,;(]+$", "") .. "…"
            end
            labels[#labels + 1] = { x = x, y = y, r = r, size = font.point, text = text }
          end
        end
      end
    elseif l.kind == "hline" then
      local y = sy(l.y)
      add(string.format('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"%s/>', num(px0),
        num(y), num(px1), num(y), l.color, dash(l.dashed, st)))
      if l.label then
        -- above the line at the right end, else below it, else at the left end: the
        -- first place clear of the legend, of the labels already there and of every line
        local tw, chosen = text_width(l.label, font.label), nil
        for _, c in ipairs({ { px1 - 4 * fl - tw, -4 * fl }, { px1 - 4 * fl - tw, 12 * fl },
          { px0 + 4 * fl, -4 * fl }, { px0 + 4 * fl, 12 * fl } }) do
          local b = { x0 = c[1], x1 = c[1] + tw, y0 = y + c[2] - 8 * fl,
            y1 = y + c[2] + 2.5 * fl }
          local free = b.y0 >= py0 and b.y1 <= py1
          for _, o in ipairs(boxes) do free = free and not overlaps(b, o) end
          for _, sg in ipairs(segments) do
            free = free and (sg[2] == y and sg[4] == y or not segment_hits(b, table.unpack(sg)))
          end
          if free or not chosen then chosen = b end
          if free then break end
        end
        boxes[#boxes + 1] = chosen
        add({ string.format('<text x="%s" y="%s" font-size="%s" fill="%s">', num(chosen.x0),
          num(chosen.y1 - 2.5 * fl), font.label, l.color), esc(texts, l.label), "</text>" })
      end
    elseif l.kind == "vline" then
      local x = sx(l.x)
      add(string.format('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"%s/>', num(x),
        num(py0), num(x), num(py1), l.color, dash(l.dashed, st)))
      if l.label then
        -- along the line reading upward from the bottom, left then right of it; across
        -- the top, left then right of it; along it from the top: the first place clear
        -- of points, labels, the legend and every other line
        local tw, size = text_width(l.label, font.label), font.label
        local g, a, d, hh = 4 * fl, 9 * fl, 3 * fl, 1.05 * size
        local places = {
          { x0 = x - g - a, x1 = x - g + d, y0 = py1 - 6 * fl - tw, y1 = py1 - 6 * fl,
            tx = x - g, ty = py1 - 6 * fl, rot = true, anchor = "start" },
          { x0 = x + g, x1 = x + g + a + d, y0 = py1 - 6 * fl - tw, y1 = py1 - 6 * fl,
            tx = x + g + a, ty = py1 - 6 * fl, rot = true, anchor = "start" },
          { x0 = x - g - tw, x1 = x - g, y0 = py0 + g, y1 = py0 + g + hh,
            tx = x - g, ty = py0 + g + 0.8 * size, anchor = "end" },
          { x0 = x + g, x1 = x + g + tw, y0 = py0 + g, y1 = py0 + g + hh,
            tx = x + g, ty = py0 + g + 0.8 * size, anchor = "start" },
          { x0 = x - g - a, x1 = x - g + d, y0 = py0 + 6 * fl, y1 = py0 + 6 * fl + tw,
            tx = x - g, ty = py0 + 6 * fl, rot = true, anchor = "end" },
          { x0 = x + g, x1 = x + g + a + d, y0 = py0 + 6 * fl, y1 = py0 + 6 * fl + tw,
            tx = x + g + a, ty = py0 + 6 * fl, rot = true, anchor = "end" },
        }
        local own = function(sg) return sg[1] == x and sg[3] == x end
        local best, best_cost
        for _, b in ipairs(places) do
          local k = collisions(b, own)
          if best_cost == nil or k < best_cost then best, best_cost = b, k end
          if k == 0 then break end
        end
        boxes[#boxes + 1] = best
        local anchor = best.anchor == "start" and "" or
          string.format(' text-anchor="%s"', best.anchor)
        local rot = best.rot and string.format(' transform="rotate(-90 %s %s)"', num(best.tx),
          num(best.ty)) or ""
        add({ string.format('<text x="%s" y="%s" font-size="%s" fill="%s"%s%s>', num(best.tx),
          num(best.ty), font.label, l.color, anchor, rot), esc(texts, l.label), "</text>" })
      end
    elseif l.kind == "text" then
      add({ string.format('<text x="%s" y="%s" font-size="%s" fill="%s" text-anchor="%s">',
        num(sx(l.x)), num(sy(l.y)), font.label, l.color, l.anchor), esc(texts, l.text),
        "</text>" })
    end
  end
  add("</g>")
  if #labels > 0 then
    place_labels(labels, boxes, segments, area, st, out, texts)
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
    add(string.format('<g class="ticks top" font-size="%s" fill="#333333">', font.tick))
    for _, t in ipairs(ticks(top, tlo, thi, st)) do
      -- find the x position by bisection: the transform is only assumed monotonic
      local a, b = xlo, xhi
      for _ = 1, 60 do
        local mid = (a + b) / 2
        if to_axis(top, tf(mid), "top") < t.pos then a = mid else b = mid end
      end
      local x = px0 + ((a + b) / 2 - xlo) / (xhi - xlo) * (px1 - px0)
      add(string.format('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#555555"/>', num(x),
        num(base - 5 * s), num(x), num(base)))
      add(tick_label(t, x, base - 9 * s, "middle", st, texts))
    end
    add("</g>")
    if spec.label then
      add({ string.format('<text x="%s" y="%s" font-size="%s" text-anchor="end">',
        num(px0 - 8 * s), num(base - 9 * s), font.tick), esc(texts, spec.label), "</text>" })
    end
  end

  -- axis labels and title
  if self.x.label then
    add({ string.format('<text x="%s" y="%s" font-size="%s" text-anchor="middle">',
      num((px0 + px1) / 2), num(py1 + 40 * s), font.axis), esc(texts, self.x.label),
      "</text>" })
  end
  if self.y.label then
    local cx, cy = ox + 16 * s, (py0 + py1) / 2
    add({ string.format('<text x="%s" y="%s" font-size="%s" text-anchor="middle" ' ..
      'transform="rotate(-90 %s %s)">', num(cx), num(cy), font.axis, num(cx), num(cy)),
      esc(texts, self.y.label), "</text>" })
  end
  if self.title then
    add({ string.format('<text class="title" x="%s" y="%s" font-size="%s" ' ..
      'font-weight="bold" text-anchor="middle">', num(ox + w / 2), num(oy + 20 * s),
      font.title), esc(texts, self.title), "</text>" })
  end

  -- legend: every layer with a label, in the order added
  if legend then
    local lx, ly, lw, lh = legend.x0, legend.y0, legend.x1 - legend.x0, legend.y1 - legend.y0
    if lay.below then -- no frame: the legend is outside the plot
      add(string.format('<g font-size="%s">', font.legend))
    else
      add(string.format('<g font-size="%s"><rect x="%s" y="%s" width="%s" height="%s" ' ..
        'fill="#ffffff" fill-opacity="0.9" stroke="#cccccc"/>', font.legend, num(lx), num(ly),
        num(lw), num(lh)))
    end
    local x0 = lx
    for i, l in ipairs(lay.entries) do
      -- the entry's marker is centred 14 below its top (6 above its first baseline)
      local lx, y = x0 + lay.at[i].dx, ly + 14 * s + (lay.at[i].dy - 8 * s)
      if l.kind == "scatter" then
        add(string.format('<circle cx="%s" cy="%s" r="%s" fill="%s"/>', num(lx + 14 * s),
          num(y), 4 * s, l.color))
      elseif l.kind == "band" then
        add(string.format('<rect x="%s" y="%s" width="%s" height="%s" fill="%s" ' ..
          'fill-opacity="%s"/>', num(lx + 5 * s), num(y - 4.5 * s), 18 * s, 9 * s, l.color,
          math.max(l.opacity, 0.3)))
      else
        add(string.format('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" ' ..
          'stroke-width="%s"%s/>', num(lx + 5 * s), num(y), num(lx + 23 * s), num(y), l.color,
          2 * s, dash(l.dashed, st)))
      end
      for k, line in ipairs(lay.wrapped[i]) do
        add({ string.format('<text x="%s" y="%s">', num(lx + 28 * s),
          num(y + 4 * s + 14 * s * (k - 1))), esc(texts, line), "</text>" })
      end
    end
    add("</g>")
  end
  add("</g>")
  return out
end

-- width and height in the style's unit (none: CSS pixels; "pt" for print), the
-- viewBox in user units, so that one user unit is one unit of the style
local function svg_document(w, h, body, inline, unit)
  local head = inline and "" or '<?xml version="1.0" encoding="UTF-8"?>\n'
  unit = unit or ""
  return head .. string.format('<svg xmlns="http://www.w3.org/2000/svg" version="1.1" ' ..
    'width="%d%s" height="%d%s" viewBox="0 0 %d %d" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">\n' ..
    '<rect width="100%%" height="100%%" fill="#ffffff"/>\n%s\n</svg>\n', w, unit, h, unit, w, h,
    body)
end

-- Figure:svg and Grid:svg unwrapped, their options unchecked (for write).
local figure_svg, grid_svg

--- The figure as an SVG document (opts.inline: without the XML declaration, for HTML;
-- opts.style: a preset name, default the figure's own style).
function Figure:svg(opts)
  return figure_svg(self, opts)
end

function figure_svg(self, opts)
  local st = style_of(opts and opts.style or self.style, "svg")
  -- a legend below the plot makes the figure taller, not the plot smaller
  local h = self.height + math.ceil(legend_room(legend_layout(self, st, st.margin.left,
    self.width - st.margin.right, 8 * st.scale, self.width - 8 * st.scale), st))
  local texts = new_texts()
  local parts = self:draw(0, 0, self.width, h, { inline = opts and opts.inline, style = st },
    texts)
  return svg_document(self.width, h, table.concat(fmt.escape_into("svg", parts, texts, texts.n), "\n"),
    opts and opts.inline, st.unit)
end

M.formats = { "svg", "pdf", "png" }

--- Writes the figure atomically, in the format of the path's extension: .svg, .pdf
-- (vector, text as text, 96 px = 72 pt) or .png (opts.scale times the SVG's pixels,
-- default 2 for slides and screens). Returns the path.
function Figure:write(path, opts)
  if opts ~= nil then options.check("write", opts, OPTS.write) end
  if type(path) ~= "string" then error("plot: write needs a path", 2) end
  local svg = getmetatable(self) == Figure and figure_svg or grid_svg
  local ext = (path:match("%.(%w+)$") or ""):lower()
  if ext == "svg" then return bio.write_atomic(path, svg(self)) end
  if ext ~= "pdf" and ext ~= "png" then
    error(string.format("plot: cannot tell the format of '%s': the extension must be " ..
      ".svg, .pdf or .png", path), 2)
  end
  local scale = opts and opts.scale or (ext == "png" and 2 or 1)
  if ext == "pdf" and scale ~= 1 then error("plot: write: scale is for .png only", 2) end
  if type(scale) ~= "number" or not (scale > 0 and scale <= 16) then
    error("plot: write: scale must be a number in (0, 16]", 2)
  end
  svgrender.render(svg(self), path, ext, scale)
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
  style_of(spec.style, "grid")
  return setmetatable({ figures = spec.figures, columns = spec.columns or 2,
    title = spec.title, caption = spec.caption, pw = spec.panel_width or 420,
    ph = spec.panel_height or 320, style = spec.style }, Grid)
end

--- The grid as an SVG document: every panel in the grid's style (opts.style, else the
-- grid's, else screen), whatever the style of each figure alone.
function Grid:svg(opts)
  return grid_svg(self, opts)
end

function grid_svg(self, opts)
  local st = style_of(opts and opts.style or self.style, "svg")
  local cols = math.min(self.columns, #self.figures)
  local rows = math.ceil(#self.figures / cols)
  local title_h = self.title and 30 * st.scale or 0
  -- every panel's texts escaped with the grid's title, in one call
  local parts, texts = {}, new_texts()
  if self.title then
    parts[1] = { string.format('<text x="%s" y="%s" font-size="%s" font-weight="bold" ' ..
      'text-anchor="middle">', num(cols * self.pw / 2), 20 * st.scale, st.font.grid_title),
      esc(texts, self.title), "</text>" }
  end
  for i, f in ipairs(self.figures) do
    local c, r = (i - 1) % cols, (i - 1) // cols
    local panel = f:draw(c * self.pw, title_h + r * self.ph, self.pw, self.ph,
      { inline = opts and opts.inline, style = st }, texts)
    table.move(panel, 1, #panel, #parts + 1, parts)
  end
  return svg_document(cols * self.pw, title_h + rows * self.ph,
    table.concat(fmt.escape_into("svg", parts, texts, texts.n), "\n"), opts and opts.inline, st.unit)
end

Grid.write = Figure.write

-- errors read as raised at the caller's line; each options table checked there (a grid's
-- after its figures, which plot.grid checks first)
options.wrap_all(M, { "figure", "grid" }, {
  figure = { name = "plot.figure", options = OPTS.figure },
  grid = { name = "plot.grid", options = OPTS.grid, keys_only = true },
})
for _, name in ipairs({ "scatter", "line", "band", "hline", "vline", "text" }) do
  Figure[name] = options.wrap(Figure[name],
    { name = "plot." .. name, options = OPTS[name], method = true })
end
-- write keeps its own check: its message names the options argument #1 (after the path)
Figure.write = options.wrap(Figure.write)
local SVG = { name = "svg", options = OPTS.svg, method = true }
Figure.svg, Grid.svg = options.wrap(Figure.svg, SVG), options.wrap(Grid.svg, SVG)
Grid.write = Figure.write

return M
