# -e runs code and prints
$BURDEN -e "print(1 + 1, 2 ^ 0.5)"
