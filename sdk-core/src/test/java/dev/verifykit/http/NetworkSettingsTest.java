package dev.verifykit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockSession;
import dev.verifykit.error.ApiException;
import dev.verifykit.error.TransportException;
import dev.verifykit.error.ValidationException;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.time.VirtualScheduler;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The network settings integrators ask for, each at the wire: a proxy that demands credentials
 * (and never learns the API key through an HTTPS tunnel), TLS trusting a private CA, the pool's
 * size, and the caller's own OkHttp client.
 */
class NetworkSettingsTest {
    private static final String PROXY_USER = "corp-user";
    private static final String PROXY_PASSWORD = "proxy-pass-5e2a";
    private static final String BASIC = okhttp3.Credentials.basic(PROXY_USER, PROXY_PASSWORD);
    private static final String API_KEY = "dock_test_free";
    private static final String SESSION = """
            {"status":200,"data":{"id":"vsn_A1b2C3d4E5f6G7h8J9k0L1","pid":"PID-ABC12345","clientId":"user_123",
            "guildId":"987654321098765432","status":"pending","statusReason":null,"expiresAt":"2026-05-07T00:05:00.000Z",
            "verifyUrl":"https://api.docksys.xyz/v2/verifications/discord?pid=PID-ABC12345&sid=vsn_A1b2C3d4E5f6G7h8J9k0L1",
            "reusedExisting":false},"meta":{"requestId":"req_abc123","version":"2.0.0"},"timestamp":"2026-05-07T00:00:00.000Z"}""";

    /** One CA for the test, and a certificate for the loopback server signed by it. */
    private static final HeldCertificate CA = new HeldCertificate.Builder().certificateAuthority(0).commonName("test CA").build();
    private static final HeldCertificate SERVER_CERT = new HeldCertificate.Builder()
            .addSubjectAlternativeName("localhost").addSubjectAlternativeName("127.0.0.1").signedBy(CA).build();

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final VirtualScheduler time = VirtualScheduler.autoAdvancing(Instant.parse("2026-05-07T00:00:00Z"));
    private final List<DockClient> clients = new ArrayList<>();
    private TinyProxy proxy;

    @AfterEach
    void close() throws IOException {
        clients.forEach(DockClient::close);
        if (proxy != null) {
            proxy.close();
        }
    }

    private DockClient client(DockClient.Builder builder) {
        DockClient client = builder.apiKey(API_KEY).scheduler(time).maxRetries(0).build();
        clients.add(client);
        return client;
    }

    private static MockResponse session() {
        return new MockResponse.Builder().setHeader("Content-Type", "application/json").body(SESSION).build();
    }

    private void useHttps() {
        server.useHttps(new HandshakeCertificates.Builder().heldCertificate(SERVER_CERT).build().sslSocketFactory());
    }

    private static HandshakeCertificates trustingTheTestCa() {
        return new HandshakeCertificates.Builder().addTrustedCertificate(CA.certificate()).build();
    }

    /** A client of the HTTPS server, through a tiny proxy accepting the authorization given, with the test CA trusted. */
    private DockClient throughTinyProxy(String proxyAccepts) throws IOException {
        useHttps();
        proxy = new TinyProxy(proxyAccepts);
        HandshakeCertificates trust = trustingTheTestCa();
        return client(DockClient.builder()
                .baseUrl(server.url("/dock").toString().replace("http:", "https:"))
                .proxy(proxy.address())
                .proxyAuthentication(PROXY_USER, PROXY_PASSWORD)
                .sslSocketFactory(trust.sslSocketFactory(), trust.trustManager()));
    }

