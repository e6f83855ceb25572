package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * {@link MockServerExtension} as an integrator's suite uses it: run through the JUnit launcher with
 * parallel execution on (classes and methods concurrent). The fixture classes below run only here.
 */
class MockServerExtensionParallelTest {

    private static final String FIXTURES = "verifykit.mock.fixtures";
    /** The servers the fixtures saw, by name. */
    static final Map<String, MockServer> SEEN = new ConcurrentHashMap<>();
    static final List<String> LOG = new CopyOnWriteArrayList<>();
    static volatile CyclicBarrier together;
    static volatile CountDownLatch firstEntered;
    static volatile CountDownLatch secondDone;

    @BeforeEach
    void clean() {
        SEEN.clear();
        LOG.clear();
    }

    @Test
    void aStaticExtensionInheritedByClassesRunningTogetherGivesEachItsOwnServer() {
        together = new CyclicBarrier(2);
        Map<String, TestExecutionResult> results = run(SharedA.class, SharedB.class);

        assertThat(results).allSatisfy((name, result) ->
                assertThat(result.getStatus()).as(name + ": " + result.getThrowable()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL));
        assertThat(SEEN.get("A")).isNotNull().isNotSameAs(SEEN.get("B"));
        assertThat(LOG).containsExactlyInAnyOrder("A saw its own server", "B saw its own server");
        assertClosed(SEEN.get("A"));
        assertClosed(SEEN.get("B"));
        assertThatThrownBy(SharedBase.MOCK::server).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aServerOfAnInstanceFieldExtensionIsClosedAfterItsTest() {
        Map<String, TestExecutionResult> results = run(InstanceField.class);

        assertThat(results.get("test()").getStatus()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
        assertClosed(SEEN.get("instance"));
    }

    @Test
    void aServerOfAMethodLevelExtensionIsClosedAfterItsTest() {
        Map<String, TestExecutionResult> results = run(MethodLevel.class);

        assertThat(results.get("test(MockServer)").getStatus()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
        assertClosed(SEEN.get("method"));
    }

    @Test
    void aServerIsClosedWhenALaterBeforeAllFails() {
        Map<String, TestExecutionResult> results = run(FailingBeforeAll.class);

        assertThat(results.get("MockServerExtensionParallelTest$FailingBeforeAll").getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertClosed(SEEN.get("failing"));
    }

    @Test
    void aTestStartingWhileAnotherUsesTheSameServerFailsClearlyInsteadOfResettingIt() {
        firstEntered = new CountDownLatch(1);
        secondDone = new CountDownLatch(1);
        Map<String, TestExecutionResult> results = run(ConcurrentMethods.class);

        assertThat(results.get("first(MockServer)").getStatus()).as(String.valueOf(results.get("first(MockServer)")))
                .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
        TestExecutionResult second = results.get("second(MockServer)");
        assertThat(second.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(second.getThrowable()).get().isInstanceOf(IllegalStateException.class)
                .extracting(Throwable::getMessage).asString()
                .contains("first(MockServer)", "still running", "port " + SEEN.get("first").port(),
                        "@Execution(ExecutionMode.SAME_THREAD)");
    }

    @Test
    void aSameThreadClassSharesOneServerWithItsNestedClassesAndConstructor() {
        Map<String, TestExecutionResult> results = run(SameThread.class);

        assertThat(results).hasSize(5).allSatisfy((name, result) ->
                assertThat(result.getStatus()).as(name + ": " + result.getThrowable()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL));
        assertThat(SEEN.get("outer")).isNotNull().isSameAs(SEEN.get("nested")).isSameAs(SEEN.get("constructor"));
        assertClosed(SEEN.get("outer"));
    }

    @Test
    void eachTestStartsWithTheMutableClockWhereTheFirstTestFoundIt() {
        Map<String, TestExecutionResult> results = run(MovingClock.class);

        assertThat(results).allSatisfy((name, result) ->
                assertThat(result.getStatus()).as(name + ": " + result.getThrowable()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL));
        assertThat(LOG).containsExactly("1 began at 2026-05-07T01:00:00Z", "2 began at 2026-05-07T01:00:00Z",
                "3 began at 2026-05-07T01:00:00Z");
    }

    private static void assertClosed(MockServer server) {
        assertThat(server).isNotNull();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            throw new AssertionError("the server on port " + server.port() + " still accepts connections");
        } catch (IOException expected) {
            // closed: nothing listens
        }
    }

    private static Map<String, TestExecutionResult> run(Class<?>... classes) {
        Map<String, TestExecutionResult> results = new ConcurrentHashMap<>();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(java.util.Arrays.stream(classes).map(c -> (ClassSelector) selectClass(c)).toList())
                .configurationParameter(FIXTURES, "true")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "4")
                .configurationParameter("junit.jupiter.execution.timeout.default", "30s")
                .build();
        LauncherFactory.create().execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                results.put(id.getDisplayName(), result);
            }
        });
        return results;
    }

