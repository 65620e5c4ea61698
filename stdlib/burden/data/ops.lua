--- burden.data.ops (internal): frame operations, installed into burden.data's Frame.
return function(data, Frame, util)
end
