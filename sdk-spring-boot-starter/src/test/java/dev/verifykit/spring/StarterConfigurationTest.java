package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockPlan;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.GuardrailStore;
import dev.verifykit.dock.SessionStreams;
import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.error.ClientClosedException;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.event.WebhookRefusal;
import dev.verifykit.mock.MockJournalEntry;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.mock.RobloxSettings;
import dev.verifykit.roblox.RobloxGameServerClient;
import dev.verifykit.roblox.RobloxVerificationClient;
import dev.verifykit.roblox.VerificationStart;
import dev.verifykit.roblox.VerificationStatus;
import dev.verifykit.servlet.DockRelay;
import dev.verifykit.servlet.DockRelayServlet;
import dev.verifykit.servlet.RelayAuthorizer;
import dev.verifykit.servlet.WebhookServlet;
import dev.verifykit.spring.internal.InvalidVerifyKitPropertyException;
import dev.verifykit.spring.internal.InvalidVerifyKitPropertyFailureAnalyzer;
import dev.verifykit.spring.internal.UnknownVerifyKitPropertyFailureAnalyzer;
import dev.verifykit.sse.DockSessionStreams;
import dev.verifykit.time.Scheduler;
import dev.verifykit.webhook.ReplayGuard;
import dev.verifykit.webhook.WebhookHandler;
import dev.verifykit.webhook.WebhookOutcome;
import dev.verifykit.webhook.WebhookSigner;
import dev.verifykit.webhook.WebhookVerifier;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.support.SpringFactoriesLoader;

/** Which beans the starter makes from which properties, and how a wrong setting fails startup. */
class StarterConfigurationTest {
    private static final String DOCK_KEY = "dock_test_free_not_to_be_shown";
    private static final String WEBHOOK_SECRET = "whsec_not_to_be_shown";
    private static final String ROBLOX_SECRET = "roblox_secret_not_to_be_shown";
    private static final AutoConfigurations STARTER = AutoConfigurations.of(VerifyKitAutoConfiguration.class,
            VerifyKitStreamsAutoConfiguration.class, VerifyKitServletAutoConfiguration.class, VerifyKitActuatorAutoConfiguration.class);

    private final ApplicationContextRunner plain = new ApplicationContextRunner().withConfiguration(STARTER);
    private final WebApplicationContextRunner web = new WebApplicationContextRunner().withConfiguration(STARTER);

