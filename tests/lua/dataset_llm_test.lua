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
    local rows = burden.dataset.load{ benchmarks = { "mmlu" } }
    local peak = burden.dataset.peak_flops("NVIDIA A100 80GB")
    eq(peak, 19.5e12) -- A100 FP32 peak, NVIDIA's A100 datasheet
    -- LLaMA 65B: 2048 GPUs for 21 days (504 h), arXiv:2302.13971 Sec 2.4
    near(by_model(rows, "LLaMA 65B").hardware_burden, 2048 * 504 * 3600 * 19.5e12, 1e-12)
    -- Llama 2 70B: 1,720,320 GPU-hours and no chip count, arXiv:2307.09288 Table 2
    near(by_model(rows, "Llama 2 70B").hardware_burden, 1720320 * 3600 * 19.5e12, 1e-12)
    -- Qwen2.5 reports no hardware: no burden
    eq(by_model(rows, "Qwen2.5-72B").hardware_burden, nil)
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
    near(r.hardware_burden, 1000 * 3600 * 19.5e12, 1e-12)
    local ok, err = pcall(burden.dataset.load, { files = { "no/such/mmlu.csv" } })
    assert(not ok)
    assert(err:find("dataset: cannot open no/such/mmlu.csv", 1, true), err)
  end)
end)
