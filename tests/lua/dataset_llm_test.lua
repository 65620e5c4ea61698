-- burden.dataset on the language-model files (mmlu, gsm8k, hellaswag): their extra
-- columns are typed, and the hardware burden uses chip_hours when chips or hours are missing.
local burden = require "burden"

local function by_model(frame, model)
  for _, r in frame:rows() do
    if r.model == model then return r end
  end
end

describe("dataset (language-model files)", function()
  it("types train_flop, tokens, shots and chip_hours", function()
    local rows = burden.dataset.load{ benchmarks = { "mmlu" } }
    eq(#rows, 55)
    local r = by_model(rows, "Llama 2 70B")
    eq({ r.benchmark, r.metric, r.value, r.shots, r.variant, r.train_flop, r.tokens,
      r.chip_hours }, { "mmlu", "accuracy", 68.9, 5, "base", 8.4e23, 2e12, 1720320 })
    eq(math.type(r.shots), "integer")
    for _, row in rows:rows() do
      assert(type(row.train_flop) == "number", row.model)
      eq(row.shots, 5) -- the MMLU file is 5-shot throughout
    end
  end)

  it("gives the hardware burden from chips x hours, else from chip_hours", function()
    local rows = burden.dataset.load{ benchmarks = { "mmlu" }, precision = "paper" }
    local peak = burden.dataset.peak_flops("NVIDIA A100 80GB")
    eq(peak, 19.5e12) -- A100 FP32 peak, NVIDIA's A100 datasheet
    -- LLaMA 65B: 2048 GPUs for 21 days (504 h), arXiv:2302.13971 Sec 2.4
    near(by_model(rows, "LLaMA 65B").hardware_burden, 2048 * 504 * 3600 * 19.5e12, 1e-12)
    -- Llama 2 70B: 1,720,320 GPU-hours and no chip count, arXiv:2307.09288 Table 2
    near(by_model(rows, "Llama 2 70B").hardware_burden, 1720320 * 3600 * 19.5e12, 1e-12)
    -- Qwen2.5 reports no hardware: no burden
    eq(by_model(rows, "Qwen2.5-72B").hardware_burden, nil)
  end)

  it("prices language-model rows at the chip's training precision by default", function()
    -- 312 TFLOP/s: the A100's dense BF16 tensor peak (NVIDIA A100 datasheet), the
    -- precision LLaMA trained in; the paper's FP32 (19.5) would be 16x lower
    local peak, p = burden.dataset.peak_flops("NVIDIA A100 80GB", "auto")
    eq({ peak, p }, { 312e12, "bf16" })
    local rows = burden.dataset.load{ benchmarks = { "mmlu", "imagenet" } }
    local r = by_model(rows, "LLaMA 65B")
    eq({ r.precision, r.peak_flops }, { "bf16", 312e12 })
    eq(r.hardware_burden, 2048 * 504 * 312e12 * 3600)
    -- V100 (no BF16): FP16 on its tensor cores, 125 TFLOP/s
    local checked = 0
    for _, row in rows:rows() do
      if row.benchmark == "mmlu" and row.hardware_burden then
        local want = burden.hw.training_precision(row.hardware)
        eq(row.precision, want)
        checked = checked + 1
      elseif row.benchmark == "imagenet" and row.hardware_burden then
        -- the paper's benchmarks keep the paper's convention (FP32 where the chip has it)
        eq({ row.peak_flops, row.precision }, { burden.dataset.peak_flops(row.hardware) })
      end
    end
    assert(checked >= 20, "mmlu rows with a burden: " .. checked)
    -- an explicit precision applies to every file
    local fp32 = burden.dataset.load{ benchmarks = { "mmlu" }, precision = "paper" }
    eq(by_model(fp32, "LLaMA 65B").peak_flops, 19.5e12)
  end)

  it("reads LLM files from disk and names a missing one", function()
    local path = os.tmpname() .. "_gsm8k.csv"
    local f = assert(io.open(path, "wb"))
    f:write("benchmark,model,paper,source,date,year,metric,split,value,hardware,chips," ..
      "train_hours,search_chip_hours,forward_flops,epochs,params,extra_data,confidence,notes," ..
      "train_flop,tokens,shots,variant,chip_hours\n" ..
      "gsm8k,M,P,arXiv:2302.13971 Table 7,2023-02,2023,accuracy,test,11.0,NVIDIA A100 80GB,,,,,," ..
      "7000000000,yes,derived,train_flop: 6ND.,42000000000000000000000,1000000000000,8,base,1000\n")
    f:close()
    local rows = burden.dataset.load{ files = { path } }
    os.remove(path)
    eq(#rows, 1)
    local r = rows:row(1)
    eq({ r.train_flop, r.shots, r.chip_hours }, { 4.2e22, 8, 1000 })
    near(r.hardware_burden, 1000 * 3600 * 312e12, 1e-12) -- A100 at BF16 (a language model)
    local ok, err = pcall(burden.dataset.load, { files = { "no/such/mmlu.csv" } })
    assert(not ok)
    assert(err:find("dataset: cannot open no/such/mmlu.csv", 1, true), err)
  end)
end)
