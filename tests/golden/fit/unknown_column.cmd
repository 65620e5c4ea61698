# a misspelt column in a formula: the error names it and suggests the nearest
$BURDEN -e 'require("burden").fit.lm({ error = { 1, 2, 3 }, x = { 1, 2, 4 } }, "log10(eror) ~ x")'
