package dev.verifykit.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class WaitClientsTest {
    private static final long KEEP_ALIVE = TimeUnit.MINUTES.toNanos(5);

    @StartStop
    private final MockWebServer server = new MockWebServer();

    @Test
    void thePoolsGrowWithTheWaitsAllowed() {
        assertThat(new WaitClients(new OkHttpClient.Builder(), 16_384, KEEP_ALIVE, new CallMarks()).shardCount()).isEqualTo(64);
        assertThat(new WaitClients(new OkHttpClient.Builder(), 4096, KEEP_ALIVE, new CallMarks()).shardCount()).isEqualTo(16);
        assertThat(new WaitClients(new OkHttpClient.Builder(), 3000, KEEP_ALIVE, new CallMarks()).shardCount()).as("a power of two")
                .isEqualTo(8);
        assertThat(new WaitClients(new OkHttpClient.Builder(), 100, KEEP_ALIVE, new CallMarks()).shardCount()).isEqualTo(1);
        assertThat(new WaitClients(new OkHttpClient.Builder(), 1_000_000, KEEP_ALIVE, new CallMarks()).shardCount()).isEqualTo(64);
    }

    @Test
    void aPoolsClientIsBuiltAtItsFirstCall() {
        WaitClients clients = new WaitClients(new OkHttpClient.Builder(), 4096, KEEP_ALIVE, new CallMarks());
        assertThat(clients.built()).isZero();
        OkHttpClient first = clients.forPath(List.of("v2", "sessions", "vsn_1"));
        assertThat(clients.built()).isEqualTo(1);
        assertThat(clients.forPath(List.of("v2", "sessions", "vsn_1"))).isSameAs(first);
        assertThat(clients.built()).isEqualTo(1);
    }

    @Test
    void aSessionsCallsShareOnePoolAndSessionsSpreadOverAll() {
        WaitClients clients = new WaitClients(new OkHttpClient.Builder(), 4096, KEEP_ALIVE, new CallMarks());
        Set<OkHttpClient> used = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            List<String> path = List.of("v2", "sessions", "vsn_" + i);
            OkHttpClient client = clients.forPath(path);
            assertThat(clients.forPath(List.of("v2", "sessions", "vsn_" + i))).isSameAs(client);
            used.add(client);
        }
        assertThat(used).hasSize(16);
        assertThat(used).extracting(OkHttpClient::connectionPool).doesNotHaveDuplicates();
        assertThat(used).extracting(OkHttpClient::dispatcher).as("one dispatcher for all").containsOnly(clients.first().dispatcher());
    }

    @Test
    void aCallsOwnReadTimeoutReplacesTheClientsLongerOrShorter() throws Exception {
        CallMarks marks = new CallMarks();
        WaitClients clients = new WaitClients(new OkHttpClient.Builder().readTimeout(Duration.ofMillis(300)), 100, KEEP_ALIVE, marks);
        Request held = new Request.Builder().url(server.url("/held")).build();
        server.enqueue(new MockResponse.Builder().code(200).body("late").headersDelay(1, TimeUnit.SECONDS).build());
        try (Response response = marks.newCall(clients.first(), held, readingFor(Duration.ofSeconds(30))).execute()) {
            assertThat(response.body().string()).as("a hold's read timeout, longer than the client's").isEqualTo("late");
        }

        WaitClients patient = new WaitClients(new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)), 100, KEEP_ALIVE, marks);
        server.enqueue(new MockResponse.Builder().code(200).body("silent").headersDelay(5, TimeUnit.SECONDS).build());
        assertThatThrownBy(() -> marks.newCall(patient.first(), held, readingFor(Duration.ofMillis(200))).execute())
                .as("a stream's silence, shorter than the client's").isInstanceOf(SocketTimeoutException.class);
        server.enqueue(new MockResponse.Builder().code(200).body("the client's").headersDelay(1, TimeUnit.SECONDS).build());
        try (Response response = patient.first().newCall(held).execute()) {
            assertThat(response.body().string()).as("a call without a mark: the client's read timeout").isEqualTo("the client's");
        }
        assertThat(clients.connectionCount() + patient.connectionCount()).isPositive();

        clients.evictAll();
        patient.evictAll();
        assertThat(clients.connectionCount() + patient.connectionCount()).isZero();
    }

    @Test
    void aWaitCallPassesOneInterceptorOfOursThatServesItsLookupsAndAppliesItsReadTimeout() throws Exception {
        List<String> lookedUpOn = new CopyOnWriteArrayList<>();
        Dns recording = hostname -> {
            lookedUpOn.add(Thread.currentThread().getName());
            return Dns.SYSTEM.lookup(hostname);
        };
        List<String> ours = new ArrayList<>();
        try (HostLookups lookups = new HostLookups(recording)) {
            OkHttpClient.Builder builder = new OkHttpClient.Builder().dns(lookups).readTimeout(Duration.ofMillis(300))
                    .addNetworkInterceptor(chain -> {
                        // the frames a held call keeps parked beneath the socket read
                        Arrays.stream(Thread.currentThread().getStackTrace())
                                .map(StackTraceElement::getClassName)
                                .filter(name -> name.startsWith("dev.verifykit.http.internal.") && !name.endsWith("Test")
                                        && !name.contains("Test$"))
                                .forEach(ours::add);
                        return chain.proceed(chain.request());
                    });
            SingleSends.apply(builder);
            CallMarks marks = new CallMarks();
            WaitClients clients = new WaitClients(builder, 100, KEEP_ALIVE, marks);
            Request held = new Request.Builder().url(server.url("/held").newBuilder().host("localhost").build()).build();
            server.enqueue(new MockResponse.Builder().code(200).body("late").headersDelay(1, TimeUnit.SECONDS).build());
            try (Response response = marks.newCall(clients.first(), held, readingFor(Duration.ofSeconds(30))).execute()) {
                assertThat(response.body().string()).as("the hold's read timeout applied").isEqualTo("late");
            }
            clients.evictAll();
        }
        assertThat(lookedUpOn).as("the lookup knew its call, so ran on the lookups' own thread")
                .isNotEmpty().allMatch(name -> name.startsWith("verifykit-dns-"));
        assertThat(ours).as("one application interceptor of ours (and the network one that hides Retry-After)")
                .containsExactly("dev.verifykit.http.internal.SingleSends", "dev.verifykit.http.internal.WaitClients$WaitCall");
    }

    @Test
    void aWaitCallsAnswerKeepsItsRetryAfterThatOkHttpDidNotActOn() throws Exception {
        OkHttpClient.Builder builder = new OkHttpClient.Builder();
        SingleSends.apply(builder);
        WaitClients clients = new WaitClients(builder, 100, KEEP_ALIVE, new CallMarks());
        server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "0").body("busy").build());
        server.enqueue(new MockResponse.Builder().code(200).body("second").build());
        try (Response response = clients.first().newCall(new Request.Builder().url(server.url("/held")).build()).execute()) {
            assertThat(response.code()).as("OkHttp did not repeat the request").isEqualTo(503);
            assertThat(response.header("Retry-After")).isEqualTo("0");
            assertThat(response.headers().names()).doesNotContain("VerifyKit-Hidden-Retry-After");
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
        clients.evictAll();
    }

    /** A mark with no send limit and {@code readTimeout} of its own. */
    private static CallMarks.Mark readingFor(Duration readTimeout) {
        return new CallMarks.Mark(Long.MAX_VALUE, readTimeout, ApiRequest.Hold.NONE);
    }
}
