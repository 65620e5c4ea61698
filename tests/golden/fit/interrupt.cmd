# Ctrl-C (SIGINT) stops a long bootstrap or multi-start inside C, with no terminal, within
# seconds: status 1 and "interrupted!", not a run to the end (issue 15 item 19).
for what in bootstrap multistart; do
  m=$(mktemp -u)
  $BURDEN tests/golden/fit/files/long_run.lua $what $m >/dev/null 2>$m.err &
  pid=$!
  i=0; while [ ! -e $m ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done
  sleep 0.5
  kill -INT $pid
  i=0; while kill -0 $pid 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
  if kill -0 $pid 2>/dev/null; then echo "$what: still running 10 s after SIGINT"; kill -9 $pid; fi
  wait $pid; echo "$what: status $?"
  sed -n 1p $m.err
  rm -f $m $m.err
done
