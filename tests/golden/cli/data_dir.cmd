# --data DIR reads data files from disk instead of the embedded copy
$BURDEN --data tests/golden/cli/files/data -e 'print(require("burden.core.runtime").resource("data/example.csv"))'
$BURDEN --data no/such/dir -e ''
