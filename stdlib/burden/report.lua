--- burden.report: tables in every format, and the self-contained HTML report.
--
--   local t = report.table{ title = "...", columns = { {key=, title=, format=, align=} },
--                           rows = array_of_tables or frame, caption = "...", notes = {...} }
--   t:write("out/table2.md")      -- format from the extension: .md .csv .tex .json .html .txt
--   print(t)                      -- aligned text for the terminal
--   report.html{ title =, sections = {...}, provenance = {...} }:write("out/report.html")
local fmt = require "burden.format"
local bio = require "burden.io"
local runtime = require "burden.core.runtime"
local options = require "burden.options"

local M = {}

-- The keys each function accepts (burden.options rejects any other).
local OPTS = {
  table = { "title", "caption", "notes", "columns", "rows", "label", "row_id" },
  column = { "key", "title", "format", "align", "link" },
  html = { "title", "intro", "sections", "provenance" },
  section = { "title", "text", "table", "tables", "figure", "figures", "caption" },
  provenance = { "files", "seed", "command" },
}

local Table = {}
Table.__index = Table

local function rows_of(rows)
  if type(rows) == "table" and rows.rows and type(rows.rows) == "function" then
    local out = {}
    for _, r in rows:rows() do out[#out + 1] = r end
    return out
  end
  if type(rows) ~= "table" then
    error("report.table: rows must be an array of tables or a frame", 3)
  end
  return rows
end

local function check_columns(columns)
  if type(columns) ~= "table" or #columns == 0 then
    error("report.table: columns must be a non-empty array of { key =, title = }", 3)
  end
  local specs, out = {}, {}
  for i, c in ipairs(columns) do
    if type(c) == "string" then c = { key = c } end
    if type(c) ~= "table" or c.key == nil then
      error(string.format("report.table: column %d has no key", i), 3)
    end
    specs[i] = c
    out[i] = { key = c.key, title = c.title or tostring(c.key), format = c.format,
      align = c.align, link = c.link }
  end
  -- every column's options in one call (after the keys: a column without a key is
  -- reported first)
  options.check_each("report.table: columns[%d]", specs, OPTS.column)
  return out
end

--- Creates a table. `rows` is an array of tables keyed by the columns' keys, or a frame.
function M.table(spec)
  if type(spec) ~= "table" then error("bad argument #1 to 'table' (table expected)", 2) end
  local t = setmetatable({
    title = spec.title,
    caption = spec.caption,
    notes = spec.notes or {},
    columns = check_columns(spec.columns),
    rows = rows_of(spec.rows or {}),
    label = spec.label,
    row_id = spec.row_id,
  }, Table)
  for _, c in ipairs(t.columns) do
    if c.align == nil then
      local numeric = false
      for _, r in ipairs(t.rows) do
        if type(r[c.key]) == "number" then numeric = true break end
      end
      c.align = numeric and "right" or "left"
    end
  end
  return t
end

function Table:cell(row, col, target)
  return fmt.value(row[col.key], col.format, target)
end

