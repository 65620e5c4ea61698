# -l g=mod requires module mod into the global g (as lua 5.4), not into a global named mod
$BURDEN -l fmt=burden.format -e "print(fmt.shortest(0.1), rawget(_G, 'burden.format'))"
