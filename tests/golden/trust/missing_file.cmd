# read_csv of a missing file raises at the caller's line, naming the file (issue 15, item 8)
$BURDEN -e 'local t = require("burden").data.read_csv("no_such.csv"); print(t:nrow())'
