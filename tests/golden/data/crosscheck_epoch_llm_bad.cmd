# A fixture with two unexplained disagreements (LLaMA 65B's MMLU changed to 70.0, Gemma
# 7B's train_flop multiplied by 10) and one agreeing row: both are listed, exit status 1.
# needs: ../shared/data/epoch/all_ml_systems.csv
# needs: ../shared/data/epoch/benchmarks/model_versions.csv
# needs: ../shared/data/epoch/benchmarks/external_benchmark_mmlu.csv
$BURDEN scripts/data/crosscheck_epoch_llm.lua tests/golden/data/files/crosscheck_llm/mmlu.csv; echo "exit $?"
