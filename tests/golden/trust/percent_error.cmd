# an error column in percent used as a fraction raises, naming the column, a value and /100
$BURDEN -e 'local d = require("burden").domain.define{ name = "p", error = "top1_err", compute = "c" }
d:points({ { top1_err = 9.9, c = 1e20 } })'
