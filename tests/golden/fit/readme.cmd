# the burden.fit example of doc/api/fit.md as it stood in the README (the docs example itself runs in tests/lua/docs_test.lua)
# rtol: 1e-9
$BURDEN tests/golden/fit/files/readme.lua
