local sib = require "sibling"
print(sib.hello())
