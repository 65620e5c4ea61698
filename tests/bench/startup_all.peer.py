# Interpreter start-up of the peer: loading statsmodels, the library a user would use.
import statsmodels.api  # noqa: F401
print("peer: python3 -c 'import statsmodels.api'")
