package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.time.Scheduler;
import dev.verifykit.webhook.WebhookHandler;
import dev.verifykit.webhook.WebhookVerifier;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * README, Spring Boot: a customizer changes a client's builder, and a {@code Scheduler} "of yours" may
 * be given to a client or a verifier. The starter's webhook endpoint kept its verifier's timer as a
 * bean of type {@code Scheduler} ({@code SystemScheduler}, an internal class): an application with a
 * {@code Scheduler} bean of its own, injected by type into a customizer, failed to start as soon as
 * {@code verifykit.dokai.webhook.enabled=true} (two candidates), and an application injecting
 * {@code Scheduler} without one of its own got the starter's internal timer.
 */
class WebhookTimerIsNoSchedulerBeanTest {
    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(VerifyKitAutoConfiguration.class,
                    VerifyKitStreamsAutoConfiguration.class, VerifyKitServletAutoConfiguration.class))
            .withPropertyValues("verifykit.dokai.webhook.enabled=true", "verifykit.dokai.webhook.secret=whsec_timer_test",
                    "verifykit.dock.api-key=dock_test_timer", "verifykit.dock.base-url=http://127.0.0.1:9/dock")
            .withBean(WebhookHandler.class, () -> event -> {});

    @Configuration(proxyBeanMethods = false)
    static class YourScheduler {
        static final Scheduler MINE = Scheduler.system();

        @Bean
        Scheduler yourScheduler() {
            return MINE;
        }

        @Bean
        DockClientCustomizer onYourScheduler(Scheduler scheduler) {
            return builder -> builder.scheduler(scheduler);
        }
    }

    @Test
    void aSchedulerBeanOfYourOwnStaysTheOnlyOneWithTheWebhookEnabled() {
        web.withUserConfiguration(YourScheduler.class).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(WebhookVerifier.class);
            assertThat(context.getBean(Scheduler.class)).isSameAs(YourScheduler.MINE);
        });
    }

    @Test
    void theWebhooksTimerIsNotOfferedAsAScheduler() {
        web.run(context -> assertThat(context).hasNotFailed().hasSingleBean(WebhookVerifier.class)
                .doesNotHaveBean(Scheduler.class));
    }

    /**
     * The verifier's timer (which extends a claim while a handler runs) "ended with the context": closed,
     * a task given to it runs at once rather than at its time (a day here).
     */
    @Test
    void theWebhooksTimerEndsWithTheContext() throws Exception {
        VerifyKitAutoConfiguration.WebhookTimer[] timer = new VerifyKitAutoConfiguration.WebhookTimer[1];
        web.run(context -> timer[0] = context.getBean(VerifyKitAutoConfiguration.WebhookTimer.class));
        CountDownLatch ran = new CountDownLatch(1);

        timer[0].scheduler().schedule(Duration.ofDays(1), ran::countDown);

        assertThat(ran.await(30, TimeUnit.SECONDS)).as("the timer was closed with the context").isTrue();
    }
}
