package dev.verifykit.mock;

import static dev.verifykit.mock.Rpc.error;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.Http.Answer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Roblox RPC mock beside a real tRPC v11 server (@trpc/server 11.25.2, zod 4.6.7, standalone
 * adapter, no transformer, not production mode) sent the same bytes. Each test states the real
 * server's answer; each was a difference, found by an outside review that ran both side by side.
 * Differences left (the mock's README lists them): V8's wording of invalid JSON, tRPC's JSON-lines
 * answers, the mock's 64-KiB body limit.
 */
class RealTrpcWireTest {

    private final MockServer server = MockServer.start(MockSettings.builder().build());
    private final Rpc rpc = new Rpc(server);

    @AfterEach
    void stop() {
        server.close();
    }

    private Answer post(String path, String contentType, String body) {
        return Http.send(new Request.Builder().url(server.robloxBaseUrl() + "/" + path)
                .post(RequestBody.create(body, MediaType.get(contentType))).build());
    }

    private static final String MAX = "{\"sessionId\":\"ffffffff-ffff-ffff-ffff-ffffffffffff\"}";

    /** Real: 200 {"result":{"data":{"status":"expired"}}} (tRPC lower-cases the media type: RFC 9110 8.3.1). */
    @Test
    void aMediaTypeInOtherLetterCaseIsJson() {
        assertThat(post("auth.checkVerification", "Application/JSON", MAX).status()).isEqualTo(200);
        assertThat(post("auth.checkVerification", "APPLICATION/JSON; charset=utf-8", MAX).status()).isEqualTo(200);
    }

    /** Real: 415 text/plain;charset=UTF-8, UNSUPPORTED_MEDIA_TYPE "Unsupported content-type \"application/json-patch+json". */
    @Test
    void aMediaTypeThatOnlyStartsWithApplicationJsonIsRefused() {
        for (String type : new String[] {"application/jsonl", "application/json-patch+json", "application/jsonx"}) {
            Answer answer = post("auth.checkVerification", type, MAX);
            assertThat(answer.status()).as(type).isEqualTo(415);
            assertThat(answer.header("Content-Type")).as(type).isEqualTo("text/plain;charset=UTF-8");
        }
    }

    /**
     * Real: 400 BAD_REQUEST whose message is zod's issue list "Invalid input: expected object, received
     * undefined" (tRPC 11 reads req.text() and parses only a non-empty body), not "Unexpected end of JSON input".
     */
    @Test
    void anEmptyBodyIsAnUndefinedInputNotUnreadableJson() {
        Answer answer = rpc.call("auth.checkVerification", "");
        assertThat(answer.status()).isEqualTo(400);
        assertThat((String) error(answer).get("message")).contains("\"expected\": \"object\"",
                "Invalid input: expected object, received undefined");
    }

    /** Real: 405 with "allow: POST" beside the METHOD_NOT_SUPPORTED envelope. */
    @Test
    void aGetOfAMutationSaysWhichMethodIsAllowed() {
        Answer answer = Http.send(new Request.Builder().url(server.robloxBaseUrl() + "/auth.beginVerification").get().build());
        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.header("Allow")).isEqualTo("POST");
    }

    /** Real: the standalone adapter trims slashes around the path, so ".../auth.beginVerification/" is 200. */
    @Test
    void aTrailingSlashAfterTheProcedureIsTheSameProcedure() {
        assertThat(post("auth.beginVerification/", "application/json", "").status()).isEqualTo(200);
    }

    /**
     * Real: Node joins a repeated header with ", ", so two x-verification-secret headers (an
     * interceptor or a proxy adding it again) are "rbx_test_secret, rbx_test_secret": 401 UNAUTHORIZED
     * "Invalid verification secret" (the mock read the first and went on to the completion).
     */
    @Test
    void aVerificationSecretSentTwiceIsNotTheSecret() {
        Answer answer = Http.send(new Request.Builder().url(server.robloxBaseUrl() + "/auth.completeVerification")
                .addHeader("x-verification-secret", Rpc.SECRET).addHeader("x-verification-secret", Rpc.SECRET)
                .post(RequestBody.create("{\"code\":\"1234567\",\"robloxUserId\":\"1\"}", Http.JSON)).build());
        assertThat(answer.status()).isEqualTo(401);
        assertThat(error(answer)).containsEntry("message", "Invalid verification secret");
    }

    /**
     * Real (Node's http server): a request with "Connection: close" is answered and the connection
     * closed (EOF right after the body); the mock kept it open, so a client reading to EOF waited for
     * its own timeout. 10 s is only a safety net.
     */
    @Test
    void aRequestWithConnectionCloseIsAnsweredAndTheConnectionClosed() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /roblox/auth.beginVerification HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\nContent-Type: application/json\r\nContent-Length: 0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            boolean closed;
            try {
                byte[] buffer = new byte[4096];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    got.write(buffer, 0, n);
                }
                closed = true;
            } catch (SocketTimeoutException stillOpen) {
                closed = false;
            }
            assertThat(got.toString(StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200");
            assertThat(closed).as("the server closed the connection after its answer").isTrue();
        }
    }
}
