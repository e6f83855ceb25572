package dev.verifykit.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.Service;
import dev.verifykit.error.TransportException;
import dev.verifykit.http.HttpSettings;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import org.junit.jupiter.api.Test;

/**
 * Framing closes the socket of a connection that carried a broken answer, but "never an HTTP/2
 * one" (its streams are other calls'): an h2c connection (prior knowledge, which the transport
 * supports) is as shared as a TLS HTTP/2 one, and closing it fails every other call on it.
 */
class BrokenAnswerOnASharedH2ConnectionTest {
    private final VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-05-07T00:00:00Z"));

    @Test
    void aBrokenAnswerOnAnH2cConnectionDoesNotFailTheReadInFlightBesideIt() throws Exception {
        CountDownLatch readArrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (MockWebServer h2 = new MockWebServer()) {
            h2.setProtocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE));
            h2.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                    if (request.getUrl().encodedPath().endsWith("/held")) {
                        readArrived.countDown();
                        release.await(30, TimeUnit.SECONDS);
                        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                                .body("{}").build();
                    }
                    return new MockResponse.Builder().status("HTTP/1.1 999 Broken").body("{}").build();
                }
            });
            h2.start();
            HttpSettings settings = HttpSettings.builder().baseUrl(h2.url("/").toString()).scheduler(time)
                    .retryPolicy(RetryPolicy.none()).readTimeout(Duration.ofSeconds(30))
                    .okHttpClient(new OkHttpClient.Builder().protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE)).build())
                    .build();
            try (HttpTransport transport = new HttpTransport(Service.DOKAI, settings, "https://unused.example",
                    Credentials.none(), ErrorMapper.byStatus())) {
                // a read held by the server (a long-poll, say), in flight on the h2c connection
                CompletableFuture<ApiResponse> held = CompletableFuture.supplyAsync(
                        () -> transport.send(ApiRequest.get("GET /held", "held"), RequestOptions.none()));
                assertThat(readArrived.await(30, TimeUnit.SECONDS)).isTrue();

                // another call on the same (multiplexed) connection is answered with a broken status
                assertThatThrownBy(() -> transport.send(ApiRequest.get("GET /x", "x"), RequestOptions.none()))
                        .isInstanceOf(TransportException.class);
                release.countDown();

                // the other call's answer must reach its caller: the broken answer was not its
                assertThat(held).succeedsWithin(Duration.ofSeconds(30)).extracting(ApiResponse::status).isEqualTo(200);
                RecordedRequest first = h2.takeRequest();
                RecordedRequest second = h2.takeRequest();
                assertThat(second.getConnectionIndex()).as(first + " / " + second + " " + first.getExchangeIndex() + " " + second.getExchangeIndex()).isEqualTo(first.getConnectionIndex());
            }
        }
    }
}
