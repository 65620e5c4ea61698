# A ragged row stops the script with the file and line, exit 1.
$BURDEN -e 'require("burden").data.read_csv_text("a,b\n1,2\n3\n", nil, "models.csv")'
