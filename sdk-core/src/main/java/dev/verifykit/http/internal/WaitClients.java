package dev.verifykit.http.internal;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import okhttp3.ConnectionPool;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * The OkHttp clients of waiting traffic (long-polls, streams): one dispatcher, the connections
 * split over several pools. An OkHttp pool finds a reusable connection, and prunes idle ones after
 * every call, by walking every connection it holds; one pool of thousands of held long-polls makes
 * each call cost time in proportion to all of them (10,000 waits kept both cores busy for seconds
 * at their start, most of it in the pool). A call goes to the pool of its path, so that a session's
 * next read finds the connection its last one left idle. A call's own read timeout (a long-poll's
 * hold on top of the read timeout, a stream's silence) is in its {@link CallMarks.Mark}, so that
 * every hold shares the clients. A pool's client is built at its first call, so that a client
 * that never waits builds none. Thread-safe.
 *
 * <p>A held call's thread stays parked inside every interceptor of its chain for the whole hold,
 * and a virtual thread keeps each of those frames on the heap (with thousands of waits, a few
 * hundred bytes each per wait), so the clients have one application interceptor of their own
 * ({@link WaitCall}), not one per concern.
 */
final class WaitClients {
    /** Idle connections kept, over all the pools; each keeps at least 2, so more pools than 16 keep more. */
    private static final int MAX_IDLE = 32;
    /** About how many waits one pool serves before another is added (at most {@link #MAX_SHARDS}). */
    private static final int WAITS_PER_SHARD = 256;
    private static final int MAX_SHARDS = 64;

    private final OkHttpClient.Builder base;
    private final AtomicReferenceArray<OkHttpClient> shards;
    private final int idle;
    private final long keepAliveNanos;

    /**
     * @param base the wait client's settings (dispatcher, protocols, timeouts); each shard gets its
     *     own pool
     * @param marks the marks of the transport's calls, whose read timeouts the clients apply
     */
    WaitClients(OkHttpClient.Builder base, int maxConcurrentWaits, long keepAliveNanos, CallMarks marks) {
        int count = Integer.highestOneBit(Math.max(1, Math.min(MAX_SHARDS, maxConcurrentWaits / WAITS_PER_SHARD)));
        this.base = base.addInterceptor(new WaitCall(SingleSends.takeRestore(base), marks));
        this.shards = new AtomicReferenceArray<>(count);
        this.idle = Math.max(2, MAX_IDLE / count);
        this.keepAliveNanos = keepAliveNanos;
    }

    /** The first pool's client: the settings every shard shares. */
    OkHttpClient first() {
        return shard(0);
    }

    /** The client of the pool for a request to {@code pathSegments}. */
    OkHttpClient forPath(List<String> pathSegments) {
        return shard(pathSegments.hashCode() & (shards.length() - 1));
    }

    private OkHttpClient shard(int index) {
        OkHttpClient shard = shards.get(index);
        if (shard != null) {
            return shard;
        }
        synchronized (base) {
            shard = shards.get(index);
            if (shard == null) {
                shard = base.connectionPool(new ConnectionPool(idle, keepAliveNanos, TimeUnit.NANOSECONDS)).build();
                shards.set(index, shard);
            }
            return shard;
        }
    }

    int shardCount() {
        return shards.length();
    }

    /** How many pools' clients were built so far. */
    int built() {
        int built = 0;
        for (int i = 0; i < shards.length(); i++) {
            built += shards.get(i) == null ? 0 : 1;
        }
        return built;
    }

    /** Open connections over all the pools. */
    int connectionCount() {
        int count = 0;
        for (int i = 0; i < shards.length(); i++) {
            OkHttpClient shard = shards.get(i);
            count += shard == null ? 0 : shard.connectionPool().connectionCount();
        }
        return count;
    }

    void evictAll() {
        for (int i = 0; i < shards.length(); i++) {
            OkHttpClient shard = shards.get(i);
            if (shard != null) {
                shard.connectionPool().evictAll();
            }
        }
    }

    /**
     * The wait clients' interceptor: tells the host-name lookups which call they serve (its
     * thread is the dispatcher's, see {@link HostLookups#serving}) and applies the request's
     * read timeout of its {@link CallMarks.Mark}; in place of {@link SingleSends}' step above OkHttp's follow-up step,
     * when it took that step's place, it gives a hidden {@code Retry-After} its name back.
     */
    private static final class WaitCall implements Interceptor {
        private final boolean restores;
        private final CallMarks marks;

        WaitCall(boolean restores, CallMarks marks) {
            this.restores = restores;
            this.marks = marks;
        }

        @Override
        public Response intercept(Chain chain) throws IOException {
            okhttp3.Call outer = HostLookups.serving(chain.call());
            try {
                CallMarks.Mark mark = marks.of(chain.call());
                // at least 1 ms: OkHttp counts whole milliseconds and takes 0 for no timeout (a stream's
                // silence is twice the guardrails' keep-alive unless set, and that may be shrunk below 1 ms)
                Chain next = mark == null || mark.readTimeout == null ? chain : chain.withReadTimeout(
                        (int) Math.min(Integer.MAX_VALUE, Math.max(1, mark.readTimeout.toMillis())), TimeUnit.MILLISECONDS);
                Response response = next.proceed(next.request());
                return restores ? SingleSends.restored(response) : response;
            } finally {
                HostLookups.served(outer);
            }
        }
    }
}
