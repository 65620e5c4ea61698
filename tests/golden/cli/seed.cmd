# --seed makes math.random reproducible and is reported by burden.seed()
$BURDEN --seed 42 -e "print(require\"burden\".seed(), math.random(1, 10^9))"
$BURDEN --seed 42 -e "print(require\"burden\".seed(), math.random(1, 10^9))"
$BURDEN -e "print(require\"burden\".seed(), math.random(1, 10^9))"
