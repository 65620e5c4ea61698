# An unknown argument is an error with the usage.
$BURDEN scripts/paper/all.lua --bogus
