--- The shared state of the paper reproduction: the data, the fitted study, and the
-- writers every section uses. Sections receive this table and return a report section.
local burden = require "burden"

local study = {}

study.BOOTSTRAP = 10000   -- case resamples for the projection intervals
study.LEVEL = 0.95
study.PRESET = "thompson-site"
study.HYPOTHESES = { "polynomial", "exponential" }

--- Parses the script's arguments: --out DIR (default "out").
function study.options(args)
  return burden.cli.options(args, { out = "out" }, "burden scripts/paper/all.lua [--out DIR]")
end

--- Loads the curated data and fits both models on the six benchmarks.
function study.new(opts)
  local s = setmetatable({ out = opts.out, outputs = {} }, { __index = study })
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
      filter = function(r) return (not d.filter or d.filter(r)) and keep(r) end }
  end
  return domains
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
  for _, p in ipairs(res.projections) do p.n = n[p.domain] end
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
    rows = res.projections,
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

--- Writes a figure as .svg and remembers the path.
function study:figure(fig, basename)
  local path = self.out .. "/" .. basename .. ".svg"
  fig:write(path)
  self.outputs[#self.outputs + 1] = path
  return fig
end

return study
