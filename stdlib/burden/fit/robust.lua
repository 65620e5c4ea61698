--- burden.fit.robust: M-estimation (GSL's gsl_multifit_robust).
--   robust{ x =, y =, method = "bisquare"|"huber"|"cauchy"|"fair"|"welsch"|"ols", tune =, maxiter = }
--   robust(data, formula [, opts])  (the same options in opts)
local core = require "burden.core.lm"
local lm = require "burden.fit.lm"
local design = require "burden.fit.design"

local Robust = {
  predict = lm.Model.predict,
  confint = lm.Model.confint,
  model_matrix = lm.Model.model_matrix,
}

local rmt = { __name = "burden.fit.robust", __index = Robust }

function rmt.__tostring(m)
  local out = { "Call: " .. m.call, "Robust regression (" .. m.method .. "), " ..
    (m.converged and "converged" or "NOT converged") .. " after " .. m.iterations .. " iterations", "" }
  local w = 11
  for _, nm in ipairs(m.names) do w = math.max(w, #nm) end
  out[#out + 1] = string.format("%-" .. w .. "s %12s %12s %9s %10s", "", "Estimate", "Std. Error", "t value", "Pr(>|t|)")
  for j, nm in ipairs(m.names) do
    out[#out + 1] = string.format("%-" .. w .. "s %12.5g %12.5g %9.3f %10.3g", nm, m.coef[j], m.se[j],
      m.tvalue[j], m.pvalue[j])
  end
  out[#out + 1] = ""
  out[#out + 1] = string.format("Robust residual scale: %.5g on %d degrees of freedom", m.sigma, m.df)
  return table.concat(out, "\n")
end

return function(fit, h)
  function fit.robust(a, text, opts)
    local d, f, ev
    local o
    if type(text) == "string" then
      d, f, ev, o = h.lm_design(a, text, opts, "robust")
    else
      if type(a) ~= "table" then error("bad argument #1 to 'robust' (table or data and formula expected)", 2) end
      d = h.ols_design(a, "robust")
      o = a
    end
    if d.n <= #d.columns + (d.intercept and 1 or 0) then
      error(string.format("robust: %d rows for %d coefficients", d.n, #d.columns + (d.intercept and 1 or 0)), 2)
    end
    if d.weights then error("robust: weights are not supported", 2) end
    if d.cluster then error("robust: cluster is not supported", 2) end
    local ok, r = pcall(core.robust, d.y, d.columns, { intercept = d.intercept, method = o.method,
      tune = o.tune, maxiter = o.maxiter })
    if not ok then
      local names = { response = d.response or "y" }
      local off = d.intercept and 1 or 0
      if d.intercept then names[1] = "(Intercept)" end
      for j, nm in ipairs(d.names) do names[j + off] = nm end
      h.core_error("robust", r, names, text and (" in '" .. text .. "'") or nil)
    end
    local p = #r.coef
    local names = {}
    if d.intercept then names[1] = "(Intercept)" end
    for _, nm in ipairs(d.names) do names[#names + 1] = nm end
    local df = math.tointeger(r.dof) or r.dof
    local m = {
      names = names, coef = r.coef, se = {}, tvalue = {}, pvalue = {}, vcov = {}, p = p, n = d.n,
      df = df, sigma = r.sigma, sigma_mad = r.sigma_mad, r2 = r.r2, adj_r2 = r.adj_r2,
      weights = r.weights, residuals = r.residuals, iterations = r.iterations,
      converged = r.converged, status = r.converged and "ok" or "maxiter",
      method = o.method or "bisquare", intercept = d.intercept and true or false,
      n_dropped = d.n_dropped or 0, call = d.call, aliased = {},
    }
    for j = 1, p do
      m.vcov[j] = {}
      for k = 1, p do m.vcov[j][k] = r.cov[(j - 1) * p + k] end
      m.se[j] = math.sqrt(m.vcov[j][j])
      m.tvalue[j] = m.coef[j] / m.se[j]
      m.pvalue[j] = 2 * core.pt_upper(math.abs(m.tvalue[j]), df)
    end
    lm.attach(m, { design = d, newdesign = f and function(newdata)
      return design.new_rows(f, newdata, o, ev, p)
    end })
    return setmetatable(m, rmt)
  end
end
