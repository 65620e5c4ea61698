# a skipped fit is a warning on stderr, exit 0, and listed in res.skipped
$BURDEN tests/golden/trust/files/skipped_fit.lua
