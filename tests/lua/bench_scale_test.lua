-- tests/bench/lib/scale.lua (make bench-scale): a tiny run prints and writes the table
-- with its columns, draws the log-log figure, and leaves no generated CSV behind.
local scale = dofile("tests/bench/lib/scale.lua")

describe("bench scale", function()
  it("a tiny run gives the table's columns, one row per workload and size, and the figure", function()
    -- a directory of its own: make test and make asan may run at once
    local tmp = os.tmpname()
    local out = tmp .. ".d"
    local printed = {}
    local rows, lines = scale.run{ tiny = true, reps = 1, out = out,
      print = function(s) printed[#printed + 1] = s end }
    eq(lines[1], "workload,size,unit,wall_s,cpu_s,wall_per_unit,per_unit")
    eq(#rows, 6)
    local want = { { "ols", 1e3, "rows", "ns per row" }, { "ols", 4e3, "rows", "ns per row" },
      { "bootstrap", 20, "resamples", "us per resample" }, { "bootstrap", 80, "resamples", "us per resample" },
      { "csv", nil, "MB", "ms per MB" }, { "csv", nil, "MB", "ms per MB" } }
    for i, r in ipairs(rows) do
      eq(r.workload, want[i][1])
      if want[i][2] then eq(r.size, want[i][2]) end
      eq(r.unit, want[i][3])
      eq(r.per_unit, want[i][4])
      assert(r.wall_s > 0 and r.cpu_s > 0, "times must be positive")
      near(r.wall_per_unit, r.wall_s / r.size * ({ ols = 1e9, bootstrap = 1e6, csv = 1e3 })[r.workload], 1e-12)
    end
    -- the CSV sizes are the generated files' sizes, about the sizes asked for
    near(rows[5].size, 0.05, 0.01)
    near(rows[6].size, 0.2, 0.01)
    -- the printed table: a header with the columns, then the rows
    assert(printed[1]:match("workload%s+size%s+unit%s+wall %(s%)%s+CPU %(s%)%s+wall per unit"), printed[1])
    eq(#printed, 7)
    assert(printed[2]:match("^  ols%s+1000 rows "), printed[2])
    -- the same table on disk
    local f = assert(io.open(out .. "/scale.csv"))
    local text = f:read("a")
    f:close()
    eq(text, table.concat(lines, "\n") .. "\n")
    -- the figure: one panel per workload, log axes
    f = assert(io.open(out .. "/scale.svg"))
    local svg = f:read("a")
    f:close()
    assert(svg:match("^<%?xml") or svg:match("^<svg"), "not an SVG")
    -- (a cost prints as %.3g: 1.3e+03 under a sanitizer's slow-down)
    for _, title in ipairs({ "OLS, 4 columns: [%d.e+]+ ns/row", "Bootstrap, n = 1,454: [%d.e+]+ us/resample",
      "CSV, 8 columns: [%d.e+]+ ms/MB", "same cost per unit", "rows %(the title's cost: at 4,000%)" }) do
      assert(svg:match(title), "figure lacks " .. title)
    end
    -- the generated CSV was deleted
    eq(io.open(out .. "/scale_tmp.csv"), nil)
    os.remove(out .. "/scale.svg")
    os.remove(out .. "/scale.csv")
    os.remove(out)
    os.remove(tmp)
  end)
end)

describe("make bench", function()
  local sh = peer.sh -- stdout and exit code

  it("installs the peers' packages (numpy on OpenBLAS) before benchmarking, then runs bench-scale", function()
    local _, code = sh("command -v make >/dev/null 2>&1")
    if code ~= 0 then skip("make is not installed") end
    local out = sh("make -n bench 2>&1")
    local deps = out:find("sh tools/deps.sh bench", 1, true)
    local run = out:find("tests/bench/run.py", 1, true)
    local sc = out:find("tests/bench/lib/scale.lua --out out/bench", 1, true)
    assert(deps and run and sc and deps < run and run < sc, out)
  end)

  it("tools/deps.sh bench asks apt-get for exactly the missing peer packages", function()
    -- stand-ins for dpkg-query (libopenblas0-pthread and r-base-core missing) and apt-get
    local tmp = os.tmpname()
    local dir = tmp .. ".bin"
    local _, code = sh("mkdir -p " .. dir .. [[ && cat > ]] .. dir .. [[/dpkg-query <<'SH'
#!/bin/sh
for last; do :; done
case "$last" in libopenblas0-pthread|r-base-core) exit 1;; esac
printf 'install ok installed'
SH
cat > ]] .. dir .. [[/apt-get <<'SH'
#!/bin/sh
echo "apt-get $*" >> "$FAKE_LOG"
SH
cat > ]] .. dir .. [[/sudo <<'SH'
#!/bin/sh
"$@"
SH
chmod +x ]] .. dir .. "/dpkg-query " .. dir .. "/apt-get " .. dir .. "/sudo")
    eq(code, 0)
    local log = dir .. "/apt.log"
    os.remove(log)
    local out, rc = sh("FAKE_LOG=" .. log .. " PATH=" .. dir .. ":$PATH sh tools/deps.sh bench 2>&1")
    eq(rc, 0)
    eq(out, "deps: installing r-base-core libopenblas0-pthread\ndeps: installed r-base-core libopenblas0-pthread\n")
    local f = assert(io.open(log))
    local calls = f:read("a")
    f:close()
    eq(calls, "apt-get install -y -q r-base-core libopenblas0-pthread\n")
    sh("rm -rf " .. dir)
    os.remove(tmp)
  end)
end)
