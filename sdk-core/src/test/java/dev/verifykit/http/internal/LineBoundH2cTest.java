package dev.verifykit.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.error.Service;
import dev.verifykit.http.HttpSettings;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.time.VirtualScheduler;
import java.time.Instant;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import org.junit.jupiter.api.Test;

/**
 * {@link LineBound} counts the bytes read without a line feed, which bounds the HTTP/1 text (a
 * status line, a header, a chunk line). An h2c connection (prior knowledge, which the transport
 * supports) carries binary frames, where a line feed is just a byte, and carries answer after answer:
 * answers each well within {@code maxResponseBytes} must not add up to a failure of the connection.
 */
class LineBoundH2cTest {
    private static final int MAX_RESPONSE_BYTES = 64 * 1024;

    @Test
    void answersWithinMaxResponseBytesOnOneH2cConnectionAreAllTakenHoweverManyTheyAre() throws Exception {
        // a JSON answer without a line feed, well within the limit; its DATA frames' lengths hold no 0x0A byte
        String body = "{\"id\":\"" + "a".repeat(60_000) + "\"}";
        int answers = (int) (LineBound.limit(MAX_RESPONSE_BYTES) / body.length()) + 2; // more bytes than the bound in all
        try (MockWebServer h2 = new MockWebServer()) {
            h2.setProtocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE));
            h2.start();
            for (int i = 0; i < answers; i++) {
                h2.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body).build());
            }
            HttpSettings settings = HttpSettings.builder().baseUrl(h2.url("/").toString())
                    .scheduler(VirtualScheduler.manual(Instant.parse("2026-05-07T00:00:00Z")))
                    .retryPolicy(RetryPolicy.none()).maxResponseBytes(MAX_RESPONSE_BYTES)
                    .okHttpClient(new OkHttpClient.Builder().protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE)).build())
                    .build();
            try (HttpTransport transport = new HttpTransport(Service.DOKAI, settings, "https://unused.example",
                    Credentials.none(), ErrorMapper.byStatus())) {
                for (int i = 0; i < answers; i++) {
                    ApiResponse response = transport.send(ApiRequest.get("GET /x", "x"), RequestOptions.none());

                    assertThat(response.status()).as("answer %d of %d", i + 1, answers).isEqualTo(200);
                    assertThat(response.body()).hasSize(body.length());
                }
            }
            assertThat(h2.getRequestCount()).isEqualTo(answers);
        }
    }
}
