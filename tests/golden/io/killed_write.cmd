# A write killed with SIGKILL leaves at most its own temporary, which the next write removes (issue 15.23).
d=$(mktemp -d)
T=$d/target.csv $BURDEN -e '
local data = require("burden").data
local xs = {}
for i = 1, 200000 do xs[i] = i / 7 end
local f = data.frame{ x = xs }
assert(f:write_csv(os.getenv("T")))
io.stdout:write("ready\n"); io.stdout:flush()
while true do assert(f:write_csv(os.getenv("T"))) end' > "$d/ready" & p=$!
n=0; while [ ! -s "$d/ready" ] && [ $n -lt 600 ]; do sleep 0.05; n=$((n + 1)); done
sleep 0.3; kill -9 $p; wait $p 2>/dev/null
echo "killed"
T=$d/target.csv $BURDEN -e 'print(require("burden").data.read_csv(os.getenv("T")):nrow())'
T=$d/target.csv $BURDEN -e 'assert(require("burden").data.frame{ x = { 1 } }:write_csv(os.getenv("T")))'
ls "$d" | grep -v ready
rm -rf "$d"
