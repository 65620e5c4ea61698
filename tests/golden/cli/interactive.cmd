# interactive mode prints expression values and continues after errors
printf "1 + 2\nerror(\"x\")\nlocal t = {\n1, 2}\n\"done\"\n" | $BURDEN -i
