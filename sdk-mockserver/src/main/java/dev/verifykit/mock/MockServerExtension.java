package dev.verifykit.mock;

import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that runs one {@link MockServer} per test class, resets it before each test
 * and injects it into test methods, constructors and lifecycle methods that take a {@code MockServer}.
 *
 * <pre>{@code
 * @ExtendWith(MockServerExtension.class)
 * class CheckoutTest {
 *     @Test
 *     void links(MockServer server) { ... }
 * }
 *
 * class ShortLifetimeTest {
 *     @RegisterExtension
 *     static MockServerExtension mock = MockServerExtension.with(MockSettings.builder()
 *         .dock(DockSettings.builder().sessionLifetime(Duration.ofSeconds(2)).build())
 *         .build());
 *
 *     @Test
 *     void expires() { String dock = mock.server().dockBaseUrl(); ... }
 * }
 * }</pre>
 */
public final class MockServerExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        ParameterResolver {

    private final MockSettings settings;
    private MockServer server;
    private String owner;

    /** An extension with {@link MockSettings#defaults()}, as used by {@code @ExtendWith}. */
    public MockServerExtension() {
        this(MockSettings.defaults());
    }

    private MockServerExtension(MockSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** An extension whose server uses {@code settings}; register it with {@code @RegisterExtension}. */
    public static MockServerExtension with(MockSettings settings) {
        return new MockServerExtension(settings);
    }

    /**
     * The running server.
     *
     * @throws IllegalStateException outside the test class's lifetime
     */
    public synchronized MockServer server() {
        if (server == null) {
            throw new IllegalStateException("The mock server runs only while its test class runs");
        }
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        ensureStarted(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        ensureStarted(context).reset();
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (server != null && context.getUniqueId().equals(owner)) {
            server.close();
            server = null;
            owner = null;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == MockServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return ensureStarted(extensionContext);
    }

    private synchronized MockServer ensureStarted(ExtensionContext context) {
        if (server == null) {
            server = MockServer.start(settings);
            owner = classContext(context).getUniqueId();
        }
        return server;
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }
}
