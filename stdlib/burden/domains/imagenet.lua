-- Built-in domain: ImageNet-1k top-1 error (fraction), as in Thompson et al. (arXiv:2007.05558).
-- Written with the public API, exactly as a user would define a domain.
return require("burden.domain").define{
  name = "imagenet",
  title = "ImageNet",
  benchmark = "imagenet",
  metric = "top1",
  higher_is_better = true,
  compute = "hardware_burden",
  targets = { 0.05, 0.01 },
  -- zero-shot and probe results (linear or attentive, on a frozen trunk) measure
  -- something else than the accuracy of a trained classifier
  drop = { model = { match = "(?i)zero-shot|probe" } },
}
