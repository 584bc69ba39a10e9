-- wrk script for the proxy bench (bench/load-generator.ts): every request is GET /bench with a
-- Host header cycling over BENCH_HOST_COUNT hosts h<first>.<host> .. (or just <host> when the
-- count is 0); the requests are formatted once in init, so every phase costs wrk the same.
-- Prints one JSON line: requests, socket errors, responses >= 400, seconds, p50/p99 in ms.
local host = os.getenv("BENCH_HOST") or "bench.com"
local count = tonumber(os.getenv("BENCH_HOST_COUNT") or "0")
local first = tonumber(os.getenv("BENCH_FIRST_HOST") or "0")
local requests = {}
local n = 0

init = function(args)
  if count == 0 then
    requests[1] = wrk.format("GET", "/bench", { Host = host })
  else
    for i = 0, count - 1 do
      requests[i + 1] = wrk.format("GET", "/bench", { Host = "h" .. (first + i) .. "." .. host })
    end
  end
end

request = function()
  n = n + 1
  return requests[(n % #requests) + 1]
end

done = function(summary, latency, _)
  local e = summary.errors
  io.write(string.format('{"requests":%d,"errors":%d,"failedStatus":%d,"seconds":%.6f,"p50":%.4f,"p99":%.4f}\n',
    summary.requests, e.connect + e.read + e.write + e.timeout, e.status, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
