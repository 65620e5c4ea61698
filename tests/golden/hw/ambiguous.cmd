# An ambiguous chip name lists the candidates; an unknown one suggests the closest
$BURDEN -e 'local hw = require("burden").hw
print((select(2, hw.resolve("Titan X"))))
print((select(2, hw.resolve("GTX 580M"))))
print(hw.lookup("Tesla V100-PCIE-16GB").name, hw.peak("Tesla V100-PCIE-16GB", "auto"))
hw.peak("GTX 580", "bf16")'
