# an unknown data file is nil and a message
$BURDEN -e 'print(require("burden.core.runtime").resource("data/none.csv"))'
