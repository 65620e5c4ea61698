-- The paper reproduction: Thompson et al., "The Computational Limits of Deep
-- Learning" (arXiv:2007.05558). `make run` runs this script into out/.
--
-- Placeholder until the domain, fitting and report modules land: it says so,
-- and writes nothing that could be mistaken for results.
local burden = require "burden"
io.write(string.format("burden %s: the paper reproduction is not implemented yet; " ..
  "out/ is left empty.\n", burden.version))
