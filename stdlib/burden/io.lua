--- burden.io: writing files safely, and fingerprints for provenance.
local fsys = require "burden.core.fsys"

local M = {}

local function dirname(path)
  return path:match("^(.*)/[^/]*$")
end

--- Creates a directory and its parents (like mkdir -p). Raises on failure.
function M.mkdir(path)
  if path == "" or fsys.isdir(path) then return true end
  local parent = dirname(path)
  if parent and parent ~= "" then M.mkdir(parent) end
  local ok, err = fsys.mkdir(path)
  if not ok then error("io.mkdir: " .. err, 2) end
  return true
end

--- Writes text to path atomically: a temporary file beside it, then a rename, so a
-- failed run never leaves a half-written file. Creates missing parent directories.
-- Raises "io.write_atomic: ..." naming the path on failure.
function M.write_atomic(path, text)
  if type(path) ~= "string" or path == "" then
    error("bad argument #1 to 'write_atomic' (path expected)", 2)
  end
  if type(text) ~= "string" then
    error("bad argument #2 to 'write_atomic' (string expected, got " .. type(text) .. ")", 2)
  end
  local dir = dirname(path)
  if dir and dir ~= "" then M.mkdir(dir) end
  local tmp = path .. ".tmp"
  local f, err = io.open(tmp, "wb")
  if not f then error("io.write_atomic: " .. err, 2) end
  local ok, werr = f:write(text)
  local closed, cerr = f:close()
  if not ok or not closed then
    os.remove(tmp)
    error("io.write_atomic: cannot write " .. path .. ": " .. tostring(werr or cerr), 2)
  end
  local renamed, rerr = os.rename(tmp, path)
  if not renamed then
    os.remove(tmp)
    error("io.write_atomic: " .. rerr, 2)
  end
  return path
end

--- Reads a whole file: text, or nil and a message.
function M.read(path)
  local f, err = io.open(path, "rb")
  if not f then return nil, err end
  local text = f:read("a")
  f:close()
  return text
end

M.sha256 = fsys.sha256
M.sha256_file = fsys.sha256_file

return M
