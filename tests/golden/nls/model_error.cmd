# a Lua model function that raises: its own message, then a traceback
$BURDEN -e "require('burden').fit.nls{ model = function(x, p) error('bad model') end, x = {1, 2, 3}, y = {1, 2, 3}, start = {1} }"
