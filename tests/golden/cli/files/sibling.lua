return { hello = function() return "hello from sibling" end }
