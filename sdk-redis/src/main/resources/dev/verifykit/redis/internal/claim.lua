-- Claims a webhook delivery. KEYS[1]: the delivery's key; ARGV: the claim's token, the claim timeout (ms)
-- The value is 'C:<token>' while claimed (expiring with the claim) or 'D' once handled (expiring after the ttl).
-- Returns {0} claimed, {1, ms left on the other claim} in progress, {2} done.
-- Run twice (a client resending it after a reconnect lost the answer), it answers the same: claimed.
local value = redis.call('GET', KEYS[1])
if value == 'C:' .. ARGV[1] then
  return {0}
end
if not value then
  redis.call('SET', KEYS[1], 'C:' .. ARGV[1], 'PX', ARGV[2])
  return {0}
end
if value == 'D' then
  return {2}
end
return {1, redis.call('PTTL', KEYS[1])}
