--- The shared state of the paper reproduction: the data, the fitted study, and the
-- writers every section uses. Sections receive this table and return a report section.
local burden = require "burden"

local study = {}

study.BOOTSTRAP = 10000   -- case resamples for the projection intervals
study.LEVEL = 0.95
study.PRESET = "thompson-site"
study.HYPOTHESES = { "polynomial", "exponential" }
study.LEVEL_NOTE = string.format("A projection is printed only when the slope is " ..
  "significant at the report's level (p < %g) and Fieller's %g%% set for the compute is a " ..
  "finite interval; otherwise the FLOP cell says why and nothing is priced.",
  1 - study.LEVEL, study.LEVEL * 100)

local USAGE = "burden scripts/paper/all.lua [--out DIR] [--figures svg,pdf,png]"

--- Parses the script's arguments: --out DIR (default "out"), --figures FORMATS (the
-- figure files to write, comma-separated from svg, pdf and png; default "svg").
function study.options(args)
  local opts = burden.cli.options(args, { out = "out", figures = "svg" }, USAGE)
  local known = {}
  for _, f in ipairs(burden.plot.formats) do known[f] = true end
  local formats = {}
  for f in (opts.figures .. ","):gmatch("([^,]*),") do
    if not known[f] then
      error(string.format("--figures: unknown format '%s' (svg, pdf or png); usage: %s", f,
        USAGE), 0)
    end
    formats[#formats + 1] = f
  end
  opts.figures = formats
  return opts
end

--- Loads the curated data and fits both models on the six benchmarks.
function study.new(opts)
  local s = setmetatable({ out = opts.out, outputs = {}, figure_formats = opts.figures or
    { "svg" } }, { __index = study })
  s.rows, s.info = burden.dataset.load()
  s.result = burden.analysis.run{ data = s.rows, hypotheses = study.HYPOTHESES,
    bootstrap = study.BOOTSTRAP, level = study.LEVEL, preset = study.PRESET,
    seed = burden.seed() }
  burden.io.mkdir(s.out)
  return s
end

--- The six built-in domains restricted to the rows `keep` accepts, named NAME .. suffix.
function study.subset_domains(suffix, keep)
  local domains = {}
  for _, name in ipairs(burden.domain.builtin) do
    local d = burden.domain.get(name)
    domains[#domains + 1] = burden.domain.define{ name = name .. suffix, title = d.title,
      benchmark = d.benchmark, metric = d.metric, targets = d.targets,
      keep = d.keep, drop = d.drop,
      filter = function(r) return (not d.filter or d.filter(r)) and keep(r) end }
  end
  return domains
end

--- The polynomial fit of each built-in domain on the rows `keep` accepts (all rows
-- when keep is nil), by built-in domain name: { n, k, target, projection } with the
-- projection row (analysis.run's) at the first target, or { note } when the fit was
-- skipped (too few rows). Runs once per suffix; reads
-- s.result for all rows without touching it (it is shared by every section).
function study:polynomial_by_domain(suffix, keep)
  self.subsets = self.subsets or {}
  local key = suffix or ""
  if self.subsets[key] then return self.subsets[key] end
  local res = self.result
  local out = {}
  local function base(name) return name:sub(1, #name - #key) end
  if keep then
    -- a subset with fewer than 3 points is a known outcome of the subset, not a failed
    -- fit: say so in the table rather than warn on every run
    local domains = {}
    for _, d in ipairs(study.subset_domains(suffix, keep)) do
      local n = d:points(self.rows).n
      if n < 3 then
        out[base(d.name)] = { n = n, note = string.format("not fitted: %d point%s (3 needed)", n,
          n == 1 and "" or "s") }
      else
        domains[#domains + 1] = d
      end
    end
    res = burden.analysis.run{ data = self.rows, domains = domains,
      hypotheses = { "polynomial" }, level = study.LEVEL, preset = study.PRESET }
  end
  for _, f in ipairs(res.fits) do
    if f.hypothesis == "polynomial" then out[base(f.domain)] = { n = f.n, k = f.k } end
  end
  for _, sk in ipairs(res.skipped) do
    if sk.hypothesis == "polynomial" then
      out[base(sk.domain)] = { note = "not fitted: " .. sk.reason:gsub("^.-hypothesis[^:]*: ", "") }
    end
  end
  for _, p in ipairs(res.projections) do
    local o = out[base(p.domain)]
    if p.hypothesis == "polynomial" and o and o.target == nil then
      o.target, o.projection = p.target, p -- projections come in target order
    end
  end
  self.subsets[key] = out
  return out
end

--- A copy of a projection row for a table: when the projection is not a number to
-- read (status ~= "ok"), `reason_key` (default "compute") says why and the `unpriced`
-- keys (default usd, co2_lbs) read "not priced", so no format prints a number there.
function study.readable(p, reason_key, unpriced)
  local r = {}
  for k, v in pairs(p) do r[k] = v end
  if p.status and p.status ~= "ok" then
    r[reason_key or "compute"] = p.reason or p.status
    for _, k in ipairs(unpriced or { "usd", "co2_lbs" }) do r[k] = "not priced" end
  end
  return r
end

--- The polynomial projections fitted only on models published up to 2020, the data
-- the paper had, to set beside the full-data Table 2.
function study:paper_era()
  local domains = study.subset_domains("_to_2020", function(r) return (r.year or 0) <= 2020 end)
  local res = burden.analysis.run{ data = self.rows, domains = domains,
    hypotheses = { "polynomial" }, bootstrap = study.BOOTSTRAP, level = study.LEVEL,
    preset = study.PRESET, seed = burden.seed() }
  local n = {}
  for _, f in ipairs(res.fits) do n[f.domain] = f.n end
  local rows = {}
  for i, p in ipairs(res.projections) do
    rows[i] = study.readable(p)
    rows[i].n = n[p.domain]
  end
  return self:table(burden.report.table{
    title = "Table 2b. The same projections fitted on models up to 2020 (the paper's data)",
    columns = {
      { key = "title", title = "Benchmark" },
      { key = "n", title = "n", format = "%d" },
      { key = "target", title = "Target", format = "percent:0" },
      { key = "compute", title = "FLOP", format = "pow10" },
      { key = "boot_lower", title = "Bootstrap low", format = "pow10" },
      { key = "boot_upper", title = "Bootstrap high", format = "pow10" },
      { key = "usd", title = "Dollars", format = "money" },
      { key = "co2_lbs", title = "CO2 (lbs)", format = "pow10" },
    },
    rows = rows,
    notes = { study.LEVEL_NOTE },
  }, "table2b_projections_to_2020")
end

--- A domain's fitted hypothesis with its covariance clustered by source paper (rows from
-- one paper are not independent): the same coefficients, with standard errors and
-- Fieller intervals from the cluster-robust covariance (model:with_cluster). Returns
-- the fit and its number of papers, or nil and the reason.
function study:clustered(dname, hname)
  self.clustered_fits = self.clustered_fits or {}
  local key = dname .. "/" .. hname
  if self.clustered_fits[key] == nil then
    local md = self.result.models[dname]
    local f = md and md[hname]
    local c = { reason = "no linear fit" }
    if f and f.model and f.model.with_cluster and f.n == md.points.n then
      local papers = {}
      for i, r in ipairs(md.points.rows) do papers[i] = r.paper end
      -- Student t on G - 1 degrees of freedom, not statsmodels' default normal quantiles:
      -- with 9 to 27 papers per benchmark the normal makes the intervals too narrow
      -- (Cameron and Miller 2015, "A Practitioner's Guide to Cluster-Robust Inference", Sec. VI)
      local ok, mc = pcall(f.model.with_cluster, f.model, papers, { use_t = true })
      if ok then
        c = { fit = setmetatable({ model = mc }, { __index = f }), papers = mc.n_clusters }
      else
        c = { reason = tostring(mc) }
      end
    end
    self.clustered_fits[key] = c
  end
  local c = self.clustered_fits[key]
  if c.fit then return c.fit, c.papers end
  return nil, c.reason
end

--- Writes a report table as .md, .csv and .tex, prints it, and remembers the paths.
function study:table(t, basename)
  for _, path in ipairs(t:save(self.out, basename)) do self.outputs[#self.outputs + 1] = path end
  io.write(tostring(t), "\n")
  return t
end

-- A link for a source citation: the first URL, arXiv id or DOI in it, else nil.
local function source_link(src)
  if not src then return nil end
  local url = src:match("https?://[^%s;,)]+")
  if url then return url end
  local ax = src:match("arXiv:%s*(%d+%.%d+)")
  if ax then return "https://arxiv.org/abs/" .. ax end
  local doi = src:match("DOI:%s*(10%.[^%s;,)]+)")
  if doi then return "https://doi.org/" .. doi end
  return nil
end

--- The fitted points of a domain with what each says about itself: titles[i] (model,
-- year, error, compute, source) for a point's hover, links[i] to its appendix row, and
-- find(model, year) -> i. The points default to the paper study's fit of a built-in
-- domain; a section that fits other points (the LLM era) passes them with
-- opts.compute (what the compute is, for the appendix's column title) and opts.score
-- (the metric's name: the title gives the score beside the error), and the appendix
-- gets a table for them.
function study:point_info(dname, pts, opts)
  if pts then
    self.extra_points = self.extra_points or {}
    for _, e in ipairs(self.extra_points) do
      if e.name == dname then error("study:point_info: " .. dname .. " is registered twice", 2) end
    end
    local d = burden.domain.get(dname)
    self.extra_points[#self.extra_points + 1] = { name = dname, title = d.title, points = pts,
      compute = opts and opts.compute or "Compute (FLOP)" }
  else
    pts = self.result.models[dname].points
  end
  local score = opts and opts.score
  local info = { titles = {}, links = {}, index = {} }
  for i = 1, pts.n do
    local row = pts.rows[i]
    local err = burden.format.percent(pts.error[i], "text", 1)
    if score then
      err = string.format("%s %s (error %s)", score,
        burden.format.percent(1 - pts.error[i], "text", 1), err)
    else
      err = "error " .. err
    end
    info.titles[i] = string.format("%s (%s): %s, %s FLOP; source: %s",
      tostring(pts.model[i]), tostring(pts.year[i] or "year unknown"), err,
      burden.format.pow10(pts.compute[i], "text", 2), row.source or "not given")
    info.links[i] = string.format("#row-%s-%d", dname, i)
    info.index[tostring(pts.model[i]) .. "|" .. tostring(pts.year[i])] = i
    info.index[tostring(pts.model[i])] = info.index[tostring(pts.model[i])] or i
  end
  -- a running record carries a model into later years: then its name alone finds it
  function info.find(model, year)
    return info.index[tostring(model) .. "|" .. tostring(year)] or info.index[tostring(model)]
  end
  -- the values of field (titles or links) at indices idx (nil where a point is not fitted)
  function info.pick(field, idx)
    local out = {}
    for k, i in pairs(idx) do out[k] = i and info[field][i] or nil end
    return out
  end
  return info
end

--- The data appendix: one table per benchmark with every fitted row, its source (as a
-- link when it names a URL, arXiv id or DOI) and its confidence; figure points link to
-- the rows by id.
function study:appendix()
  local tables = {}
  local sets = {}
  for _, dname in ipairs(burden.domain.builtin) do
    local m = self.result.models[dname]
    sets[#sets + 1] = { name = dname, title = m.domain.title, points = m.points,
      compute = "Hardware burden (FLOP)" }
  end
  for _, e in ipairs(self.extra_points or {}) do sets[#sets + 1] = e end
  for _, set in ipairs(sets) do
    local dname, pts, rows = set.name, set.points, {}
    for i = 1, pts.n do
      local r = pts.rows[i]
      rows[i] = { id = string.format("row-%s-%d", dname, i), model = pts.model[i],
        year = pts.year[i], error = pts.error[i], compute = pts.compute[i],
        source = r.source, link = source_link(r.source), confidence = r.confidence }
    end
    local t = burden.report.table{
      title = string.format("Data: %s (%d rows fitted)", set.title, pts.n),
      row_id = "id", rows = rows,
      columns = {
        { key = "model", title = "Model" },
        { key = "year", title = "Year", format = "%d" },
        { key = "error", title = "Error", format = "percent:1" },
        { key = "compute", title = set.compute, format = "pow10:2" },
        { key = "source", title = "Source", link = "link" },
        { key = "confidence", title = "Confidence" },
      } }
    -- CSV only, and not printed: the appendix is for the page and for reuse
    for _, path in ipairs(t:save(self.out, "data_" .. dname, { "csv" })) do
      self.outputs[#self.outputs + 1] = path
    end
    tables[#tables + 1] = t
  end
  return { title = "Appendix. The data behind every figure", tables = tables,
    text = "Every row fitted above, by benchmark. A point in a figure links to its row; " ..
      "each table links to its CSV file." }
end

--- Writes a figure in each format of --figures (.svg by default) and remembers the paths.
function study:figure(fig, basename)
  for _, ext in ipairs(self.figure_formats) do
    local path = self.out .. "/" .. basename .. "." .. ext
    fig:write(path)
    self.outputs[#self.outputs + 1] = path
  end
  return fig
end

return study
