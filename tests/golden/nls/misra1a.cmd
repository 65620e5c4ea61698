# the R-like summary of a nonlinear fit (NIST Misra1a)
$BURDEN tests/golden/nls/files/misra1a.lua
