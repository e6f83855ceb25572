package dev.verifykit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dock.DockClient;
import java.time.Duration;
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

    @Test
    void requestOptionsRefuseBadValuesNamingTheField() {
        assertThatThrownBy(() -> RequestOptions.builder().timeout(Duration.ZERO).build()).hasMessageStartingWith("timeout:");
        assertThatThrownBy(() -> RequestOptions.builder().maxRetries(11).build()).hasMessageStartingWith("maxRetries:");
        assertThatThrownBy(() -> RequestOptions.builder().header("Bad Name", "x").build()).hasMessageStartingWith("headers:");
        assertThatThrownBy(() -> RequestOptions.builder().header("X-Ok", "a\r\nInjected: 1").build()).hasMessageStartingWith("headers:");
        assertThatThrownBy(() -> RequestOptions.builder().header("X-Ok", null).build()).hasMessageStartingWith("headers:");
        assertThat(RequestOptions.builder().idempotencyKey((IdempotencyKey) null).build().idempotencyKey())
                .as("an optional value set to null is unset").isEmpty();
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
    }

    @Test
    void retryAfterHintsAreClampedAndJittered() {
        RetryPolicy policy = RetryPolicy.builder().maxRetryAfter(Duration.ofSeconds(30)).random(new Random(7)).build();
        assertThat(policy.afterHint(Duration.ofSeconds(3))).isBetween(Duration.ofSeconds(3), Duration.ofMillis(3500));
        assertThat(policy.afterHint(Duration.ofHours(1))).isBetween(Duration.ofSeconds(30), Duration.ofMillis(30_500));
        assertThat(policy.afterHint(Duration.ofSeconds(-5))).isBetween(Duration.ZERO, Duration.ofMillis(500));
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
