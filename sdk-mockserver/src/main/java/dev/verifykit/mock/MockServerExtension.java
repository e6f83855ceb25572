package dev.verifykit.mock;

import java.lang.reflect.Method;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * A JUnit 5 extension that runs one {@link MockServer} per test class, resets it before each test
 * and injects it into test methods, constructors and lifecycle methods that take a {@code MockServer}.
 * A {@link MutableClock} of the settings is part of what is reset: each test starts with it where the
 * first test of the server found it (after {@code @BeforeAll} methods; {@code @BeforeEach} methods run after
 * the reset and may move it).
 *
 * <p>The server belongs to the test class (its {@code @Nested} classes share it) and is closed when
 * the class ends, however it ends. One extension registered in several classes (a {@code static}
 * field of a common superclass) runs a server for each class. Registered on a test method, or in an
 * instance field of a class with the default per-method lifecycle, the server lives for that test.
 * Tests that share a server must not run concurrently, since each resets it: a test that starts
 * while another uses its server fails with an {@link IllegalStateException} naming the other
 * (with JUnit's parallel execution, annotate such a class {@code @Execution(ExecutionMode.SAME_THREAD)}).
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
        AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MockServerExtension.class);

    private final MockSettings settings;
    /** The servers of this extension running now, one per test class (or test) it is registered in. */
    private final Set<Running> running = ConcurrentHashMap.newKeySet();
    /** The servers of the classes and tests the current thread is inside of, innermost last. */
    private final ThreadLocal<Deque<Running>> current = new ThreadLocal<>();
    /** The store key of the server this extension runs; the one of a test's marker. */
    private final Object serverKey = new Object();
    private final Object testKey = new Object();

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
     * The running server: that of the test or test class the calling thread runs, else the only one
     * this extension runs.
     *
     * @throws IllegalStateException outside the test class's lifetime, or when the extension runs
     *         servers for several test classes at once and the calling thread is in none of them
     *         (take the {@code MockServer} as a parameter instead)
     */
    public MockServer server() {
        Deque<Running> mine = current.get();
        if (mine != null && !mine.isEmpty()) {
            return mine.peekLast().server;
        }
        List<Running> now = List.copyOf(running);
        if (now.size() == 1) {
            return now.get(0).server;
        }
        if (now.isEmpty()) {
            throw new IllegalStateException("The mock server runs only while its test class runs");
        }
        throw new IllegalStateException("This MockServerExtension runs " + now.size() + " servers now, one for each of "
                + now.stream().map(r -> r.owner).sorted().toList() + "; outside their threads it cannot tell which is"
                + " meant: take the MockServer as a parameter of the test, constructor or lifecycle method");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        enter(start(context));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Running r = context.getStore(NAMESPACE).get(serverKey, Running.class);
        if (r != null) {
            leave(r); // the server itself is closed with the context that owns it
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Running r = start(context);
        r.begin(context);
        context.getStore(NAMESPACE).put(testKey, r);
        enter(r);
        MutableClock clock = MutableClock.behind(settings.clock());
        r.server.resetWith(clock == null ? () -> { } : () -> r.rewind(clock));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Running r = context.getStore(NAMESPACE).remove(testKey, Running.class);
        if (r != null) {
            leave(r);
            r.end();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == MockServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return start(extensionContext).server;
    }

    /**
     * The server for {@code context}: the one of an enclosing class or test if there is one, else a new one
     * owned by the test class (by the test itself when the extension was registered for one test only).
     */
    private Running start(ExtensionContext context) {
        Running found = context.getStore(NAMESPACE).get(serverKey, Running.class);
        if (found != null) {
            return found;
        }
        ExtensionContext owner = owner(context);
        return owner.getStore(NAMESPACE).getOrComputeIfAbsent(serverKey, k -> {
            Running r = new Running(MockServer.start(settings), owner.getDisplayName());
            running.add(r);
            return r;
        }, Running.class);
    }

    /**
     * A class context owns its server. Seen first from a test, the extension was registered for that
     * test (on the method, or in an instance field, made anew for each test unless the class has one
     * instance): the test owns it, or the class with one instance.
     */
    private static ExtensionContext owner(ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            return context;
        }
        boolean perClass = context.getTestInstanceLifecycle().orElse(TestInstance.Lifecycle.PER_METHOD)
                == TestInstance.Lifecycle.PER_CLASS;
        return perClass && !registeredBy(context.getRequiredTestMethod()) && context.getParent().isPresent()
                ? context.getParent().get() : context;
    }

    /**
     * Whether {@code test} registers the extension itself (on the method or a parameter): JUnit makes a new
     * extension for each such test, so the server must end with the test even when the class has one instance.
     */
    private static boolean registeredBy(Method test) {
        return Stream.concat(Stream.of(test), Arrays.stream(test.getParameters()))
                .flatMap(element -> AnnotationSupport.findRepeatableAnnotations(element, ExtendWith.class).stream())
                .flatMap(extendWith -> Arrays.stream(extendWith.value()))
                .anyMatch(MockServerExtension.class::equals);
    }

    private void enter(Running r) {
        Deque<Running> mine = current.get();
        if (mine == null) {
            mine = new ArrayDeque<>();
            current.set(mine);
        }
        mine.addLast(r);
    }

    private void leave(Running r) {
        Deque<Running> mine = current.get();
        if (mine != null) {
            mine.removeLastOccurrence(r);
            if (mine.isEmpty()) {
                current.remove();
            }
        }
    }

    /**
     * A server and the test using it. Closed by JUnit with the context that owns it (as an
     * {@code AutoCloseable} since JUnit 5.13, as a {@code CloseableResource} before).
     */
    @SuppressWarnings("deprecation")
    private final class Running implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        final MockServer server;
        final String owner;
        private String test;
        private Instant clockAtFirstTest;

        Running(MockServer server, String owner) {
            this.server = server;
            this.owner = owner;
        }

        synchronized void begin(ExtensionContext context) {
            if (test != null) {
                throw new IllegalStateException("The mock server on port " + server.port() + " of " + owner
                        + " is in use by test " + test + ", still running, and " + context.getDisplayName()
                        + " would reset it: tests that share a MockServerExtension server cannot run concurrently."
                        + " Annotate the class @Execution(ExecutionMode.SAME_THREAD), or register the extension"
                        + " per test (on the method, or in an instance field)");
            }
            test = context.getDisplayName();
        }

        synchronized void end() {
            test = null;
        }

        /** Sets {@code clock} back to where the first test of this server found it; remembers that at the first. */
        synchronized void rewind(MutableClock clock) {
            if (clockAtFirstTest == null) {
                clockAtFirstTest = clock.instant();
            } else {
                clock.set(clockAtFirstTest);
            }
        }

        @Override
        public void close() {
            running.remove(this);
            server.close();
        }
    }
}
