-- wrk script for benchmarks/e2e_throughput.py: cycles through pre-signed /verwijs bodies
-- (args: a file of `timestamp<TAB>signature<TAB>body` lines, "cards" to count answers without result cards).
local threads, made = {}, 0
function setup(thread) made = made + 1; thread:set("tid", made); table.insert(threads, thread) end
function init(args)
  reqs, n = {}, 0
  for line in io.lines(args[1]) do
    local ts, sig, body = line:match("^([^\t]*)\t([^\t]*)\t(.*)$")
    if body then
      n = n + 1
      reqs[n] = wrk.format("POST", "/slack/events", {["Content-Type"] = "application/x-www-form-urlencoded",
        ["X-Slack-Request-Timestamp"] = ts, ["X-Slack-Signature"] = sig}, body)
    end
  end
  i, non200, nocards, bad, cards = (tid * 97) % n, 0, 0, "", args[2] == "cards"
end
function request() i = i % n + 1; return reqs[i] end
function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
    if #bad < 400 then bad = bad .. "  HTTP " .. status .. " " .. string.sub(body or "", 1, 100) .. "\n" end
  elseif cards and not string.find(body or "", '"verwijs_refer"', 1, true) then nocards = nocards + 1 end
end
function done(summary, latency, requests)
  local non200, nocards, bad, e = 0, 0, "", summary.errors
  for _, t in ipairs(threads) do
    non200, nocards, bad = non200 + t:get("non200"), nocards + t:get("nocards"), bad .. t:get("bad")
  end
  io.write(string.format("RESULT %d %d %d %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, non200, nocards))
  io.write(bad)
end
