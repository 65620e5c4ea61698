# Two processes writing one file never share a temporary: both succeed, the file is whole (issue 15.18).
d=$(mktemp -d)
w='local io = require("burden").io
while not io.read(os.getenv("GO")) do end -- start together
for k = 1, 500 do io.write_atomic(os.getenv("T"), string.rep(os.getenv("C"), 1000) .. "\n") end'
GO=$d/go T=$d/out.txt C=a $BURDEN -e "$w" & p1=$!
GO=$d/go T=$d/out.txt C=b $BURDEN -e "$w" & p2=$!
sleep 0.2; touch "$d/go"
wait $p1; s1=$?; wait $p2; s2=$?
echo "exit $s1 $s2"
grep -cE '^(a{1000}|b{1000})$' "$d/out.txt"
ls "$d"
rm -rf "$d"
