-- Built-in domain: CoNLL 2003 NER: 100 - F1, as in Thompson et al. (arXiv:2007.05558).
-- Written with the public API, exactly as a user would define a domain.
return require("burden.domain").define{
  name = "conll2003",
  title = "CoNLL 2003",
  benchmark = "conll2003",
  metric = "f1",
  higher_is_better = true,
  compute = "hardware_burden",
  targets = { 0.02, 0.01 },
}
