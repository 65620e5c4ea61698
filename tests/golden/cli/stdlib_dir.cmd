# --stdlib DIR loads the stdlib from disk; tracebacks point at DIR
$BURDEN --stdlib tests/golden/cli/files/stdlib -e "print(require\"burden\".version)"
