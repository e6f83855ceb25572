package dev.verifykit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.verifykit.dock.DockClient;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.testing.RawServer;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Secrets that reached a failure's messages by paths the redaction missed (an outside review found each). */
class RedactionGapsTest {
    static final String ID = "vsn_A1b2C3d4E5f6G7h8J9k0L1";
    static final Duration GUARD = Duration.ofSeconds(40);

    private static String answer(String status, String type, String body) {
        return "HTTP/1.1 " + status + "\r\nContent-Type: " + type + "\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body;
    }

    private static Throwable retrieve(DockClient dock) {
        return assertTimeoutPreemptively(GUARD, () -> catchThrowable(() -> dock.sessions().retrieve(ID)));
    }

    /**
     * A long API key (500 characters; nothing limits its length) echoed at the start of an HTML
     * page: the preview redacts only the first 480 bytes, where the whole key is not, then shows 120
     * characters of it.
     */
    @Test
    void aLongKeyEchoedByAnHtmlPageIsNotPreviewed() throws Exception {
        StringBuilder k = new StringBuilder("dk_live_");
        for (int i = 0; k.length() < 500; i++) {
            k.append(Integer.toString(i * 7919 % 36, 36));
        }
        String key = k.toString();
        try (RawServer server = new RawServer(conn -> conn.write(answer("200 OK", "text/html",
                conn.header("Authorization").substring(7) + " is not welcome here</p>")));
                DockClient dock = DockClient.builder().apiKey(key).baseUrl(server.url("/dock")).maxRetries(0).build()) {
            Throwable thrown = retrieve(dock);
            assertThat(thrown).isInstanceOf(VerifyKitException.class);
            assertThat(HostileServerTest.everything(thrown)).doesNotContain(key.substring(0, 40));
        }
    }

    /**
     * A key with characters a URL encodes (base64 keys have + / =), echoed URL-encoded in the
     * server's error message (a gateway quoting the request it refused): the redactor knows the raw
     * form only.
     */
    @Test
    void aKeyEchoedUrlEncodedInTheErrorMessageIsRedacted() throws Exception {
        String key = "dk_live_Q2xhdXNl+c2VjcmV0/a2V5==";
        String encoded = URLEncoder.encode("Bearer " + key, StandardCharsets.UTF_8);
        try (RawServer server = new RawServer(conn -> conn.write(answer("401 Unauthorized", "application/json",
                "{\"status\":401,\"error\":\"UNAUTHORIZED\",\"message\":\"refused https://gw.example/auth?h=" + encoded
                        + "\",\"meta\":{\"requestId\":\"req_1\"}}")));
                DockClient dock = DockClient.builder().apiKey(key).baseUrl(server.url("/dock")).maxRetries(0).build()) {
            Throwable thrown = retrieve(dock);
            assertThat(thrown).isInstanceOf(VerifyKitException.class);
            assertThat(HostileServerTest.everything(thrown))
                    .doesNotContain(key).doesNotContain(URLEncoder.encode(key, StandardCharsets.UTF_8));
        }
    }

    /**
     * Secrets that are substrings of each other: the API key is masked first, so a proxy password
     * holding it is cut into pieces the password's own mask no longer matches, and most of it shows.
     */
    @Test
    void aProxyPasswordHoldingTheApiKeyIsMaskedWhole() throws Exception {
        String key = "dk_live_7Hq2";
        String password = "PXpw-9z" + key + "-tail81";
        try (RawServer proxy = new RawServer(conn -> conn.write(answer("500 Internal Server Error", "application/json",
                "{\"status\":500,\"error\":\"INTERNAL_ERROR\",\"message\":\"upstream auth failed for proxy password "
                        + password + "\",\"meta\":{\"requestId\":\"req_1\"}}")));
                DockClient dock = DockClient.builder().apiKey(key).baseUrl("http://localhost/dock").maxRetries(0)
                        .proxy(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1",
                                Integer.parseInt(proxy.url("").replaceAll(".*:", "")))))
                        .proxyAuthentication("user", password).build()) {
            Throwable thrown = retrieve(dock);
            assertThat(thrown).isInstanceOf(VerifyKitException.class);
            String all = HostileServerTest.everything(thrown);
            assertThat(all).doesNotContain("PXpw-9z").doesNotContain("-tail81");
        }
    }

    /**
     * Moshi's message names the path, and a path holds object names; JsonCodec cuts the message at
     * 500 characters before the transport redacts it, so a key echoed as a name that the cut falls
     * in is shown up to the cut, unmasked (the mask needs the whole key).
     */
    @Test
    void aKeyEchoedAsANameCutByTheMessageLimitIsNotShownInPart() throws Exception {
        String key = "dk_live_N4meCutK3yZ8p2Lq7Rw5Tx";
        String name = "a".repeat(440); // puts the key's last character just past JsonCodec's 500-character cut
        try (RawServer server = new RawServer(conn -> conn.write(answer("200 OK", "application/json",
                "{\"status\":200,\"data\":{\"" + name + "\":{\"" + conn.header("Authorization").substring(7)
                        + "\":tru}}}")));
                DockClient dock = DockClient.builder().apiKey(key).baseUrl(server.url("/dock")).maxRetries(0).build()) {
            Throwable thrown = retrieve(dock);
            assertThat(thrown).isInstanceOf(VerifyKitException.class);
            assertThat(HostileServerTest.everything(thrown)).doesNotContain(key.substring(0, 10));
        }
    }

    /**
     * The same cut with the one-time code a game server completes (a request's own secret, which a
     * failed completion leaves usable): a server echoing it as a name near the cut gets 7 of its 8
     * characters into the message.
     */
    @Test
    void aOneTimeCodeEchoedAsANameCutByTheMessageLimitIsNotShownInPart() throws Exception {
        String code = "QZ7K4PMW";
        String name = "b".repeat(455);
        try (RawServer server = new RawServer(conn -> conn.write(answer("200 OK", "application/json",
                "{\"result\":{\"data\":{\"" + name + "\":{\"" + code + "\":tru}}}}")));
                dev.verifykit.roblox.RobloxGameServerClient rpc = dev.verifykit.roblox.RobloxGameServerClient.builder()
                        .baseUrl(server.url("/roblox")).verificationSecret("rbx_game_secret_91").maxRetries(0).build()) {
            Throwable thrown = assertTimeoutPreemptively(GUARD, () -> catchThrowable(() -> rpc.completeVerification(code, "156319135")));
            assertThat(thrown).isInstanceOf(VerifyKitException.class);
            assertThat(HostileServerTest.everything(thrown)).doesNotContain(code.substring(0, 6));
        }
    }
}
