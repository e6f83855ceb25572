-- A started create ended, in one step timed by Redis.
-- KEYS[1]: the bucket's hash (see create-start.lua)
-- ARGV: burst, refill (us), the create's id, '1' when it arrived (its token is taken now) or '0' when it did not count (freed)
-- Returns {1} when the create held a token, {0} otherwise: unknown, or its lease ran out, so that it
-- counted as arrived when the lease ended (the next create-start.lua takes its token, as for any other).
-- replicated by its writes, not whole (it reads TIME): asked before any write on Redis 4, and 5-6 with
-- lua-replicate-commands off; a no-op since Redis 7
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local field = 'f:' .. ARGV[3]
local leaseEnd = tonumber(redis.call('HGET', KEYS[1], field))
if leaseEnd == nil or leaseEnd <= now then
  return {0}
end
redis.call('HDEL', KEYS[1], field)
if ARGV[4] == '1' then
  local full = tonumber(ARGV[1]) * tonumber(ARGV[2])
  local state = redis.call('HMGET', KEYS[1], 'credit', 'updated')
  local credit = tonumber(state[1]) or full
  local updated = tonumber(state[2]) or now
  credit = math.min(full, credit + math.max(0, now - updated)) - tonumber(ARGV[2])
  redis.call('HSET', KEYS[1], 'credit', string.format('%.0f', credit), 'updated', string.format('%.0f', math.max(now, updated)))
end
return {1}
