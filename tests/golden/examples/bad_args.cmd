# An unknown argument is an error with the usage.
$BURDEN scripts/examples/plan_training_run.lua --bogus
