-- The paper's regressions on the shipped data, checked against R's lm() on the same
-- points: coefficients, standard errors, R² and the confidence band at a new compute.
local burden = require "burden"

local function rscript()
  for _, p in ipairs({ "/usr/bin/Rscript", "/usr/local/bin/Rscript" }) do
    local f = io.open(p)
    if f then f:close() return p end
  end
  skip("Rscript is not installed (r-base-core)")
end

describe("paper regressions against R", function()
  it("match lm() on every benchmark, polynomial and exponential", function()
    local r = rscript()
    local rows = burden.dataset.load()
    local path = os.tmpname()
    local lines = { "domain,compute,error" }
    local fits = {}
    for _, name in ipairs(burden.domain.builtin) do
      local pts = burden.domain.get(name):points(rows)
      for i = 1, pts.n do
        lines[#lines + 1] = string.format("%s,%.17g,%.17g", name, pts.compute[i], pts.error[i])
      end
      fits[name] = {
        polynomial = burden.hypothesis.get("polynomial"):fit(pts),
        exponential = burden.hypothesis.get("exponential"):fit(pts),
      }
    end
    burden.io.write_atomic(path, table.concat(lines, "\n") .. "\n")
    local script = [[
d <- read.csv(commandArgs(TRUE)[1])
for (dom in unique(d$domain)) {
  s <- d[d$domain == dom, ]
  for (h in c("polynomial", "exponential")) {
    m <- if (h == "polynomial") lm(log10(error) ~ log10(compute), s) else lm(error ~ log10(compute), s)
    cf <- summary(m)$coefficients
    p <- predict(m, data.frame(compute = 1e22), interval = "confidence", level = 0.95)
    cat(dom, h, sprintf("%.17g", c(cf[, 1], cf[, 2], summary(m)$r.squared, p)), "\n")
  }
}]]
    local spath = os.tmpname()
    burden.io.write_atomic(spath, script)
    local p = io.popen(r .. " --vanilla " .. spath .. " " .. path .. " 2>&1")
    local out = p:read("a")
    p:close()
    os.remove(path)
    os.remove(spath)
    local checked = 0
    for line in out:gmatch("[^\n]+") do
      local f = {}
      for tok in line:gmatch("%S+") do f[#f + 1] = tok end
      local fit = fits[f[1]] and fits[f[1]][f[2]]
      assert(fit, "unexpected R output: " .. line)
      local v = {}
      for i = 3, #f do v[#v + 1] = tonumber(f[i]) end
      near(fit.intercept, v[1], 1e-9)
      near(fit.slope, v[2], 1e-9)
      near(fit.model.se[1], v[3], 1e-9)
      near(fit.se_slope, v[4], 1e-9)
      near(fit.r2, v[5], 1e-9)
      local x = math.log(1e22, 10)
      local band = fit.model:predict{ x = { x }, interval = "confidence", level = 0.95 }
      near(band.fit[1], v[6], 1e-9)
      near(band.lwr[1], v[7], 1e-9)
      near(band.upr[1], v[8], 1e-9)
      checked = checked + 1
    end
    eq(checked, 12)
  end)
end)
