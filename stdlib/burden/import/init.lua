--- burden.import: readers for data sets users download, into frames with normalised
-- column names and units. Each validates the header and names the missing column.
-- A file that cannot be opened raises (the try_ variants give nil and the message); a
-- file with the wrong header raises "import.NAME: PATH: missing column 'X' (closest: ...)".
--
-- One module per source: epoch (Epoch AI's files), timm, thompson2022; fields holds what
-- they share. This file only exports their readers, with the try_ variants.
local fields = require "burden.import.fields"
local epoch = require "burden.import.epoch"
local timm = require "burden.import.timm"
local thompson2022 = require "burden.import.thompson2022"

local import = {
  list = fields.list, year_fraction = fields.year_fraction,
  epoch = epoch.epoch, epoch_chips = epoch.epoch_chips, epoch_benchmark = epoch.epoch_benchmark,
  timm = timm.timm, thompson2022 = thompson2022.thompson2022,
}

-- import.epoch, epoch_chips, timm, thompson2022 and epoch_benchmark raise when a file cannot be opened
-- ("cannot open 'x.csv': No such file or directory", at the caller's line); the try_
-- variants return nil and that message instead.
local options = require "burden.options"
for _, name in ipairs({ "epoch", "epoch_chips", "timm", "thompson2022", "epoch_benchmark" }) do
  local try = options.wrap(import[name])
  import["try_" .. name] = try
  import[name] = options.wrap(function(...)
    local res = table.pack(try(...))
    if res[1] == nil and res[2] ~= nil then error(res[2], 0) end
    return table.unpack(res, 1, res.n)
  end)
end
options.wrap_all(import, { "list", "year_fraction" })

return import
