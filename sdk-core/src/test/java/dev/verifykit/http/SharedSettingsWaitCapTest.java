package dev.verifykit.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/**
 * {@link HttpSettings#maxConcurrentWaits()}: "by default 16,384 when waits run on virtual threads
 * (Java 21+, no {@code waitExecutor()} given), else 4,096". Settings shared between clients
 * ({@code httpSettings(shared)}, README's way to share one configuration) and a client's own
 * executor kept the 16,384 of the shared settings' default ({@code toBuilder()} copies a default as
 * a value set): an executor of the application's platform threads was handed four times the waits
 * the SDK allows one. Only on Java 21+ (on 17 both defaults are 4,096).
 */
@EnabledForJreRange(min = JRE.JAVA_21)
class SharedSettingsWaitCapTest {
    private final ExecutorService mine = Executors.newCachedThreadPool();

    @AfterEach
    void shutDown() {
        mine.shutdown();
    }

    /** A client builder, to see the settings a client is built with. */
    private static final class Settings extends ClientBuilder<Settings> {
        @Override
        protected Settings self() {
            return this;
        }

        HttpSettings built() {
            return httpSettings();
        }
    }

    @Test
    void sharedSettingsDefaultFollowsTheClientsOwnExecutor() {
        HttpSettings shared = HttpSettings.builder().build();
        assertThat(shared.maxConcurrentWaits()).as("virtual threads' default").isEqualTo(16_384);

        HttpSettings client = new Settings().httpSettings(shared).waitExecutor(mine).built();

        assertThat(client.maxConcurrentWaits()).as("the caller's executor: the 4,096 default").isEqualTo(4096);
        assertThat(new Settings().httpSettings(client).waitExecutor(null).built().maxConcurrentWaits())
                .as("shared again, the executor taken back").isEqualTo(16_384);
        assertThat(new Settings().waitExecutor(mine).httpSettings(shared).built().maxConcurrentWaits())
                .as("the shared settings replace every setting").isEqualTo(16_384);
    }

    @Test
    void aValueTheApplicationSetIsKeptWhateverTheExecutor() {
        HttpSettings shared = HttpSettings.builder().maxConcurrentWaits(10_000).build();
        assertThat(new Settings().httpSettings(shared).waitExecutor(mine).built().maxConcurrentWaits()).isEqualTo(10_000);
        HttpSettings defaulted = HttpSettings.builder().build();
        assertThat(new Settings().httpSettings(defaulted).maxConcurrentWaits(16_384).waitExecutor(mine).built()
                .maxConcurrentWaits()).isEqualTo(16_384);
        assertThat(new Settings().waitExecutor(mine).built().maxConcurrentWaits()).isEqualTo(4096);
    }
}
