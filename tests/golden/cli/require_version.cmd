# require "burden" reports its version
$BURDEN -e "print(require\"burden\".version)"
