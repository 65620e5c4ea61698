# the version, as burden -v prints it
$BURDEN -v
