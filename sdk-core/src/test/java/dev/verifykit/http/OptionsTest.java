package dev.verifykit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.StreamSettings;
import dev.verifykit.error.ValidationException;
import dev.verifykit.internal.Require;
import dev.verifykit.poll.WaitOptions;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OptionsTest {
    @Test
    void requestOptionsKeepWhatWasSet() {
        RequestOptions options = RequestOptions.builder().timeout(Duration.ofSeconds(3)).maxRetries(0)
                .idempotencyKey("k-1").header("X-Trace", "abc").build();
        assertThat(options.timeout()).contains(Duration.ofSeconds(3));
        assertThat(options.maxRetries()).hasValue(0);
        assertThat(options.idempotencyKey()).contains(IdempotencyKey.of("k-1"));
        assertThat(options.headers()).containsEntry("X-Trace", "abc");
        assertThat(RequestOptions.none().timeout()).isEmpty();
        assertThat(RequestOptions.none().maxRetries()).isEmpty();
    }

    /**
     * A header's name has no case: two spellings were kept as two headers (printed and compared as two)
     * of which the HTTP client sent one, which one depending on the order given; refused now, naming both.
     */
    @Test
    void aHeaderGivenAgainInAnotherCaseIsRefused() {
        assertThatThrownBy(() -> RequestOptions.builder().header("X-Trace", "a").header("x-trace", "b").build())
                .isInstanceOf(ValidationException.class)
                .hasMessage("headers: x-trace is given twice, also as X-Trace (a header's name has no case): give it once");
        assertThat(RequestOptions.builder().header("X-Trace", "a").header("X-Trace", "b").build().headers())
                .as("the same spelling replaces").isEqualTo(Map.of("X-Trace", "b"));
    }

    /**
     * {@code Cache-Control: only-if-cached} is a header OkHttp acts on itself: with no cache it never
     * sends the request and makes up a 504 answer, which the client reported as the service's
     * ({@code ServerException} "dock: HTTP 504") and retried as a transient failure, though nothing
     * ever reached Dock. It is refused with the headers that frame, route or encode the request, in
     * every form OkHttp reads as one (a directive ends at {@code =}, {@code ,} or {@code ;}; {@code Pragma}
     * is read too).
     */
    @Test
    void aCacheControlTheHttpClientAnswersItselfIsRefused() {
        for (String value : new String[] {"only-if-cached", "max-age=0, ONLY-IF-CACHED", "no-cache;only-if-cached",
            "only-if-cached=1", "max-age=0 ;only-if-cached"}) {
            assertThat(okhttp3.CacheControl.parse(okhttp3.Headers.of("Cache-Control", value)).onlyIfCached())
                    .as("OkHttp reads '%s' as only-if-cached", value).isTrue();
            assertThatThrownBy(() -> RequestOptions.builder().header("cache-control", value).build())
                    .as(value).isInstanceOf(ValidationException.class).hasMessageStartingWith("headers:");
        }
        assertThatThrownBy(() -> RequestOptions.builder().header("Pragma", "only-if-cached").build())
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("headers:");
        assertThat(RequestOptions.builder().header("Cache-Control", "no-cache").build().headers())
                .containsEntry("Cache-Control", "no-cache");
    }

    @Test
    void requestOptionsRefuseBadValuesNamingTheField() {
        assertThatThrownBy(() -> RequestOptions.builder().timeout(Duration.ZERO).build()).hasMessageStartingWith("timeout:");
        assertThatThrownBy(() -> RequestOptions.builder().maxRetries(11).build()).hasMessageStartingWith("maxRetries:");
        assertThatThrownBy(() -> RequestOptions.builder().header("Bad Name", "x").build()).hasMessageStartingWith("headers:");
        assertThatThrownBy(() -> RequestOptions.builder().header("X-Ok", "a\r\nInjected: 1").build()).hasMessageStartingWith("headers:");
        assertThatThrownBy(() -> RequestOptions.builder().header("X-Ok", null).build()).hasMessageStartingWith("headers:");
        assertThatThrownBy(() -> RequestOptions.builder().headers(java.util.Collections.singletonMap("X-Ok", null)).build())
                .as("a null value in a map").hasMessageStartingWith("headers:");
        assertThatThrownBy(() -> RequestOptions.builder().headers(null))
                .as("a null map, as the builder's Javadoc says").isInstanceOf(NullPointerException.class);
        assertThat(RequestOptions.builder().idempotencyKey((IdempotencyKey) null).build().idempotencyKey())
                .as("an optional value set to null is unset").isEmpty();
    }

    /**
     * A create sent its own key (the caller's {@code idempotencyKey} or a random one) in place of a
     * key given as a header: a create sent again after a restart with the same header made a second
     * session. Refused where it is given, naming the option to use.
     */
    @Test
    void anIdempotencyKeyIsGivenAsTheOptionNotAsAHeader() {
        for (String name : new String[] {"Idempotency-Key", "idempotency-key"}) {
            assertThatThrownBy(() -> RequestOptions.builder().header(name, "signup-user_123").build()).as(name)
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("headers"))
                    .hasMessageContaining("idempotencyKey(");
        }
    }

    @Test
    void headersThatFrameRouteOrEncodeTheRequestAreTheTransports() {
        for (String name : new String[] {"Host", "content-length", "Transfer-Encoding", "TE", "Trailer", "Connection",
                "Keep-Alive", "Upgrade", "Proxy-Connection", "Accept-Encoding", "CONTENT-ENCODING", "Expect"}) {
            assertThatThrownBy(() -> RequestOptions.builder().header(name, "1").build())
                    .as(name).isInstanceOf(ValidationException.class)
                    .hasMessage("headers: " + name + " is set by the transport (it frames, routes or encodes the "
                            + "request) and cannot be given");
        }
        assertThat(RequestOptions.builder().header("X-Content-Length", "1").header("Accept", "application/json")
                .build().headers()).containsOnlyKeys("X-Content-Length", "Accept");
    }

    @Test
    void aCallRetriesAfterAHintOfAtMostMaxRetryAfter() {
        RetryPolicy policy = RetryPolicy.builder().maxRetryAfter(Duration.ofSeconds(30)).build();
        assertThat(policy.retriesAfter(Duration.ZERO)).isTrue();
        assertThat(policy.retriesAfter(Duration.ofSeconds(30))).isTrue();
        assertThat(policy.retriesAfter(Duration.ofSeconds(30).plusNanos(1))).isFalse();
        assertThat(policy.retriesAfter(Duration.ofHours(1))).isFalse();
        assertThatThrownBy(() -> policy.retriesAfter(null)).isInstanceOf(ValidationException.class)
                .hasMessage("retryAfter: must not be null");
        assertThatThrownBy(() -> policy.afterHint(null)).isInstanceOf(ValidationException.class)
                .hasMessage("retryAfter: must not be null");
    }

    @Test
    void backoffIsFullJitterUnderADoublingCap() {
        RetryPolicy top = RetryPolicy.builder().random(new Random() {
            @Override
            public double nextDouble() {
                return 0.999999;
            }
        }).build();
        assertThat(top.backoff(1)).isBetween(Duration.ofMillis(499), Duration.ofMillis(500));
        assertThat(top.backoff(2)).isBetween(Duration.ofMillis(999), Duration.ofMillis(1000));
        assertThat(top.backoff(4)).isBetween(Duration.ofMillis(3999), Duration.ofMillis(4000));
        assertThat(top.backoff(5)).isBetween(Duration.ofMillis(7999), Duration.ofSeconds(8));
        assertThat(top.backoff(50)).isBetween(Duration.ofMillis(7999), Duration.ofSeconds(8));

        RetryPolicy seeded = RetryPolicy.builder().random(new Random(42)).build();
        for (int retry = 1; retry < 10; retry++) {
            assertThat(seeded.backoff(retry)).isBetween(Duration.ZERO, Duration.ofSeconds(8));
        }

        // before: 10 s doubled 30 times passed a long, and the "cap" came out negative
        RetryPolicy slow = top.toBuilder().baseDelay(Duration.ofSeconds(10)).maxDelay(Duration.ofMinutes(5)).build();
        for (int retry : new int[] {30, 31, 35, 1000}) {
            assertThat(slow.backoff(retry)).isBetween(Duration.ofMillis(299_999), Duration.ofMinutes(5));
        }
    }

    @Test
    void durationsLongerThanTheClockCanCountAreRefusedNamingTheField() {
        Duration forever = ChronoUnit.FOREVER.getDuration();
        Duration millennium = Duration.ofDays(365L * 1000);
        // before: an ArithmeticException ("long overflow") at the call, or OkHttp's "timeout too large"
        for (Duration tooLong : new Duration[] {forever, millennium, Require.LONGEST.plusSeconds(1)}) {
            assertThatThrownBy(() -> RequestOptions.builder().timeout(tooLong).build()).isInstanceOf(ValidationException.class)
                    .hasMessageStartingWith("timeout: must be at most 999999999 s, about 31.7 years (was ");
            assertThatThrownBy(() -> WaitOptions.builder().timeout(tooLong).build())
                    .hasMessageStartingWith("timeout: must be at most 999999999 s");
            assertThatThrownBy(() -> DockClient.builder().apiKey("dock_test_free").createTokenWait(tooLong).build())
                    .hasMessageStartingWith("createTokenWait: must be at most 999999999 s");
            assertThatThrownBy(() -> DockClient.builder().apiKey("dock_test_free").readTimeout(tooLong).build())
                    .isInstanceOf(ValidationException.class).hasMessageStartingWith("readTimeout: must be at most");
        }
        assertThat(RequestOptions.builder().timeout(Require.LONGEST).build().timeout()).contains(Require.LONGEST);
        // OkHttp takes timeouts of at most Integer.MAX_VALUE ms
        Duration month = Duration.ofDays(30);
        assertThatThrownBy(() -> DockClient.builder().apiKey("dock_test_free").callTimeout(month).build())
                .isInstanceOf(ValidationException.class)
                .hasMessage("callTimeout: must be at most 2147483647 ms, about 24.8 days, OkHttp's longest timeout (was 2592000 s)");
        assertThatThrownBy(() -> DockClient.builder().apiKey("dock_test_free").connectTimeout(month).build())
                .hasMessageStartingWith("connectTimeout: must be at most 2147483647 ms");
        assertThatThrownBy(() -> StreamSettings.builder().readTimeout(month).build())
                .hasMessageStartingWith("readTimeout: must be at most 2147483647 ms");
        DockClient.builder().apiKey("dock_test_free").callTimeout(Require.LONGEST_HTTP_TIMEOUT).build().close();
    }

    /**
     * A positive HTTP timeout under a millisecond (500 µs; Spring's {@code read-timeout=500us}) was
     * accepted, then handed to OkHttp as whole milliseconds, 0, which OkHttp takes for no timeout: the
     * connect or read waited as long as the call's timeout let it.
     */
    @Test
    void anHttpTimeoutUnderAMillisecondIsRefusedNamingTheSetting() {
        Duration halfAMillisecond = Duration.ofNanos(500_000);
        assertThatThrownBy(() -> DockClient.builder().apiKey("dock_test_free").readTimeout(halfAMillisecond).build())
                .isInstanceOf(ValidationException.class).hasMessage("readTimeout: must be at least 1 ms (was 500000 ns)");
        assertThatThrownBy(() -> DockClient.builder().apiKey("dock_test_free").connectTimeout(halfAMillisecond).build())
                .hasMessageStartingWith("connectTimeout: must be at least 1 ms");
        assertThatThrownBy(() -> DockClient.builder().apiKey("dock_test_free").callTimeout(Duration.ofNanos(1)).build())
                .hasMessageStartingWith("callTimeout: must be at least 1 ms");
        assertThatThrownBy(() -> StreamSettings.builder().readTimeout(Duration.ofNanos(999_999)).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("readTimeout"));
        assertThat(StreamSettings.builder().readTimeout(Duration.ofMillis(1)).build().readTimeout()).contains(Duration.ofMillis(1));
        DockClient.builder().apiKey("dock_test_free").readTimeout(Duration.ofMillis(1)).build().close();
    }

    @Test
    void retryAfterHintsAreClampedAndJittered() {
        RetryPolicy policy = RetryPolicy.builder().maxRetryAfter(Duration.ofSeconds(30)).random(new Random(7)).build();
        assertThat(policy.afterHint(Duration.ofSeconds(3))).isBetween(Duration.ofSeconds(3), Duration.ofMillis(3500));
        assertThat(policy.afterHint(Duration.ofHours(1))).isBetween(Duration.ofSeconds(30), Duration.ofMillis(30_500));
        assertThat(policy.afterHint(Duration.ofSeconds(-5))).isBetween(Duration.ZERO, Duration.ofMillis(500));
    }

    /**
     * RetryPolicy: "the wait is that value (at least 0) plus a jitter of up to baseDelay, so that many
     * clients told the same instant do not all return at once".
     */
    @Test
    void aRetryAfterHintGetsAJitterOfUpToTheBaseDelay() {
        RetryPolicy halfway = RetryPolicy.builder().baseDelay(Duration.ofSeconds(2)).random(new Random() {
            @Override
            public double nextDouble() {
                return 0.5;
            }
        }).build();

        assertThat(halfway.afterHint(Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(4));
        assertThat(halfway.afterHint(Duration.ZERO)).isEqualTo(Duration.ofSeconds(1));
    }

    /** RetryPolicy: "Two retries, 0.5 s base, 8 s cap, Retry-After honoured up to 30 s"; a cap "not shorter than the base delay". */
    @Test
    void retryPolicyDefaultsAreTheDocumentedOnesAndACapEqualToTheBaseIsAccepted() {
        RetryPolicy defaults = RetryPolicy.defaults();
        assertThat(defaults.maxRetries()).isEqualTo(2);
        assertThat(defaults.baseDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(defaults.maxDelay()).isEqualTo(Duration.ofSeconds(8));
        assertThat(defaults.maxRetryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryPolicy.builder().build().maxRetries()).isEqualTo(2);

        RetryPolicy flat = RetryPolicy.builder().baseDelay(Duration.ofSeconds(1)).maxDelay(Duration.ofSeconds(1)).build();
        assertThat(flat.maxDelay()).isEqualTo(flat.baseDelay());
    }

    @Test
    void retryPolicyRefusesBadValues() {
        assertThatThrownBy(() -> RetryPolicy.builder().maxRetries(-1).build()).hasMessageStartingWith("maxRetries:");
        assertThatThrownBy(() -> RetryPolicy.builder().baseDelay(Duration.ZERO).build()).hasMessageStartingWith("baseDelay:");
        assertThatThrownBy(() -> RetryPolicy.builder().baseDelay(Duration.ofSeconds(9)).build())
                .hasMessageStartingWith("maxDelay:");
        RetryPolicy policy = RetryPolicy.builder().maxRetries(4).build();
        assertThat(policy.toBuilder().build().maxRetries()).isEqualTo(4);
        assertThat(RetryPolicy.none().maxRetries()).isZero();
        assertThat(policy.toString()).contains("maxRetries=4");
    }

    @Test
    void aBuilderHoldsAnyValueUntilBuildChecksThem() {
        RetryPolicy.Builder retry = RetryPolicy.builder().maxRetries(-1);
        assertThatThrownBy(retry::build).hasMessageStartingWith("maxRetries:");
        assertThat(retry.maxRetries(3).build().maxRetries()).isEqualTo(3);
        DockClient.Builder client = DockClient.builder().apiKey("k").connectTimeout(Duration.ZERO);
        assertThatThrownBy(client::build).hasMessageStartingWith("connectTimeout:");
        assertThatThrownBy(() -> DockClient.builder().apiKey("k").maxRetries(11).build())
                .hasMessageStartingWith("maxRetries:");
    }

    @Test
    void aClientBuilderRefusesANullProxyCredentialOrSettingsAtBuildNamingIt() {
        // the setters threw: proxyAuthentication a ValidationException, httpSettings a NullPointerException
        DockClient.Builder noUser = DockClient.builder().apiKey("k").proxyAuthentication(null, "secret");
        assertThatThrownBy(noUser::build).isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("proxyAuthentication.username:");
        DockClient.Builder noPassword = DockClient.builder().apiKey("k").proxyAuthentication("user", null);
        assertThatThrownBy(noPassword::build).isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("proxyAuthentication.password:");
        DockClient.Builder noSettings = DockClient.builder().apiKey("k").httpSettings(null);
        assertThatThrownBy(noSettings::build).isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("httpSettings:");

        // filled in any order: a later value replaces the one refused
        try (DockClient dock = noUser.proxyAuthentication("user", "secret").build()) {
            assertThat(dock).isNotNull();
        }
        try (DockClient dock = noSettings.httpSettings(HttpSettings.defaults()).build()) {
            assertThat(dock).isNotNull();
        }
        try (DockClient dock = DockClient.builder().apiKey("k").proxyAuthentication(null, null)
                .httpSettings(HttpSettings.defaults()).build()) {
            assertThat(dock).as("httpSettings replaces every HTTP setting, the proxy's credentials included").isNotNull();
        }
    }

    @Test
    void httpSettingsRefuseBadValuesNamingTheField() {
        assertThatThrownBy(() -> HttpSettings.builder().readTimeout(Duration.ofSeconds(-1)).build()).hasMessageStartingWith("readTimeout:");
        assertThatThrownBy(() -> HttpSettings.builder().connectTimeout(null).build()).hasMessageStartingWith("connectTimeout:");
        assertThatThrownBy(() -> HttpSettings.builder().maxConcurrentWaits(0).build()).hasMessageStartingWith("maxConcurrentWaits:");
        assertThatThrownBy(() -> HttpSettings.builder().maxResponseBytes(10).build()).hasMessageStartingWith("maxResponseBytes:");
        HttpSettings settings = HttpSettings.builder().callTimeout(Duration.ofSeconds(5)).build();
        assertThat(settings.toBuilder().build().callTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(HttpSettings.defaults().readTimeout()).isEqualTo(Duration.ofSeconds(30));
    }
}
