-- Records a webhook delivery as handled. KEYS[1]: the delivery's key; ARGV[1]: the time to live (ms)
-- Sent again when the guard's own commit failed. Returns {1}.
redis.call('SET', KEYS[1], 'D', 'PX', ARGV[1])
return {1}
