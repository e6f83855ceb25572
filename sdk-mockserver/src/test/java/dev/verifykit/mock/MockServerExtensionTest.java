package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MockServerExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MockServerExtensionTest {

    private static MockServer fromBeforeAll;
    private final MockServer fromConstructor;

    MockServerExtensionTest(MockServer server) {
        this.fromConstructor = server;
    }

    @BeforeAll
    static void remember(MockServer server) {
        fromBeforeAll = server;
    }

    @Test
    @Order(1)
    void injectsOneRunningServerEverywhere(MockServer server) {
        assertThat(server).isSameAs(fromConstructor).isSameAs(fromBeforeAll);
        assertThat(server.dockBaseUrl()).isEqualTo("http://127.0.0.1:" + server.port() + "/dock");
        assertThat(server.robloxBaseUrl()).isEqualTo("http://127.0.0.1:" + server.port() + "/roblox");
        assertThat(server.dokaiBaseUrl()).isEqualTo("http://127.0.0.1:" + server.port() + "/dokai");
        new Http(server).newSession("leftover");
        assertThat(server.dock().sessionCount()).isEqualTo(1);
    }

    @Test
    @Order(2)
    void resetsBeforeEachTest(MockServer server) {
        assertThat(server).isSameAs(fromBeforeAll);
        assertThat(server.dock().sessionCount()).isZero();
        assertThat(server.journal().entries()).isEmpty();
    }
}
