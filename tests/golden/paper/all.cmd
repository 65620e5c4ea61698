# The paper reproduction end to end: every table, with fixed seed (bootstrap included).
$BURDEN scripts/paper/all.lua --out build/golden/paper
