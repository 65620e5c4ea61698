# a runtime error: file and line, exit 1
$BURDEN tests/golden/cli/files/boom.lua
