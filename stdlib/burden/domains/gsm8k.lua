-- Built-in domain: GSM8K (Cobbe et al., arXiv:2110.14168), grade-school maths word
-- problems scored by the exact final answer, error = 1 - accuracy. The answer is a
-- free number, so guessing scores (about) 0: chance = 0.
-- Compute: training compute in FLOP (data/benchmarks/gsm8k.csv, column train_flop); see
-- burden.domains.mmlu for the hardware burden alternative.
-- Written with the public API, exactly as a user would define a domain.
return require("burden.domain").define{
  name = "gsm8k",
  title = "GSM8K",
  benchmark = "gsm8k",
  higher_is_better = true,
  compute = "train_flop",
  measure = "training compute (FLOP, column train_flop)",
  chance = 0,
  targets = { 0.05, 0.02 },
  -- one protocol per fit: 8-shot chain-of-thought, the protocol of Cobbe et al.'s successors (PaLM, Llama 2) and the most common in the data,
  -- of pretrained (base) models; other shot counts and instruction-tuned models are
  -- other measurements and would mix protocol with compute
  keep = { shots = { 8, missing = true }, variant = { "base", missing = true } },
}
