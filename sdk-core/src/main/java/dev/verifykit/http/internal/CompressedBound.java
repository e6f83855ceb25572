package dev.verifykit.http.internal;

import java.io.IOException;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Okio;

/**
 * Bounds the bytes of a compressed answer, which OkHttp (or an interceptor of the application's own
 * {@code okHttpClient}) inflates for the client. OkHttp inflates an answer it asked
 * to be compressed (it sends {@code Accept-Encoding: gzip} on a request without one), and Okio's gzip
 * reader looks for the zero byte that ends a header's file name or comment holding all it reads in
 * memory, with no limit: {@link dev.verifykit.http.HttpSettings#maxResponseBytes()} bounds the inflated
 * body only, and {@link LineBound} is reset by every line feed. So the compressed bytes of such an
 * answer are counted beneath the inflater, and a read past {@code limit} ({@code maxResponseBytes} and
 * a megabyte for the gzip header: more than any body the client would take needs) fails.
 */
final class CompressedBound {
    private CompressedBound() {}

    /** Adds the bound to {@code builder}'s network interceptors; none when {@code limit} is {@code Long.MAX_VALUE}. */
    static void apply(OkHttpClient.Builder builder, long limit) {
        if (limit != Long.MAX_VALUE) {
            builder.addNetworkInterceptor(chain -> bounded(chain.proceed(chain.request()), limit));
        }
    }

    /** A read past the bound: more compressed bytes than any answer the client takes. */
    static final class CompressedTooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        CompressedTooLongException(long limit) {
            super("the server sent a compressed answer of more than " + limit + " bytes (maxResponseBytes and 1 MiB for its"
                    + " header): an answer the client does not take");
        }
    }

    private static Response bounded(Response response, long limit) {
        // every compressed answer, whoever inflates it: OkHttp when it asked for gzip itself, or an interceptor
        // of the application's okHttpClient that asked on its own (OkHttp's BrotliInterceptor asks "br,gzip"
        // and inflates gzip with the same reader); bytes sent as they are stay bounded by maxResponseBytes
        String encoding = response.header("Content-Encoding");
        if (encoding == null || encoding.isBlank() || "identity".equalsIgnoreCase(encoding.trim())) {
            return response;
        }
        ResponseBody body = response.body();
        ForwardingSource counted = new ForwardingSource(body.source()) {
            private long read;

            @Override
            public long read(Buffer sink, long byteCount) throws IOException {
                long n = super.read(sink, byteCount);
                if (n > 0 && (read += n) > limit) {
                    throw new CompressedTooLongException(limit);
                }
                return n;
            }
        };
        return response.newBuilder()
                .body(ResponseBody.create(Okio.buffer(counted), body.contentType(), body.contentLength())).build();
    }
}
