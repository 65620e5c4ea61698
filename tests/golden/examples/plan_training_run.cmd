# Example: plan a training run: compute, time on N chips, dollars, kWh and CO2 with
# intervals, and everyday equivalents (curated data only).
# rtol: 1e-6
$BURDEN scripts/examples/plan_training_run.lua --out build/golden/examples
