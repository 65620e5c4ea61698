# -h prints the usage to stdout and succeeds
$BURDEN -h
