package dev.verifykit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dock.DockClient;
import dev.verifykit.error.ValidationException;
import dev.verifykit.error.VerifyKitException;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code HttpSettings.proxy()} takes an HTTP or a SOCKS proxy, and {@code proxyAuthentication()}
 * "the user name and password answered … to a proxy that asks for them". OkHttp answers only an HTTP
 * proxy's 407 with them: a SOCKS proxy's request for credentials goes to the JVM's socket code, which
 * asks the JVM-wide {@code java.net.Authenticator} and, without one, sends the OS user's name with
 * an empty password. The credentials given were accepted at {@code build()} and never used: every
 * call then failed at the proxy.
 */
class SocksProxyAuthenticationTest {
    private static final String PROXY_USER = "proxy-user";
    private static final String PROXY_PASSWORD = "proxy-Secret-1";

    /** A SOCKS5 proxy that asks for a user name and password (RFC 1929) and records the ones it is given. */
    private static CompletableFuture<String> socksProxyAskingForCredentials(ServerSocket server) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket client = server.accept()) {
                client.setSoTimeout(30_000);
                DataInputStream in = new DataInputStream(client.getInputStream());
                OutputStream out = client.getOutputStream();
                in.readUnsignedByte(); // version 5
                in.readFully(new byte[in.readUnsignedByte()]); // the methods offered
                out.write(new byte[] {5, 2}); // user name and password, please
                out.flush();
                in.readUnsignedByte(); // sub-negotiation version 1
                byte[] user = new byte[in.readUnsignedByte()];
                in.readFully(user);
                byte[] password = new byte[in.readUnsignedByte()];
                in.readFully(password);
                out.write(new byte[] {1, 1}); // refused
                out.flush();
                return new String(user, StandardCharsets.ISO_8859_1) + ":" + new String(password, StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                return "no credentials (" + e + ")";
            }
        });
    }

    @Test
    void credentialsGivenForASocksProxyAreTheOnesItGetsOrRefusedAtBuild() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> offered = socksProxyAskingForCredentials(server);
            Proxy socks = new Proxy(Proxy.Type.SOCKS, new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
            DockClient dock;
            try {
                dock = DockClient.builder().apiKey("dock_test_free").baseUrl("https://dock.example")
                        .proxy(socks).proxyAuthentication(PROXY_USER, PROXY_PASSWORD).maxRetries(0).build();
            } catch (ValidationException refused) {
                // refusing the pair at build() keeps the promise too: it must name the setting and never the password
                assertThat(refused.getMessage()).contains("proxyAuthentication").doesNotContain(PROXY_PASSWORD);
                return;
            }
            try (dock) {
                assertThatThrownBy(() -> dock.sessions().retrieve("vsn_1")).isInstanceOf(VerifyKitException.class);
            }
            assertThat(offered.get(30, TimeUnit.SECONDS)).as("the credentials the SOCKS proxy was given")
                    .isEqualTo(PROXY_USER + ":" + PROXY_PASSWORD);
        }
    }
}
