# Under a decimal-comma locale numbers still read and write with a point (issue 15.13).
# needs: /usr/bin/localedef
# needs: /usr/share/i18n/locales/de_DE
d=$(mktemp -d) && localedef -i de_DE -f UTF-8 "$d/de_DE.UTF-8" >/dev/null 2>&1
LOCPATH=$d $BURDEN -e '
local burden = require "burden"
print(os.setlocale("de_DE.UTF-8"), os.setlocale(nil, "monetary"), os.setlocale(nil, "numeric"))
print(tostring(1.5), string.format("%.3f", 2.25))
local f = burden.data.read_csv_text("x\n12345678901234567890.5\n1.5e300\n0.1\n")
print(string.format("%.17g %.17g %.17g", f:col("x")[1], f:col("x")[2], f:col("x")[3]))
print(burden.units.parse("3.5 days", "s"), burden.units.parse("1.5 PF-days", "FLOP"))
print(pcall(os.setlocale, "de_DE.UTF-8", "numeric"))'
rm -rf "$d"
