-- burden.fit.nls against the 27 NIST StRD nonlinear regression problems
-- (../shared/data/nist-nls): every certified parameter and the residual sum of
-- squares to at least 4 significant digits (log relative error >= 4) from start 2;
-- start 1 is reported. The files are parsed here, in NIST's own format.
local nls = require("burden.fit.nls").nls

-- The models, transcribed from each file's "Model:" header into the formula syntax.
local MODELS = {
  Bennett5 = "y ~ b1 * (b2 + x)^(-1/b3)",
  BoxBOD = "y ~ b1 * (1 - exp(-b2 * x))",
  Chwirut1 = "y ~ exp(-b1 * x) / (b2 + b3 * x)",
  Chwirut2 = "y ~ exp(-b1 * x) / (b2 + b3 * x)",
  DanWood = "y ~ b1 * x^b2",
  ENSO = "y ~ b1 + b2 * cos(2 * pi * x / 12) + b3 * sin(2 * pi * x / 12)"
      .. " + b5 * cos(2 * pi * x / b4) + b6 * sin(2 * pi * x / b4)"
      .. " + b8 * cos(2 * pi * x / b7) + b9 * sin(2 * pi * x / b7)",
  Eckerle4 = "y ~ (b1 / b2) * exp(-0.5 * ((x - b3) / b2)^2)",
  Gauss1 = "y ~ b1 * exp(-b2 * x) + b3 * exp(-(x - b4)^2 / b5^2) + b6 * exp(-(x - b7)^2 / b8^2)",
  Gauss2 = "y ~ b1 * exp(-b2 * x) + b3 * exp(-(x - b4)^2 / b5^2) + b6 * exp(-(x - b7)^2 / b8^2)",
  Gauss3 = "y ~ b1 * exp(-b2 * x) + b3 * exp(-(x - b4)^2 / b5^2) + b6 * exp(-(x - b7)^2 / b8^2)",
  Hahn1 = "y ~ (b1 + b2 * x + b3 * x^2 + b4 * x^3) / (1 + b5 * x + b6 * x^2 + b7 * x^3)",
  Kirby2 = "y ~ (b1 + b2 * x + b3 * x^2) / (1 + b4 * x + b5 * x^2)",
  Lanczos1 = "y ~ b1 * exp(-b2 * x) + b3 * exp(-b4 * x) + b5 * exp(-b6 * x)",
  Lanczos2 = "y ~ b1 * exp(-b2 * x) + b3 * exp(-b4 * x) + b5 * exp(-b6 * x)",
  Lanczos3 = "y ~ b1 * exp(-b2 * x) + b3 * exp(-b4 * x) + b5 * exp(-b6 * x)",
  MGH09 = "y ~ b1 * (x^2 + x * b2) / (x^2 + x * b3 + b4)",
  MGH10 = "y ~ b1 * exp(b2 / (x + b3))",
  MGH17 = "y ~ b1 + b2 * exp(-x * b4) + b3 * exp(-x * b5)",
  Misra1a = "y ~ b1 * (1 - exp(-b2 * x))",
  Misra1b = "y ~ b1 * (1 - (1 + b2 * x / 2)^(-2))",
  Misra1c = "y ~ b1 * (1 - (1 + 2 * b2 * x)^(-.5))",
  Misra1d = "y ~ b1 * b2 * x * ((1 + b2 * x)^(-1))",
  Nelson = "logy ~ b1 - b2 * x1 * exp(-b3 * x2)", -- NIST: log[y] = ...
  Rat42 = "y ~ b1 / (1 + exp(b2 - b3 * x))",
  Rat43 = "y ~ b1 / ((1 + exp(b2 - b3 * x))^(1 / b4))",
  Roszman1 = "y ~ b1 - b2 * x - atan(b3 / (x - b4)) / pi",
  Thurber = "y ~ (b1 + b2 * x + b3 * x^2 + b4 * x^3) / (1 + b5 * x + b6 * x^2 + b7 * x^3)",
}

