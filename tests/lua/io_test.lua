-- burden.io: atomic writes and SHA-256 fingerprints.
local bio = require("burden").io

local function tmpdir()
  local base = os.tmpname()
  os.remove(base)
  return base .. "-dir"
end

describe("io", function()
  it("writes atomically, creating parent directories", function()
    local dir = tmpdir()
    local path = dir .. "/a/b/out.txt"
    bio.write_atomic(path, "hello\n")
    eq(bio.read(path), "hello\n")
    bio.write_atomic(path, "again\n")
    eq(bio.read(path), "again\n")
    os.remove(path)
    os.remove(dir .. "/a/b"); os.remove(dir .. "/a"); os.remove(dir)
  end)

  it("leaves the target as it was when the write fails, and no temporary file", function()
    local dir = tmpdir()
    local target = dir .. "/keep"
    bio.mkdir(target .. "/inside") -- a non-empty directory: the final rename must fail
    assert_error("io.write_atomic: cannot write " .. target, bio.write_atomic, target, "x")
    eq(require("burden.core.runtime").listdir(dir), { "keep" })
    eq(require("burden.core.runtime").listdir(target), { "inside" })
    local ok, err = bio.try_write_atomic(target, { "a", "b" })
    eq(ok, nil)
    assert(type(err) == "string")
    os.remove(target .. "/inside"); os.remove(target); os.remove(dir)
  end)

  it("writes arrays of chunks", function()
    local path = os.tmpname()
    assert(bio.try_write_atomic(path, { "a", "b", "c" }))
    eq(bio.read(path), "abc")
    os.remove(path)
  end)

  it("checks its arguments", function()
    assert_error("bad argument #2 to 'write_atomic' (string expected, got number)",
      bio.write_atomic, "x", 1)
  end)

  it("hashes text and files with SHA-256 (FIPS 180-4 example)", function()
    eq(bio.sha256("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    local path = os.tmpname()
    bio.write_atomic(path, "abc")
    eq(bio.sha256_file(path), bio.sha256("abc"))
    os.remove(path)
    local none, msg = bio.sha256_file("no/such/file")
    eq(none, nil)
    assert(msg:find("cannot open no/such/file", 1, true))
  end)
end)
