-- A started read arrived at the service some time ago at the latest, never before it started.
-- KEYS[1]: the session's hash; ARGV: the read's id, how long ago it arrived at the latest (us)
-- Returns {1} when it was the read in flight, {0} otherwise (its lease ran out; nothing changes).
-- replicated by its writes, not whole (it reads TIME): asked before any write on Redis 4, and 5-6 with
-- lua-replicate-commands off; a no-op since Redis 7
if redis.replicate_commands then redis.replicate_commands() end
local state = redis.call('HMGET', KEYS[1], 'inflight', 'since', 'last')
if state[1] ~= ARGV[1] then
  return {0}
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local arrived = math.max(tonumber(state[2]), now - tonumber(ARGV[2]))
local last = tonumber(state[3])
if last ~= nil and last > arrived then
  arrived = last
end
redis.call('HDEL', KEYS[1], 'inflight', 'since', 'until')
redis.call('HSET', KEYS[1], 'last', string.format('%.0f', arrived))
return {1}
