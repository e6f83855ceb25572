package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.error.ValidationException;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.poll.WaitOptions;
import java.time.Duration;
import java.util.function.Supplier;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code DockGuardrails.sessionLifetime} takes up to 999,999,999 s ("positive, at most 999,999,999
 * s", checked naming {@code sessionLifetime}). With that lifetime the client was not built: the
 * per-session gates are kept the lifetime and an hour, which the store's {@code ReadRules} refuse,
 * naming {@code keep}, a setting the caller never saw. And once built, a read's (or a wait's) requests
 * get the time left to the session's natural deadline (the lifetime and a 5-s grace) as their
 * {@code RequestOptions} timeout, which refuses it, naming {@code timeout}: nothing could be sent.
 */
class LongestSessionLifetimeTest {
    private static final String ID = "vsn_A1b2C3d4E5f6G7h8J9k0L1";
    private static final String BODY = """
            {"status":200,"data":{"id":"vsn_A1b2C3d4E5f6G7h8J9k0L1","pid":"PID-ABC12345","clientId":"user_123",
            "status":"expired","statusReason":null,"expiresAt":"2036-05-07T00:05:00.000Z",
            "verifyUrl":"https://api.docksys.xyz/v2/verifications/discord?pid=PID-ABC12345&sid=vsn_A1b2C3d4E5f6G7h8J9k0L1",
            "reusedExisting":false},"meta":{"requestId":"req_abc123","version":"2.0.0"},"timestamp":"2026-05-07T00:00:00.000Z"}""";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private DockClient dock;

    @AfterEach
    void close() {
        if (dock != null) {
            dock.close();
        }
    }

    private Object outcome(Supplier<Object> call) {
        try {
            dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                    .guardrails(DockGuardrails.builder().sessionLifetime(Duration.ofSeconds(999_999_999)).build()).build();
            return call.get();
        } catch (VerifyKitException e) {
            return e;
        }
    }

    private static MockResponse session() {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(BODY).build();
    }

    @Test
    void aClientWithTheLongestSessionLifetimeReadsASession() {
        server.enqueue(session());
        Object outcome = outcome(() -> dock.sessions().retrieve(ID).status().raw());
        assertThat(outcome).as("the read's outcome").isEqualTo("expired");
    }

    /**
     * The same with the longest {@code maxWait} the guardrails take: the client's leases (a long-poll's
     * hold and the read timeout, and a minute) are refused by the store's rules, naming {@code lease}.
     */
    @Test
    void aClientWithTheLongestMaxWaitIsBuiltOrRefusedNamingMaxWait() {
        String refused;
        try {
            dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                    .guardrails(DockGuardrails.builder().maxWait(Duration.ofSeconds(999_999_999)).build()).build();
            refused = null;
        } catch (ValidationException e) {
            refused = e.field();
        }
        assertThat(refused).as("the setting a refusal names").isIn(null, "maxWait");
    }

    @Test
    void aClientWithTheLongestSessionLifetimeWaitsForASession() {
        server.enqueue(session());
        Object outcome = outcome(() -> dock.sessions().awaitCompletion(ID, WaitOptions.defaults()).status().raw());
        assertThat(outcome).as("the wait's outcome").isEqualTo("expired");
    }
}
