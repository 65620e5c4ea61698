-- The paper's regressions on the shipped data, checked against R's lm() on the same
-- points: coefficients, standard errors, R² and the confidence band at a new compute, for
-- the polynomial, the paper's exponential (1/error) and the linear (error) forms, and
-- the compute each needs at the first target.
local burden = require "burden"

describe("paper regressions against R", function()
  it("match lm() on every benchmark, polynomial, exponential and linear", function()
    local r = peer.rscript()
    local rows = burden.dataset.load()
    local lines = { "domain,target,compute,error" }
    local fits = {}
    for _, name in ipairs(burden.domain.builtin) do
      local pts = burden.domain.get(name):points(rows)
      for i = 1, pts.n do
        lines[#lines + 1] = string.format("%s,%.17g,%.17g,%.17g", name,
          burden.domain.get(name).targets[1], pts.compute[i], pts.error[i])
      end
      fits[name] = {
        polynomial = burden.hypothesis.get("polynomial"):fit(pts),
        exponential = burden.hypothesis.get("exponential"):fit(pts),
        linear = burden.hypothesis.get("linear"):fit(pts),
      }
    end
    local script = [[
d <- read.csv(commandArgs(TRUE)[1])
for (dom in unique(d$domain)) {
  s <- d[d$domain == dom, ]
  tg <- s$target[1]
  for (h in c("polynomial", "exponential", "linear")) {
    # the response and the target on its scale: the paper's notebooks fit 1/error
    m <- switch(h, polynomial = lm(log10(error) ~ log10(compute), s),
      exponential = lm(I(1 / error) ~ log10(compute), s), linear = lm(error ~ log10(compute), s))
    y0 <- switch(h, polynomial = log10(tg), exponential = 1 / tg, linear = tg)
    cf <- summary(m)$coefficients
    p <- predict(m, data.frame(compute = 1e22), interval = "confidence", level = 0.95)
    at <- (y0 - cf[1, 1]) / cf[2, 1]  # log10 compute at the target
    # Fieller's 95% set for that x: (a + b x - y0)^2 <= t^2 Var(a + b x)
    V <- vcov(m); a <- cf[1, 1]; b <- cf[2, 1]; t2 <- qt(0.975, df.residual(m))^2
    A <- b^2 - t2 * V[2, 2]; B <- (a - y0) * b - t2 * V[1, 2]; C <- (a - y0)^2 - t2 * V[1, 1]
    fl <- if (A > 0) (-B + c(-1, 1) * sqrt(B^2 - A * C)) / A else c(NaN, NaN)
    cat(dom, h, sprintf("%.17g", c(cf[, 1], cf[, 2], summary(m)$r.squared, p, at, fl)), "\n")
  }
}]]
    local out = peer.run(r, script, { table.concat(lines, "\n") .. "\n" })
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
      local target = burden.domain.get(f[1]).targets[1]
      local pr = fit:project(target)
      near(math.log(pr.compute, 10), v[9], 1e-9)
      if v[10] then -- R prints NaN (no number) when the set is unbounded
        near(math.log(pr.lower, 10), v[10], 1e-9)
        near(math.log(pr.upper, 10), v[11], 1e-9)
      else
        eq(pr.lower, nil) -- slope not significant: no bounded interval
      end
      checked = checked + 1
    end
    eq(checked, 18)
  end)

  it("the paper's exponential model needs more compute than the polynomial (ImageNet 5%)", function()
    -- issue 13: in the authors' form (1/error) the exponential model is the pessimistic
    -- one, about 10^30.7 FLOP against 6.6e25 for the polynomial on burden's rows
    local pts = burden.domain.get("imagenet"):points(burden.dataset.load())
    local poly = burden.hypothesis.get("polynomial"):fit(pts):project(0.05).compute
    local expo = burden.hypothesis.get("exponential"):fit(pts):project(0.05).compute
    assert(expo > poly * 1e4, string.format("exponential %g, polynomial %g", expo, poly))
    near(math.log(expo, 10), 30.7, 0.01)
    near(poly, 6.6e25, 0.01)
  end)
end)
