# lm refuses a mostly-numeric text column as a factor, at the script's line, saying how
$BURDEN tests/golden/trust/files/numeric_text_factor.lua
