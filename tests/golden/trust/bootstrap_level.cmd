# fit.bootstrap{ level = 2 } is a range error naming the argument (issue 15, item 24)
$BURDEN -e 'local fit = require("burden").fit
local m = fit.ols{ x = { 1, 2, 3, 4 }, y = { 1, 3, 2, 5 } }
fit.bootstrap{ model = m, statistic = "slope", level = 2 }'
