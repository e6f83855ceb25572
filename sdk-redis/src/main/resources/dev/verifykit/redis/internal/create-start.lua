-- Asks to send a create, holding a token of the account's create bucket for it, in one step timed by Redis.
-- KEYS[1]: the bucket's hash: 'credit' (the tokens, in us of refill), 'updated' (us of Redis TIME),
--          'refused' (until when Dock refuses creates, us; see create-refused.lua) and, per create in
--          flight, 'f:<create id>' holding the end of its lease (us)
-- ARGV: burst, refill (us), lease (us), the create's id
-- Returns {0} started (the token is held until the create ends), {1, wait in us} wait for a token
-- (nothing held), {2, wait in us} wait for the end of Dock's refusal (nothing held).
-- replicated by its writes, not whole (it reads TIME): asked before any write on Redis 4, and 5-6 with
-- lua-replicate-commands off; a no-op since Redis 7
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local burst = tonumber(ARGV[1])
local refill = tonumber(ARGV[2])
local lease = tonumber(ARGV[3])
local full = burst * refill
local mine = tonumber(redis.call('HGET', KEYS[1], 'f:' .. ARGV[4]))
if mine and mine > now then
  -- this very start run again (a client resending it after a reconnect lost the answer): the same answer
  return {0}
end
local credit = full
local updated = now
local inflight = 0
local latest = now
local refused = 0
local ended = {}
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do
  local name = fields[i]
  local value = tonumber(fields[i + 1])
  if name == 'credit' then
    credit = value
  elseif name == 'updated' then
    updated = value
  elseif name == 'refused' then
    if value > now then
      refused = value
    else
      redis.call('HDEL', KEYS[1], name)
    end
  elseif value <= now then
    -- a create whose lease ran out counts as arrived when its lease ended
    redis.call('HDEL', KEYS[1], name)
    ended[#ended + 1] = value
  else
    inflight = inflight + 1
    latest = math.max(latest, value)
  end
end
table.sort(ended)
for _, at in ipairs(ended) do
  if at > updated then
    credit = math.min(full, credit + at - updated)
    updated = at
  end
  credit = credit - refill
end
credit = math.min(full, credit + math.max(0, now - updated))
local free = credit - inflight * refill
local result
if refused > now then
  -- Dock refused a create: nothing is sent by any instance until then
  result = {2, refused - now}
  latest = math.max(latest, refused)
elseif free >= refill then
  redis.call('HSET', KEYS[1], 'f:' .. ARGV[4], string.format('%.0f', now + lease))
  inflight = inflight + 1
  latest = math.max(latest, now + lease)
  result = {0}
elseif inflight >= burst then
  result = {1, refill}
else
  result = {1, refill - free}
end
redis.call('HSET', KEYS[1], 'credit', string.format('%.0f', credit), 'updated', string.format('%.0f', now))
-- gone once it would be full with nothing in flight again: every lease over (the longest of them,
-- whichever instance's: instances may lease for different times), every token refilled; never
-- sooner than an instance with a larger burst set (instances' bursts may differ too: one on a smaller
-- burst, counting its own tokens only, would let the bucket go while it still lacks the larger one's)
local keep = math.ceil((full - credit + inflight * refill + latest - now) / 1000) + 1000
if redis.call('PTTL', KEYS[1]) < keep then
  redis.call('PEXPIRE', KEYS[1], keep)
end
return result
