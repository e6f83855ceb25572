package dev.verifykit.examples;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * Counts the HTTP requests a client sends, by giving it an {@link OkHttpClient} with an
 * interceptor. Every VerifyKit client derives its own calls from the client it is given, so the
 * count includes retries, long-polls and stream opens.
 */
public final class RequestCounter implements Interceptor {
    private final AtomicInteger count = new AtomicInteger();

    /** A client derived from {@code base} that counts through this counter. */
    public OkHttpClient counting(OkHttpClient base) {
        return base.newBuilder().addInterceptor(this).build();
    }

    /** Requests sent so far. */
    public int count() {
        return count.get();
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        count.incrementAndGet();
        return chain.proceed(chain.request());
    }
}
