# --stdlib with a missing directory is a usage error
$BURDEN --stdlib no/such/dir -e ""
