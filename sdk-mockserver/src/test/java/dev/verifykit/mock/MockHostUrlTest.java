package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The base URLs name the host the mock listens on as a URL must. Before, a host given as a
 * bracketed IPv6 literal ({@code [::1]}, which the mock binds to) was bracketed again
 * ({@code http://[[::1]]:PORT/dock}: no URL), and an IPv6 zone's {@code %} was left unescaped.
 */
class MockHostUrlTest {

    @Test
    void aBracketedIpv6HostGivesValidBaseUrls() {
        assumeTrue(ipv6Loopback(), "this machine has no IPv6 loopback to listen on");
        try (MockServer server = MockServer.start(MockSettings.builder().host("[::1]").build())) {
            assertThat(server.dockBaseUrl()).isEqualTo("http://[::1]:" + server.port() + "/dock");
            assertThat(HttpUrl.parse(server.dockBaseUrl())).as(server.dockBaseUrl()).isNotNull();
        }
    }

    private static boolean ipv6Loopback() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1,127.0.0.1", "LocalHost,localhost", "::1,[::1]", "[::1],[::1]", "[::1,[[::1]",
            "fe80::1%lo,[fe80::1%25lo]", "[FE80::1%lo],[fe80::1%25lo]"})
    void aHostIsNamedAsAUrlNamesIt(String host, String inUrl) {
        assertThat(MockServer.urlHost(host)).isEqualTo(inUrl);
    }
}
