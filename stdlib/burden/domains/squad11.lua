-- Built-in domain: SQuAD 1.1: 100 - exact match (EM), as in Thompson et al.
-- (arXiv:2007.05558), whose data score SQuAD by EM. data/benchmarks/squad11.csv also
-- keeps each model's F1 (metric "f1"); a domain with metric = "f1" fits that instead.
-- Written with the public API, exactly as a user would define a domain.
return require("burden.domain").define{
  name = "squad11",
  title = "SQuAD 1.1",
  benchmark = "squad11",
  metric = "em",
  higher_is_better = true,
  compute = "hardware_burden",
  targets = { 0.02, 0.01 },
}
