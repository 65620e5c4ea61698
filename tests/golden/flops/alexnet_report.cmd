# AlexNet's per-layer report, printed like ptflops (torchvision's AlexNet: 61,100,840 parameters)
$BURDEN -e 'print(require("burden").models.alexnet():count())'
