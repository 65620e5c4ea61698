# a script from stdin, with arguments
printf "print(..., arg[0])\n" | $BURDEN - x y
