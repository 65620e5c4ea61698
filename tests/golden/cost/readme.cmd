# the README examples of burden.cost
$BURDEN tests/golden/cost/files/readme.lua
