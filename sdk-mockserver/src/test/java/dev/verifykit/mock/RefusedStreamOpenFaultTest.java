package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.Http.Answer;
import java.time.Instant;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * sdk-mockserver/README.md, Fault injection: "A {@code drop-stream} or {@code stall-stream} taken by a stream open
 * the service then refuses (429, 404) has no effect beyond the refusal." The client then sees the refusal whole,
 * as Dock sends it.
 */
class RefusedStreamOpenFaultTest {

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-05-07T00:00:00Z"));
    private final MockServer server = MockServer.start(MockSettings.builder().clock(clock).build());
    private final Http http = new Http(server);

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"drop-stream events=1", "stall-stream events=0"})
    void aStreamOpenRefusedForTheIntervalIsAWhole429(String fault) {
        String id = http.newSession("refused-open");
        assertThat(http.read(Http.FREE, id, null).status()).isEqualTo(200); // the clock stands still: the next read is early
        server.faults().add("GET /dock/v2/sessions/*/stream " + fault + " times=1");

        Answer refused = Http.send(new Request.Builder().url(server.dockBaseUrl() + "/v2/sessions/" + id + "/stream")
                .header("Authorization", "Bearer " + Http.FREE).build());

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.error()).isEqualTo("RATE_LIMITED");
        assertThat(server.journal().entries()).last().extracting(MockJournalEntry::status).isEqualTo(429);
    }
}