    @Test
    void withoutCredentialsThereAreNoClientsVerifierOrServlets() {
        web.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(DockClient.class).doesNotHaveBean(DokaiClient.class)
                    .doesNotHaveBean(RobloxVerificationClient.class).doesNotHaveBean(RobloxGameServerClient.class)
                    .doesNotHaveBean(SessionStreams.class).doesNotHaveBean(WebhookVerifier.class)
                    .doesNotHaveBean(DockRelay.class).doesNotHaveBean(ServletRegistrationBean.class);
        });
    }

    @Test
    void aCredentialSetEmptyCountsAsUnset() {
        plain.withPropertyValues("verifykit.dock.api-key=", "verifykit.dokai.api-key=  ", "verifykit.roblox.base-url=")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(DockClient.class)
                        .doesNotHaveBean(DokaiClient.class).doesNotHaveBean(RobloxVerificationClient.class));
    }

    @Test
    void eachClientIsMadeOnlyWhenItsOwnCredentialsAreSet() {
        plain.withPropertyValues("verifykit.dock.api-key=" + DOCK_KEY).run(context -> assertThat(context)
                .hasSingleBean(DockClient.class).hasSingleBean(SessionStreams.class)
                .doesNotHaveBean(DokaiClient.class).doesNotHaveBean(RobloxVerificationClient.class));
        plain.withPropertyValues("verifykit.roblox.base-url=http://127.0.0.1:9/roblox").run(context -> assertThat(context)
                .hasSingleBean(RobloxVerificationClient.class).doesNotHaveBean(RobloxGameServerClient.class)
                .doesNotHaveBean(DockClient.class));
        plain.withPropertyValues("verifykit.roblox.base-url=http://127.0.0.1:9/roblox",
                "verifykit.roblox.verification-secret=" + ROBLOX_SECRET).run(context -> assertThat(context)
                .hasSingleBean(RobloxVerificationClient.class).hasSingleBean(RobloxGameServerClient.class)
                .getBean(RobloxGameServerClient.class).isNotNull());
    }

    @Test
    void theClientsAreClosedWithTheContext() {
        DockClient[] dock = new DockClient[1];
        plain.withPropertyValues("verifykit.dock.api-key=" + DOCK_KEY, "verifykit.dock.base-url=http://127.0.0.1:9/dock")
                .run(context -> dock[0] = context.getBean(DockClient.class));

        assertThatThrownBy(() -> dock[0].sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                .clientId("user_1").build())).isInstanceOf(ClientClosedException.class);
    }

    /**
     * {@code verifykit.roblox.transformer} is both Roblox clients' transformer: set to superjson, they
     * speak to a server using it, their inputs sent in its {@code {"json": …}} envelope (without it,
     * the server refuses them).
     */
    @Test
    void theRobloxTransformerPropertyIsBothRobloxClientsTransformer() {
        try (MockServer mock = MockServer.start(MockSettings.builder()
                .roblox(RobloxSettings.builder().superjson(true).build()).build())) {
            plain.withPropertyValues("verifykit.roblox.base-url=" + mock.robloxBaseUrl(),
                    "verifykit.roblox.verification-secret=" + mock.settings().roblox().verificationSecret(),
                    "verifykit.roblox.transformer=superjson").run(context -> {
                        RobloxVerificationClient roblox = context.getBean(RobloxVerificationClient.class);
                        VerificationStart start = roblox.beginVerification();
                        context.getBean(RobloxGameServerClient.class).completeVerification(start.code(), "156319135");
                        assertThat(roblox.checkVerification(start.sessionId())).isInstanceOf(VerificationStatus.Verified.class);
                    });
            assertThat(mock.journal().entries())
                    .filteredOn(e -> e.path().endsWith(".checkVerification") || e.path().endsWith(".completeVerification"))
                    .extracting(MockJournalEntry::body).hasSize(2).allSatisfy(body -> assertThat(body).startsWith("{\"json\":"));
        }
    }

    @Test
    void aClientBeanOfYourOwnReplacesTheAutoConfiguredOne() {
        DockClient mine = DockClient.builder().apiKey("mine").baseUrl("http://127.0.0.1:9/dock").build();
        try (mine) {
            plain.withPropertyValues("verifykit.dock.api-key=" + DOCK_KEY).withBean(DockClient.class, () -> mine)
                    .run(context -> assertThat(context.getBean(DockClient.class)).isSameAs(mine));
        }
    }

    @Test
    void severalDockClientsOfYourOwnGetStreamsOnlyOverAPrimaryOne() {
        DockClient free = DockClient.builder().apiKey("free").baseUrl("http://127.0.0.1:9/dock").build();
        DockClient premium = DockClient.builder().apiKey("premium").baseUrl("http://127.0.0.1:9/dock").build();
        try (free; premium) {
            // none primary: which one to follow cannot be told, so no streams (and no failed startup)
            plain.withPropertyValues("verifykit.dock.api-key=" + DOCK_KEY)
                    .withBean("free", DockClient.class, () -> free).withBean("premium", DockClient.class, () -> premium)
                    .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(SessionStreams.class)
                            .getBeans(DockClient.class).containsOnlyKeys("free", "premium"));
            plain.withPropertyValues("verifykit.dock.api-key=" + DOCK_KEY)
                    .withBean("free", DockClient.class, () -> free, definition -> definition.setPrimary(true))
                    .withBean("premium", DockClient.class, () -> premium)
                    .run(context -> assertThat(context).hasNotFailed().hasSingleBean(SessionStreams.class));
            // one of your own, without the api-key property: streams over it, and the relay can follow
            web.withPropertyValues("verifykit.dock.relay.enabled=true")
                    .withBean(RelayAuthorizer.class, () -> (request, id) -> true)
                    .withBean("free", DockClient.class, () -> free)
                    .run(context -> assertThat(context).hasNotFailed().hasSingleBean(SessionStreams.class)
                            .hasSingleBean(DockRelay.class));
            // several and none primary: the relay cannot tell which to follow, and says what to set
            web.withPropertyValues("verifykit.dock.relay.enabled=true")
                    .withBean(RelayAuthorizer.class, () -> (request, id) -> true)
                    .withBean("free", DockClient.class, () -> free).withBean("premium", DockClient.class, () -> premium)
                    .run(context -> assertRefused(context, "verifykit.dock.api-key", "primary"));
        }
    }

    @Test
    void aGuardrailStoreBeanOfYourOwnKeepsTheDockClientsGuardrails() {
        List<String> calls = new CopyOnWriteArrayList<>();
        GuardrailStore memory = GuardrailStore.inMemory(Scheduler.system());
        GuardrailStore shared = (GuardrailStore) Proxy.newProxyInstance(GuardrailStore.class.getClassLoader(),
                new Class<?>[] {GuardrailStore.class}, (proxy, method, args) -> {
                    calls.add(method.getName());
                    try {
                        return method.invoke(memory, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        try (MockServer mock = MockServer.start()) {
            plain.withPropertyValues("verifykit.dock.api-key=dock_test_free", "verifykit.dock.base-url=" + mock.dockBaseUrl())
                    .withBean(GuardrailStore.class, () -> shared)
                    .run(context -> {
                        DockClient dock = context.getBean(DockClient.class);
                        DockSession created = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                                .clientId("user_1").build());
                        dock.sessions().retrieve(created.id());
                    });
        }
        assertThat(calls).contains("tryStartCreate", "startRead");
    }

    @Test
    void aBadBaseUrlFailsStartupNamingTheProperty() {
        plain.withPropertyValues("verifykit.dock.api-key=" + DOCK_KEY, "verifykit.dock.base-url=ftp://example.com/dock")
                .run(context -> assertRefused(context, "verifykit.dock.base-url", "http"));
    }

    @Test
    void aKeyThatCannotBeSentFailsStartupNamingThePropertyWithoutQuotingIt() {
        plain.withPropertyValues("verifykit.dokai.api-key=" + DOCK_KEY + "\nsecond-line")
                .run(context -> assertRefused(context, "verifykit.dokai.api-key", "line feed"));
    }

    @Test
    void aGuardrailOutOfRangeFailsStartupNamingItsProperty() {
        plain.withPropertyValues("verifykit.dock.api-key=" + DOCK_KEY, "verifykit.dock.guardrails.min-poll-interval=0s")
                .run(context -> assertRefused(context, "verifykit.dock.guardrails.min-poll-interval", "positive"));
        plain.withPropertyValues("verifykit.dock.api-key=" + DOCK_KEY, "verifykit.dock.guardrails.max-wait=1500ms")
                .run(context -> assertRefused(context, "verifykit.dock.guardrails.max-wait", "whole seconds"));
        plain.withPropertyValues("verifykit.dock.api-key=" + DOCK_KEY, "verifykit.dock.guardrails.hold-spread=25s")
                .run(context -> assertRefused(context, "verifykit.dock.guardrails.hold-spread", "less than maxWait"));
    }

    /**
     * "Wrong settings fail startup" (README) with {@code spring.main.lazy-initialization} too: the
     * clients and the verifier, made lazily, were made (and their settings refused) at the first call.
     */
    @Test
    void wrongSettingsFailStartupUnderLazyInitialization() {
        ApplicationContextRunner lazy = plain.withBean(LazyInitializationBeanFactoryPostProcessor.class);
        lazy.withPropertyValues("verifykit.dock.api-key=" + DOCK_KEY, "verifykit.dock.guardrails.max-wait=1500ms")
                .run(context -> assertRefused(context, "verifykit.dock.guardrails.max-wait", "whole seconds"));
        lazy.withPropertyValues("verifykit.roblox.base-url=http://127.0.0.1:9/roblox",
                        "verifykit.roblox.check-interval=100ms", "verifykit.roblox.min-check-interval=1s")
                .run(context -> assertRefused(context, "verifykit.roblox.check-interval", "minimum check interval"));
        lazy.withPropertyValues("verifykit.dokai.webhook.enabled=true")
                .run(context -> assertRefused(context, "verifykit.dokai.webhook.secret", "must be set"));
    }

    @Test
    void aClientSettingOutOfRangeFailsStartupNamingItsProperty() {
        plain.withPropertyValues("verifykit.roblox.base-url=http://127.0.0.1:9/roblox",
                        "verifykit.roblox.check-interval=100ms", "verifykit.roblox.min-check-interval=1s")
                .run(context -> assertRefused(context, "verifykit.roblox.check-interval", "minimum check interval"));
    }

    /**
     * Each client's own settings reach its builder: each is given so that only the value given (not the
     * client's default) makes the client refuse it, naming the property.
     */
    @Test
    void eachClientsOwnSettingsReachItsBuilder() {
        // 3 s is under the initial interval given (5 s), over the default one (2 s)
        plain.withPropertyValues("verifykit.dokai.api-key=dk_test_mock", "verifykit.dokai.initial-poll-interval=5s",
                        "verifykit.dokai.max-poll-interval=3s")
                .run(context -> assertRefused(context, "verifykit.dokai.max-poll-interval", "at least the initial poll interval"));
        plain.withPropertyValues("verifykit.dokai.api-key=dk_test_mock", "verifykit.dokai.session-lifetime=0s")
                .run(context -> assertRefused(context, "verifykit.dokai.session-lifetime", "positive"));
        String roblox = "verifykit.roblox.base-url=http://127.0.0.1:9/roblox";
        // 1.5 s is under the least interval given (2 s), over the default one (1 s)
        plain.withPropertyValues(roblox, "verifykit.roblox.check-interval=1500ms", "verifykit.roblox.min-check-interval=2s")
                .run(context -> assertRefused(context, "verifykit.roblox.check-interval", "minimum check interval"));
        plain.withPropertyValues(roblox, "verifykit.roblox.session-lifetime=0s")
                .run(context -> assertRefused(context, "verifykit.roblox.session-lifetime", "positive"));
        plain.withPropertyValues(roblox, "verifykit.roblox.refresh-skew=45m")
                .run(context -> assertRefused(context, "verifykit.roblox.refresh-skew", "at most 44 minutes"));
    }

    /**
     * README: each client's HTTP settings ({@code connect-timeout}, {@code call-timeout}, {@code max-retries}),
     * Dock's guardrails and its {@code create-token-wait} are properties. Each is given a value only its builder refuses: the refusal
     * naming the property shows the value reached the builder (a property dropped on the way left the
     * default, and the context started).
     */
    @Test
    void everyHttpSettingAndGuardrailReachesItsBuilder() {
        for (String[] given : new String[][] {{"verifykit.dock.connect-timeout", "500us", "at least 1 ms"},
            {"verifykit.dock.call-timeout", "500us", "at least 1 ms"}, {"verifykit.dock.max-retries", "11", "between 0 and 10"},
            {"verifykit.dock.guardrails.session-lifetime", "0s", "positive"},
            {"verifykit.dock.guardrails.create-burst", "0", "between 1 and 1000"},
            {"verifykit.dock.guardrails.create-refill", "0s", "positive"},
            {"verifykit.dock.guardrails.stream-max-duration", "0s", "positive"},
            {"verifykit.dock.guardrails.keep-alive", "0s", "positive"},
            {"verifykit.dock.create-token-wait", "-1s", "zero or a positive duration"}}) {
            plain.withPropertyValues("verifykit.dock.api-key=" + DOCK_KEY, given[0] + "=" + given[1])
                    .run(context -> assertRefused(context, given[0], given[2]));
        }
    }

    /** README's {@code verifykit.dock.plan=premium} is the Dock client's plan (which sets its poll cap). */
    @Test
    void theDockPlanPropertyIsTheClientsPlan() {
        plain.withPropertyValues("verifykit.dock.api-key=" + DOCK_KEY, "verifykit.dock.plan=premium")
                .run(context -> assertThat(context.getBean(DockClient.class).plan()).isEqualTo(DockPlan.PREMIUM));
    }

    /**
     * A timeout or relay retry under a millisecond ({@code 500us}) started: OkHttp took the read
     * timeout's 0 ms for none, and browsers were sent {@code retry: 0}.
     */
    @Test
    void aDurationUnderAMillisecondWhereMillisecondsCountFailsStartupNamingItsProperty() {
        plain.withPropertyValues("verifykit.dock.api-key=" + DOCK_KEY, "verifykit.dock.read-timeout=500us")
                .run(context -> assertRefused(context, "verifykit.dock.read-timeout", "at least 1 ms"));
        web.withPropertyValues("verifykit.dock.relay.enabled=true", "verifykit.dock.api-key=" + DOCK_KEY,
                        "verifykit.dock.relay.retry=500us")
                .withBean(RelayAuthorizer.class, () -> (request, id) -> true)
                .run(context -> assertRefused(context, "verifykit.dock.relay.retry", "at least 1 ms"));
    }

    @Test
    void aSettingACustomizerRefusesIsBlamedOnTheCustomizer() {
        plain.withPropertyValues("verifykit.dokai.api-key=dk_test_mock")
                .withBean(DokaiClientCustomizer.class, () -> builder -> builder.maxConcurrentWaits(0))
                .run(context -> assertRefused(context, "a customizer of the Dokai client (setting maxConcurrentWaits)",
                        "between"));
    }

    @Test
    void theWebhookEnabledWithoutASecretFailsStartupNamingTheSecretProperty() {
        web.withPropertyValues("verifykit.dokai.webhook.enabled=true").withBean(WebhookHandler.class, () -> event -> {})
                .run(context -> assertRefused(context, "verifykit.dokai.webhook.secret", "must be set"));
    }

    @Test
    void theWebhookEnabledWithoutAHandlerFailsStartupSayingWhatIsMissing() {
        web.withPropertyValues("verifykit.dokai.webhook.enabled=true", "verifykit.dokai.webhook.secret=" + WEBHOOK_SECRET)
                .run(context -> assertRefused(context, "verifykit.dokai.webhook.enabled", "WebhookHandler"));
    }

    /**
     * A "300000" written when a bare number was milliseconds (5 minutes) is 3.5 days as seconds: a
     * replay window past the in-memory guard's 24 h. An endpoint takes at most an hour, and says so.
     */
    @Test
    void aWebhookToleranceOverAnHourFailsStartupNamingIt() {
        web.withPropertyValues("verifykit.dokai.webhook.enabled=true", "verifykit.dokai.webhook.secret=" + WEBHOOK_SECRET,
                        "verifykit.dokai.webhook.tolerance=300000")
                .withBean(WebhookHandler.class, () -> event -> {})
                .run(context -> {
                    assertRefused(context, "verifykit.dokai.webhook.tolerance", "at most 1 hour");
                    assertThat(find(context.getStartupFailure()).rule()).as("worded as the verifier's builder and the CLI")
                            .startsWith("must be at most 1 hour (was 300000 s");
                });
        web.withPropertyValues("verifykit.dokai.webhook.enabled=true", "verifykit.dokai.webhook.secret=" + WEBHOOK_SECRET,
                        "verifykit.dokai.webhook.tolerance=1h")
                .withBean(WebhookHandler.class, () -> event -> {})
                .run(context -> assertThat(context).hasNotFailed());
    }

    /**
     * A tolerance just over the hour (3600.5 s) was refused as "must be at most 1 hour ...; was 3600 s":
     * the whole seconds only, a value the rule allows. The core keeps the fraction in such a refusal.
     */
    @Test
    void aWebhookToleranceJustOverAnHourIsNotQuotedAsAnHour() {
        web.withPropertyValues("verifykit.dokai.webhook.enabled=true", "verifykit.dokai.webhook.secret=" + WEBHOOK_SECRET,
                        "verifykit.dokai.webhook.tolerance=3600500ms")
                .withBean(WebhookHandler.class, () -> event -> {})
                .run(context -> {
                    assertRefused(context, "verifykit.dokai.webhook.tolerance", "at most 1 hour");
                    assertThat(find(context.getStartupFailure()).rule()).doesNotContain("was 3600 s");
                });
    }

    @Test
    void aWebhookPathThatIsNotAPathFailsStartupNamingIt() {
        web.withPropertyValues("verifykit.dokai.webhook.enabled=true", "verifykit.dokai.webhook.secret=" + WEBHOOK_SECRET,
                        "verifykit.dokai.webhook.path=hooks/*")
                .withBean(WebhookHandler.class, () -> event -> {})
                .run(context -> assertRefused(context, "verifykit.dokai.webhook.path", "starting with /"));
    }

    /**
     * A path refused was quoted in the refusal ({@code (was "...")}): a secret given on a swapped line
     * (the secret's line and the path's) was printed in the startup report and the exception's message,
     * although wrong settings fail startup "with the property and the rule, never the value".
     */
    @Test
    void aSecretGivenToAnEndpointPathIsNotShownInItsRefusal() {
        web.withPropertyValues("verifykit.dokai.webhook.enabled=true", "verifykit.dokai.webhook.secret=/verifykit/dokai/webhook",
                        "verifykit.dokai.webhook.path=" + WEBHOOK_SECRET)
                .withBean(WebhookHandler.class, () -> event -> {})
                .run(context -> assertRefused(context, "verifykit.dokai.webhook.path", "it does not start with /"));
        web.withPropertyValues("verifykit.dock.relay.enabled=true", "verifykit.dock.api-key=" + DOCK_KEY,
                        "verifykit.dock.relay.path=" + DOCK_KEY)
                .withBean(RelayAuthorizer.class, () -> (request, id) -> true)
                .run(context -> assertRefused(context, "verifykit.dock.relay.path", "it does not start with /"));
    }

    /**
     * The relay at {@code /} started, mapped at {@code //*}, which no browser's request matches: the
     * relay was silently unreachable. The root is refused for either endpoint (it would take every request).
     */
    @Test
    void theRootPathIsRefusedForEitherEndpoint() {
        web.withPropertyValues("verifykit.dock.relay.enabled=true", "verifykit.dock.api-key=" + DOCK_KEY,
                        "verifykit.dock.relay.path=/")
                .withBean(RelayAuthorizer.class, () -> (request, id) -> true)
                .run(context -> assertRefused(context, "verifykit.dock.relay.path", "(it is / itself)"));
        web.withPropertyValues("verifykit.dokai.webhook.enabled=true", "verifykit.dokai.webhook.secret=" + WEBHOOK_SECRET,
                        "verifykit.dokai.webhook.path=/")
                .withBean(WebhookHandler.class, () -> event -> {})
                .run(context -> assertRefused(context, "verifykit.dokai.webhook.path", "(it is / itself)"));
        // its trailing / dropped, "//" was taken for the root, and "/a//" for "/a/" (the relay at /a//*)
        for (String path : new String[] {"//", "/a//"}) {
            web.withPropertyValues("verifykit.dock.relay.enabled=true", "verifykit.dock.api-key=" + DOCK_KEY,
                            "verifykit.dock.relay.path=" + path)
                    .withBean(RelayAuthorizer.class, () -> (request, id) -> true)
                    .run(context -> assertRefused(context, "verifykit.dock.relay.path", "it has //"));
        }
    }

    /**
     * A path with a {@code .} or {@code ..} segment, an escape, a {@code ;}, a {@code \} or a control character started, mapped
     * where no request reaches (the container matches the request's path normalised and decoded): a
     * webhook endpoint silently unreachable, every delivery lost.
     */
    @Test
    void aPathNoRequestCanReachIsRefused() {
        String[][] cases = {{"/hooks/../dokai", "it has a .. segment"}, {"/./dokai", "it has a . segment"},
                {"/hooks/dokai events", "it has a space"},
                {"/hooks/dokai/..", "it has a .. segment"}, {"/hooks%2Fdokai", "it has %"},
                {"/hooks\tdokai", "it has a control character at index 6"},
                // Tomcat refuses a \ in any request path, as sent or as %5C (400 before a servlet is chosen),
                // and cuts a ; path parameter off before mapping (/hooks;v1 is mapped as /hooks)
                {"/hooks\\dokai", "it has \\"}, {"/hooks;v1/dokai", "it has ;"}, {"/hooks/dokai;v=1", "it has ;"}};
        for (String[] c : cases) {
            web.withPropertyValues("verifykit.dokai.webhook.enabled=true", "verifykit.dokai.webhook.secret=" + WEBHOOK_SECRET,
                            "verifykit.dokai.webhook.path=" + c[0])
                    .withBean(WebhookHandler.class, () -> event -> {})
                    .run(context -> assertRefused(context, "verifykit.dokai.webhook.path", c[1]));
        }
        web.withPropertyValues("verifykit.dock.relay.enabled=true", "verifykit.dock.api-key=" + DOCK_KEY,
                        "verifykit.dock.relay.path=/relay/../dock")
                .withBean(RelayAuthorizer.class, () -> (request, id) -> true)
                .run(context -> assertRefused(context, "verifykit.dock.relay.path", "it has a .. segment"));
        web.withPropertyValues("verifykit.dock.relay.enabled=true", "verifykit.dock.api-key=" + DOCK_KEY,
                        "verifykit.dock.relay.path=/relay;v1")
                .withBean(RelayAuthorizer.class, () -> (request, id) -> true)
                .run(context -> assertRefused(context, "verifykit.dock.relay.path", "it has ;"));
        web.withPropertyValues("verifykit.dokai.webhook.enabled=true", "verifykit.dokai.webhook.secret=" + WEBHOOK_SECRET,
                        "verifykit.dokai.webhook.path=/hooks/..dokai./v1.2")
                .withBean(WebhookHandler.class, () -> event -> {})
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aRefusedRotationSecretIsNamedByItsOwnProperty() {
        web.withPropertyValues("verifykit.dokai.webhook.enabled=true", "verifykit.dokai.webhook.secret=" + WEBHOOK_SECRET,
                        "verifykit.dokai.webhook.secrets[0]=whsec_also_fine", "verifykit.dokai.webhook.secrets[1]=whsec_caf\u00e9")
                .withBean(WebhookHandler.class, () -> event -> {})
                .run(context -> assertRefused(context, "verifykit.dokai.webhook.secrets[1]", "printable ASCII"));
        web.withPropertyValues("verifykit.dokai.webhook.enabled=true", "verifykit.dokai.webhook.secrets[0]=whsec_fine",
                        "verifykit.dokai.webhook.secrets[1]= ")
                .withBean(WebhookHandler.class, () -> event -> {})
                .run(context -> assertRefused(context, "verifykit.dokai.webhook.secrets[1]", "must not be blank"));
    }

    @Test
    void aWebhookSecretIsUsedWithoutTheSpacesAroundIt() {
        // a properties line "secret=whsec_abc " keeps its trailing space; every delivery was refused
        web.withPropertyValues("verifykit.dokai.webhook.enabled=true", "verifykit.dokai.webhook.secret=" + WEBHOOK_SECRET + " ")
                .withBean(WebhookHandler.class, () -> event -> {})
                .run(context -> {
                    byte[] body = "{\"id\":\"ver_1\",\"status\":\"verified\",\"event\":\"verification.completed\"}"
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    String signature = dev.verifykit.webhook.WebhookSigner.of(WEBHOOK_SECRET).sign(body);
                    context.getBean(WebhookVerifier.class).verify(body, signature); // throws when refused
                });
    }

    @Test
    void theWebhookIsRegisteredAtItsPathWithTheVerifier() {
        web.withPropertyValues("verifykit.dokai.webhook.enabled=true", "verifykit.dokai.webhook.secret=" + WEBHOOK_SECRET,
                        "verifykit.dokai.webhook.secrets[0]=whsec_next", "verifykit.dokai.webhook.path=/hooks/dokai/")
                .withBean(WebhookHandler.class, () -> event -> {})
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(WebhookVerifier.class)
                            .doesNotHaveBean(DokaiClient.class);
                    ServletRegistrationBean<?> registration =
                            context.getBean(VerifyKitServletAutoConfiguration.WEBHOOK_BEAN, ServletRegistrationBean.class);
                    assertThat(registration.getUrlMappings()).containsExactly("/hooks/dokai", "/hooks/dokai/");
                });
    }

    /**
     * The webhook verifier takes its properties ({@code max-body-bytes}, {@code tolerance}), "your
     * {@code ReplayGuard} bean if there is one", and every {@code VerifyKitListener} bean.
     */
    @Test
    void theWebhookVerifierTakesItsPropertiesTheReplayGuardBeanAndTheListenerBeans() {
        List<String> refusals = new CopyOnWriteArrayList<>();
        List<String> claimed = new CopyOnWriteArrayList<>();
        ReplayGuard handledBefore = new ReplayGuard() { // every delivery handled already
            @Override
            public ReplayGuard.Claim claim(String deliveryKey, Instant now) {
                claimed.add(deliveryKey);
                return ReplayGuard.Claim.done(deliveryKey);
            }

            @Override
            public void commit(ReplayGuard.Claim claim, Instant now) {}

            @Override
            public void release(ReplayGuard.Claim claim) {}
        };
        byte[] event = ("{\"id\":\"ver_starter1\",\"status\":\"verified\",\"type\":\"hosted\","
                + "\"created_at\":\"2026-03-11T10:30:00Z\",\"expires_at\":\"2026-03-12T10:30:00Z\","
                + "\"event\":\"verification.completed\"}").getBytes(StandardCharsets.UTF_8);
        web.withPropertyValues("verifykit.dokai.webhook.enabled=true", "verifykit.dokai.webhook.secret=" + WEBHOOK_SECRET,
                        "verifykit.dokai.webhook.max-body-bytes=4096", "verifykit.dokai.webhook.tolerance=30")
                .withBean(WebhookHandler.class, () -> e -> {})
                .withBean(ReplayGuard.class, () -> handledBefore)
                .withBean(VerifyKitListener.class, () -> new VerifyKitListener() {
                    @Override
                    public void onWebhookRefused(WebhookRefusal refusal) {
                        refusals.add(refusal.reason());
                    }
                })
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    WebhookVerifier verifier = context.getBean(WebhookVerifier.class);
                    assertThat(verifier.maxBodyBytes()).isEqualTo(4096);
                    WebhookSigner signer = WebhookSigner.of(WEBHOOK_SECRET);

                    WebhookOutcome fresh = verifier.handle(event, signer.signTimestamped(event, Instant.now()), e -> {});
                    // a minute old: within the default 5 minutes, past the 30 s given
                    WebhookOutcome stale = verifier.handle(event,
                            signer.signTimestamped(event, Instant.now().minusSeconds(60)), e -> {});

                    assertThat(fresh.kind()).as("the guard bean's answer").isEqualTo(WebhookOutcome.Kind.ALREADY_HANDLED);
                    assertThat(claimed).hasSize(1);
                    assertThat(stale.kind()).isEqualTo(WebhookOutcome.Kind.REFUSED);
                    assertThat(refusals).as("told the listener bean").hasSize(1);
                });
    }

    @Test
    void anEndpointEnabledOutsideAServletApplicationFailsStartupRatherThanBeingSilentlyAbsent() {
        plain.withPropertyValues("verifykit.dokai.webhook.enabled=true", "verifykit.dokai.webhook.secret=" + WEBHOOK_SECRET)
                .withBean(WebhookHandler.class, () -> event -> {})
                .run(context -> assertRefused(context, "verifykit.dokai.webhook.enabled", "servlet web application"));
    }

    @Test
    void theRelayNeedsTheDockKeyAndAnAuthorizer() {
        web.withPropertyValues("verifykit.dock.relay.enabled=true")
                .withBean(RelayAuthorizer.class, () -> (request, id) -> true)
                .run(context -> assertRefused(context, "verifykit.dock.api-key", "relay"));
        web.withPropertyValues("verifykit.dock.relay.enabled=true", "verifykit.dock.api-key=" + DOCK_KEY)
                .run(context -> assertRefused(context, "verifykit.dock.relay.enabled", "RelayAuthorizer"));
        web.withPropertyValues("verifykit.dock.relay.enabled=true", "verifykit.dock.api-key=" + DOCK_KEY,
                        "verifykit.dock.relay.max-buffered-bytes=10")
                .withBean(RelayAuthorizer.class, () -> (request, id) -> true)
                .run(context -> assertRefused(context, "verifykit.dock.relay.max-buffered-bytes", "between"));
    }

    @Test
    void theRelayIsRegisteredAsyncUnderItsPath() {
        web.withPropertyValues("verifykit.dock.relay.enabled=true", "verifykit.dock.api-key=" + DOCK_KEY,
                        "verifykit.dock.relay.path=/live", "verifykit.dock.relay.max-sessions=7",
                        "verifykit.dock.relay.max-browsers-per-session=3", "verifykit.dock.relay.max-browsers=50",
                        "verifykit.dock.relay.max-ended-bytes=1048576", "verifykit.dock.relay.keep-alive=7s",
                        "verifykit.dock.relay.retry=1500ms", "verifykit.dock.relay.max-buffered-bytes=2048")
                .withBean(RelayAuthorizer.class, () -> (request, id) -> true)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(DockRelay.class).settings().keepAlive()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(context.getBean(DockRelay.class).settings().retry()).isEqualTo(Duration.ofMillis(1500));
                    assertThat(context.getBean(DockRelay.class).settings().maxBufferedBytes()).isEqualTo(2048);
                    ServletRegistrationBean<?> registration =
                            context.getBean(VerifyKitServletAutoConfiguration.RELAY_BEAN, ServletRegistrationBean.class);
                    assertThat(registration.getUrlMappings()).containsExactly("/live/*");
                    assertThat(registration.isAsyncSupported()).isTrue();
                    assertThat(context.getBean(DockRelay.class).settings().maxSessions()).isEqualTo(7);
                    assertThat(context.getBean(DockRelay.class).settings().maxBrowsersPerSession()).isEqualTo(3);
                    assertThat(context.getBean(DockRelay.class).settings().maxBrowsers()).isEqualTo(50);
                    assertThat(context.getBean(DockRelay.class).settings().maxEndedBytes()).isEqualTo(1 << 20);
                });
    }

    @Test
    void aChildContextClosingLeavesTheApplicationsRelayOpen() {
        // the relay closed on every ContextClosedEvent, a child context's too (Spring passes them up)
        web.withPropertyValues("verifykit.dock.relay.enabled=true", "verifykit.dock.api-key=" + DOCK_KEY,
                        "verifykit.dock.base-url=http://127.0.0.1:9/dock")
                .withBean(RelayAuthorizer.class, () -> (request, id) -> true)
                .run(context -> {
                    org.springframework.context.annotation.AnnotationConfigApplicationContext child =
                            new org.springframework.context.annotation.AnnotationConfigApplicationContext();
                    child.setParent(context.getSourceApplicationContext());
                    child.refresh();
                    child.close();

                    jakarta.servlet.Servlet relay = context.getBean(VerifyKitServletAutoConfiguration.RELAY_BEAN,
                            ServletRegistrationBean.class).getServlet();
                    assertThat(statusOfAStreamOpenedThrough(relay)).as("503: the relay was closed").isNotEqualTo(503);
                });
    }

    /**
     * A {@code DockRelay} bean of the application's own was closed by the starter as soon as the
     * context began to close (the starter's shutdown listener closed whichever relay the context had),
     * though the starter had not made it and the application may close it when it chooses.
     */
    @Test
    void aRelayOfYourOwnIsNotClosedByTheStarter() throws Exception {
        DockClient dock = DockClient.builder().apiKey("mine").baseUrl("http://127.0.0.1:9/dock").build();
        try (dock; DockRelay mine = DockRelay.create(DockSessionStreams.of(dock))) {
            web.withPropertyValues("verifykit.dock.relay.enabled=true", "verifykit.dock.api-key=" + DOCK_KEY,
                            "verifykit.dock.base-url=http://127.0.0.1:9/dock")
                    .withBean(RelayAuthorizer.class, () -> (request, id) -> true)
                    .withBean(DockRelay.class, () -> mine, definition -> definition.setDestroyMethodName(""))
                    .run(context -> assertThat(context).hasNotFailed().getBean(DockRelay.class).isSameAs(mine));

            assertThat(statusOfAStreamOpenedThrough(new DockRelayServlet(mine, (request, id) -> true)))
                    .as("503: the relay was closed").isNotEqualTo(503);
        }
    }

    /** What a relay servlet answers a browser opening a session's stream (503 once the relay is closed). */
    static int statusOfAStreamOpenedThrough(jakarta.servlet.Servlet relay) throws Exception {
        org.springframework.mock.web.MockHttpServletRequest request = new org.springframework.mock.web
                .MockHttpServletRequest("GET", "/verifykit/dock/sessions/vsn_A1b2C3d4E5f6G7h8J9k0L1/events");
        request.setServletPath("/verifykit/dock/sessions");
        request.setPathInfo("/vsn_A1b2C3d4E5f6G7h8J9k0L1/events");
        request.setAsyncSupported(true);
        org.springframework.mock.web.MockHttpServletResponse response = new org.springframework.mock.web.MockHttpServletResponse();
        try {
            relay.service(request, response);
        } catch (UnsupportedOperationException mockLimit) {
            // the mock response has no non-blocking output: the relay was open and went on to stream
        }
        return response.getStatus();
    }

    @Test
    void anEndpointEnabledWithoutItsModuleFailsStartupNamingWhatIsMissing() {
        web.withClassLoader(new FilteredClassLoader(WebhookServlet.class))
                .withPropertyValues("verifykit.dokai.webhook.enabled=true", "verifykit.dokai.webhook.secret=" + WEBHOOK_SECRET)
                .withBean(WebhookHandler.class, () -> event -> {})
                .run(context -> assertRefused(context, "verifykit.dokai.webhook.enabled", "verifykit-servlet"));
        web.withClassLoader(new FilteredClassLoader(DockSessionStreams.class))
                .withPropertyValues("verifykit.dock.relay.enabled=true", "verifykit.dock.api-key=" + DOCK_KEY)
                .withBean(RelayAuthorizer.class, () -> (request, id) -> true)
                .run(context -> assertRefused(context, "verifykit.dock.relay.enabled", "verifykit-sse"));
    }

    @Test
    void withoutTheOptionalModulesTheClientsAreStillMade() {
        plain.withClassLoader(new FilteredClassLoader(WebhookServlet.class, DockSessionStreams.class, SanitizingFunction.class))
                .withPropertyValues("verifykit.dock.api-key=" + DOCK_KEY)
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(DockClient.class)
                        .doesNotHaveBean(SessionStreams.class).doesNotHaveBean(SanitizingFunction.class));
    }

    @Test
    void withOnlyTheCoreOnTheClassPathEveryAutoConfigurationStillStarts() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(VerifyKitObservabilityAutoConfiguration.class,
                        VerifyKitAutoConfiguration.class, VerifyKitStreamsAutoConfiguration.class,
                        VerifyKitServletAutoConfiguration.class, VerifyKitActuatorAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader("dev.verifykit.sse", "dev.verifykit.servlet", "jakarta.servlet",
                        "dev.verifykit.micrometer", "io.micrometer", "dev.verifykit.opentelemetry", "io.opentelemetry",
                        "org.springframework.boot.actuate"))
                .withPropertyValues("verifykit.dock.api-key=" + DOCK_KEY, "verifykit.dokai.api-key=dk_test_mock",
                        "verifykit.roblox.base-url=http://127.0.0.1:9/roblox",
                        "verifykit.roblox.verification-secret=" + ROBLOX_SECRET)
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(DockClient.class)
                        .hasSingleBean(DokaiClient.class).hasSingleBean(RobloxVerificationClient.class)
                        .hasSingleBean(RobloxGameServerClient.class).doesNotHaveBean(SessionStreams.class)
                        .doesNotHaveBean(ServletRegistrationBean.class).doesNotHaveBean(SanitizingFunction.class));
    }

    @Test
    void theRelayFollowsSessionsWithADockClientBeanOfYourOwn() {
        DockClient mine = DockClient.builder().apiKey("mine").baseUrl("http://127.0.0.1:9/dock").build();
        try (mine) {
            web.withPropertyValues("verifykit.dock.relay.enabled=true").withBean(DockClient.class, () -> mine)
                    .withBean(RelayAuthorizer.class, () -> (request, id) -> true)
                    .run(context -> assertThat(context).hasNotFailed().hasSingleBean(DockRelay.class)
                            .hasBean(VerifyKitServletAutoConfiguration.RELAY_BEAN));
        }
    }

    @Test
    void springBootFindsTheAutoConfigurationsAndTheFailureAnalyzer() {
        ClassLoader loader = getClass().getClassLoader();
        assertThat(ImportCandidates.load(AutoConfiguration.class, loader).getCandidates()).contains(
                VerifyKitAutoConfiguration.class.getName(), VerifyKitStreamsAutoConfiguration.class.getName(),
                VerifyKitServletAutoConfiguration.class.getName(),
                VerifyKitActuatorAutoConfiguration.class.getName(), VerifyKitObservabilityAutoConfiguration.class.getName());
        assertThat(SpringFactoriesLoader.forDefaultResourceLocation(loader).load(FailureAnalyzer.class, null,
                SpringFactoriesLoader.FailureHandler.handleMessage((message, failure) -> { }))) // Boot's own need a context
                .hasAtLeastOneElementOfType(InvalidVerifyKitPropertyFailureAnalyzer.class);
    }

    /**
     * A misspelt property was ignored: here the API key given under {@code api-kye} left the Dock
     * client unmade without a word. It fails the start now, and the report names the property but
     * not its value (Spring Boot's own report of unbound properties shows values).
     */
    @Test
    void aMisspeltPropertyFailsTheStartNamedButNotShown() {
        plain.withPropertyValues("verifykit.dock.api-kye=" + DOCK_KEY, "verifykit.roblox.base-url=http://127.0.0.1:9/roblox")
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable failure = context.getStartupFailure();
                    FailureAnalysis analysis = analysis(failure);
                    assertThat(analysis.getDescription()).contains("verifykit.dock.api-kye").doesNotContain(DOCK_KEY);
                    for (Throwable t = failure; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain(DOCK_KEY);
                    }
                });
        plain.withPropertyValues("verifykit.dokai.webhook.secert=" + WEBHOOK_SECRET)
                .run(context -> assertThat(context).hasFailed());
        plain.withPropertyValues("verifykit.dock.api-key=" + DOCK_KEY, "verifykit.dock.relay.enabled=false",
                        "verifykit.dokai.webhook.enabled=false", "verifykit.roblox.verification-secret=" + ROBLOX_SECRET)
                .run(context -> assertThat(context).hasNotFailed());
    }

    /**
     * A rotation list numbered from 1 (the old secret's {@code VERIFYKIT_DOKAI_WEBHOOK_SECRETS_0} removed,
     * the new one's {@code _1} kept) or with a gap is refused by Spring's binder as elements left
     * unbound; the report said "it has no setting named verifykit.dokai.webhook.secrets[1]" and
     * "Correct the name", where the name is right and the numbering wrong.
     */
    @Test
    void aRotationListNumberedWithAGapIsReportedWithTheNumberingRule() {
        for (String[] properties : new String[][] {{"verifykit.dokai.webhook.secrets[1]=whsec_rotated_secret"},
                {"verifykit.dokai.webhook.secrets[0]=whsec_first_secret", "verifykit.dokai.webhook.secrets[2]=whsec_third"}}) {
            plain.withPropertyValues(properties).run(context -> {
                assertThat(context).hasFailed();
                FailureAnalysis analysis = analysis(context.getStartupFailure());
                String report = analysis.getDescription() + "\n" + analysis.getAction();
                assertThat(report).as(List.of(properties).toString()).doesNotContain("no setting named")
                        .contains("verifykit.dokai.webhook.secrets").contains("from 0").doesNotContain("whsec_");
                assertThat(analysis.getAction()).startsWith("Number the elements of verifykit.dokai.webhook.secrets from 0");
            });
        }
    }

    /**
     * A misspelt name beside a list's element that is numbered right (under a name the starter does
     * not have either) is reported as a name it has no setting for, not as a list numbered wrong.
     */
    @Test
    void aMisspeltNameBesideAnElementIsReportedAsAnUnknownName() {
        plain.withPropertyValues("verifykit.dokai.api-kye=" + DOCK_KEY, "verifykit.dokai.webhook.secret-list[0]=" + WEBHOOK_SECRET)
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = analysis(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("no setting named verifykit.dokai.api-kye, "
                            + "verifykit.dokai.webhook.secret-list[0]").doesNotContain("numbered").doesNotContain(WEBHOOK_SECRET);
                });
    }

    /**
     * The unknown-name report is VerifyKit's for {@code verifykit.*} names alone: an application's own
     * settings bound without unknown fields keep Spring Boot's report, not one saying "VerifyKit could
     * not be configured".
     */
    @Test
    void anotherPrefixsUnknownPropertyIsLeftToSpringBootsReport() {
        Binder binder = new Binder(new MapConfigurationPropertySource(Map.of("app.nmae", "shop")));
        assertThatThrownBy(() -> binder.bind("app", Bindable.ofInstance(new ApplicationSettings()),
                new NoUnboundElementsBindHandler(BindHandler.DEFAULT)))
                .isInstanceOf(BindException.class).hasRootCauseInstanceOf(UnboundConfigurationPropertiesException.class)
                .satisfies(failure -> assertThat(new UnknownVerifyKitPropertyFailureAnalyzer().analyze(failure)).isNull());
    }

    /** An application's settings of its own. */
    public static class ApplicationSettings {
        private String name;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }
    }

    /** The report Spring Boot prints: the first analyzer's, in their order (ours are registered in spring.factories). */
    private FailureAnalysis analysis(Throwable failure) {
        List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation(getClass().getClassLoader())
                .load(FailureAnalyzer.class, null, SpringFactoriesLoader.FailureHandler.handleMessage((message, e) -> { }));
        return analyzers.stream().map(a -> a.analyze(failure)).filter(Objects::nonNull).findFirst().orElseThrow();
    }

    @Test
    void theSecretsAreNeverInThePropertiesToString() {
        plain.withPropertyValues("verifykit.dock.api-key=" + DOCK_KEY, "verifykit.dokai.webhook.secret=" + WEBHOOK_SECRET,
                        "verifykit.dokai.webhook.secrets[0]=" + WEBHOOK_SECRET + "2",
                        "verifykit.roblox.verification-secret=" + ROBLOX_SECRET)
                .run(context -> {
                    String all = context.getBean(DockProperties.class) + " " + context.getBean(DokaiProperties.class)
                            + " " + context.getBean(RobloxProperties.class);
                    assertThat(all).contains("apiKey=(set)").contains("secrets=1 set")
                            .doesNotContain(DOCK_KEY).doesNotContain(WEBHOOK_SECRET).doesNotContain(ROBLOX_SECRET);
                });
    }

    /**
     * A base URL with user-info is refused when a client is built, but the properties are shown
     * whether one is or not (a failure report, a debug log): their toString showed the password.
     */
    @Test
    void aBaseUrlsUserInfoIsNeverInThePropertiesToString() {
        DockProperties dock = new DockProperties();
        dock.setBaseUrl("https://ops:hunter2-pw@api.docksys.xyz:8443/dock?x=1");
        DokaiProperties dokai = new DokaiProperties();
        dokai.setBaseUrl("https://token@dokai.example");
        RobloxProperties roblox = new RobloxProperties();
        roblox.setBaseUrl("http://127.0.0.1:9/rpc@v1");

        assertThat(dock.toString()).doesNotContain("hunter2").doesNotContain("ops:")
                .contains("baseUrl=https://(user-info left out)@api.docksys.xyz:8443/dock?x=1");
        assertThat(dokai.toString()).doesNotContain("token@").contains("baseUrl=https://(user-info left out)@dokai.example");
        assertThat(roblox.toString()).as("an @ in the path costs only what comes before it")
                .contains("baseUrl=http://(user-info left out)@v1");
        // where OkHttp (and so the clients' check) reads user-info too: after one slash, after backslashes,
        // and a password typed unencoded with a # or ? (refused at build, shown all the same)
        for (String url : new String[] {"https:/ops:hunter2@api.docksys.xyz/dock",
            "https:\\\\ops:hunter2@api.docksys.xyz\\dock", "https://ops:hunter2#x?y@api.docksys.xyz/dock"}) {
            dock.setBaseUrl(url);
            assertThat(dock.toString()).as(url).doesNotContain("hunter2").contains("(user-info left out)@api.docksys.xyz");
        }
    }

    /**
     * The properties' toString says whether a secret is set (never its value) and shows the other
     * settings as given, the nested guardrails and relay included.
     */
    @Test
    void thePropertiesToStringTellsWhetherASecretIsSetAndShowsTheOtherSettings() {
        DockProperties dock = new DockProperties();
        assertThat(dock.toString()).contains("apiKey=null").contains("baseUrl=null");
        dock.setApiKey(DOCK_KEY);
        dock.setBaseUrl("https://api.docksys.xyz/dock");
        dock.getGuardrails().setMaxWait(Duration.ofSeconds(20));
        dock.getRelay().setPath("/relay/sessions");
        assertThat(dock.toString()).contains("apiKey=(set)").contains("baseUrl=https://api.docksys.xyz/dock")
                .contains("maxWait=PT20S").contains("path=/relay/sessions").doesNotContain(DOCK_KEY);
    }

    @Test
    void theActuatorShowsTheSecretsMaskedEvenWhenValuesAreShown() {
        plain.withPropertyValues("verifykit.dock.api-key=" + DOCK_KEY, "verifykit.dock.base-url=http://127.0.0.1:9/dock",
                        "verifykit.dokai.webhook.secret=" + WEBHOOK_SECRET,
                        "verifykit.dokai.webhook.secrets[0]=" + WEBHOOK_SECRET + "2",
                        "verifykit.roblox.verification-secret=" + ROBLOX_SECRET)
                .run(context -> {
                    List<SanitizingFunction> sanitizers = context.getBeanProvider(SanitizingFunction.class)
                            .orderedStream().toList();
                    assertThat(sanitizers).isNotEmpty();
                    EnvironmentEndpoint env = new EnvironmentEndpoint(context.getEnvironment(), sanitizers, Show.ALWAYS);
                    assertThat(env.environmentEntry("verifykit.dock.api-key").getProperty().getValue()).isEqualTo("******");
                    assertThat(env.environmentEntry("verifykit.dokai.webhook.secrets[0]").getProperty().getValue())
                            .isEqualTo("******");
                    assertThat(env.environmentEntry("verifykit.dock.base-url").getProperty().getValue())
                            .isEqualTo("http://127.0.0.1:9/dock");

                    String report = configpropsReport(context, sanitizers);
                    assertThat(report).contains("http://127.0.0.1:9/dock").contains("******")
                            .doesNotContain(DOCK_KEY).doesNotContain(WEBHOOK_SECRET).doesNotContain(ROBLOX_SECRET);
                });
    }

    @Test
    void theSecretKeysAreRecognisedInEveryForm() {
        assertThat(List.of("verifykit.dock.api-key", "verifykit.dock.apiKey", "VERIFYKIT_DOCK_APIKEY",
                "verifykit.dokai.webhook.secrets[3]", "VERIFYKIT_DOKAI_WEBHOOK_SECRETS_0", "verifykit.dokai.webhook.secrets.1",
                "verifykit.roblox.verification-secret"))
                .allMatch(VerifyKitActuatorAutoConfiguration::isSecret);
        assertThat(List.of("verifykit.dock.base-url", "verifykit.dokai.webhook.path", "other.api-key"))
                .noneMatch(VerifyKitActuatorAutoConfiguration::isSecret);
    }

    /** The context failed with our exception naming the property, the report says so, and no secret appears. */
    private static void assertRefused(ApplicationContextAssertProvider<?> context, String property, String rule) {
        assertThat(context).hasFailed();
        Throwable failure = context.getStartupFailure();
        InvalidVerifyKitPropertyException refused = find(failure);
        assertThat(refused.property()).isEqualTo(property);
        assertThat(refused.getMessage()).startsWith(property + ": ").contains(rule);
        FailureAnalysis analysis = new InvalidVerifyKitPropertyFailureAnalyzer().analyze(failure);
        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).contains(property).contains(rule);
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(DOCK_KEY).doesNotContain(WEBHOOK_SECRET)
                    .doesNotContain(ROBLOX_SECRET);
        }
        assertThat(analysis.getDescription() + " " + analysis.getAction()).as("the startup report")
                .doesNotContain(DOCK_KEY).doesNotContain(WEBHOOK_SECRET).doesNotContain(ROBLOX_SECRET);
    }

    private static InvalidVerifyKitPropertyException find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidVerifyKitPropertyException refused) {
                return refused;
            }
        }
        throw new AssertionError("no InvalidVerifyKitPropertyException in " + failure, failure);
    }

    /** What {@code GET /actuator/configprops/verifykit} shows of the beans' properties, values shown. */
    static String configpropsReport(ApplicationContext context, List<SanitizingFunction> sanitizers) {
        ConfigurationPropertiesReportEndpoint configprops = new ConfigurationPropertiesReportEndpoint(sanitizers, Show.ALWAYS);
        configprops.setApplicationContext(context);
        return configprops.configurationPropertiesWithPrefix("verifykit").getContexts().values().stream()
                .flatMap(c -> c.getBeans().values().stream()).map(b -> String.valueOf(b.getProperties()))
                .reduce("", String::concat);
    }
}
