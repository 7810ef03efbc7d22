-- Requests from a file of "TOKEN METHOD PATH [BODY]" lines (BENCH_FILE), shared out among wrk's
-- threads without overlap. BENCH_MODE=random picks a random line per request (reads of many
-- cardholders); BENCH_MODE=once takes each line once, in order (accepts: each order once), then
-- falls back to random lines. Counts the 2xx answers and the errors per thread, and reports them
-- in done().

local lines = {}
local next_line = 1
local mode = os.getenv("BENCH_MODE") or "random"
local counter = 0
local threads = {}
ok = 0
bad = 0

function setup(thread)
  thread:set("index", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local n = tonumber(os.getenv("BENCH_THREADS") or "1")
  local i = 0
  for line in io.lines(os.getenv("BENCH_FILE")) do
    if i % n == index then
      local token, method, path, body = line:match("^(%S+) (%S+) (%S+) ?(.*)$")
      local headers = {["Accept"] = "application/json"}
      if token ~= "-" then headers["Authorization"] = "Bearer " .. token end
      if body ~= nil and body ~= "" then headers["Content-Type"] = "application/json" else body = nil end
      table.insert(lines, wrk.format(method, path, headers, body))
    end
    i = i + 1
  end
  math.randomseed(os.time() * 131 + index * 7919)
end

function request()
  if mode == "once" and next_line <= #lines then
    next_line = next_line + 1
    return lines[next_line - 1]
  end
  return lines[math.random(#lines)]
end

-- Only "once" mode needs to look at answers (a 409 after every line was used is a repeat by
-- design, not an error). In "random" mode wrk counts non-2xx answers itself: a Lua hook per
-- response would cost wrk more CPU than the server spends on many requests, on the same cores,
-- and the health endpoints are measured without one.
if mode == "once" then
  function response(status, headers, body)
    if status >= 200 and status < 300 then
      ok = ok + 1
    elseif not (status == 409 and next_line > #lines) then
      bad = bad + 1
    end
  end
end

function done(summary, latency, requests)
  if mode ~= "once" then
    return
  end
  local total, wrong = 0, 0
  for _, t in ipairs(threads) do
    total = total + (t:get("ok") or 0)
    wrong = wrong + (t:get("bad") or 0)
  end
  io.write(string.format("BENCH_OK %d\nBENCH_BAD %d\n", total, wrong))
end
