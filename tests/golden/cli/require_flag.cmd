# -l requires a module into a global
$BURDEN -l burden -e "print(type(burden.seed))"
