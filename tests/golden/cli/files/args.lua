print(#arg, arg[0], ...)
for i = 1, #arg do print(i, arg[i]) end
