package dev.verifykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockSession;
import dev.verifykit.mock.MockJournalQuery;
import dev.verifykit.mock.MockServer;
import dev.verifykit.sse.DockSessionStreams;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;

/**
 * The relay in a real browser: a page of the integrator's app follows a session with
 * {@code EventSource} through the relay while the same browser completes the session on the mock's
 * Dock verify page. Everything the browser received (the page's collected events, its DOM, and every
 * byte the app's server sent) is checked for the API key.
 */
@ExtendWith(ChromiumAvailable.class)
class BrowserRelayTest {
    private static final String KEY = DockFixture.KEY;

    private DockFixture fixture;
    private MockServer mock;
    private DockClient dock;
    private DockRelay relay;
    private Container container;
    private Chromium chromium;

    @AfterEach
    void stop() throws Exception {
        DockFixture.closeAll(chromium, container, relay, fixture);
    }

    private void start(Duration streamMax) throws Exception {
        fixture = DockFixture.start(streamMax);
        mock = fixture.mock();
        dock = fixture.dock();
        relay = DockRelay.create(DockSessionStreams.of(dock), RelaySettings.builder()
                .keepAlive(Duration.ofMillis(500)).build());
        container = Container.start(c -> {
            c.map("/verifykit/dock/sessions/*", new DockRelayServlet(relay, (request, id) -> true));
            c.map("/relay.html", new RelayPageServlet());
        });
        chromium = Chromium.start();
    }

    private DockSession create() {
        return dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("user_42").build());
    }

    private String statusText() {
        return chromium.driver.findElement(By.id("status")).getText();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> received() {
        return (List<Map<String, Object>>) chromium.driver.executeScript("return window.received;");
    }

    private long counter(String name) {
        return ((Number) chromium.driver.executeScript("return window." + name + ";")).longValue();
    }

    private void assertTheKeyNeverReachedTheBrowser() {
        assertThat(String.valueOf(chromium.driver.executeScript("return JSON.stringify(window.received);")))
                .contains("\"status\\\":").doesNotContain(KEY);
        assertThat(chromium.driver.getPageSource()).doesNotContain(KEY);
        assertThat(container.sent()).contains("event: session").doesNotContain(KEY).doesNotContain("Bearer");
    }

    @Test
    void thePageFollowsTheSessionWhileTheSameBrowserCompletesItOnTheVerifyPage() throws Exception {
        start(Duration.ofSeconds(30));
        DockSession session = create();
        chromium.driver.get(container.url("/relay.html?session=" + session.id()));
        chromium.waiting().until(d -> statusText().equals("pending"));
        String relayTab = chromium.driver.getWindowHandle();

        chromium.driver.switchTo().newWindow(WindowType.TAB);
        chromium.driver.get(session.verifyUrl());
        chromium.fill(By.id("discordId"), "123456789012345678");
        chromium.fill(By.id("robloxId"), "156319135");
        chromium.click(By.cssSelector("button[type=submit]"));
        chromium.awaitHeading("Result");
        chromium.screenshot("dock-verify-page-completed");

        chromium.driver.switchTo().window(relayTab);
        chromium.waiting().until(d -> statusText().equals("completed"));
        chromium.screenshot("relay-page-completed");

        assertThat(chromium.driver.findElement(By.id("result")).getText())
                .isEqualTo("Discord 123456789012345678 is linked to Roblox 156319135");
        List<Map<String, Object>> events = received();
        assertThat(events).extracting(e -> e.get("type")).containsExactly("session", "session");
        assertThat(events.get(0).get("data").toString()).contains("\"status\":\"pending\"", "\"clientId\":\"user_42\"");
        assertThat(events.get(1).get("data").toString()).contains("\"status\":\"completed\"");
        assertThat(counter("opens")).isEqualTo(1);
        assertTheKeyNeverReachedTheBrowser();
    }

    @Test
    void upstreamReconnectsAfterTheStreamMaximumAreInvisibleToThePage() throws Exception {
        start(Duration.ofMillis(800));
        DockSession session = create();
        chromium.driver.get(container.url("/relay.html?session=" + session.id()));
        chromium.waiting().until(d -> statusText().equals("pending"));

        chromium.waiting().until(d -> mock.journal().find(MockJournalQuery.all()
                .path("/dock/v2/sessions/" + session.id() + "/stream")).size() >= 3);
        assertThat(statusText()).isEqualTo("pending");
        mock.dock().complete(session.id(), "223456789012345678", "256319135");
        chromium.waiting().until(d -> statusText().equals("completed"));
        chromium.screenshot("relay-page-after-upstream-reconnects");

        assertThat(received()).extracting(e -> e.get("type")).containsExactly("session", "session");
        assertThat(counter("opens")).isEqualTo(1);
        assertThat(counter("errors")).isZero();
        assertTheKeyNeverReachedTheBrowser();
    }
}
