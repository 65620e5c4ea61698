# print(frame): the first rows, the column types and the row count; a grouped summary.
$BURDEN -e 'local data = require("burden").data; local f = data.read_csv_text("model,year,error,open\nAlexNet,2012,0.375,true\nVGG-16,2014,0.255,\nResNet-50,2015,0.2385,true\nNASNet,2017,,false\n"); print(f); print(f:group_by("open"):summarize{ n = "count", best = {"argmin", "error", "model"} })'
