# A pipe is read once: a column that turns to text on row 3 keeps every value (issue 15.17).
printf 'x,y\n1,a\n2,b\nthree,c\n4,d\n' | $BURDEN -e '
local f = require("burden").data.read_csv("/dev/stdin")
print(f:nrow(), f:type("x"), table.concat(f:col("x"):totable(), " "), table.concat(f:col("y"):totable(), " "))'
