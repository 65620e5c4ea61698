# a syntax error: file and line
$BURDEN tests/golden/cli/files/syntax.lua
