# a nil error object still reads
$BURDEN -e "error()"
