# an error object with __tostring
$BURDEN -e "error(setmetatable({}, {__tostring = function() return \"custom object\" end}))"
