package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.Http.Answer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MalformedRequestsTest {

    private final MockServer server = MockServer.start();
    private final Http http = new Http(server);

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void malformedRequestsGet4xxEnvelopesNever5xx() {
        String id = http.newSession("target");
        String huge = "{\"pid\":\"" + "x".repeat(1024 * 1024) + "\"}";
        List<Answer> answers = new ArrayList<>();
        answers.add(http.create(Http.FREE, "{bad json"));
        answers.add(http.create(Http.FREE, "{\"pid\":true,\"clientId\":{}}"));
        answers.add(http.create(Http.FREE, "{\"pid\":\"PID-FREE0001\",\"clientId\":\"c\",\"guildId\":[]}"));
        // a raw control character in a string: JSON.parse refuses it (a name given twice it reads: the last value)
        answers.add(http.create(Http.FREE, "{\"pid\":\"PID-FREE0001\",\"clientId\":\"c\u0001\"}"));
        answers.add(http.create(Http.FREE, huge));
        answers.add(http.send("PUT", "/dock/v2/sessions/" + id, Http.FREE, huge));
        answers.add(http.send("POST", "/_mock/dock/sessions/" + id + "/complete", null, huge));
        answers.add(http.get(Http.FREE, "/dock/v2/nothing"));
        answers.add(http.get(Http.FREE, "/dock/v2/sessions/" + id + "/stream/extra"));
        answers.add(http.get(Http.FREE, "/dock"));
        answers.add(http.get(null, "/"));
        answers.add(http.get(null, "/elsewhere"));
        answers.add(http.send("DELETE", "/dock/v2/sessions/" + id, Http.FREE, null));
        answers.add(http.send("PUT", "/dock/v2/sessions", Http.FREE, "{}"));
        answers.add(http.get(Http.FREE, "/dock/v2/sessions"));
        answers.add(http.send("POST", "/dock/v2/sessions/" + id + "/stream", Http.FREE, "{}"));
        answers.add(http.send("PATCH", "/_mock/health", null, "{}"));
        answers.add(http.read(Http.FREE, id, "wait=%00"));
        answers.add(Http.send(new Request.Builder().url(server.dockBaseUrl() + "/v2/sessions")
                .header("Authorization", "Basic Zm9vOmJhcg==")
                .post(RequestBody.create("{}", Http.JSON)).build()));
        answers.add(http.get(null, "/roblox/auth.checkVerification"));
        answers.add(http.get(null, "/dokai/v1/verify/session/x"));

        for (Answer answer : answers) {
            assertThat(answer.status()).as(answer.body()).isBetween(400, 499);
            assertThat(answer.json()).as(answer.body()).containsKey("error");
        }
        assertThat(answers.get(4).status()).isEqualTo(413);
        assertThat(answers.get(4).error()).isEqualTo("INVALID_BODY");
        assertThat(answers.get(7).error()).isEqualTo("NOT_FOUND");
        assertThat(answers.get(12).status()).isEqualTo(405);
        assertThat(answers.get(12).error()).isEqualTo("BAD_REQUEST");
        assertThat(answers.get(12).header("Allow")).isEqualTo("GET");
        assertThat(answers.get(12).header("X-Request-Id")).isEqualTo(answers.get(12).meta().get("requestId"));
        assertThat(server.journal().entries()).extracting(MockJournalEntry::status).allMatch(s -> s < 500);
    }

    @Test
    void rawGarbageOnTheSocketDoesNotStopTheServer() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("NOT HTTP AT ALL\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            try {
                in.readAllBytes();
            } catch (IOException ignored) {
                // mockwebserver3 drops a request line it cannot parse without answering
            }
        }
        assertThat(http.get(null, "/_mock/health").status()).isEqualTo(200);
    }

    @Test
    void placeholderServicesAnswerInTheirOwnErrorShapes() {
        Answer roblox = http.send("POST", "/roblox/auth.noSuchProcedure", null, "{}");
        assertThat(roblox.status()).isEqualTo(404);
        assertThat(roblox.json().get("error").toString()).contains("NOT_FOUND", "-32004");

        Answer dokai = http.get(null, "/dokai/v1/no/such/endpoint");
        assertThat(dokai.status()).isEqualTo(404);
        assertThat(dokai.json().get("error").toString()).contains("code=not_found");
    }
}
