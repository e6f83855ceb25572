package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JournalAwaitTest {

    private final MockServer server = MockServer.start();
    private final Http http = new Http(server);

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void returnsAtOnceWhenEnoughAreThereAndOnTheRequestThatMakesTheCountOtherwise() throws Exception {
        http.newSession("a");
        MockJournalQuery creates = MockJournalQuery.all().method("POST").path("/dock/v2/sessions");
        assertThat(server.journal().await(creates, 1, Duration.ZERO)).hasSize(1);

        CompletableFuture<List<MockJournalEntry>> two = Background.supply(() -> {
            try {
                return server.journal().await(creates, 2, Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        http.newSession("b");

        assertThat(two.get(1, TimeUnit.MINUTES)).hasSize(2);
    }

    @Test
    void onTimeoutTheMessageNamesTheQueryWhatMatchedAndWhatCameInstead() {
        String id = http.newSession("a");
        http.read(Http.FREE, "vsn_nope", null);
        http.read(Http.FREE, id, null);

        assertThatThrownBy(() -> server.journal().await(MockJournalQuery.all().method("GET")
                .path("/dock/v2/sessions/*").status(404), 2, Duration.ZERO))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the journal had 1 of the 2 requests awaited (method=GET, path=/dock/v2/sessions/*,"
                        + " status=404) after 0 ms: GET /dock/v2/sessions/vsn_nope 404; the last of its 3 requests:"
                        + " POST /dock/v2/sessions 200, GET /dock/v2/sessions/vsn_nope 404, GET /dock/v2/sessions/" + id + " 200");
    }

    /**
     * A wait given a hugely negative timeout (no time at all) ends as documented, with an
     * {@code IllegalStateException} naming the query: its message was built with {@code timeout.toMillis()},
     * which overflowed, so it failed with an {@code ArithmeticException} instead.
     */
    @Test
    void aHugelyNegativeTimeoutEndsAsAnyTimeoutDoes() {
        assertThatThrownBy(() -> server.journal().await(MockJournalQuery.all().method("DELETE"), 1,
                Duration.ofSeconds(Long.MIN_VALUE)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the journal had 0 of the 1 requests awaited (method=DELETE) after 0 ms");
    }

    @Test
    void aWaitThatCannotEndWellIsRefusedAtOnce() {
        MockJournalQuery lastOne = MockJournalQuery.all().limit(1);

        assertThatThrownBy(() -> server.journal().await(lastOne, 2, Duration.ofMinutes(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the query keeps at most 1 request (limit), fewer than the 2 awaited");
        assertThatThrownBy(() -> server.journal().await(MockJournalQuery.all(), -1, Duration.ofMinutes(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("count must be at least 0: -1");
    }
}
