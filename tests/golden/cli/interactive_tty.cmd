# the interactive prompt on a terminal edits lines with libedit: the Up arrow recalls the
# previous line, which runs again (Python's pty module plays the keyboard; SKIP without it)
# needs: /usr/bin/python3
/usr/bin/python3 tests/golden/cli/files/pty_drive.py $BURDEN
