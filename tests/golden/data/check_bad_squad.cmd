# SQuAD 1.1 keeps one row per model and metric (f1, em): a repeated (model, metric), an
# EM row whose training run differs from the model's F1 row, and an unknown metric.
mkdir -p build/golden && $BURDEN scripts/data/check.lua tests/golden/data/files/bad/squad11.csv >/dev/null 2>build/golden/check_bad_squad.err; echo "exit $?"; sort build/golden/check_bad_squad.err
