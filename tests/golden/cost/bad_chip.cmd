# an unknown chip is an error at the caller's line naming the function, the closest chips and
# every known chip (even through a direct pcall, as every wrapped public function)
$BURDEN -e 'local ok, e = pcall(require("burden").cost.estimate, { preset = "mlco2", chip = "Z80", hours = 1 }) print(ok, (e:gsub("known: .*", "known: ...")))'
