package dev.verifykit.bench.coldstart;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import dev.verifykit.bench.jmh.RetrieveBenchmark.HandWritten;
import java.io.IOException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The other side of {@link ColdStart}: a fresh JVM doing the same read hand-written, with its own
 * {@code OkHttpClient} and Moshi records ({@link HandWritten}, as in the retrieve benchmark).
 * Prints {@code done} once the read completed, then the process's CPU time.
 *
 * <p>Arguments: Dock base URL, API key, session id.
 */
public final class HandFirstRetrieve {
    private HandFirstRetrieve() {}

    public static void main(String[] args) throws IOException {
        OkHttpClient http = new OkHttpClient();
        JsonAdapter<HandWritten.Envelope> adapter = new Moshi.Builder().build().adapter(HandWritten.Envelope.class);
        Request request = new Request.Builder()
                .url(args[0] + "/v2/sessions/" + args[2])
                .header("Authorization", "Bearer " + args[1])
                .build();
        try (Response response = http.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                throw new IOException("HTTP " + response.code());
            }
            HandWritten.Envelope envelope = adapter.fromJson(response.body().source());
            if (envelope == null || envelope.data() == null || !"completed".equals(envelope.data().status())) {
                throw new IOException("the session read was not completed");
            }
        }
        System.out.println("done");
        System.out.println("cpuNanos " + ProcessCpu.nanos());
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
