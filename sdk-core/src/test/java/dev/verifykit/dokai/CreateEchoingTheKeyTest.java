package dev.verifykit.dokai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.time.VirtualScheduler;
import java.time.Instant;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * README, Security: "Secrets never reach messages … whatever a server or the network does: keys …
 * are masked in server text before it is shown". A reflecting server that puts the request's
 * bearer token into a create's answer as the session id, with a url the client refuses, had the
 * id quoted as it came in the {@code MalformedResponseException} (DefaultDokaiClient's create builds
 * that message by hand, past the redactor every other quote of a server's text goes through): an API
 * key is {@code [A-Za-z0-9_-]}, which the id check lets through.
 */
class CreateEchoingTheKeyTest {
    private static final String KEY = "dk_live_Reflect3d9f2c71aa";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private DokaiClient dokai;

    @AfterEach
    void close() {
        if (dokai != null) {
            dokai.close();
        }
    }

    @Test
    void aCreateWhoseIdEchoesTheKeyAndWhoseUrlIsRefusedDoesNotQuoteTheKey() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String token = request.getHeaders().get("Authorization").substring("Bearer ".length());
                return new MockResponse.Builder().code(201).setHeader("Content-Type", "application/json")
                        .body("{\"id\":\"" + token + "\",\"url\":\"javascript:alert(1)\",\"status\":\"pending\","
                                + "\"expires_at\":\"2026-03-12T10:30:00Z\"}").build();
            }
        });
        dokai = DokaiClient.builder().apiKey(KEY).baseUrl(server.url("/dokai").toString())
                .scheduler(VirtualScheduler.manual(Instant.parse("2026-03-11T10:30:00Z"))).build();

        Throwable thrown = catchThrowable(() -> dokai.verifySessions().create(CreateKycSessionParams.builder().build()));

        assertThat(thrown).isInstanceOf(MalformedResponseException.class).hasMessageContaining("url");
        assertThat(thrown.getMessage()).doesNotContain(KEY);
    }
}
