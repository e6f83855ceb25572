-- Drops a claim when it is still the one held. KEYS[1]: the delivery's key; ARGV[1]: the claim's token
-- Returns {1} when dropped, {0} otherwise.
if redis.call('GET', KEYS[1]) == 'C:' .. ARGV[1] then
  redis.call('DEL', KEYS[1])
  return {1}
end
return {0}
