-- Built-in domain: WMT 2014 English-French: 100 - BLEU, as in Thompson et al. (arXiv:2007.05558).
-- Written with the public API, exactly as a user would define a domain.
return require("burden.domain").define{
  name = "wmt2014_en_fr",
  title = "WMT 2014 En-Fr",
  benchmark = "wmt2014_en_fr",
  metric = "bleu",
  higher_is_better = true,
  compute = "hardware_burden",
  targets = { 0.30, 0.10 },
}
