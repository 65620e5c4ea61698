--- The shared state of the paper reproduction: the data, the fitted study, and the
-- writers every section uses. Sections receive this table and return a report section.
local burden = require "burden"

local study = {}

study.BOOTSTRAP = 2000    -- case resamples for the projection intervals
study.LEVEL = 0.95
study.PRESET = "thompson-site"
study.HYPOTHESES = { "polynomial", "exponential" }

--- Parses the script's arguments: --out DIR (default "out").
function study.options(args)
  local opts = { out = "out" }
  local i = 1
  while i <= #args do
    if args[i] == "--out" and args[i + 1] then
      opts.out = args[i + 1]
      i = i + 2
    else
      error("usage: burden scripts/paper/all.lua [--out DIR]", 0)
    end
  end
  return opts
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

--- Writes a report table as .md, .csv and .tex, prints it, and remembers the paths.
function study:table(t, basename)
  for _, ext in ipairs({ "md", "csv", "tex" }) do
    local path = self.out .. "/" .. basename .. "." .. ext
    t:write(path)
    self.outputs[#self.outputs + 1] = path
  end
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
