package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.Http.Answer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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

    /** A call of the RPC that answers 200 to the input {@code {}}, its head up to a chunked body. */
    private static final String CHUNKED_BEGIN = "POST /roblox/auth.beginVerification HTTP/1.1\r\nHost: mock\r\n"
            + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";

    /**
     * A request head, and the lines framing a chunked body, are bounded as a body is: mockwebserver3 reads
     * those lines whole, so an endless header line (or endless header lines, or an endless chunk-size line)
     * was buffered until the mock's JVM ran out of memory.
     */
    @Test
    void aHeaderLineOfAMebibyteIsRefusedWith431NotBuffered() throws Exception {
        byte[] value = new byte[1024 * 1024];
        Arrays.fill(value, (byte) 'a');
        String answer = exchange("GET /_mock/health HTTP/1.1\r\nHost: mock\r\nX-Big: ", value, "\r\n\r\n");

        assertThat(answer).as("answered, or cut as the head grew past its bound: never taken whole")
                .doesNotStartWith("HTTP/1.1 200");
        if (!answer.isEmpty()) {
            assertThat(answer).startsWith("HTTP/1.1 431 ").containsIgnoringCase("Connection: close");
        }
        assertThat(http.get(null, "/_mock/health").status()).as("the server serves others").isEqualTo(200);
    }

    @Test
    void manyShortHeaderLinesCountTogether() throws Exception {
        byte[] lines = "X-A: b\r\n".repeat(20_000).getBytes(StandardCharsets.US_ASCII); // 160,000 bytes
        String answer = exchange("GET /_mock/health HTTP/1.1\r\nHost: mock\r\n", lines, "\r\n");

        assertThat(answer).doesNotStartWith("HTTP/1.1 200");
    }

    @Test
    void aChunkSizeLineOfAMebibyteIsRefusedNotBuffered() throws Exception {
        byte[] padding = new byte[1024 * 1024];
        Arrays.fill(padding, (byte) ' '); // "1" and spaces: a size mockwebserver3 reads once the line is whole
        String answer = exchange(CHUNKED_BEGIN + "2", padding, "\r\n{}\r\n0\r\n\r\n");

        assertThat(answer).doesNotStartWith("HTTP/1.1 200");
        if (!answer.isEmpty()) {
            assertThat(answer).startsWith("HTTP/1.1 400 ").containsIgnoringCase("Connection: close");
        }
        assertThat(http.get(null, "/_mock/health").status()).as("the server serves others").isEqualTo(200);
    }

    @Test
    void aChunkedBodyOfManyChunksIsAnsweredAsBefore() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000); // a hang guard only
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < 1_000; i++) {
                body.append("20\r\n").append(" ".repeat(32)).append("\r\n"); // 32 KiB of JSON whitespace in 1,000 chunks
            }
            for (int i = 0; i < 2; i++) {
                out.write((CHUNKED_BEGIN + body + "2\r\n{}\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String head = readHead(in);
                assertThat(head).as("request " + i).startsWith("HTTP/1.1 200");
                skipBody(in, head);
            }
        }
    }

    @Test
    void pipelinedRequestsWithBodiesAreFramedByTheirContentLength() throws Exception {
        String body = " ".repeat(60 * 1024) + "{}"; // JSON: no line break, longer than a head may be together with one
        String request = "POST /roblox/auth.beginVerification HTTP/1.1\r\nHost: mock\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000); // a hang guard only
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write((request + request + request).getBytes(StandardCharsets.US_ASCII)); // all three before an answer
            out.flush();
            for (int i = 0; i < 3; i++) {
                String head = readHead(in);
                assertThat(head).as("request " + i).startsWith("HTTP/1.1 200");
                skipBody(in, head);
            }
        }
    }

    @Test
    void aHeadUnderTheBoundAndTheNextRequestOnTheConnectionAreAnswered() throws Exception {
        String big = "a".repeat(60 * 1024);
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000); // a hang guard only
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            // a body of 70 KiB without line breaks after it: a body is not counted as a head
            String body = "b".repeat(70 * 1024);
            out.write(("POST /_mock/health HTTP/1.1\r\nHost: mock\r\nX-Big: " + big + "\r\nContent-Length: "
                    + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readHead(in)).doesNotStartWith("HTTP/1.1 431");
        }
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (int i = 0; i < 3; i++) {
                out.write(("GET /_mock/health HTTP/1.1\r\nHost: mock\r\nX-Big: " + big + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String head = readHead(in);
                assertThat(head).as("request " + i).startsWith("HTTP/1.1 200");
                skipBody(in, head);
            }
        }
    }

    /** Sends {@code start}, {@code middle}, {@code end} from another thread (its write may fail once refused) and reads what comes back. */
    private String exchange(String start, byte[] middle, String end) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000); // a hang guard only
            OutputStream out = socket.getOutputStream();
            Thread writer = new Thread(() -> {
                try {
                    out.write(start.getBytes(StandardCharsets.US_ASCII));
                    out.write(middle);
                    out.write(end.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException ignored) {
                    // refused and closed while sending
                }
            });
            writer.start();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            try {
                byte[] buffer = new byte[4096];
                while (got.size() < 4096) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    got.write(buffer, 0, n);
                    if (got.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                        break;
                    }
                }
            } catch (IOException reset) {
                // cut while the client still sent: what arrived stands
            }
            socket.close();
            writer.join();
            return got.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static void skipBody(InputStream in, String head) throws IOException {
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                in.readNBytes(Integer.parseInt(line.substring(15).strip()));
            }
        }
    }
}
