-- burden.import on the real downloads in ../shared/data (skipped when absent).
local burden = require "burden"
local import = burden.import

local function tmpfile(text)
  local path = os.tmpname()
  local f = assert(io.open(path, "wb"))
  f:write(text)
  f:close()
  return path
end

local function find(frame, column, value)
  local c = frame:col(column)
  for i = 1, frame:nrow() do
    if c[i] == value then return frame:row(i) end
  end
end

describe("import.epoch", function()
  it("reads the Notable AI Models file with normalised columns", function()
    local path = need_file("../shared/data/epoch/all_ml_systems.csv")
    local t = import.epoch(path)
    eq(t:nrow(), 1892)
    local gpt3 = find(t, "model", "GPT-3 175B (davinci)")
    eq(gpt3.training_compute, 3.14e23)
    eq(gpt3.hardware, "NVIDIA Tesla V100 DGXS 32 GB")
    eq(gpt3.hardware_quantity, 10000)
    eq(gpt3.training_hours, 355.2)
    eq(gpt3.cost_usd, 2056969.34)
    eq(gpt3.parameters, 1.75e11)
    eq(gpt3.date, "2020-05-28")
    near(gpt3.year, 2020 + 148 / 366) -- 28 May is day 149 of a leap year
    eq(import.list(gpt3.domain), { "Language" })
    -- 988 models report training compute (count made with pandas on the same file)
    eq(t:nrow() - t:col("training_compute"):nmissing(), 988)
  end)

  it("accepts an older export whose first column is System", function()
    local path = tmpfile("System,Publication date,Training compute (FLOP),Training hardware,"
      .. "Hardware quantity,Training time (hours)\nAlexNet,2012-09-30,4.7e17,NVIDIA GTX 580,2,132\n")
    local t = import.epoch(path)
    os.remove(path)
    eq(t:row(1).model, "AlexNet")
    eq(t:row(1).hardware_quantity, 2)
    eq(t:col("cost_usd")[1], nil)
  end)

  it("reads a percent in the MFU column as missing and says where", function()
    -- line 3 holds a quoted newline, so the 72 is on line 5 of the file, in column 7
    local path = tmpfile("Model,Publication date,Training compute (FLOP),Training hardware,"
      .. "Hardware quantity,Training time (hours),Hardware utilization (MFU)\n"
      .. "A,2020-01-01,1e20,V100,8,10,0.41\n"
      .. "\"B\nsecond line\",2021-01-01,1e21,A100,16,20,\n"
      .. "C,2022-01-01,1e22,H100,64,30,72\n")
    local t, warnings = import.epoch(path)
    os.remove(path)
    eq(t:col("utilization")[1], 0.41)
    eq(t:col("utilization")[3], nil)
    eq(t:row(3).model, "C")
    eq(warnings, { "import.epoch: " .. path .. ":5: column 7 'Hardware utilization (MFU)': 72 "
      .. "is not a fraction in [0, 1] (a percent? divide by 100 if so); read as missing" })
  end)

  it("names a missing expected column", function()
    local path = tmpfile("Model,Publication date,Training compute (FLOP),Training hardware,"
      .. "Hardware quantity,Training time\nX,2020-01-01,1,a,1,2\n")
    local ok, err = pcall(import.epoch, path)
    os.remove(path)
    assert(not ok)
    assert(err:find("import.epoch: " .. path .. ": missing column 'Training time (hours)' "
      .. "(closest: 'Training time'", 1, true), err)
  end)

  it("raises for a missing file, naming it (try_ variants return nil and the message)", function()
    local msg = "import.epoch: cannot open 'no/such.csv': No such file or directory"
    eq({ import.try_epoch("no/such.csv") }, { nil, msg })
    local ok, err = pcall(function() return import.epoch("no/such.csv") end)
    eq(ok, false)
    assert(err:find("^tests/lua/import_test%.lua:%d+: " .. msg:gsub("%p", "%%%0") .. "$"), err)
    eq(select(2, import.try_epoch_chips("no/such.csv")),
      "import.epoch_chips: cannot open 'no/such.csv': No such file or directory")
    eq(select(2, import.try_timm("no/such.csv", "b.csv")),
      "import.timm: cannot open 'no/such.csv': No such file or directory")
    assert_error("import.timm: cannot open 'no/such.csv'", import.timm, "no/such.csv", "b.csv")
  end)
end)