    /** Runs the fixtures only when this test launches them. */
    static final class OnlyWhenLaunched implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(FIXTURES).isPresent()
                    ? ConditionEvaluationResult.enabled("launched by MockServerExtensionParallelTest")
                    : ConditionEvaluationResult.disabled("a fixture of MockServerExtensionParallelTest");
        }
    }

    @ExtendWith(OnlyWhenLaunched.class)
    abstract static class SharedBase {
        @RegisterExtension
        static final MockServerExtension MOCK = MockServerExtension.with(MockSettings.defaults());

        void meet(String name, MockServer injected) throws Exception {
            SEEN.put(name, injected);
            injected.faults().add("GET /dock/" + name + " respond status=503");
            together.await(20, TimeUnit.SECONDS); // both classes' tests run now, each after its own reset
            if (MOCK.server() == injected && injected.faults().rules().size() == 1
                    && injected.faults().rules().get(0).path().equals("/dock/" + name)) {
                LOG.add(name + " saw its own server");
            }
        }
    }

    static final class SharedA extends SharedBase {
        @Test
        void test(MockServer server) throws Exception {
            meet("A", server);
        }
    }

    static final class SharedB extends SharedBase {
        @Test
        void test(MockServer server) throws Exception {
            meet("B", server);
        }
    }

    @ExtendWith(OnlyWhenLaunched.class)
    static final class InstanceField {
        @RegisterExtension
        final MockServerExtension mock = MockServerExtension.with(MockSettings.defaults());

        @Test
        void test() {
            SEEN.put("instance", mock.server());
        }
    }

    @ExtendWith(OnlyWhenLaunched.class)
    static final class MethodLevel {
        @Test
        @ExtendWith(MockServerExtension.class)
        void test(MockServer server) {
            SEEN.put("method", server);
        }
    }

    @ExtendWith(OnlyWhenLaunched.class)
    static final class FailingBeforeAll {
        @RegisterExtension
        @Order(1)
        static final MockServerExtension MOCK = MockServerExtension.with(MockSettings.defaults());

        @RegisterExtension
        @Order(2)
        static final BeforeAllCallback FAILS = context -> {
            SEEN.put("failing", MOCK.server());
            throw new IllegalStateException("a later extension fails");
        };

        @Test
        void test() {
        }
    }

    @ExtendWith(OnlyWhenLaunched.class)
    @ExtendWith(MockServerExtension.class)
    @Execution(ExecutionMode.SAME_THREAD)
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    static class SameThread {
        SameThread(MockServer server) {
            SEEN.put("constructor", server);
        }

        @Test
        void outer(MockServer server) {
            SEEN.put("outer", server);
            assertThat(server.faults().rules()).isEmpty();
            server.faults().add("GET /dock/outer respond status=503");
        }

        @Nested
        class Inner {
            @Test
            void nested(MockServer server) {
                SEEN.put("nested", server);
                assertThat(server.faults().rules()).isEmpty();
                server.faults().add("GET /dock/nested respond status=503");
            }
        }
    }

    /** Holds the second test's {@code beforeEach} until the first test runs. */
    static final class Gate implements BeforeEachCallback, AfterEachCallback {
        @Override
        public void beforeEach(ExtensionContext context) throws InterruptedException {
            if (context.getRequiredTestMethod().getName().equals("second")) {
                assertThat(firstEntered.await(20, TimeUnit.SECONDS)).isTrue();
            }
        }

        @Override
        public void afterEach(ExtensionContext context) {
            if (context.getRequiredTestMethod().getName().equals("second")) {
                secondDone.countDown();
            }
        }
    }

    @ExtendWith(OnlyWhenLaunched.class)
    @ExtendWith(Gate.class)
    @ExtendWith(MockServerExtension.class)
    static final class ConcurrentMethods {
        @Test
        void first(MockServer server) throws InterruptedException {
            SEEN.put("first", server);
            MockFaultRule rule = server.faults().add("GET /dock/first respond status=503");
            firstEntered.countDown();
            assertThat(secondDone.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(server.faults().rules()).as("the first test's rule, after the second test began")
                    .containsExactly(rule);
        }

        @Test
        void second(MockServer server) {
            SEEN.put("second", server);
        }
    }

    @ExtendWith(OnlyWhenLaunched.class)
    @Execution(ExecutionMode.SAME_THREAD)
    @org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
    static final class MovingClock {
        static final MutableClock CLOCK = MutableClock.at(java.time.Instant.parse("2026-05-07T00:00:00Z"));
        @RegisterExtension
        static final MockServerExtension MOCK = MockServerExtension.with(MockSettings.builder().clock(CLOCK).build());

        @org.junit.jupiter.api.BeforeAll
        static void startLater() {
            CLOCK.advance(java.time.Duration.ofHours(1)); // after the server started: the tests' start
        }

        @Test
        @Order(1)
        void first() {
            LOG.add("1 began at " + CLOCK.instant());
            CLOCK.advance(java.time.Duration.ofMinutes(10));
        }

        @Test
        @Order(2)
        void second() {
            LOG.add("2 began at " + CLOCK.instant());
            CLOCK.set(java.time.Instant.parse("2030-01-01T00:00:00Z"));
        }

        @Test
        @Order(3)
        void third() {
            LOG.add("3 began at " + CLOCK.instant());
        }
    }
}
