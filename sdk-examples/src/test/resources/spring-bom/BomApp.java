import com.sun.net.httpserver.HttpServer;
import dev.verifykit.dock.DockClient;
import dev.verifykit.error.DependencyConflictException;
import dev.verifykit.error.VerifyKitException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Builds a Dock client on the class path Maven resolved for the application, and sends one request
 * to a local server answering 404, so that OkHttp, Okio and Kotlin really run. Prints what happened.
 */
public final class BomApp {
    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "{\"error\":{\"code\":\"session_not_found\",\"message\":\"no such session\"}}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try (DockClient dock = DockClient.builder()
                .apiKey("dk_test_bom_app")
                .baseUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/dock")
                .maxRetries(0)
                .build()) {
            System.out.println("built");
            try {
                dock.sessions().retrieve("ses_missing");
                System.out.println("answered");
            } catch (VerifyKitException e) {
                System.out.println("answered " + e.getClass().getSimpleName());
            }
        } catch (DependencyConflictException e) {
            System.out.println("refused: " + e.getMessage());
        } finally {
            server.stop(0);
        }
    }
}
