-- Built-in domain: SQuAD 1.1: 100 - F1, as in Thompson et al. (arXiv:2007.05558).
-- Written with the public API, exactly as a user would define a domain.
return require("burden.domain").define{
  name = "squad11",
  title = "SQuAD 1.1",
  benchmark = "squad11",
  metric = "f1",
  higher_is_better = true,
  compute = "hardware_burden",
  targets = { 0.02, 0.01 },
}
