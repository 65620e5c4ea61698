# Every curated language-model row (mmlu, gsm8k, hellaswag) against Epoch AI's benchmark
# results and training compute: scores within 0.5 points at the same shots and variant,
# train_flop within 30%, chips and hours within 10%, or the row's notes discuss Epoch's
# figure. The real data has no unexplained disagreement.
# needs: ../shared/data/epoch/all_ml_systems.csv
# needs: ../shared/data/epoch/benchmarks/model_versions.csv
# needs: ../shared/data/epoch/benchmarks/external_benchmark_mmlu.csv
# needs: ../shared/data/epoch/benchmarks/external_benchmark_gsm8k.csv
# needs: ../shared/data/epoch/benchmarks/external_benchmark_hellaswag.csv
$BURDEN scripts/data/crosscheck_epoch_llm.lua