describe("import.epoch_chips", function()
  it("reads the chip database", function()
    local path = need_file("../shared/data/epoch/chips.csv")
    local t = import.epoch_chips(path)
    -- 5,774 chips: pandas reports 5,775 because it ends a record at the bare CR inside
    -- "NVIDIA GeForce RTX 2080 Ti Founders Edition\r", splitting that row in two
    eq(t:nrow(), 5774)
    local v100 = find(t, "name", "NVIDIA Tesla V100 SXM2 32 GB")
    eq(v100.fp32, 1.567e13)
    eq(v100.tensor_fp16, 1.25e14)
    eq(v100.price_usd, 11458)
    eq(v100.tdp_w, 300)
    eq(find(t, "name", "NVIDIA GeForce RTX 2080 Ti Founders Edition").fp32, 1.423e12)
  end)
end)

describe("import.timm", function()
  it("joins results and benchmark on (architecture, image size)", function()
    local results = need_file("../shared/data/timm/results-imagenet.csv")
    local bench = need_file("../shared/data/timm/benchmark-infer-amp-nchw-pt240-cu124-rtx4090.csv")
    local t = import.timm(results, bench)
    eq(t:nrow(), 1556)
    -- pandas merge on the same keys matches 1,454 checkpoints
    eq(t:nrow() - t:col("gmacs"):nmissing(), 1454)
    local r = t:where{ model = "resnet50.a1_in1k", img_size = 224 }:row(1)
    eq(r.arch, "resnet50")
    eq(r.tag, "a1_in1k")
    eq(r.top1_err, 19.618)
    eq(r.gmacs, 4.11)
    eq(r.flops, 4.11 * 2e9)
    eq(r.param_count, 25.56)
  end)

  it("names a missing benchmark column", function()
    local results = tmpfile("model,img_size,top1,top1_err,top5,top5_err,param_count\nm.t,224,1,99,2,98,1\n")
    local bench = tmpfile("model,img_size,infer_gmacs\nm,224,1\n")
    local ok, err = pcall(import.timm, results, bench)
    os.remove(results)
    os.remove(bench)
    assert(not ok)
    assert(err:find("missing column 'infer_img_size'", 1, true), err)
  end)
end)

