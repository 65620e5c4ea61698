-- Built-in domain: HellaSwag (Zellers et al., arXiv:1905.07830), commonsense sentence
-- completion, error = 1 - accuracy. Each item has four candidate endings, so guessing
-- scores 25%: chance = 0.25.
-- Compute: training compute in FLOP (data/benchmarks/hellaswag.csv, column train_flop);
-- see burden.domains.mmlu for the hardware burden alternative.
-- Written with the public API, exactly as a user would define a domain.
return require("burden.domain").define{
  name = "hellaswag",
  title = "HellaSwag",
  benchmark = "hellaswag",
  higher_is_better = true,
  compute = "train_flop",
  measure = "training compute (FLOP, column train_flop)",
  chance = 0.25,
  targets = { 0.05, 0.02 },
  -- one protocol per fit: 0-shot, the protocol of the GPT-3 and Llama papers and the most common in the data,
  -- of pretrained (base) models; other shot counts and instruction-tuned models are
  -- other measurements and would mix protocol with compute
  keep = { shots = { 0, missing = true }, variant = { "base", missing = true } },
}
