# the README's burden.fit example, verbatim
# rtol: 1e-9
$BURDEN tests/golden/fit/files/readme.lua