describe("import.epoch_benchmark", function()
  local DIR = "../shared/data/epoch/benchmarks/"
  local BOM = "\239\187\191"
  local HEADER = BOM .. "id,Name,EM,Model version,Shots,Source,Source link,Notes\n"

  it("reads Epoch AI's MMLU file with versions and training compute joined", function()
    local path = need_file(DIR .. "external_benchmark_mmlu.csv")
    local t, info = import.epoch_benchmark(path, { versions = need_file(DIR .. "model_versions.csv"),
      systems = need_file("../shared/data/epoch/all_ml_systems.csv") })
    -- counts and sums made with Python's csv module on the same files
    eq(t:nrow(), 246)
    eq(info.score_column, "EM")
    eq(info.with_model, 193) -- versions that model_versions.csv maps to a model name
    eq(info.with_compute, 115) -- of which all_ml_systems.csv gives training compute
    local sum, five = 0, 0
    for _, r in t:rows() do
      sum = sum + r.score
      if r.shots == 5 then five = five + 1 end
    end
    near(sum, 14721.0, 1e-9)
    eq(five, 208)
    local r = find(t, "id", "rec9IhkT5TRasgNag")
    eq({ r.name, r.score, r.shots, r.version, r.epoch_model, r.training_compute, r.hardware,
      r.publication_date, r.source },
      { "LLaMA 65B", 63.4, 5, "LLaMA-65B", "LLaMA-65B", 5.5e23, "NVIDIA A100", "2023-02-24",
        "LLaMA: Open and Efficient Foundation Language Models" })
  end)

  it("keeps 'few' shots as text and finds the HellaSwag and ARC score columns", function()
    local t, info = import.epoch_benchmark(need_file(DIR .. "external_benchmark_hellaswag.csv"))
    eq(info.score_column, "Overall accuracy")
    local few, sum = 0, 0
    for _, r in t:rows() do
      sum = sum + r.score
      if r.shots_text == "few" then
        few = few + 1
        eq(r.shots, nil)
      end
    end
    eq(few, 4)
    near(sum, 10065.2, 1e-9)
    local arc = need_file(DIR .. "external_benchmark_arc_ai2.csv")
    eq(select(2, import.epoch_benchmark(arc)).score_column, "Challenge score")
    eq(select(2, import.epoch_benchmark(arc, { score = "Easy score" })).score_column, "Easy score")
  end)

  it("parses a small file: BOM, percent, shots, quoted newlines", function()
    local path = tmpfile(HEADER .. 'a,M1,77.0%,v1,5,S,http://x,"two\nlines"\n'
      .. "b,M2, 12.5% ,v2,few,S,,\nc,M3,,v3,,S,,\n")
    local t, info = import.epoch_benchmark(path)
    os.remove(path)
    eq(info.rows, 3)
    eq({ t:col("score")[1], t:col("score")[2], t:col("score")[3] }, { 77.0, 12.5, nil })
    eq({ t:col("shots")[1], t:col("shots")[2], t:col("shots_text")[2] }, { 5, nil, "few" })
    eq(t:row(1).notes, "two\nlines")
  end)

  it("names the line of a score that is not a percentage or out of range", function()
    local path = tmpfile(HEADER .. 'a,M1,77.0%,v1,5,S,,"two\nlines"\nb,M2,0.77,v2,5,S,,\n')
    local ok, err = pcall(import.epoch_benchmark, path)
    assert(not ok)
    eq(err, "import.epoch_benchmark: " .. path .. ":4: column 'EM': cannot read '0.77' as a " ..
      "percentage (expected like '77.0%')")
    local f = assert(io.open(path, "wb"))
    f:write(HEADER .. "a,M1,140%,v1,5,S,,\n")
    f:close()
    ok, err = pcall(import.epoch_benchmark, path)
    os.remove(path)
    eq(err, "import.epoch_benchmark: " .. path .. ":2: column 'EM': score 140% is outside 0..100%")
  end)

  it("rejects missing columns, unknown options and systems without versions", function()
    local path = tmpfile(BOM .. "id,Name,EM,Shots\na,M,1%,5\n")
    local ok, err = pcall(import.epoch_benchmark, path)
    assert(not ok)
    assert(err:find("import.epoch_benchmark: " .. path .. ": missing column 'Model version'", 1,
      true), err)
    ok, err = pcall(import.epoch_benchmark, path, { scores = "EM" })
    assert(err:find("import.epoch_benchmark: unknown option 'scores' (did you mean 'score'?)", 1,
      true), err)
    ok, err = pcall(import.epoch_benchmark, path, { systems = "x.csv" })
    assert(err:find("option 'systems' needs 'versions'", 1, true), err)
    ok, err = pcall(import.epoch_benchmark, path, { score = "Accuracy" })
    assert(err:find(path .. ": no score column 'Accuracy' (closest:", 1, true), err)
    os.remove(path)
    path = tmpfile("id,Name,Model version\na,M,v\n")
    ok, err = pcall(import.epoch_benchmark, path)
    os.remove(path)
    assert(err:find("no score column (expected one of 'EM', 'Accuracy', 'Overall accuracy'", 1,
      true), err)
    local msg = "import.epoch_benchmark: cannot open 'no/such.csv': No such file or directory"
    eq({ import.try_epoch_benchmark("no/such.csv") }, { nil, msg })
    assert_error(msg, import.epoch_benchmark, "no/such.csv")
    eq(select(2, import.try_epoch_benchmark(need_file(DIR .. "external_benchmark_mmlu.csv"),
      { versions = "no/versions.csv" })),
      "import.epoch_benchmark: cannot open 'no/versions.csv': No such file or directory")
  end)
end)
