# the examples of doc/api/cost.md, and more
$BURDEN tests/golden/cost/files/readme.lua
