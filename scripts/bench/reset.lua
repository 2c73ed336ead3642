-- wrk script: password-reset requests, each email and each client address named at most
-- 3 times in a run (the limits are 3 an hour per email and 30 per address), so no request
-- is throttled. The address goes in X-Forwarded-For (the bench trusts 127.0.0.1 as a proxy).
-- Usage: wrk -tTHREADS ... -s scripts/bench/reset.lua URL -- known|unknown THREADS [FIRST]
--   known:   reset{k}@example.pt from 10.x.y.z (accounts added by examples/reset_bench.rs)
--   unknown: nobody{k}@example.pt from 11.x.y.z (no such account: no code, no mail row)
-- k counts from FIRST (default 0).
local threads = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  known = args[1] == "known"
  stride = tonumber(args[2])
  first = tonumber(args[3] or "0")
  sent = 0
end

function request()
  local k = first + math.floor((sent * stride + id) / 3)
  sent = sent + 1
  local address = string.format("%d.%d.%d.%d", known and 10 or 11,
    math.floor(k / 65536) % 256, math.floor(k / 256) % 256, k % 256)
  local body = string.format('{"email":"%s%d@example.pt"}', known and "reset" or "nobody", k)
  return wrk.format("POST", nil,
    { ["Content-Type"] = "application/json", ["X-Forwarded-For"] = address }, body)
end
