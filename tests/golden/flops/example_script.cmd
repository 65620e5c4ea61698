# The example script: model counts, network operations and hardware burden of famous runs
$BURDEN scripts/examples/model_compute.lua
