-- analysis.run warns on stderr for each fit it cannot make (issue 15, item 6).
local burden = require "burden"
local d = burden.domain.define{ name = "two_points", error = "err", compute = "compute" }
local res = burden.analysis.run{ data = { { err = 0.3, compute = 1e18 }, { err = 0.2, compute = 1e19 } },
  domains = { d }, hypotheses = { "polynomial" } }
print(#res.fits, #res.skipped, res.skipped[1].reason)
