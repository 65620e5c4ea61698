-- tests/bench/lib/measure.c, the benchmark harness's process meter: it must report the
-- measured command's own peak RSS (wait4 on that child), its times and its exit status.
local sh = peer.sh -- stdout and exit code

local bin = "build/bench/measure-test"

local function measure(cmd)
  local out, code = sh(cmd .. " 2>&1 >/dev/null")
  local wall, user, sys, kib = out:match("measure: (%S+) (%S+) (%S+) (%d+)")
  assert(wall, out)
  return { wall = tonumber(wall), cpu = tonumber(user) + tonumber(sys), kib = tonumber(kib),
           code = code }
end

describe("bench measure", function()
  it("reports the command's own peak RSS, times and exit status", function()
    local _, code = sh("command -v cc >/dev/null 2>&1 && command -v sort >/dev/null 2>&1")
    if code ~= 0 then skip("no C compiler (cc) or sort to test tests/bench/lib/measure.c") end
    local out, rc = sh("mkdir -p build/bench && cc -O2 -o " .. bin .. " tests/bench/lib/measure.c 2>&1")
    assert(rc == 0, out)
    -- sort holds its whole input: a 32 MiB line makes a peak of at least 32 MiB
    local big = measure("head -c 33554432 /dev/zero | " .. bin .. " sort")
    local small = measure(bin .. " true")
    assert(big.kib >= 32 * 1024 and big.kib < 96 * 1024, "sort of 32 MiB peaked at " .. big.kib .. " KiB")
    assert(small.kib < 8 * 1024, "true peaked at " .. small.kib .. " KiB")
    assert(big.wall > 0 and big.cpu > 0)
    eq(small.code, 0)
    eq(measure(bin .. " sh -c 'exit 3'").code, 3)
  end)
end)
