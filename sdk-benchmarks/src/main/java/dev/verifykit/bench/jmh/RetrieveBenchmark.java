package dev.verifykit.bench.jmh;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One Dock read ({@code GET /v2/sessions/{id}}) against a loopback server answering a canned
 * envelope: through the SDK (retries on, default settings except the read pacing, see below)
 * and hand-written with its own OkHttpClient and its own Moshi records, sharing nothing with the SDK.
 *
 * <p>The SDK keeps at least 2.1 s between reads of one session and caps reads per session; so
 * that this pacing (a guardrail, not a cost) does not dominate, the SDK client is built with
 * {@code minPollInterval(1 ns)} and a poll cap of 1,000,000, and reads 64 session ids in turn.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RetrieveBenchmark {
    private static final String API_KEY = "dock_test_free";
    private static final String[] IDS = new String[64];

    static {
        for (int i = 0; i < IDS.length; i++) {
            IDS[i] = String.format("vsn_bench%017d", i);
        }
    }

    private CannedDockServer server;
    private DockClient sdk;
    private OkHttpClient handOkHttp;
    private JsonAdapter<HandWritten.Envelope> handAdapter;
    private String handBaseUrl;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        server = CannedDockServer.start();
        sdk = DockClient.builder()
                .apiKey(API_KEY)
                .baseUrl(server.dockBaseUrl())
                .guardrails(DockGuardrails.builder()
                        .minPollInterval(Duration.ofNanos(1))
                        .freePollCap(1_000_000)
                        .build())
                .build();
        handOkHttp = new OkHttpClient();
        handAdapter = new Moshi.Builder().build().adapter(HandWritten.Envelope.class);
        handBaseUrl = server.dockBaseUrl() + "/v2/sessions/";
        if (!sdk().isCompleted() || !"completed".equals(handWritten().status())) {
            throw new IllegalStateException("the canned read did not parse as a completed session");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        sdk.close();
        handOkHttp.dispatcher().executorService().shutdown();
        handOkHttp.connectionPool().evictAll();
        server.close();
    }

    private String nextId() {
        next = (next + 1) & (IDS.length - 1);
        return IDS[next];
    }

    @Benchmark
    public DockSession sdk() {
        return sdk.sessions().retrieve(nextId());
    }

    @Benchmark
    public HandWritten.Session handWritten() throws IOException {
        Request request = new Request.Builder()
                .url(handBaseUrl + nextId())
                .header("Authorization", "Bearer " + API_KEY)
                .build();
        try (Response response = handOkHttp.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                throw new IOException("HTTP " + response.code());
            }
            HandWritten.Envelope envelope = handAdapter.fromJson(response.body().source());
            if (envelope == null || envelope.data() == null) {
                throw new IOException("no data");
            }
            return envelope.data();
        }
    }

    /** What a person would write with Moshi for the v2 envelope: plain records, timestamps as strings. */
    public static final class HandWritten {
        private HandWritten() {}

        public record Envelope(Integer status, Session data, String error, String message, Meta meta) {}

        public record Meta(String requestId, String version, RateLimit rateLimit) {}

        public record RateLimit(String scope, Integer limit, Integer remaining) {}

        public record Session(String id, String pid, String clientId, String guildId, String status,
                String statusReason, String createdAt, String expiresAt, String terminalAt, String verifyUrl,
                Boolean reusedExisting, Result result) {}

        public record Result(String discordId, String robloxId, String verifiedAt, boolean linkChanged,
                String previousRobloxId, int linkVersion, String linkHash) {}
    }
}
