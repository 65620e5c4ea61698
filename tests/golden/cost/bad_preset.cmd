# an unknown preset names the known ones
$BURDEN -e 'require("burden").cost.estimate{ flop = 1e28, preset = "bogus" }'
