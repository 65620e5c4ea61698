return function(fit, h) end
