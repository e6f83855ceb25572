package dev.verifykit.dokai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.error.VerifyKitException;
import dev.verifykit.poll.WaitOptions;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The builder takes a {@code sessionLifetime} up to 999,999,999 s ("positive, at most 999,999,999
 * s", as every duration setting). A wait without a timeout, and a single read too, runs to that
 * lifetime plus a 5-s grace, and each request is given the time left as its {@code RequestOptions}
 * timeout: past 999,999,999 s, the options refuse it. So with the longest lifetime the builder
 * accepts, every read and wait fails before anything is sent, with a {@code ValidationException}
 * naming a {@code timeout} the caller never set (a deadline far off is not one the client can keep
 * counting).
 */
class LongestSessionLifetimeTest {
    @StartStop
    private final MockWebServer server = new MockWebServer();

    private DokaiClient dokai;

    @AfterEach
    void close() {
        if (dokai != null) {
            dokai.close();
        }
    }

    private DokaiClient client() {
        dokai = DokaiClient.builder().apiKey("dk_test_wire_8c1e").baseUrl(server.url("/dokai").toString())
                .sessionLifetime(Duration.ofSeconds(999_999_999)).build();
        return dokai;
    }

    private static MockResponse verified() {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body(DokaiWireTest.VERIFIED).build();
    }

    @Test
    void aReadOfAClientWithTheLongestSessionLifetimeIsSent() {
        server.enqueue(verified());
        Object outcome;
        try {
            outcome = client().verifySessions().retrieve("ver_abc123").status();
        } catch (VerifyKitException e) {
            outcome = e;
        }
        assertThat(outcome).as("the read's outcome").isNotInstanceOf(VerifyKitException.class);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aWaitOfAClientWithTheLongestSessionLifetimeIsSent() {
        server.enqueue(verified());
        Object outcome;
        try {
            outcome = client().verifySessions().awaitResult("ver_abc123", WaitOptions.defaults()).status();
        } catch (VerifyKitException e) {
            outcome = e;
        }
        assertThat(outcome).as("the wait's outcome").isNotInstanceOf(VerifyKitException.class);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }
}
