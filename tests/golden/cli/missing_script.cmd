# a missing script: exit 1, as lua does
$BURDEN nope.lua
