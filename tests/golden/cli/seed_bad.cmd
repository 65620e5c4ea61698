# --seed needs an integer
$BURDEN --seed abc -e ""
