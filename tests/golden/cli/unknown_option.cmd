# an unknown option is a usage error: exit 2
$BURDEN --bogus
