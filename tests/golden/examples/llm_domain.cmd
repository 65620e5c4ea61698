# Example: a user's own LLM benchmark (Epoch's WinoGrande results standing in for their
# CSV of scores and model names) joined to Epoch's training compute; polynomial and
# chance_logistic fits, leave-one-out error, projection with dollars and CO2.
# needs: ../shared/data/epoch/benchmarks/external_benchmark_winogrande.csv
# needs: ../shared/data/epoch/benchmarks/model_versions.csv
# needs: ../shared/data/epoch/all_ml_systems.csv
# rtol: 1e-4
$BURDEN scripts/examples/llm_domain.lua --out build/golden/examples
