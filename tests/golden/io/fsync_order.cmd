# The data is synced before the rename and the directory after it (issue 15.23).
# needs: /usr/bin/strace
d=$(mktemp -d)
# LeakSanitizer cannot run under ptrace: off for this one run of an ASan build
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 T=$d/out.txt strace -f -o "$d/trace" -e trace=fsync,fdatasync,rename,renameat,renameat2 \
  $BURDEN -e 'require("burden").io.write_atomic(os.getenv("T"), "x\n")' >/dev/null 2>&1 || echo "strace failed"
grep -oE '^[0-9]+ +(fsync|fdatasync|rename|renameat|renameat2)\(' "$d/trace" | sed -E 's/^[0-9]+ +//; s/\($//'
rm -rf "$d"
