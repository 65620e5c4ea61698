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
    eq(io.open(path .. ".tmp"), nil)
    bio.write_atomic(path, "again\n")
    eq(bio.read(path), "again\n")
    os.remove(path)
    os.remove(dir .. "/a/b"); os.remove(dir .. "/a"); os.remove(dir)
  end)

  it("leaves an existing file untouched when the write fails", function()
    local dir = tmpdir()
    bio.mkdir(dir)
    local path = dir .. "/keep.txt"
    bio.write_atomic(path, "original")
    -- a directory where the temporary file should go makes the write fail
    bio.mkdir(path .. ".tmp")
    assert_error("io.write_atomic", bio.write_atomic, path, "replacement")
    eq(bio.read(path), "original")
    os.remove(path .. ".tmp"); os.remove(path); os.remove(dir)
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
