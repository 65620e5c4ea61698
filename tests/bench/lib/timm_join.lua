-- Shared by the fit_bootstrap_* benchmarks: the timm join of ImageNet top-1 error and
-- inference GMACs (../shared/data/timm; join as its README says), read with a small
-- CSV splitter (quoted fields, no embedded newlines in these files).
local M = {}

local function split(line)
  local out, pos = {}, 1
  while pos <= #line + 1 do
    if line:sub(pos, pos) == '"' then
      local close = line:find('"', pos + 1, true)
      out[#out + 1] = line:sub(pos + 1, close - 1)
      pos = close + 2
    else
      local comma = line:find(",", pos, true) or (#line + 1)
      out[#out + 1] = line:sub(pos, comma - 1)
      pos = comma + 1
    end
  end
  return out
end

local function read(path)
  local f = assert(io.open(path, "r"))
  local header = split(f:read("l"))
  local idx = {}
  for i, h in ipairs(header) do idx[h] = i end
  local rows = {}
  for line in f:lines() do
    if line ~= "" then rows[#rows + 1] = split(line) end
  end
  f:close()
  return rows, idx
end

--- x = log10(infer_gmacs), y = log10(top1_err) over the joined checkpoints.
function M.load(dir)
  local res, ri = read(dir .. "/results-imagenet.csv")
  local bench, bi = read(dir .. "/benchmark-infer-amp-nchw-pt240-cu124-rtx4090.csv")
  local gmacs = {}
  for _, r in ipairs(bench) do
    local key = r[bi.model] .. "@" .. tonumber(r[bi.infer_img_size])
    if gmacs[key] == nil then gmacs[key] = tonumber(r[bi.infer_gmacs]) end
  end
  local x, y = {}, {}
  for _, r in ipairs(res) do
    local arch = r[ri.model]:match("^[^.]+")
    local g = gmacs[arch .. "@" .. tonumber(r[ri.img_size])]
    local e = tonumber(r[ri.top1_err])
    if g and g > 0 and e and e > 0 then
      x[#x + 1] = math.log(g, 10)
      y[#y + 1] = math.log(e, 10)
    end
  end
  return x, y
end

return M
