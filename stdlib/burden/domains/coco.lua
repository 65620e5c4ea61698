-- Built-in domain: MS COCO test-dev: 100 - box AP, as in Thompson et al. (arXiv:2007.05558).
-- Written with the public API, exactly as a user would define a domain.
return require("burden.domain").define{
  name = "coco",
  title = "MS COCO",
  benchmark = "coco",
  metric = "box_ap",
  higher_is_better = true,
  compute = "hardware_burden",
  targets = { 0.30, 0.10 },
  -- the paper uses test-dev; the few val-only results are kept out of the fit
  keep = { split = { "test-dev", missing = true } },
}
