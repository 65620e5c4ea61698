# -e that removes `arg` before the script runs: a script error (exit 1), as lua.c reports
# it, never an abort with "PANIC: unprotected error" (exit 134); nothing of the script runs
$BURDEN -e "arg=nil" tests/golden/cli/files/args.lua
