# ResNet-50's report as CSV, top two levels, exact integers
$BURDEN -e 'io.write(require("burden").models.resnet50():count():csv{ max_depth = 2 })'
