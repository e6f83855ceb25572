package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * "A verifykit.dock.*, verifykit.dokai.* or verifykit.roblox.* property the starter does not know (a
 * misspelt api-kye) fails the start ... rather than being ignored" (README), with
 * {@code spring.main.lazy-initialization} too. The misspelt key leaves the client unmade, so nothing
 * asked for the lazy properties bean, the names were never bound, and the application started without
 * its client and without a word.
 */
class MisspeltPropertyUnderLazyInitializationTest {
    private final ApplicationContextRunner lazy = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(VerifyKitAutoConfiguration.class))
            .withBean(LazyInitializationBeanFactoryPostProcessor.class);

    @Test
    void aMisspeltKeyOfEachServiceFailsTheStart() {
        lazy.withPropertyValues("verifykit.dock.api-kye=dock_test_free_not_to_be_shown")
                .run(context -> assertThat(context).hasFailed());
        lazy.withPropertyValues("verifykit.dokai.api-kye=dk_test_not_to_be_shown")
                .run(context -> assertThat(context).hasFailed());
        lazy.withPropertyValues("verifykit.roblox.base-ulr=http://127.0.0.1:9/roblox")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void knownPropertiesStillStart() {
        lazy.withPropertyValues("verifykit.dock.api-key=dock_test_free_not_to_be_shown", "verifykit.dokai.webhook.enabled=false")
                .run(context -> assertThat(context).hasNotFailed());
    }
}