    /**
     * A proxy refusing the credentials and echoing the one it refused without its {@code Basic } scheme
     * word: that is the base64 of {@code user:password}, which anyone decodes back to the password,
     * kept out of the failure as the password is (a plain HTTP proxy, as the mock web server plays one).
     */
    @Test
    void aProxyEchoingTheRefusedBasicCredentialDoesNotPutItInTheFailure() {
        String credential = BASIC.substring("Basic ".length());
        server.enqueue(new MockResponse.Builder().code(407).setHeader("Proxy-Authenticate", "Basic realm=\"corp\"").build());
        server.enqueue(new MockResponse.Builder().code(407).setHeader("Proxy-Authenticate", "Basic realm=\"corp\"")
                .setHeader("Content-Type", "application/json")
                .body("{\"error\":\"PROXY_AUTH_FAILED\",\"message\":\"credentials " + credential + " refused\"}").build());
        DockClient dock = client(DockClient.builder().baseUrl("http://127.0.0.1:9/dock").proxy(server.getProxyAddress())
                .proxyAuthentication(PROXY_USER, PROXY_PASSWORD));

        Throwable thrown = catchThrowable(() -> dock.sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1"));

        assertThat(server.getRequestCount()).as("the challenge, then the credentials").isEqualTo(2);
        assertThat(thrown).isInstanceOf(ApiException.class).hasMessageContaining("407");
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).as("the failure as a log prints it").doesNotContain(PROXY_PASSWORD)
                .doesNotContain(credential.replace("=", ""));
    }

    @Test
    void aPlainHttpProxyThatAsksForCredentialsGetsThemOnceAndForwardsTheCall() throws Exception {
        // the mock web server plays the proxy: the request comes to it in absolute form
        server.enqueue(new MockResponse.Builder().code(407).setHeader("Proxy-Authenticate", "Basic realm=\"corp\"").build());
        server.enqueue(session());
        DockClient dock = client(DockClient.builder()
                .baseUrl("http://127.0.0.1:9/dock")
                .proxy(server.getProxyAddress())
                .proxyAuthentication(PROXY_USER, PROXY_PASSWORD));

        DockSession session = dock.sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1");

        assertThat(session.id()).isEqualTo("vsn_A1b2C3d4E5f6G7h8J9k0L1");
        RecordedRequest challenged = server.takeRequest();
        RecordedRequest answered = server.takeRequest();
        assertThat(challenged.getRequestLine()).isEqualTo("GET http://127.0.0.1:9/dock/v2/sessions/vsn_A1b2C3d4E5f6G7h8J9k0L1 HTTP/1.1");
        assertThat(challenged.getHeaders().get("Proxy-Authorization")).isNull();
        assertThat(answered.getHeaders().get("Proxy-Authorization")).isEqualTo(BASIC);
        assertThat(answered.getHeaders().get("Authorization")).isEqualTo("Bearer " + API_KEY);
    }

    /**
     * {@link HttpSettings} is immutable: a {@link PasswordAuthentication} hands out its own array
     * ({@code getPassword()}: "the caller's responsibility to zero out the password information after
     * it is no longer needed"), and the settings kept the caller's object, so a caller zeroing its
     * password after {@code build()} changed the built settings to NULs ({@code build()} refuses
     * those), which a client built from them answered the proxy's 407 with.
     */
    @Test
    void zeroingTheGivenPasswordAfterBuildChangesNeitherTheSettingsNorWhatTheProxyGets() throws Exception {
        PasswordAuthentication given = new PasswordAuthentication(PROXY_USER, PROXY_PASSWORD.toCharArray());
        HttpSettings settings = HttpSettings.builder().baseUrl("http://127.0.0.1:9/dock").proxy(server.getProxyAddress())
                .proxyAuthentication(given).build();

        java.util.Arrays.fill(given.getPassword(), '\0'); // as PasswordAuthentication's Javadoc asks of its caller

        // compared, not shown: a failure must not print the password
        assertThat(java.util.Arrays.equals(settings.proxyAuthentication().orElseThrow().getPassword(), PROXY_PASSWORD.toCharArray()))
                .as("the built settings keep the password given").isTrue();
        server.enqueue(new MockResponse.Builder().code(407).setHeader("Proxy-Authenticate", "Basic realm=\"corp\"").build());
        server.enqueue(session());
        client(DockClient.builder().httpSettings(settings)).sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1");
        server.takeRequest();
        assertThat(BASIC.equals(server.takeRequest().getHeaders().get("Proxy-Authorization")))
                .as("the proxy's 407 answered with the password given").isTrue();
    }

    @Test
    void anHttpsCallTunnelsThroughAnAuthenticatingProxyThatNeverSeesTheApiKey() throws Exception {
        server.enqueue(session());
        DockClient dock = throughTinyProxy(BASIC);

        assertThat(dock.sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1").id()).isEqualTo("vsn_A1b2C3d4E5f6G7h8J9k0L1");

        List<String> connect = proxy.accepted();
        assertThat(connect).hasSize(1);
        assertThat(connect.get(0))
                .startsWith("CONNECT " + server.getHostName() + ":" + server.getPort() + " HTTP/1.1")
                .contains("Proxy-Authorization: " + BASIC)
                .doesNotContain(API_KEY).doesNotContain("/v2/sessions");
        assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + API_KEY);
    }

