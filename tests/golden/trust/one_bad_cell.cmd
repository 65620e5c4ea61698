# a numeric column with one text cell: a warning on stderr naming file:line and the cell
$BURDEN tests/golden/trust/files/one_bad_cell.lua
