# a seeded bootstrap gives the same numbers with 1 or 2 threads, and changes with --seed
# rtol: 1e-9
$BURDEN tests/golden/fit/files/bootstrap.lua
$BURDEN --seed 7 tests/golden/fit/files/bootstrap.lua
