-- Interpreter start-up: the whole process, with require "burden".
require "burden"