local NAMES = {}
for name in pairs(MODELS) do NAMES[#NAMES + 1] = name end
table.sort(NAMES)

-- NIST's file: parameter lines "b1 = start1 start2 certified sd", the certified
-- residual sum of squares, and the data after the "Data:  y  x" line.
local function read_nist(path)
  local f = assert(io.open(path, "r"))
  local text = f:read("a")
  f:close()
  local p = { names = {}, start1 = {}, start2 = {}, cert = {}, data = {} }
  local cols
  for line in text:gmatch("[^\r\n]+") do
    local b, s1, s2, c = line:match("^%s*(b%d+)%s*=%s*(%S+)%s+(%S+)%s+(%S+)%s+%S+%s*$")
    if b and not cols then
      p.names[#p.names + 1] = b
      p.start1[#p.start1 + 1] = assert(tonumber(s1))
      p.start2[#p.start2 + 1] = assert(tonumber(s2))
      p.cert[#p.cert + 1] = assert(tonumber(c))
    end
    local rss = line:match("^Residual Sum of Squares:%s+(%S+)")
    if rss then p.rss = assert(tonumber(rss)) end
    if cols then
      local row = {}
      for v in line:gmatch("%S+") do row[#row + 1] = assert(tonumber(v), path .. ": bad number " .. v) end
      if #row == #cols then
        for k, name in ipairs(cols) do p.data[name][#p.data[name] + 1] = row[k] end
      end
    elseif line:match("^Data:%s+y%s") then
      cols = {}
      for name in line:sub(6):gmatch("%S+") do cols[#cols + 1] = name; p.data[name] = {} end
    end
  end
  assert(#p.names > 0 and p.rss and cols, path .. ": not a NIST StRD nonlinear file")
  return p
end

-- log relative error, capped at 15 digits (NIST's convention: LRE of the difference)
local function lre(est, cert)
  if est ~= est then return 0 end
  local d = math.abs(est - cert)
  if d == 0 then return 15 end
  local v = -math.log(d / (cert ~= 0 and math.abs(cert) or 1), 10)
  return math.max(0, math.min(15, v))
end

local function fit_problem(p, name, which, extra)
  local start = {}
  for j, b in ipairs(p.names) do start[j] = { b, p[which][j] } end
  local data = p.data
  if name == "Nelson" then
    data.logy = {}
    for i, v in ipairs(data.y) do data.logy[i] = math.log(v) end
  end
  local args = { model = MODELS[name], data = data, start = start }
  for k, v in pairs(extra or {}) do args[k] = v end
  local ok, m = pcall(nls, args)
  if not ok then return nil, m end
  local worst = 15
  for j = 1, #p.names do worst = math.min(worst, lre(m.coef[j], p.cert[j])) end
  return m, worst, lre(m.rss, p.rss)
end

local DIR = "../shared/data/nist-nls"

-- Lanczos1's certified rss (1.43e-25) is below what data stored as doubles can carry:
-- y ~ 2.5 is rounded by ~3e-16 when read, against residuals of ~8e-14, which moves the
-- minimum rss by ~5e-4 relative (first order: sum 2 r_i dy_i). That rss is checked to 3
-- digits; every other rss and every parameter (Lanczos1's too) to 4.
local RSS_DIGITS = { Lanczos1 = 3 }

describe("nls NIST StRD", function()
  it("has a model for each of the 27 problems", function()
    eq(#NAMES, 27)
  end)

  it("parses NIST's format", function()
    local path = need_file(DIR .. "/Misra1a.dat")
    local p = read_nist(path)
    eq(p.names, { "b1", "b2" })
    eq(p.start1, { 500, 1e-4 })
    eq(p.start2, { 250, 5e-4 })
    eq(p.cert, { 2.3894212918E+02, 5.5015643181E-04 })
    eq(p.rss, 1.2455138894E-01)
    eq(#p.data.y, 14)
    eq(p.data.x[1], 77.6)
  end)

  it("certifies every parameter and the rss to 4 digits from start 2 (table: start 1 too)", function()
    need_file(DIR .. "/Misra1a.dat")
    local lines = { string.format("%-9s %3s  %6s %6s %5s   %6s %6s %5s   %6s %6s %5s", "problem",
      "np", "s1 par", "s1 rss", "conv", "s2 par", "s2 rss", "conv", "s1acc p", "rss", "conv") }
    local failures, s1_ok, s1acc_ok = {}, 0, 0
    -- the third run: start 1 again with geodesic acceleration and up to 5000 iterations
    local ACCEL = { accel = true, maxiter = 5000 }
    for _, name in ipairs(NAMES) do
      local p = read_nist(DIR .. "/" .. name .. ".dat")
      local row = { string.format("%-9s %3d ", name, #p.names) }
      for run, which in ipairs({ "start1", "start2", "start1" }) do
        local m, lp, lr = fit_problem(p, name, which, run == 3 and ACCEL or nil)
        if m then
          row[#row + 1] = string.format(" %6.2f %6.2f %5s  ", lp, lr, m.converged and "yes" or "no")
          if run == 2 and (lp < 4 or lr < (RSS_DIGITS[name] or 4)) then
            failures[#failures + 1] = string.format("%s: LRE parameters %.2f, rss %.2f (%s)", name, lp, lr, m.reason)
          end
          if run == 1 and lp >= 4 and lr >= 4 then s1_ok = s1_ok + 1 end
          if run == 3 and lp >= 4 and lr >= 4 then s1acc_ok = s1acc_ok + 1 end
        else
          row[#row + 1] = string.format(" %6s %6s %5s  ", "-", "-", "error")
          if run == 2 then failures[#failures + 1] = name .. ": " .. tostring(lp) end
        end
      end
      lines[#lines + 1] = table.concat(row)
    end
    lines[#lines + 1] = string.format("start 1: %d of 27 problems reach 4 digits; with acceleration %d",
      s1_ok, s1acc_ok)
    print("NIST StRD nonlinear, log relative errors (worst parameter, rss):")
    print(table.concat(lines, "\n"))
    if #failures > 0 then error("start 2 below 4 digits:\n  " .. table.concat(failures, "\n  ")) end
  end)
end)
