# print(m) of a log-log fit, a comparison table and an inverse prediction
# rtol: 1e-6
$BURDEN tests/golden/fit/files/summary.lua
