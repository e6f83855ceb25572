package dev.verifykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dokai.CreateKycSessionParams;
import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.dokai.KycSession;
import dev.verifykit.dokai.KycStatus;
import dev.verifykit.mock.DokaiSettings;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.mock.MockWebhookDelivery;
import dev.verifykit.webhook.DokaiWebhookEvent;
import dev.verifykit.webhook.WebhookVerifier;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * The mock's pages used by clicking, as a person would: Dokai's hosted page (its finish sends the
 * webhook to a {@link WebhookServlet} in a real container) and Dock's verify page. A screenshot of
 * each is kept under target/screenshots.
 */
@ExtendWith(ChromiumAvailable.class)
class MockPagesBrowserTest {
    private MockServer mock;
    private Container container;
    private Chromium chromium;

    @AfterEach
    void stop() throws Exception {
        DockFixture.closeAll(chromium, container, mock);
    }

    @Test
    void dokaisHostedPageIsCompletedByClickingAndItsWebhookIsHandled() throws Exception {
        // a minute for the container's answer, not the mock's 5 s: with a browser beside it on a loaded
        // machine, a first request answered later would be logged -1, not 200
        mock = MockServer.start(MockSettings.builder()
                .dokai(DokaiSettings.builder().deliveryTimeout(Duration.ofMinutes(1)).build()).build());
        BlockingQueue<DokaiWebhookEvent> handled = new LinkedBlockingQueue<>();
        container = Container.start(c -> c.map("/verifykit/dokai/webhook", new WebhookServlet(
                WebhookVerifier.builder().secret(mock.settings().dokai().webhookSecret()).build(), handled::add)));
        chromium = Chromium.start();
        try (DokaiClient dokai = DokaiClient.builder().apiKey(mock.settings().dokai().apiKey())
                .baseUrl(mock.dokaiBaseUrl()).build()) {
            KycSession created = dokai.verifySessions().create(CreateKycSessionParams.builder()
                    .webhookUrl(container.url("/verifykit/dokai/webhook")).build());

            chromium.driver.get(created.url().orElseThrow());
            chromium.click(By.xpath("//button[text()='Upload document']"));
            chromium.click(By.xpath("//button[text()='Take selfie']"));
            chromium.click(By.xpath("//button[text()='Finish: verified']"));
            chromium.awaitHeading("Result");
            assertThat(Files.size(chromium.screenshot("dokai-hosted-page-verified"))).isPositive();

            assertThat(chromium.driver.findElement(By.tagName("body")).getText()).contains("Face matched");
            assertThat(dokai.verifySessions().retrieve(created.id()).status().value()).isEqualTo(KycStatus.VERIFIED);
            assertThat(handled.poll(20, TimeUnit.SECONDS)).isInstanceOfSatisfying(DokaiWebhookEvent.Completed.class,
                    c -> assertThat(c.session().id()).isEqualTo(created.id()));
            List<MockWebhookDelivery> deliveries = mock.dokai().awaitDeliveries(1, Duration.ofSeconds(20));
            assertThat(deliveries).extracting(MockWebhookDelivery::status).containsExactly(200);
        }
    }

    @Test
    void docksVerifyPageIsCompletedByFillingAndSubmittingTheForm() throws Exception {
        mock = MockServer.start();
        chromium = Chromium.start();
        try (DockClient dock = DockClient.builder().apiKey(mock.settings().dock().freeApiKey())
                .baseUrl(mock.dockBaseUrl()).build()) {
            DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                    .clientId("user_7").build());

            chromium.driver.get(session.verifyUrl());
            chromium.fill(By.id("discordId"), "323456789012345678");
            chromium.fill(By.id("robloxId"), "356319135");
            chromium.click(By.cssSelector("button[type=submit]"));
            chromium.awaitHeading("Result");
            assertThat(Files.size(chromium.screenshot("dock-verify-page-completed-by-form"))).isPositive();

            assertThat(chromium.driver.findElement(By.tagName("body")).getText())
                    .contains("323456789012345678", "356319135");
            DockSession done = dock.sessions().retrieve(session.id());
            assertThat(done.isCompleted()).isTrue();
            assertThat(done.result()).hasValueSatisfying(r -> {
                assertThat(r.discordId()).isEqualTo("323456789012345678");
                assertThat(r.robloxId()).isEqualTo("356319135");
            });
        }
    }
}
