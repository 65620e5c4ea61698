# An unknown figure format is an error naming it, with the usage.
$BURDEN scripts/paper/all.lua --figures svg,gif
