-- wrk: every request from another caller, as a trusted proxy reports it in X-Forwarded-For.
-- Odd requests come from a new IPv4 address, even ones from a new IPv6 /64; each wrk thread
-- takes its own range so no address repeats across threads.
local counter = 0
local base = 0

function setup(thread)
  thread:set("base", base)
  base = base + 100000000
end

function request()
  counter = counter + 1
  local n = base + counter
  local from
  if n % 2 == 1 then
    local f = math.floor
    from = string.format("%d.%d.%d.%d", 11 + f(n / 16777216) % 200, f(n / 65536) % 256, f(n / 256) % 256, n % 256)
  else
    from = string.format("2001:db8:%x:%x::1", math.floor(n / 65536) % 65536, n % 65536)
  end
  return wrk.format("GET", "/v1/me", { ["X-Forwarded-For"] = from, ["Accept"] = "application/json" })
end
