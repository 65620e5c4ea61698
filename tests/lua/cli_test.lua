-- burden.cli: options of user scripts.
local cli = require("burden").cli

describe("cli.options", function()
  local USAGE = "burden s.lua [--out DIR] [--runs N] [--quick]"

  it("keeps defaults and reads values, numbers and flags", function()
    eq(cli.options({}, { out = "out", runs = 3, quick = false }, USAGE),
      { out = "out", runs = 3, quick = false })
    eq(cli.options({ "--out", "x", "--runs", "7", "--quick" },
      { out = "out", runs = 3, quick = false }, USAGE), { out = "x", runs = 7, quick = true })
  end)

  it("maps dashes in names to underscores", function()
    eq(cli.options({ "--out-dir", "d" }, { out_dir = "o" }, USAGE).out_dir, "d")
  end)

  it("rejects what it does not know, with the usage line", function()
    assert_error("unknown argument '--bogus'; usage: " .. USAGE, cli.options, { "--bogus" },
      { out = "out" }, USAGE)
    assert_error("--out needs a value; usage:", cli.options, { "--out" }, { out = "out" }, USAGE)
    assert_error("--runs needs a number, got 'many'", cli.options, { "--runs", "many" },
      { runs = 1 }, USAGE)
    assert_error("unknown argument 'stray'", cli.options, { "stray" }, { out = "out" }, USAGE)
  end)
end)