    @Test
    void aServiceAnswering407InsideTheTunnelNeverGetsTheProxyCredentials() throws Exception {
        // Only the proxy's answer to CONNECT is the proxy's; a 407 inside the tunnel is the service's.
        server.enqueue(new MockResponse.Builder().code(407).setHeader("Proxy-Authenticate", "Basic realm=\"corp\"").build());
        server.enqueue(session());
        DockClient dock = throughTinyProxy(BASIC);

        assertThatThrownBy(() -> dock.sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1"))
                .isInstanceOf(dev.verifykit.error.ApiException.class).hasMessageContaining("HTTP 407");

        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(server.takeRequest().getHeaders().get("Proxy-Authorization")).isNull();
    }

    /**
     * The proxy set up the way OkHttp's own recipe does it, on the caller's client (its proxy and a
     * proxy authenticator answering every 407 with the Basic credential): HttpSettings keeps the
     * caller's proxy, but a 407 the service sends inside the tunnel is the service's, as with
     * {@code proxyAuthentication}: it must not get the proxy's password, nor a second request
     * on the wire (README: credentials stay with where they belong; each attempt is one request).
     */
    @Test
    void aServiceAnswering407InsideTheTunnelNeverGetsTheCallersProxyCredentials() throws Exception {
        useHttps();
        proxy = new TinyProxy(BASIC);
        server.enqueue(new MockResponse.Builder().code(407).setHeader("Proxy-Authenticate", "Basic realm=\"corp\"").build());
        server.enqueue(session());
        OkHttpClient own = new OkHttpClient.Builder().proxy(proxy.address())
                .proxyAuthenticator((route, response) -> response.request().newBuilder()
                        .header("Proxy-Authorization", BASIC).build())
                .build();
        HandshakeCertificates trust = trustingTheTestCa();
        DockClient dock = client(DockClient.builder().okHttpClient(own)
                .baseUrl(server.url("/dock").toString().replace("http:", "https:"))
                .sslSocketFactory(trust.sslSocketFactory(), trust.trustManager()));

        catchThrowable(() -> dock.sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1"));

        assertThat(proxy.accepted()).as("the tunnel was opened with the caller's proxy credentials").hasSize(1);
        List<String> sentToService = new ArrayList<>();
        for (int i = 0; i < server.getRequestCount(); i++) {
            sentToService.add(String.valueOf(server.takeRequest().getHeaders()));
        }
        assertThat(sentToService).as("requests the service received through the tunnel").hasSize(1);
        assertThat(String.join("\n", sentToService)).as("what the service received")
                .doesNotContain(BASIC.substring(6)).doesNotContain(PROXY_PASSWORD);
    }

    @Test
    void theCallersAuthenticatorIsNotAskedToAnswerTheServicesRefusal() throws Exception {
        // An application's client may answer its own services' 401s with its own credentials.
        server.enqueue(new MockResponse.Builder().code(401).setHeader("WWW-Authenticate", "Bearer").body("{}").build());
        server.enqueue(session());
        OkHttpClient own = new OkHttpClient.Builder().authenticator((route, response) -> response.request().newBuilder()
                .header("Authorization", "Bearer the-apps-other-token").build()).build();
        DockClient dock = client(DockClient.builder().baseUrl(server.url("/dock").toString()).okHttpClient(own));

        assertThatThrownBy(() -> dock.sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1"))
                .isInstanceOf(dev.verifykit.error.AuthenticationException.class);

        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + API_KEY);
    }

    @Test
    void aProxyThatRefusesTheCredentialsFailsTheCallWithoutShowingThePassword() throws Exception {
        DockClient dock = throughTinyProxy(okhttp3.Credentials.basic(PROXY_USER, "another-password"));

        assertThatThrownBy(() -> dock.sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1"))
                .isInstanceOf(TransportException.class)
                .satisfies(e -> assertThat(fullText(e)).doesNotContain(PROXY_PASSWORD).doesNotContain(BASIC.substring(6)));
        assertThat(proxy.accepted()).as("one try with the credentials, none after the refusal").hasSize(1);
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void theProxyPasswordIsNeverShownBySettingsOrValidation() {
        HttpSettings settings = HttpSettings.builder()
                .proxy(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("proxy.corp.example", 3128)))
                .proxyAuthentication(new PasswordAuthentication(PROXY_USER, PROXY_PASSWORD.toCharArray()))
                .build();
        assertThat(settings.toString()).contains("proxy.corp.example").doesNotContain(PROXY_PASSWORD);

        assertThatThrownBy(() -> DockClient.builder().apiKey(API_KEY).proxyAuthentication(PROXY_USER, PROXY_PASSWORD + "\n").build())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("proxyAuthentication.password")
                .hasMessageContaining("a line feed (LF) at index 15")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PROXY_PASSWORD));
        assertThatThrownBy(() -> DockClient.builder().apiKey(API_KEY).proxyAuthentication("a:b", PROXY_PASSWORD).build())
                .isInstanceOf(ValidationException.class)
                .hasMessage("proxyAuthentication.username: must not be blank or contain ':'");
        assertThatThrownBy(() -> DockClient.builder().apiKey(API_KEY).proxyAuthentication(PROXY_USER, null).build())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("proxyAuthentication.password");
    }

    @Test
    void aPrivateCaIsTrustedOnlyWhenItsTrustManagerIsGiven() throws Exception {
        useHttps();
        server.enqueue(session());
        String https = server.url("/dock").toString().replace("http:", "https:");

        DockClient jvmTrust = client(DockClient.builder().baseUrl(https));
        assertThatThrownBy(() -> jvmTrust.sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1"))
                .isInstanceOf(TransportException.class)
                .satisfies(e -> assertThat(fullText(e)).contains("javax.net.ssl.SSLHandshakeException"));

        HandshakeCertificates trust = trustingTheTestCa();
        DockClient privateCa = client(DockClient.builder().baseUrl(https)
                .sslSocketFactory(trust.sslSocketFactory(), trust.trustManager()));
        assertThat(privateCa.sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1").id()).isEqualTo("vsn_A1b2C3d4E5f6G7h8J9k0L1");
        assertThat(server.takeRequest().getHandshake()).isNotNull();

        assertThatThrownBy(() -> DockClient.builder().apiKey(API_KEY)
                .httpSettings(HttpSettings.builder().sslSocketFactory(trust.sslSocketFactory()).build()).build())
                .isInstanceOf(ValidationException.class)
                .hasMessage("trustManager: must be set together with sslSocketFactory");
    }

    @Test
    void thePoolSizeDecidesWhetherAConnectionIsReused() throws Exception {
        for (int i = 0; i < 2; i++) {
            server.enqueue(session());
            server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
                    .body(SESSION.replace("vsn_A1b2C3d4E5f6G7h8J9k0L1", "vsn_B1b2C3d4E5f6G7h8J9k0L1")).build());
        }
        String url = server.url("/dock").toString();
        DockClient pooled = client(DockClient.builder().baseUrl(url).connectionPool(4, Duration.ofMinutes(1)));
        pooled.sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1");
        pooled.sessions().retrieve("vsn_B1b2C3d4E5f6G7h8J9k0L1");
        assertThat(server.takeRequest().getConnectionIndex()).isEqualTo(server.takeRequest().getConnectionIndex());

        DockClient unpooled = client(DockClient.builder().baseUrl(url).connectionPool(0, Duration.ofMinutes(1)));
        unpooled.sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1");
        unpooled.sessions().retrieve("vsn_B1b2C3d4E5f6G7h8J9k0L1");
        assertThat(server.takeRequest().getConnectionIndex()).isNotEqualTo(server.takeRequest().getConnectionIndex());

        assertThatThrownBy(() -> DockClient.builder().apiKey(API_KEY).connectionPool(-1, Duration.ofMinutes(1)).build())
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("maxIdleConnections:");
        assertThatThrownBy(() -> DockClient.builder().apiKey(API_KEY).connectionPool(1, Duration.ZERO).build())
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("connectionKeepAlive:");
    }

    @Test
    void theCallersOkHttpClientIsDerivedFromWithItsPoolAndItsProxy() throws Exception {
        server.enqueue(session());
        ConnectionPool shared = new ConnectionPool();
        OkHttpClient own = new OkHttpClient.Builder().connectionPool(shared).proxy(server.getProxyAddress()).build();
        DockClient dock = client(DockClient.builder().baseUrl("http://127.0.0.1:9/dock").okHttpClient(own));

        dock.sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1");

        assertThat(server.takeRequest().getRequestLine()).startsWith("GET http://127.0.0.1:9/dock/v2/sessions/");
        assertThat(shared.connectionCount()).as("the call's connection went back to the caller's pool").isEqualTo(1);
    }

    private static String fullText(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(t).append('\n');
        }
        return text.toString();
    }

    /**
     * An HTTPS proxy of a few lines: answers CONNECT with 200 and tunnels bytes when the
     * Proxy-Authorization is the one expected, else 407 and closes. Records each request head.
     */
    private static final class TinyProxy implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final String expected;
        private final List<String> heads = Collections.synchronizedList(new ArrayList<>());
        private final List<Socket> open = Collections.synchronizedList(new ArrayList<>());
        private final Thread acceptor;

        TinyProxy(String expectedAuthorization) throws IOException {
            this.expected = expectedAuthorization;
            acceptor = new Thread(this::acceptLoop, "tiny-proxy");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        Proxy address() {
            return new Proxy(Proxy.Type.HTTP, socket.getLocalSocketAddress());
        }

        List<String> accepted() {
            return List.copyOf(heads);
        }

        private void acceptLoop() {
            try {
                while (!socket.isClosed()) {
                    Socket client = socket.accept();
                    open.add(client);
                    handle(client);
                }
            } catch (IOException closed) {
                // the test closed the proxy
            }
        }

        private void handle(Socket client) throws IOException {
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
            StringBuilder head = new StringBuilder();
            String authorization = null;
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                head.append(line).append('\n');
                if (line.regionMatches(true, 0, "Proxy-Authorization:", 0, 20)) {
                    authorization = line.substring(20).trim();
                }
            }
            heads.add(head.toString());
            OutputStream out = client.getOutputStream();
            String[] target = head.toString().split(" ");
            if (!expected.equals(authorization) || !target[0].equals("CONNECT")) {
                out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"corp\"\r\n"
                        + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                client.close();
                return;
            }
            String[] hostPort = target[1].split(":");
            Socket upstream = new Socket(hostPort[0], Integer.parseInt(hostPort[1]));
            open.add(upstream);
            out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            pump(client.getInputStream(), upstream.getOutputStream());
            pump(upstream.getInputStream(), out);
        }

        private static void pump(InputStream from, OutputStream to) {
            Thread thread = new Thread(() -> {
                try {
                    from.transferTo(to);
                } catch (IOException closed) {
                    // one side closed
                }
            }, "tiny-proxy-pump");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (open) {
                for (Socket s : open) {
                    s.close();
                }
            }
            try {
                acceptor.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * {@link HttpSettings} is an immutable value: settings built from the same values are equal, with
     * equal hash codes. The copy of the proxy credentials each build took (so that the caller zeroing its
     * password changes nothing) was a new {@link PasswordAuthentication} every time, equal only to itself,
     * so that two builds of one builder, or of two builders given the same credentials, were unequal.
     */
    @Test
    void settingsBuiltFromTheSameCredentialsAreEqual() {
        PasswordAuthentication given = new PasswordAuthentication("proxy-user", "proxy-pass".toCharArray());
        HttpSettings.Builder builder = HttpSettings.builder().proxyAuthentication(given);

        HttpSettings first = builder.build();
        HttpSettings second = builder.build();
        HttpSettings other = HttpSettings.builder().proxyAuthentication(given).build();

        assertThat(second).isEqualTo(first).hasSameHashCodeAs(first);
        assertThat(other).isEqualTo(first).hasSameHashCodeAs(first);
        assertThat(first.proxyAuthentication().orElseThrow()).as("still the settings' own copy").isNotSameAs(given);

        Arrays.fill(given.getPassword(), '\0'); // as PasswordAuthentication's Javadoc asks of its caller
        assertThat(first.proxyAuthentication().orElseThrow().getPassword()).containsExactly("proxy-pass".toCharArray());
        assertThat(second).isEqualTo(first);

        Arrays.fill(given.getPassword(), 'x');
        assertThat(builder.build().proxyAuthentication().orElseThrow().getPassword())
                .as("built after the caller changed them: a copy of what they hold now").containsOnly('x');
    }
}
