-- Every example in the docs runs, as the docs say (jq's habit: the manual is a test).
--
-- Which fenced blocks of README.md and doc/**/*.md run, and how:
--   ```lua                a burden script: run with the binary from the repository root;
--                         it must exit 0 and print nothing on stderr
--   ```lua norun          a sketch that is not run (a fragment, or `...` placeholders)
--   ```sh                 run when its first line starts with `burden` or `build/burden`:
--                         each line is one command (a trailing `\` joins lines); other sh
--                         blocks (`make run`) are not run
--   ```sh norun           not run
--   ```output             right after a run block: its stdout, compared exactly
-- A lua block whose first line is `-- NAME.lua: ...` is the file NAME.lua: it is not run
-- on its own but by the sh block that names it (the name is replaced by a temporary
-- path). In commands, an argument `out` or `out/...` is redirected to build/doctest/out,
-- and so is a string literal "out/..." in a lua block, so the tests never write into a
-- user's out/ (an example should not print such a path). A block whose info string says
-- `needs=PATH` is skipped (visibly) when PATH does not exist (e.g. ../shared/data/timm).
-- The EXAMPLES of doc/burden.1 run as sh commands too.
--
-- `make docs-update` (DOCS_UPDATE=1) rewrites every ```output block that differs with
-- what its block prints now, as `make golden-update` does for goldens: review the diff.

local runtime = require "burden.core.runtime"

local BIN = arg and arg[-1] or "build/burden"
local TMP = "build/doctest"
local UPDATE = os.getenv("DOCS_UPDATE") == "1"

-- a whole file, or an error naming it (burden.io.read gives nil and the message)
local function read(path) return assert(require("burden.io").read(path)) end

local write = require("burden.io").write_atomic

local function exists(path)
  local f = io.open(path, "rb")
  if f then f:close() return true end
  return false
end

local function shell_quote(s)
  return "'" .. s:gsub("'", "'\\''") .. "'"
end

-- The fenced blocks of a Markdown text: { file, line, lang, flags = {word = true},
-- needs, code, output (the following ```output block), name (NAME.lua) }.
local function extract(text, file)
  local blocks, cur = {}, nil
  local n = 0
  for line in (text .. "\n"):gmatch("([^\n]*)\n") do
    n = n + 1
    line = line:gsub("\r$", "")
    if cur then
      if line:match("^```%s*$") then
        cur.code = table.concat(cur.lines, "\n") .. "\n"
        cur.lines = nil
        if cur.lang == "output" then
          local prev = blocks[#blocks]
          if not prev or prev.output or prev.last_line ~= cur.line - 1
              and not (prev.gap_ok and prev.last_line == cur.line - 2) then
            error(string.format("%s:%d: an output block must follow a run block", file, cur.line))
          end
          prev.output = cur.code
          prev.output_first, prev.output_last = cur.line + 1, n - 1
        else
          cur.last_line = n
          blocks[#blocks + 1] = cur
        end
        cur = nil
      else
        cur.lines[#cur.lines + 1] = line
      end
    else
      local info = line:match("^```(.*)$")
      if info then
        local lang, rest = info:match("^(%S*)%s*(.-)%s*$")
        cur = { file = file, line = n, lang = lang, flags = {}, lines = {} }
        for word in rest:gmatch("%S+") do
          local k, v = word:match("^(%w+)=(.+)$")
          if k then cur[k] = v else cur.flags[word] = true end
        end
      elseif blocks[#blocks] and blocks[#blocks].last_line == n - 1 and line == "" then
        blocks[#blocks].gap_ok = true   -- one blank line may separate code and output
      end
    end
  end
  if cur then error(string.format("%s:%d: unterminated code block", file, cur.line)) end
  for _, b in ipairs(blocks) do
    if b.lang == "lua" then
      b.name = b.code:match("^%-%- ([%w_%-]+%.lua):")
    end
  end
  return blocks
end

-- The commands of a sh block, or nil when the block is not burden commands.
local function commands(b)
  if b.lang ~= "sh" or b.flags.norun then return nil end
  local joined = b.code:gsub("%s*\\\n%s*", " ")
  local cmds = {}
  for line in joined:gmatch("[^\n]+") do
    if not line:match("^%s*#") and line:match("%S") then cmds[#cmds + 1] = line end
  end
  if not cmds[1] or not (cmds[1]:match("^burden%s") or cmds[1]:match("^build/burden%s")) then
    return nil
  end
  return cmds
end

-- A command as the shell runs it: the binary, named blocks' files, out/ redirected.
local function rewrite(cmd, files, bin, out)
  local words = {}
  local first = true
  for word in cmd:gmatch("%S+") do
    if first then
      if word ~= "burden" and word ~= "build/burden" then
        error("a command must start with burden or build/burden: " .. cmd)
      end
      word = bin
      first = false
    elseif files[word] then
      word = files[word]
    elseif word == "out" or word:match("^out/") then
      word = out .. word:sub(4)
    end
    words[#words + 1] = word
  end
  return table.concat(words, " ")
end

-- A lua block's code with its "out/..." literals redirected to `out`.
local function redirect_out(code, out)
  return (code:gsub("([\"'])out/", "%1" .. out .. "/"))
end

-- Runs a shell command; returns the exit status, stdout and stderr.
local function run(cmd)
  local o, e = TMP .. "/stdout", TMP .. "/stderr"
  local p = assert(io.popen("(" .. cmd .. ") >" .. o .. " 2>" .. e .. "; echo $?"))
  local status = tonumber(p:read("a"):match("(%d+)"))
  p:close()
  return status, read(o), read(e)
end

-- Runs one block; returns true, or false, what went wrong and (when the block ran but
-- printed something else than its output block) what it printed.
local function check_block(b, files, bin)
  local where = string.format("%s:%d", b.file, b.line)
  local cmds
  if b.lang == "lua" then
    local path = TMP .. "/block.lua"
    write(path, redirect_out(b.code, TMP .. "/out"))
    cmds = { bin .. " " .. path }
  else
    cmds = {}
    for i, c in ipairs(commands(b)) do cmds[i] = rewrite(c, files, bin, TMP .. "/out") end
  end
  local stdout = {}
  for _, cmd in ipairs(cmds) do
    local status, out, err = run(cmd)
    if status ~= 0 or err ~= "" then
      return false, string.format("%s: `%s` exited %s%s", where, cmd, tostring(status),
        err ~= "" and ("; stderr:\n" .. err) or "")
    end
    stdout[#stdout + 1] = out
  end
  if b.output then
    local got = table.concat(stdout)
    if got ~= b.output then
      return false, string.format("%s: output differs from the ```output block\n--- doc\n%s--- got\n%s",
        where, b.output, got), got
    end
  end
  return true
end

local function doc_files()
  local out = { "README.md" }
  local function walk(dir)
    for _, name in ipairs(runtime.listdir(dir) or {}) do
      local path = dir .. "/" .. name
      if name:match("%.md$") then
        out[#out + 1] = path
      elseif not name:find("%.") then
        walk(path)
      end
    end
  end
  walk("doc")
  return out
end

-- The commands of the man page's EXAMPLES section, as one sh block.
local function man_examples(text, file)
  local sec = text:match("\n%.SH EXAMPLES\n(.-)\n%.SH ") or ""
  local code = sec:match("%.nf\n(.-)%.fi") or ""
  code = code:gsub("\\%-", "-")
  local first = select(2, text:find("\n%.SH EXAMPLES\n", 1)) or 0
  local _, line = text:sub(1, first):gsub("\n", "")
  return { file = file, line = line + 1, lang = "sh", flags = {}, code = code }
end

-- Paths the docs name that do not exist: code spans such as `stdlib/burden/fit/lm.lua`
-- (from the repository root) and relative Markdown links. Spans with a placeholder
-- (NAME, *, <x>, {a,b}) are patterns, not paths, and are not checked.
local TOP = { engine = true, stdlib = true, tests = true, scripts = true, data = true,
  tools = true, doc = true, [".ci"] = true }
local function missing_paths(text, file, exists_fn)
  local out, seen = {}, {}
  local dir = file:match("^(.*)/[^/]*$")
  local function check(path, shown)
    path = path:gsub("#.*$", ""):gsub("/$", "")
    if path == "" or seen[path] then return end
    seen[path] = true
    if not exists_fn(path) then out[#out + 1] = string.format("%s: %s does not exist", file, shown) end
  end
  local n = 0
  for line in (text .. "\n"):gmatch("([^\n]*)\n") do
    n = n + 1
    for span in line:gmatch("`([^`]+)`") do
      local top = span:match("^([%w%.]+)/")
      if top and TOP[top] and span:match("^[%w_./%-]+$") and not span:match("NAME")
          and not span:match("%.%.") then
        check(span, string.format("line %d: `%s`", n, span))
      end
    end
    for link in line:gmatch("%]%(([^)%s]+)%)") do
      if not link:match("^%a+:") and not link:match("^#") then
        check(dir and (dir .. "/" .. link) or link, string.format("line %d: link %s", n, link))
      end
    end
  end
  return out
end

-- The text with the given line ranges replaced: updates = { { first, last, text } }.
local function replace_lines(text, updates)
  local lines = {}
  for line in (text .. "\n"):gmatch("([^\n]*)\n") do lines[#lines + 1] = line end
  if lines[#lines] == "" then lines[#lines] = nil end
  table.sort(updates, function(a, b) return a.first > b.first end)
  for _, u in ipairs(updates) do
    local new = {}
    for line in u.text:gmatch("([^\n]*)\n") do new[#new + 1] = line end
    for _ = u.first, u.last do table.remove(lines, u.first) end
    for k = #new, 1, -1 do table.insert(lines, u.first, new[k]) end
  end
  return table.concat(lines, "\n") .. "\n"
end

local function prepare()
  os.execute("mkdir -p " .. TMP .. "/files " .. TMP .. "/out")
end

describe("docs runner (checked on made-up docs)", function()
  it("finds lua, sh and output blocks with their flags and lines", function()
    local md = table.concat({
      "# t", "```lua", "print(1)", "```", "", "```output", "1", "```",
      "```lua norun", "x = ...", "```",
      "```sh", "make run", "```",
      "```sh", "burden -e 'print(2)' \\", "  one", "```",
      "```lua needs=../nowhere", "-- a.lua: named", "```",
    }, "\n")
    local bs = extract(md, "t.md")
    eq(#bs, 5)
    eq({ bs[1].lang, bs[1].line, bs[1].code, bs[1].output }, { "lua", 2, "print(1)\n", "1\n" })
    eq(bs[2].flags.norun, true)
    eq(commands(bs[3]), nil)
    eq(commands(bs[4]), { "burden -e 'print(2)' one" })
    eq({ bs[5].needs, bs[5].name }, { "../nowhere", "a.lua" })
  end)

  it("refuses an output block that follows no run block, and an unterminated block", function()
    assert_error("t.md:1: an output block must follow a run block", extract,
      "```output\n1\n```\n", "t.md")
    assert_error("t.md:2: unterminated code block", extract, "x\n```lua\nprint(1)\n", "t.md")
  end)

  it("rewrites the binary, named files and out/", function()
    eq(rewrite("build/burden hello.lua --out out/x", { ["hello.lua"] = "/t/h.lua" }, "B", "T/out"),
      "B /t/h.lua --out T/out/x")
    eq(rewrite("burden s.lua --out out", {}, "B", "T/out"), "B s.lua --out T/out")
    assert_error("must start with burden", rewrite, "make run", {}, "B", "T")
    eq(redirect_out("w('out/a.svg'); w(\"out/b\"); w('about/c')", "T/out"),
      "w('T/out/a.svg'); w(\"T/out/b\"); w('about/c')")
  end)

  it("fails a block that raises, writes to stderr or prints something else", function()
    prepare()
    local ok, msg = check_block(extract("```lua\nerror('boom')\n```\n", "t.md")[1], {}, BIN)
    eq(ok, false)
    assert(msg:find("t.md:1:", 1, true) and msg:find("boom", 1, true), msg)
    ok, msg = check_block(extract("```lua\nio.stderr:write('w\\n')\n```\n", "t.md")[1], {}, BIN)
    eq(ok, false)
    assert(msg:find("stderr:\nw", 1, true), msg)
    local bs = extract("```lua\nprint(1 + 1)\n```\n```output\n3\n```\n", "t.md")
    ok, msg = check_block(bs[1], {}, BIN)
    eq(ok, false)
    assert(msg:find("--- doc\n3\n--- got\n2\n", 1, true), msg)
    bs = extract("```lua\nprint(1 + 1)\n```\n```output\n2\n```\n", "t.md")
    eq(check_block(bs[1], {}, BIN), true)
  end)

  it("finds paths that do not exist", function()
    local have = { ["engine/core/lm.c"] = true, ["doc/api.md"] = true, ["doc/x.md"] = true }
    local text = "`engine/core/lm.c`, `engine/core/nope.c`, `tests/golden/**/NAME.cmd`, " ..
      "`out/x`\n[a](api.md) [b](gone.md) [c](https://x.org/y) [d](#top)\n"
    eq(missing_paths(text, "doc/x.md", function(p) return have[p] end),
      { "doc/x.md: line 1: `engine/core/nope.c` does not exist",
        "doc/x.md: line 2: link gone.md does not exist" })
  end)

  it("rewrites output blocks (docs-update)", function()
    local text = "a\n```lua\nprint(1)\n```\n```output\nold\nold2\n```\n```lua\nx()\n```\n```output\n```\n"
    local bs = extract(text, "t.md")
    eq({ bs[1].output_first, bs[1].output_last, bs[2].output_first, bs[2].output_last },
      { 6, 7, 13, 12 })
    eq(replace_lines(text, { { first = 6, last = 7, text = "1\n" }, { first = 13, last = 12, text = "2\n3\n" } }),
      "a\n```lua\nprint(1)\n```\n```output\n1\n```\n```lua\nx()\n```\n```output\n2\n3\n```\n")
  end)

  it("reads the man page's examples", function()
    local b = man_examples(".TH X\n.SH EXAMPLES\n.nf\nburden \\-e 'print(1)'\n.fi\n.SH SEE ALSO\n", "x.1")
    eq(commands(b), { "burden -e 'print(1)'" })
    eq(b.line, 3)   -- the .nf line
  end)
end)

-- A file, a directory, or a golden case named without its extension.
local function path_exists(path)
  return exists(path) or runtime.listdir(path) ~= nil or exists(path .. ".cmd")
end

describe("every path the docs name exists", function()
  for _, file in ipairs(doc_files()) do
    it(file, function()
      local bad = missing_paths(read(file), file, path_exists)
      assert(#bad == 0, table.concat(bad, "\n"))
    end)
  end
end)

-- Paths named in the source (file headers and comments) of the engine, the stdlib, the
-- tools and the scripts: `stdlib/burden/fit.lua` after fit became a directory is a stale
-- map. An illustrative name (`x.lua`, `NAME.c`) is not a path.
local SOURCE_DIRS = { "engine", "stdlib", "tools", "scripts" }
local PATH_EXT = { lua = true, c = true, h = true, csv = true, md = true }
local function source_paths(text)
  local out = {}
  for _, top in ipairs({ "engine", "stdlib", "tests", "scripts", "data", "tools", "doc" }) do
    for pre, path in text:gmatch("()(" .. top .. "/[%w_./%-]+)") do
      local before = pre > 1 and text:sub(pre - 1, pre - 1) or ""
      local clean = path:gsub("[.]+$", "")
      local ext = clean:match("%.(%w+)$")
      local base = clean:match("([^/]+)%.%w+$")
      if not before:match("[%w_/.%-]") and ext and PATH_EXT[ext] and base and #base > 1
          and not base:match("%u%u") then
        out[#out + 1] = clean
      end
    end
  end
  return out
end

describe("every path named in the source exists", function()
  it("finds paths in text (checked on made-up text)", function()
    eq(source_paths("-- see stdlib/burden/fit.lua and engine/core/lm.c.\n" ..
      "-- (stdlib/burden/x.lua, tests/golden/NAME.cmd, mystdlib/a.lua)"),
      { "engine/core/lm.c", "stdlib/burden/fit.lua" })
  end)
  local files = {}
  local function walk(dir)
    for _, name in ipairs(runtime.listdir(dir) or {}) do
      local path = dir .. "/" .. name
      if name:match("%.lua$") or name:match("%.[ch]$") then
        files[#files + 1] = path
      elseif not name:find("%.") then
        walk(path)
      end
    end
  end
  for _, d in ipairs(SOURCE_DIRS) do walk(d) end
  it("in " .. table.concat(SOURCE_DIRS, "/, ") .. "/", function()
    assert(#files > 50, "too few source files found: " .. #files)
    local bad = {}
    for _, f in ipairs(files) do
      for _, p in ipairs(source_paths(read(f))) do
        if not path_exists(p) then bad[#bad + 1] = f .. ": " .. p end
      end
    end
    assert(#bad == 0, "stale paths:\n" .. table.concat(bad, "\n"))
  end)
end)

describe("every example in the docs runs", function()
  prepare()
  for _, file in ipairs(doc_files()) do
    local blocks = extract(read(file), file)
    local files = {}
    for _, b in ipairs(blocks) do
      if b.name then
        local path = TMP .. "/files/" .. b.name
        write(path, redirect_out(b.code, TMP .. "/out"))
        files[b.name] = path
      end
    end
    local used, updates = {}, {}
    for _, b in ipairs(blocks) do
      local runs = (b.lang == "lua" and not b.flags.norun and not b.name) or commands(b)
      if b.output and not runs then
        it(string.format("%s:%d has an output block, so it runs", file, b.line), function()
          error(string.format("%s:%d: a block that is not run has an output block", file, b.line))
        end)
      end
      if runs then
        for name in pairs(files) do
          if b.lang == "sh" and b.code:find(name, 1, true) then used[name] = true end
        end
        it(string.format("%s:%d (%s)", file, b.line, b.lang), function()
          if b.needs and not exists(b.needs) then skip(b.needs .. " is absent") end
          local ok, msg, got = check_block(b, files, BIN)
          if not ok and got and UPDATE then
            updates[#updates + 1] = { first = b.output_first, last = b.output_last, text = got }
            print("docs-update: " .. file .. ":" .. b.line .. ": output block rewritten")
            return
          end
          assert(ok, msg)
        end)
      end
    end
    if UPDATE and #updates > 0 then write(file, replace_lines(read(file), updates)) end
    for _, b in ipairs(blocks) do
      if b.name then
        it(string.format("%s:%d names %s, which a command runs", file, b.line, b.name), function()
          assert(used[b.name], string.format("%s:%d: no sh block runs %s", file, b.line, b.name))
        end)
      end
    end
  end
  local man = man_examples(read("doc/burden.1"), "doc/burden.1")
  it("doc/burden.1's EXAMPLES", function()
    assert(commands(man), "doc/burden.1 has no EXAMPLES commands")
    local ok, msg = check_block(man, {}, BIN)
    assert(ok, msg)
  end)
end)
