-- Built-in domain: MMLU (Hendrycks et al., arXiv:2009.03300), 5-shot accuracy of
-- language models, error = 1 - accuracy. Four answer choices per question, so guessing
-- scores 25%: the floor the chance_logistic hypothesis respects.
-- Compute: training compute in FLOP (data/benchmarks/mmlu.csv, column train_flop:
-- reported, 6ND, or hardware x time x utilisation, as each row's confidence and notes
-- say). Rows that also give hardware and chip-hours have a hardware burden; a domain
-- with compute = "hardware_burden" fits that measure instead. burden.dataset.load prices
-- language-model rows at the chip's training precision (burden.hw.training_precision:
-- BF16 on an A100), the precision they trained at; precision = "paper" gives the paper's
-- FP32 peak, which falls below the FLOP the model performed.
-- Written with the public API, exactly as a user would define a domain.
return require("burden.domain").define{
  name = "mmlu",
  title = "MMLU",
  benchmark = "mmlu",
  higher_is_better = true,
  compute = "train_flop",
  measure = "training compute (FLOP, column train_flop)",
  chance = 0.25,
  targets = { 0.10, 0.05 },
  -- one protocol per fit: 5-shot (the benchmark's standard) scores of pretrained (base)
  -- models; other shot counts and instruction-tuned models measure something else
  keep = { shots = { 5, missing = true }, variant = { "base", missing = true } },
}
