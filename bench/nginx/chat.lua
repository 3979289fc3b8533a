-- wrk script of bench/gateway.sh: every request POSTs one small chat
-- completion with the API key from SW_KEY (ignored by the direct and nginx
-- targets), and the run ends with a count of answers by status, so that a
-- run that was refused (401, 429, a detector verdict) is seen, not timed.
wrk.method = "POST"
wrk.path = "/v1/chat/completions"
wrk.body = '{"model":"sw-small","max_tokens":16,"messages":[{"role":"user","content":"What is the capital of France?"}]}'
wrk.headers["Content-Type"] = "application/json"
local key = os.getenv("SW_KEY")
if key and key ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. key
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for k, v in pairs(s) do total[k] = (total[k] or 0) + v end
  end
  local parts = {}
  for k, v in pairs(total) do table.insert(parts, k .. "=" .. v) end
  table.sort(parts)
  io.write("statuses: " .. table.concat(parts, " ") .. "\n")
end
