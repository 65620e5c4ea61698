local s = ("a"):rep(300) return s:find(".-.-.-.-.-x")
