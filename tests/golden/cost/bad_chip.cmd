# an unknown chip is an error naming the function, the closest chips and every known chip
$BURDEN -e 'local ok, e = pcall(require("burden").cost.estimate, { preset = "mlco2", chip = "Z80", hours = 1 }) print(ok, (e:gsub("known: .*", "known: ...")))'
