package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code drop-stream events=K} and {@code stall-stream events=K} act "after K session events" (README, Fault
 * injection). A stream that ends on its own before its K-th event (the session ended, or the stream maximum
 * came) never met the fault: it ends as an unfaulted stream does, with its whole closing chunk, not with a
 * connection closed after half of it, which a client reads as a broken answer.
 */
class StreamFaultNotReachedTest {

    @RegisterExtension
    static MockServerExtension mock = MockServerExtension.with(MockSettings.builder()
            .dock(DockSettings.builder().streamMaxDuration(Duration.ofMillis(300)).build()).build());

    /**
     * On a server of its own with the documented stream maximum (30 s): the 300 ms of the class's server
     * raced the test thread, whose completion of the session must come while the stream is still open (a
     * test thread held up 300 ms after the first event, as on a loaded machine, saw the maximum end the
     * stream whole but without the completed event). The stream ends with the session's terminal event,
     * not by its maximum: nothing here waits it out.
     */
    @Test
    void aStreamThatEndsWithItsSessionBeforeTheDropEndsWhole() throws Exception {
        try (MockServer server = MockServer.start()) {
            endsWholeWithItsSession(server);
        }
    }

    private static void endsWholeWithItsSession(MockServer server) throws Exception {
        String id = new Http(server).newSession("drop-never-reached");
        server.faults().add("GET /dock/v2/sessions/*/stream drop-stream events=3 times=1");

        try (Response response = Http.CLIENT.newCall(stream(server, id)).execute()) {
            BufferedSource source = response.body().source();
            while (!source.readUtf8LineStrict().startsWith("data:")) {
                // up to the first event's data: the session as it is, pending
            }
            server.dock().complete(id); // the second event, the last: the session has ended
            String rest = source.readUtf8(); // the stream's own end, two events before the third

            assertThat(rest).contains("\"status\":\"completed\"");
        }
    }

    @Test
    void aStreamThatReachesItsMaximumBeforeTheStallEndsWhole() throws Exception {
        MockServer server = mock.server();
        String id = new Http(server).newSession("stall-never-reached");
        server.faults().add("GET /dock/v2/sessions/*/stream stall-stream events=2 times=1");

        try (Response response = Http.CLIENT.newCall(stream(server, id)).execute()) {
            String body = response.body().string(); // one event, then the stream maximum (300 ms)

            assertThat(body).contains("\"status\":\"pending\"").doesNotContain("\"status\":\"completed\"");
        }
    }

    private static Request stream(MockServer server, String id) {
        return new Request.Builder().url(server.dockBaseUrl() + "/v2/sessions/" + id + "/stream")
                .header("Authorization", "Bearer " + Http.FREE).build();
    }
}
