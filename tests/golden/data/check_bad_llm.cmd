# Language-model rows (mmlu, gsm8k, hellaswag): shots a whole number in 0..100, variant
# base/instruct/chat, train_flop and tokens in range, how train_flop was obtained named in
# notes, train_flop within 30% of 6ND unless notes say "6ND differs" (BadLM 4 passes),
# Epoch's compute only as 'estimated', chip_hours = chips x hours within 10%; a
# language-model file with the vision files' header is refused.
mkdir -p build/golden && $BURDEN scripts/data/check.lua tests/golden/data/files/bad/mmlu.csv tests/golden/data/files/bad/gsm8k.csv >/dev/null 2>build/golden/check_bad_llm.err; echo "exit $?"; sort build/golden/check_bad_llm.err
