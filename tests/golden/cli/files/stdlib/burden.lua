-- a stand-in stdlib for the --stdlib test
return { version = "from-disk", seed = function() return 0 end }
