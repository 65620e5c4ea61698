# a misspelt option is an error naming the key, the closest one and the script's line
$BURDEN tests/golden/trust/files/option_typo.lua
