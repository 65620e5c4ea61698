# Every disagreement over 10% with Epoch AI's database (hardware, chips, hours) is
# explained in the row's notes.
# needs: ../shared/data/epoch/all_ml_systems.csv
$BURDEN scripts/data/crosscheck_epoch.lua
