-- Dock refused a create of the account (429) and asked for none for a while, in one step timed by Redis:
-- until then create-start.lua asks every instance to wait.
-- KEYS[1]: the bucket's hash (see create-start.lua); ARGV: how long (us)
-- replicated by its writes, not whole (it reads TIME): asked before any write on Redis 4, and 5-6 with
-- lua-replicate-commands off; a no-op since Redis 7
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local hold = tonumber(ARGV[1])
local refused = tonumber(redis.call('HGET', KEYS[1], 'refused'))
if refused == nil or refused < now + hold then
  redis.call('HSET', KEYS[1], 'refused', string.format('%.0f', now + hold))
  -- the hash lives at least as long as the refusal
  local keep = math.ceil(hold / 1000) + 1000
  if redis.call('PTTL', KEYS[1]) < keep then
    redis.call('PEXPIRE', KEYS[1], keep)
  end
end
return {1}
