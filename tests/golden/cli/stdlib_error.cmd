# an error inside a stdlib module: the traceback points into stdlib/
$BURDEN --stdlib tests/golden/cli/files/stdlib -e "require\"burden.broken\".fail()"
