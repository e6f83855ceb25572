-- Asks to start a read of a session, in one step, timed by Redis.
-- KEYS[1]: the session's hash (used, inflight, since, until, last; times in microseconds of Redis TIME);
--          'until' is the end of the read in flight's lease, its own instance's (instances may lease
--          for different times: another's shorter lease must not end it early)
-- ARGV: min interval (us), cap, lease (us), keep (ms), the new read's id
-- Returns {0, used} started, {1, wait in us} wait for the interval, {1, re-check in us, 1} wait behind
-- the read in flight, {2} exhausted.
-- replicated by its writes, not whole (it reads TIME): asked before any write on Redis 4, and 5-6 with
-- lua-replicate-commands off; a no-op since Redis 7
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local minInterval = tonumber(ARGV[1])
local cap = tonumber(ARGV[2])
local lease = tonumber(ARGV[3])
local keep = tonumber(ARGV[4])
local state = redis.call('HMGET', KEYS[1], 'used', 'inflight', 'since', 'last', 'until')
local used = tonumber(state[1]) or 0
local last = tonumber(state[4])
if state[2] == ARGV[5] then
  -- this very start run again (a client resending it after a reconnect lost the answer): the same answer
  return {0, used}
end
if used >= cap then
  return {2}
end
if state[2] then
  -- a hash written before 'until' was kept: the read's lease is taken as this caller's
  local ended = tonumber(state[5]) or (tonumber(state[3]) + lease)
  if now < ended then
    return {1, math.max(minInterval, 10000), 1}
  end
  -- the read in flight outlived its lease: it counts as arrived when the lease ended
  if last == nil or ended > last then
    last = ended
  end
  redis.call('HDEL', KEYS[1], 'inflight', 'since', 'until')
  redis.call('HSET', KEYS[1], 'last', string.format('%.0f', last))
  redis.call('PEXPIRE', KEYS[1], keep)
end
if last ~= nil then
  local wait = last + minInterval - now
  if wait > 0 then
    return {1, wait}
  end
end
used = used + 1
redis.call('HSET', KEYS[1], 'used', used, 'inflight', ARGV[5], 'since', string.format('%.0f', now),
  'until', string.format('%.0f', now + lease))
redis.call('PEXPIRE', KEYS[1], keep)
return {0, used}
