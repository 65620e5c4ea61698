# The example names the file and the missing column, and lists the columns it has.
# needs: ../shared/data/epoch/benchmarks/external_benchmark_winogrande.csv
$BURDEN scripts/examples/llm_domain.lua --score Score --out build/golden/examples
