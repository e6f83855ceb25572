-- Extends a claim when it is still the one held. KEYS[1]: the delivery's key; ARGV: the claim's token, the claim timeout (ms)
-- Returns {1} when extended, {0} otherwise (released, done, or expired and perhaps claimed by another copy).
if redis.call('GET', KEYS[1]) == 'C:' .. ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return {1}
end
return {0}
