package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.mock.MockJournalEntry;
import dev.verifykit.mock.MockServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * README, Spring Boot: the customizers "run after the properties, in {@code @Order} order"; the class
 * Javadoc: the properties, then every {@link VerifyKitClientCustomizer}, then the client's own
 * ({@link DockClientCustomizer}). Each one here records its turn and sets the base URL; the beans are
 * declared in the reverse of their order, the client's own before the shared ones, so that only the
 * documented order has the last one's URL (the mock's) win over the property's (a closed port) and the
 * earlier customizers' (closed ports too).
 */
class CustomizersRunAfterThePropertiesInOrderTest {
    private static final String CLOSED = "http://127.0.0.1:9/dock";
    static final List<String> TURNS = new CopyOnWriteArrayList<>();
    static volatile String mockUrl;

    @Configuration(proxyBeanMethods = false)
    static class Customizers {
        @Bean
        @Order(2)
        DockClientCustomizer ownSecond() {
            return builder -> {
                TURNS.add("own 2");
                builder.baseUrl(mockUrl);
            };
        }

        @Bean
        @Order(1)
        DockClientCustomizer ownFirst() {
            return builder -> {
                TURNS.add("own 1");
                builder.baseUrl(CLOSED + "/own-first");
            };
        }

        @Bean
        @Order(2)
        VerifyKitClientCustomizer sharedSecond() {
            return builder -> {
                TURNS.add("shared 2");
                builder.baseUrl(CLOSED + "/shared-second");
            };
        }

        @Bean
        @Order(1)
        VerifyKitClientCustomizer sharedFirst() {
            return builder -> {
                TURNS.add("shared 1");
                builder.baseUrl(CLOSED + "/shared-first");
            };
        }
    }

    @Test
    void theSharedCustomizersThenTheClientsOwnRunInOrderAfterTheProperties() {
        TURNS.clear();
        try (MockServer mock = MockServer.start()) {
            mockUrl = mock.dockBaseUrl();
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(VerifyKitAutoConfiguration.class))
                    .withPropertyValues("verifykit.dock.api-key=dock_test_free", "verifykit.dock.base-url=" + CLOSED,
                            "verifykit.dock.max-retries=0")
                    .withUserConfiguration(Customizers.class)
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        assertThat(TURNS).containsExactly("shared 1", "shared 2", "own 1", "own 2");
                        assertThat(context.getBean(DockClient.class).sessions().create(CreateSessionParams.builder()
                                .pid("PID-FREE0001").clientId("user_1").build()).id()).startsWith("vsn_");
                    });
            assertThat(mock.journal().entries()).extracting(MockJournalEntry::method).containsExactly("POST");
        }
    }
}
