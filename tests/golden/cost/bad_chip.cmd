# an unknown chip is an error naming the function and listing the known chips
$BURDEN -e 'local ok, e = pcall(require("burden").cost.estimate, { preset = "mlco2", chip = "Z80", hours = 1 }) print(ok, (e:gsub(", .*", ", ...)")))'
