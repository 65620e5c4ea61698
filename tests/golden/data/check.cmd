# The curated benchmark data passes every check; per-benchmark counts and FLOP ranges.
$BURDEN scripts/data/check.lua
