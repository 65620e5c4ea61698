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

--- Writes text (a string, or an array of strings written in turn) to path atomically:
-- a temporary file beside it (PATH.tmp-PID-K, created exclusively, so concurrent writers
-- never share one), synced to disk, then renamed over the target, so a failed or killed
-- write never leaves a half-written file and an existing file stays as it was.
-- Temporaries left by processes no longer running are removed. Returns true, or nil and
-- "cannot write PATH: reason" (naming the target, never the temporary). Draws no random
-- number, so writing never shifts a script's random stream.
function M.try_write_atomic(path, text)
  return fsys.write_atomic(path, text)
end

--- Like try_write_atomic, but creates missing parent directories and raises
-- "io.write_atomic: ..." naming the path on failure. Returns the path.
function M.write_atomic(path, text)
  if type(path) ~= "string" or path == "" then
    error("bad argument #1 to 'write_atomic' (path expected)", 2)
  end
  if type(text) ~= "string" then
    error("bad argument #2 to 'write_atomic' (string expected, got " .. type(text) .. ")", 2)
  end
  local dir = dirname(path)
  if dir and dir ~= "" then M.mkdir(dir) end
  local ok, err = M.try_write_atomic(path, text)
  if not ok then error("io.write_atomic: " .. tostring(err), 2) end
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
