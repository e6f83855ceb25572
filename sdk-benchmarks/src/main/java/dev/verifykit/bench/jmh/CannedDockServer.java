package dev.verifykit.bench.jmh;

import com.sun.net.httpserver.HttpServer;
import dev.verifykit.mock.MockServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A loopback HTTP server that answers every request with one canned Dock read: the bytes and
 * headers the reference mock server sent for a completed session. The JDK's server keeps no record
 * of requests, so a long run does not grow the heap as mockwebserver3's request queue would.
 */
public final class CannedDockServer implements AutoCloseable {
    private static final String[] KEPT_HEADERS = {"Content-Type", "X-Request-Id", "X-RateLimit-Limit",
            "X-RateLimit-Remaining", "X-RateLimit-Reset", "X-RateLimit-Limit-Day", "X-RateLimit-Remaining-Day"};

    static {
        // Without TCP_NODELAY, the JDK server's separate header and body writes meet the client's
        // delayed ACK and every exchange takes ~40 ms.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final byte[] body;
    private final String recordedId;
    /** The recorded answer under each id asked for, made once per id (the server's work per request stays the same). */
    private final Map<String, byte[]> answers = new ConcurrentHashMap<>();
    private final Map<String, String> headers;

    private CannedDockServer(byte[] body, String recordedId, Map<String, String> headers) throws IOException {
        this.body = body;
        this.recordedId = recordedId;
        this.headers = headers;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            // the recorded session under the id asked for: the SDK checks that a read's answer is
            // about the session it read (both sides get the same bytes)
            String path = exchange.getRequestURI().getPath();
            String id = path.substring(path.lastIndexOf('/') + 1);
            byte[] answer = answers.computeIfAbsent(id, asked -> new String(this.body, StandardCharsets.UTF_8)
                    .replace(this.recordedId, asked).getBytes(StandardCharsets.UTF_8));
            this.headers.forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    /** Records a real read of a completed session from the reference mock server, then serves it. */
    public static CannedDockServer start() throws IOException {
        try (MockServer mock = MockServer.start()) {
            OkHttpClient http = new OkHttpClient();
            String key = mock.settings().dock().freeApiKey();
            String created;
            try (Response response = http.newCall(new Request.Builder()
                    .url(mock.dockBaseUrl() + "/v2/sessions")
                    .header("Authorization", "Bearer " + key)
                    .post(RequestBody.create("{\"pid\":\"" + mock.settings().dock().freePid()
                            + "\",\"clientId\":\"bench\",\"guildId\":\"987654321098765432\"}",
                            MediaType.get("application/json")))
                    .build()).execute()) {
                created = response.body().string();
            }
            String id = created.replaceAll("(?s).*\"id\"\\s*:\\s*\"(vsn_[0-9A-Za-z]+)\".*", "$1");
            mock.dock().complete(id);
            try (Response read = http.newCall(new Request.Builder()
                    .url(mock.dockBaseUrl() + "/v2/sessions/" + id)
                    .header("Authorization", "Bearer " + key)
                    .build()).execute()) {
                if (read.code() != 200) {
                    throw new IllegalStateException("the mock answered " + read.code());
                }
                Map<String, String> kept = new LinkedHashMap<>();
                for (String name : KEPT_HEADERS) {
                    String value = read.header(name);
                    if (value != null) {
                        kept.put(name, value);
                    }
                }
                byte[] bytes = read.body().bytes();
                http.dispatcher().executorService().shutdown();
                http.connectionPool().evictAll();
                return new CannedDockServer(bytes, id, kept);
            }
        }
    }

    /** The Dock base URL, {@code http://127.0.0.1:PORT/dock}. */
    public String dockBaseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/dock";
    }

    public int bodyLength() {
        return body.length;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