-- Everything a table's formatting depends on, as a flat array: its texts, each column's
-- key, title, format and link, and every value it formats (cells, row ids, link
-- targets). A render formats the table again when any of them differs from the last
-- formatting's, so a cell or a note changed in place is seen. Comparing is one loop in
-- this file, much cheaper than formatting again.
local function inputs_of(self)
  local key, n = {}, 0
  local function add(v) n = n + 1; key[n] = v end
  add(self.title); add(self.caption); add(self.row_id); add(#self.notes)
  for _, note in ipairs(self.notes) do add(note) end
  add(#self.columns)
  for _, c in ipairs(self.columns) do add(c.key); add(c.title); add(c.format); add(c.link) end
  add(#self.rows)
  for _, r in ipairs(self.rows) do
    add(r)
    if self.row_id then add(r[self.row_id]) end
    for _, c in ipairs(self.columns) do
      add(r[c.key])
      if c.link then add(r[c.link]) end
    end
  end
  key.n = n
  return key
end

local function same_inputs(a, b)
  if a.n ~= b.n then return false end
  for i = 1, a.n do
    if a[i] ~= b[i] then return false end
  end
  return true
end

-- Each table's formatting, by target, and the shape it was made for.
local formatting = setmetatable({}, { __mode = "k" })

-- The cells formatted for target, and the title, caption, notes and column titles
-- escaped (for html also the row ids and the links' targets), for every target at once
-- with one call into burden.format per table (not one per render, cell or text), made on
-- the first render: cells, { title =, caption =, notes =, heads =, ids =, links = }.
local function formatted(self, target)
  local f, inputs = formatting[self], inputs_of(self)
  if f and not same_inputs(f.inputs, inputs) then f = nil end
  if not f then
    local list, n = { self.title or false, self.caption or false }, 2
    for _, note in ipairs(self.notes) do n = n + 1; list[n] = note end
    for _, c in ipairs(self.columns) do n = n + 1; list[n] = c.title end
    -- html names each row (row_id: the target of a figure point's link) and links cells;
    -- a number there is written as its shortest text
    local html, nrow, ncol = table.move(list, 1, n, 1, {}), #self.rows, #self.columns
    local function text_of(v)
      if v == nil or v == false then return false end
      return type(v) == "number" and fmt.shortest(v) or tostring(v)
    end
    for i, r in ipairs(self.rows) do
      html[n + i] = self.row_id and text_of(r[self.row_id]) or false
      for j, c in ipairs(self.columns) do
        local href = c.link and r[c.link]
        html[n + nrow + (i - 1) * ncol + j] = href ~= "" and text_of(href) or false
      end
    end
    local done = fmt.cells_each(self.rows, self.columns, { { "text" }, { "md", list, n },
      { "tex", list, n }, { "html", html, n + nrow + nrow * ncol } })
    f = { inputs = inputs }
    for k, t in ipairs({ "text", "md", "tex", "html" }) do
      local cells, e = done[k][1], done[k][2] or {}
      local out = { title = e[1], caption = e[2], notes = {}, heads = {}, ids = {}, links = {} }
      for i = 1, #self.notes do out.notes[i] = e[2 + i] end
      for j = 1, ncol do out.heads[j] = e[2 + #self.notes + j] end
      for i = 1, nrow do out.ids[i] = e[n + i] end
      for k2 = 1, nrow * ncol do out.links[k2] = e[n + nrow + k2] end
      f[t] = { cells, out }
    end
    formatting[self] = f
  end
  return f[target][1], f[target][2]
end

-- Width of a string in characters (UTF-8 aware, so "×" counts once).
local function width(s) return utf8.len(s) or #s end

local function pad(s, w, align)
  local gap = string.rep(" ", w - width(s))
  return align == "right" and gap .. s or s .. gap
end

function Table:render_text()
  local widths = {}
  for j, c in ipairs(self.columns) do widths[j] = width(c.title) end
  local cells = formatted(self, "text")
  for i = 1, #cells do
    for j = 1, #self.columns do
      local s = cells[i][j]
      if width(s) > widths[j] then widths[j] = width(s) end
    end
  end
  local lines = {}
  if self.title then lines[#lines + 1] = self.title end
  local head, rule = {}, {}
  for j, c in ipairs(self.columns) do
    head[j] = pad(c.title, widths[j], c.align)
    rule[j] = string.rep("-", widths[j])
  end
  lines[#lines + 1] = table.concat(head, "  ")
  lines[#lines + 1] = table.concat(rule, "  ")
  for i = 1, #cells do
    local line = {}
    for j, c in ipairs(self.columns) do line[j] = pad(cells[i][j], widths[j], c.align) end
    lines[#lines + 1] = table.concat(line, "  ")
  end
  if self.caption then lines[#lines + 1] = self.caption end
  for _, n in ipairs(self.notes) do lines[#lines + 1] = n end
  return table.concat(lines, "\n") .. "\n"
end

function Table:render_md()
  local cells, e = formatted(self, "md")
  local lines = {}
  if self.title then lines[#lines + 1] = "**" .. e.title .. "**\n" end
  local head, rule = {}, {}
  for j, c in ipairs(self.columns) do
    head[j] = e.heads[j]
    rule[j] = c.align == "right" and "---:" or ":---"
  end
  lines[#lines + 1] = "| " .. table.concat(head, " | ") .. " |"
  lines[#lines + 1] = "| " .. table.concat(rule, " | ") .. " |"
  for _, line in ipairs(cells) do
    lines[#lines + 1] = "| " .. table.concat(line, " | ") .. " |"
  end
  if self.caption then lines[#lines + 1] = "\n" .. e.caption end
  for _, n in ipairs(e.notes) do lines[#lines + 1] = "\n" .. n end
  return table.concat(lines, "\n") .. "\n"
end

-- A raw value as one CSV field: missing and NaN empty, numbers in their shortest exact form.
local function csv_field(v)
  if v == nil or (type(v) == "number" and v ~= v) then return "" end
  return fmt.csv_field(type(v) == "number" and fmt.shortest(v) or tostring(v))
end

--- CSV keeps the raw values (full precision), not the display formats. The header holds
-- the columns' keys; lines end in CRLF (burden.format.csv_eol).
function Table:render_csv()
  local lines, head = {}, {}
  for j, c in ipairs(self.columns) do head[j] = csv_field(tostring(c.key)) end
  lines[1] = table.concat(head, ",")
  for _, r in ipairs(self.rows) do
    local line = {}
    for j, c in ipairs(self.columns) do line[j] = csv_field(r[c.key]) end
    lines[#lines + 1] = table.concat(line, ",")
  end
  return table.concat(lines, fmt.csv_eol) .. fmt.csv_eol
end

-- A raw value as JSON; text values (else nil) are quoted by the caller, all at once.
local function json_value(v)
  if v == nil or (type(v) == "number" and (v ~= v or v == math.huge or v == -math.huge)) then
    return "null"
  end
  if type(v) == "number" then return fmt.shortest(v) end
  if type(v) == "boolean" then return tostring(v) end
  return nil
end

--- JSON keeps raw values too: an array of objects with keys in column order.
function Table:render_json()
  -- the keys, then every text cell, quoted with one call into burden.format
  local ncol, text = #self.columns, {}
  for j, c in ipairs(self.columns) do text[j] = tostring(c.key) end
  for i, r in ipairs(self.rows) do
    for j, c in ipairs(self.columns) do
      local v = r[c.key]
      text[ncol * i + j] = json_value(v) == nil and tostring(v) or false
    end
  end
  local quoted = fmt.json_strings(text, ncol * (#self.rows + 1))
  local out = {}
  for i, r in ipairs(self.rows) do
    local fields = {}
    for j, c in ipairs(self.columns) do
      fields[j] = quoted[j] .. ": " .. (quoted[ncol * i + j] or json_value(r[c.key]))
    end
    out[i] = "  {" .. table.concat(fields, ", ") .. "}"
  end
  return "[\n" .. table.concat(out, ",\n") .. (#out > 0 and "\n" or "") .. "]\n"
end

--- LaTeX with booktabs (\toprule, \midrule, \bottomrule).
function Table:render_tex()
  local spec = {}
  for j, c in ipairs(self.columns) do spec[j] = c.align == "right" and "r" or "l" end
  local cells, e = formatted(self, "tex")
  local lines = { "\\begin{table}[ht]", "\\centering" }
  if self.title then lines[#lines + 1] = "\\caption{" .. e.title .. "}" end
  if self.label then lines[#lines + 1] = "\\label{" .. self.label .. "}" end
  lines[#lines + 1] = "\\begin{tabular}{" .. table.concat(spec) .. "}"
  lines[#lines + 1] = "\\toprule"
  lines[#lines + 1] = table.concat(e.heads, " & ") .. " \\\\"
  lines[#lines + 1] = "\\midrule"
  for _, line in ipairs(cells) do
    lines[#lines + 1] = table.concat(line, " & ") .. " \\\\"
  end
  lines[#lines + 1] = "\\bottomrule"
  lines[#lines + 1] = "\\end{tabular}"
  if self.caption then lines[#lines + 1] = "\\par\\smallskip{\\footnotesize "
    .. e.caption .. "}" end
  lines[#lines + 1] = "\\end{table}"
  return table.concat(lines, "\n") .. "\n"
end

--- An HTML <table> fragment (used inside report.html, or alone for .html files).
-- A power written as text ("error^-k", "10^-1.09", "(FLOP/C0)^-alpha") kept on one line
-- of an HTML note: the browser may otherwise break it after the minus sign.
local function keep_powers(html)
  return (html:gsub("([%w%.%(%)/]+%^%-?[%w%.]+)", '<span style="white-space:nowrap">%1</span>'))
end

-- The <table> fragment's lines: strings, or arrays of strings and numbers k standing for
-- raw[k] escaped (the saved CSV's name, added to raw: escaped by the caller, with the
-- rest of its page).
local function html_lines(self, raw)
  local cells, e = formatted(self, "html")
  local n, ncol = #self.rows, #self.columns
  local h = { "<table>" }
  if self.title then h[#h + 1] = "<caption>" .. e.title .. "</caption>" end
  h[#h + 1] = "<thead><tr>"
  for j, c in ipairs(self.columns) do
    h[#h + 1] = string.format('<th class="%s">%s</th>', c.align, e.heads[j])
  end
  h[#h + 1] = "</tr></thead><tbody>"
  for i = 1, n do
    local id = e.ids[i]
    h[#h + 1] = id and string.format('<tr id="%s">', id) or "<tr>"
    for j, c in ipairs(self.columns) do
      local cell, href = cells[i][j], e.links[(i - 1) * ncol + j]
      if href then cell = string.format('<a href="%s">%s</a>', href, cell) end
      h[#h + 1] = string.format('<td class="%s">%s</td>', c.align, cell)
    end
    h[#h + 1] = "</tr>"
  end
  h[#h + 1] = "</tbody></table>"
  if self.caption then h[#h + 1] = '<p class="note">' .. keep_powers(e.caption) .. "</p>" end
  for _, note in ipairs(e.notes) do
    h[#h + 1] = '<p class="note">' .. keep_powers(note) .. "</p>"
  end
  if self.csv_file then -- saved beside the page by :save
    raw[#raw + 1] = self.csv_file
    h[#h + 1] = { '<p class="note">Data: <a href="', #raw, '">', #raw, "</a></p>" }
  end
  return h
end

-- Lines as html_lines gives them, with raw escaped, joined.
local function join_html(h, raw)
  -- a line is a table only when it holds one of raw's texts: none, no call
  if #raw > 0 then fmt.escape_into("html", h, raw, #raw) end
  return table.concat(h, "\n") .. "\n"
end

function Table:render_html()
  local raw = {}
  return join_html(html_lines(self, raw), raw)
end

local renderers = { txt = "render_text", text = "render_text", md = "render_md",
  csv = "render_csv", json = "render_json", tex = "render_tex", html = "render_html" }

--- Renders in a format: "text", "md", "csv", "json", "tex" or "html".
function Table:render(format)
  local method = renderers[format]
  if not method then
    error("report: unknown table format '" .. tostring(format) ..
      "' (known: csv, html, json, md, tex, txt)", 2)
  end
  return self[method](self)
end

--- Writes the table atomically, in the format its extension names. Returns the path.
function Table:write(path)
  local ext = type(path) == "string" and path:match("%.(%w+)$")
  if not ext or not renderers[ext] then
    error("report: cannot tell the format of '" .. tostring(path) ..
      "' (use .csv, .html, .json, .md, .tex or .txt)", 2)
  end
  return bio.write_atomic(path, self:render(ext))
end

--- Writes the table once per extension (default .md, .csv and .tex) as DIR/BASENAME.EXT
-- and returns the paths written, in that order.
function Table:save(dir, basename, exts)
  local paths = {}
  for _, ext in ipairs(exts or { "md", "csv", "tex" }) do
    paths[#paths + 1] = self:write(dir .. "/" .. basename .. "." .. ext)
    if ext == "csv" then self.csv_file = basename .. ".csv" end
  end
  return paths
end

Table.__tostring = Table.render_text

-- ---- the HTML report ---------------------------------------------------------------

local STYLE = [[
body{font-family:Helvetica,Arial,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:1em 0;font-size:.9em}.scroll{overflow-x:auto}
caption{font-weight:bold;text-align:left;padding-bottom:.4em}
th,td{padding:.25em .6em;border-bottom:1px solid #e4e4e4}th{border-bottom:2px solid #888}
.right{text-align:right}.left{text-align:left}
figure{margin:1em 0}figcaption,.note{font-size:.85em;color:#555}
footer{margin-top:3em;font-size:.8em;color:#666;border-top:1px solid #ccc}
code{font-size:.95em}
]]

--- Fingerprint of a data file for the provenance footer: an embedded resource
-- ("data/hardware.csv") or a path on disk. Returns the SHA-256 and where it came from.
local function fingerprint(name)
  local text, where = runtime.resource(name)
  if text then return bio.sha256(text), where end
  local sum = bio.sha256_file(name)
  return sum, name
end

--- Builds one self-contained HTML page (SVG inline, no network access):
--   { title =, intro =, sections = { { title =, text =, table = t, figure = fig,
--     caption = }, ... }, provenance = { files = {...}, seed =, command = } }
-- Returns an object with :render() and :write(path).
function M.html(spec)
  if type(spec) ~= "table" or type(spec.title) ~= "string" then
    error("report.html: a title is required", 2)
  end
  options.check_each("report.html: sections[%d]", spec.sections or {}, OPTS.section)
  options.check("report.html: provenance", spec.provenance, OPTS.provenance)
  local page = {}
  function page.render()
    -- the page's texts are escaped with one call into burden.format: a line holding one
    -- is { before, k, after } (k its place in `raw`) until they are (join_html)
    local raw = {}
    local function text(before, s, after)
      raw[#raw + 1] = s
      return { before, #raw, after }
    end
    local h = { "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
      text("<title>", spec.title, "</title>"),
      "<style>" .. STYLE .. "</style></head><body>",
      text("<h1>", spec.title, "</h1>") }
    if spec.intro then h[#h + 1] = text("<p>", spec.intro, "</p>") end
    for i, s in ipairs(spec.sections or {}) do
      h[#h + 1] = string.format('<section id="s%d">', i)
      if s.title then h[#h + 1] = text("<h2>", s.title, "</h2>") end
      if s.text then
        for para in (s.text .. "\n\n"):gmatch("(.-)\n\n+") do
          if para:find("%S") then h[#h + 1] = text("<p>", para, "</p>") end
        end
      end
      -- a table wider than the page scrolls inside its own box instead of widening the page
      for _, t in ipairs(s.tables or { s.table }) do
        local lines = html_lines(t, raw)
        lines[1] = '<div class="scroll">' .. lines[1]
        table.move(lines, 1, #lines, #h + 1, h)
        h[#h + 1] = "</div>"
      end
      for _, f in ipairs(s.figures or { s.figure }) do
        h[#h + 1] = "<figure>" .. f:svg({ inline = true })
        if f.caption or s.caption then
          h[#h + 1] = text("<figcaption>", f.caption or s.caption, "</figcaption>")
        end
        h[#h + 1] = "</figure>"
      end
      h[#h + 1] = "</section>"
    end
    local p = spec.provenance or {}
    local made = "<footer><p>Made by burden " .. runtime.version .. ", seed "
      .. tostring(p.seed or runtime.seed())
    h[#h + 1] = p.command and text(made .. ", command <code>", p.command, "</code>.</p>")
      or made .. ".</p>"
    if p.files and #p.files > 0 then
      h[#h + 1] = "<p>Data files (SHA-256):</p><ul>"
      for _, name in ipairs(p.files) do
        local sum, where = fingerprint(name)
        h[#h + 1] = text("<li><code>", where, "</code> " .. (sum or "(missing)") .. "</li>")
      end
      h[#h + 1] = "</ul>"
    end
    h[#h + 1] = "</footer></body></html>"
    return join_html(h, raw)
  end
  function page.write(_, path)
    return bio.write_atomic(path, page.render())
  end
  return page
end

-- errors read as raised at the caller's line
options.wrap_all(M, { "table", "html" }, {
  table = { name = "report.table", options = OPTS.table, keys_only = true },
  html = { name = "report.html", options = OPTS.html, keys_only = true },
})
Table.write, Table.save = options.wrap(Table.write), options.wrap(Table.save)

return M
