package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.error.ApiException;
import dev.verifykit.error.NotFoundException;
import dev.verifykit.error.PollCapException;
import dev.verifykit.error.ServerException;
import dev.verifykit.time.VirtualScheduler;
import java.time.Instant;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Dock's v2 envelope ({@code reference/README.md}: {@code error}, {@code message}, {@code meta.requestId},
 * {@code meta.rateLimit}) is read member by member: a refusal that says only some of them still gives
 * what it says (its code and the exception of that code, its message, the poll-cap mark), and what it
 * leaves out is taken from the answer's head ({@code X-Request-Id}) or left unsaid, never made up.
 * Found unpinned by mutation testing of {@code DockErrorMapper}.
 */
class RefusalEnvelopeMembersTest {
    @StartStop
    private final MockWebServer server = new MockWebServer();
    private final VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-05-07T00:00:00Z"));
    private DockClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    private Throwable retrieveAnswered(MockResponse answer) {
        server.enqueue(answer);
        client = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .scheduler(time).maxRetries(0).build();
        return catchThrowable(() -> client.sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1"));
    }

    private static MockResponse.Builder json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body);
    }

    /** A gateway's envelope with a message and no code: the exception of its status, with the message and the header's request id. */
    @Test
    void aRefusalWithAMessageAndNoCodeIsMappedByStatusKeepingTheMessageAndTheHeadersRequestId() {
        Throwable thrown = retrieveAnswered(json(503, "{\"status\":503,\"message\":\"Down for maintenance\"}")
                .setHeader("X-Request-Id", "req_head").build());

        assertThat(thrown).isInstanceOfSatisfying(ServerException.class, e -> {
            assertThat(e.code()).isEmpty();
            assertThat(e.serviceMessage()).contains("Down for maintenance");
            assertThat(e.requestId()).contains("req_head");
            assertThat(e.httpStatus()).isEqualTo(503);
        });
    }

    /** The code alone picks the exception: SESSION_EXPIRED is a NotFoundException, whatever the status (410 alone says nothing typed). */
    @Test
    void aRefusalWithACodeAndNoOtherMemberIsTheExceptionOfItsCode() {
        Throwable thrown = retrieveAnswered(json(410, "{\"status\":410,\"error\":\"SESSION_EXPIRED\",\"message\":null}").build());

        assertThat(thrown).isInstanceOfSatisfying(NotFoundException.class,
                e -> assertThat(e.code()).contains("SESSION_EXPIRED"));
    }

    /** CONTRACT.md: the cap's refusal is {@code meta.rateLimit = {"scope":"session_polls","limit":60,"remaining":0}}; that mark alone is the cap. */
    @Test
    void thePollCapMarkAloneIsThePollCap() {
        Throwable thrown = retrieveAnswered(json(429, "{\"status\":429,\"error\":null,\"message\":null,\"meta\":"
                + "{\"rateLimit\":{\"scope\":\"session_polls\",\"limit\":60,\"remaining\":0}}}").build());

        assertThat(thrown).isInstanceOfSatisfying(PollCapException.class, e -> assertThat(e.limit()).isEqualTo(60));
    }

    /** An error page that is no JSON names no request id when no header does (none is made up from the body). */
    @Test
    void anErrorPageThatIsNoJsonHasNoRequestId() {
        Throwable thrown = retrieveAnswered(new MockResponse.Builder().code(502).body("<html>Bad gateway</html>").build());

        assertThat(thrown).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e).isInstanceOf(ServerException.class);
            assertThat(e.requestId()).isEmpty();
        });
    }
}
