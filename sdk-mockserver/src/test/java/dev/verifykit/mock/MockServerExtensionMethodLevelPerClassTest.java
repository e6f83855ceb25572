package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * README, "With JUnit 5": "Registered on a test method [...] the server lives for that one test." A class
 * with one instance ({@code @TestInstance(PER_CLASS)}, the default of many Kotlin suites through
 * {@code junit.jupiter.testinstance.lifecycle.default}) must not keep the server of a method-level
 * registration running after its test: each such test gets a new extension, and so a new server.
 */
class MockServerExtensionMethodLevelPerClassTest {

    /** What the fixture saw: the first test's server, and whether it still listened during the second test. */
    static final Map<String, Object> SEEN = new ConcurrentHashMap<>();

    @Test
    void aMethodLevelServerIsClosedAfterItsTestAlsoInAClassWithOneInstance() {
        SEEN.clear();
        Map<String, TestExecutionResult> results = new ConcurrentHashMap<>();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(PerClassMethodLevel.class))
                .configurationParameter("verifykit.mock.fixtures", "true")
                .configurationParameter("junit.jupiter.execution.timeout.default", "30s")
                .build(), new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        results.put(id.getDisplayName(), result);
                    }
                });

        assertThat(results.get("first(MockServer)").getStatus()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
        assertThat(results.get("second()").getStatus()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
        assertThat(SEEN.get("first")).isNotNull();
        assertThat(SEEN.get("listening during the second test"))
                .as("the server of first(), registered on that method only, after first() ended").isEqualTo(false);
    }

    static boolean listens(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            return true;
        } catch (IOException closed) {
            return false;
        }
    }

    @ExtendWith(MockServerExtensionParallelTest.OnlyWhenLaunched.class)
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static final class PerClassMethodLevel {
        @Test
        @Order(1)
        @ExtendWith(MockServerExtension.class)
        void first(MockServer server) {
            SEEN.put("first", server);
        }

        @Test
        @Order(2)
        void second() {
            SEEN.put("listening during the second test", listens(((MockServer) SEEN.get("first")).port()));
        }
    }
}
