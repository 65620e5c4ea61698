# print(m) of a fit clustered by paper, its Fieller interval and a cluster bootstrap
# rtol: 1e-6
$BURDEN tests/golden/fit/files/cluster.lua
