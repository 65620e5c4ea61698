-- burden.re: PCRE2 wrapper.
local re = require("burden").re

describe("re", function()
  it("matches named and numbered captures", function()
    local m = re.compile([[(?<n>\d+)\s*x\s*(?<chip>.+)]]):match("8 x V100")
    eq(m[0], "8 x V100")
    eq(m[1], "8")
    eq(m.n, "8")
    eq(m.chip, "V100")
    eq(re.match("abc", "(x)?b")[1], false)
    eq(re.match("abc", "z"), nil)
  end)

  it("caches compiled patterns and accepts flags", function()
    assert(rawequal(re.compile("a+", "i"), re.compile("a+", "i")))
    assert(re.compile("^b", "m"):test("a\nb"))
    assert(not re.compile("^b"):test("a\nb"))
    assert(re.compile("A.B", "is"):test("a\nb"))
    eq(re.compile([[ \d+  # digits ]], "x"):match("ab12")[0], "12")
    assert_error("bad argument #2 to 'compile'", re.compile, "a", 5)
    assert_error("flags: letters among i, m, s, x, U expected", re.compile, "a", "q")
  end)

  it("reports compile errors with PCRE2's message and the offset", function()
    assert_error("re.compile: missing closing parenthesis at offset 3 in pattern '(ab'", re.compile, "(ab")
    assert_error("quantifier does not follow a repeatable item at offset 0", re.compile, "*a")
  end)

  it("finds positions like string.find", function()
    local s, e, m = re.find("hello world", "o w")
    eq({ s, e, m[0] }, { 5, 7, "o w" })
    eq({ re.find("hello", "l+", 4) }, { 4, 4, { [0] = "l" } })
    eq(re.find("hello", "z"), nil)
  end)

  it("iterates with gmatch, including empty matches and UTF-8", function()
    local got = {}
    for m in re.gmatch("a1b22c333", [[\d+]]) do got[#got + 1] = m[0] end
    eq(got, { "1", "22", "333" })
    local n = 0
    for _ in re.gmatch("héllo", "") do n = n + 1 end
    eq(n, 6) -- one empty match before each of 5 characters and one at the end
    local words = {}
    for m in re.gmatch("GPT-3 used 10,000 V100s", [[(?<w>\w+)]]) do words[#words + 1] = m.w end
    eq(words, { "GPT", "3", "used", "10", "000", "V100s" })
  end)

  it("gsub with a string, a table or a function", function()
    eq({ re.gsub("2x GTX 580", [[(\d+)x]], "$1 x") }, { "2 x GTX 580", 1 })
    eq({ re.gsub("a-b-c", "-", "+", 1) }, { "a+b-c", 1 })
    eq({ re.gsub("k=v", [[(?<key>\w)=(?<val>\w)]], "${val}=${key} $$0 $0") }, { "v=k $0 k=v", 1 })
    eq({ re.gsub("hello", "l", { l = "L" }) }, { "heLLo", 2 })
    eq({ re.gsub("$1.5M and $2M", [[\$(\d+(?:\.\d+)?)M]], function(m) return tonumber(m[1]) * 1e6 end) },
      { "1500000.0 and 2000000.0", 2 })
    eq({ re.gsub("keep", "e", function() return nil end) }, { "keep", 2 })
    eq({ re.gsub("abc", "", "-") }, { "-a-b-c-", 4 })
    -- captured text is not expanded again
    eq(re.gsub("$1", [[(\$1)]], "[$1]"), "[$1]")
    assert_error("unknown group '3'", re.gsub, "ab", "(a)", "$3")
    assert_error("gsub: invalid replacement value (a table)", re.gsub, "ab", "a", function() return {} end)
  end)

  it("splits on matches", function()
    eq(re.split("a, b,c ,d", [[\s*,\s*]]), { "a", "b", "c", "d" })
    eq(re.split("a1b2c", [[\d]], 1), { "a", "b2c" })
    eq(re.split("abc", ""), { "a", "b", "c" })
    eq(re.split("", ","), { "" })
  end)

  it("never fails on invalid UTF-8 in the subject", function()
    eq(re.match("a\255b", "b")[0], "b")
  end)
end)
