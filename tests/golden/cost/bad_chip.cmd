# an unknown chip is an error naming the function
$BURDEN -e 'require("burden").cost.estimate{ preset = "mlco2", chip = "Z80", hours = 1 }'
