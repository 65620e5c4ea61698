--- burden.data.hardware (internal): parse_hardware, installed into burden.data.
-- Reads phrases such as "8 NVIDIA P100 GPUs", "2x GTX 580", "TPU v3 pod (1024 chips)",
-- "512 TPUv3 cores" or "8x V100 for 3.5 days" into a count and a chip name. Chip names
-- are returned as written (trimmed); resolving them against the hardware table is the
-- job of burden.hw.
return function(data)
  local re = require "burden.re"
  local units = require "burden.units"

  local COUNT = [[(?<n>\d{1,3}(?:,\d{3})+|\d+)]]
  local UNIT_WORDS = [[(?:GPUs?|TPUs?|chips?|cores?|cards?|accelerators?|devices?|processors?|CPUs?|IPUs?|nodes?)]]
  -- compiled on the first call: requiring burden.data does not pay for PCRE2
  local patterns, duration
  local function compile()
    patterns = {
      -- "TPU v3 pod (1024 chips)", "TPU v3 (512 cores)"
      re.compile([[^(?<chip>.+?)(?:\s+(?:pods?|slices?|clusters?|systems?))?\s*\(\s*]] .. COUNT ..
        [[\s*(?:x\s*)?]] .. UNIT_WORDS .. [[?\s*\)$]], "i"),
      -- "2x GTX 580", "8 x V100", "8× A100"
      re.compile([[^]] .. COUNT .. [[\s*(?:x|×|\*)\s*(?<chip>.+?)(?:\s+]] .. UNIT_WORDS .. [[)?$]], "i"),
      -- "8 NVIDIA P100 GPUs", "512 TPUv3 cores"
      re.compile([[^]] .. COUNT .. [[\s+(?<chip>.+?)(?:\s+]] .. UNIT_WORDS .. [[)?$]], "i"),
    }
    duration = re.compile([[^(?<hw>.+?)\s+(?:for|over|during)\s+(?<time>.+)$]], "i")
  end

  --- count, chip [, seconds]: the number of chips (nil when none is written), the chip name,
  -- and the training time in seconds when the phrase says "for 3.5 days". nil and a
  -- message when no chip can be read or the time is negative.
  function data.parse_hardware(text)
    if type(text) ~= "string" then
      error("bad argument #1 to 'parse_hardware' (string expected, got " .. type(text) .. ")", 2)
    end
    if not duration then compile() end
    local s = text:gsub("^%s+", ""):gsub("%s+$", "")
    local seconds
    local d = duration:match(s)
    if d then
      local v = units.try_parse(d.time, "s")
      if v and v < 0 then
        return nil, string.format("parse_hardware: negative training time '%s' in '%s'", d.time,
          text)
      end
      if v then s, seconds = d.hw, v end
    end
    for _, rx in ipairs(patterns) do
      local m = rx:match(s)
      if m and m.chip ~= "" then
        local n = math.tointeger(tonumber((m.n:gsub(",", ""))))
        local chip = m.chip:gsub("(%d)s$", "%1") -- "500 P100s"
        return n, chip, seconds
      end
    end
    if s == "" then return nil, "parse_hardware: no hardware in '" .. text .. "'" end
    return nil, s, seconds
  end
end
