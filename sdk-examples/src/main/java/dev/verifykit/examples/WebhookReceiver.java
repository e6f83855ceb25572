package dev.verifykit.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.error.WebhookVerificationException;
import dev.verifykit.webhook.DokaiWebhookEvent;
import dev.verifykit.webhook.WebhookVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A Dokai webhook receiver as an integrator would write one: it verifies the signature of the raw
 * body before parsing anything, answers 204 to an accepted delivery, 400 (or 413) with the reason
 * to a refused one, and hands accepted events on. Built on the JDK's {@code HttpServer}.
 *
 * <pre>{@code
 * try (WebhookReceiver receiver = WebhookReceiver.start("127.0.0.1", 0, verifier, event -> store(event))) {
 *     createSessionWithWebhook(receiver.url());
 * }
 * }</pre>
 */
public final class WebhookReceiver implements AutoCloseable {
    /** The path deliveries are received on. */
    public static final String PATH = "/dokai/webhook";

    private final HttpServer server;
    private final ExecutorService executor;
    private final WebhookVerifier verifier;
    private final Consumer<String> log;
    private final BlockingQueue<DokaiWebhookEvent> accepted = new LinkedBlockingQueue<>();

    private WebhookReceiver(HttpServer server, ExecutorService executor, WebhookVerifier verifier, Consumer<String> log) {
        this.server = server;
        this.executor = executor;
        this.verifier = verifier;
        this.log = log;
    }

    /**
     * Starts receiving on {@code host:port} (0 for a free port).
     *
     * @param log told of every delivery, accepted or refused, in one line
     */
    public static WebhookReceiver start(String host, int port, WebhookVerifier verifier, Consumer<String> log)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 0);
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "webhook-receiver");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        WebhookReceiver receiver = new WebhookReceiver(server, executor, verifier, log);
        server.createContext(PATH, receiver::handle);
        server.start();
        return receiver;
    }

    /** Where to send deliveries. */
    public String url() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + PATH;
    }

    /** The next accepted event, waiting up to {@code timeout}; {@code null} if none came. */
    public DokaiWebhookEvent next(Duration timeout) throws InterruptedException {
        return accepted.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                respond(exchange, 405, "POST only");
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(WebhookVerifier.DEFAULT_MAX_BODY_BYTES + 1);
            }
            try {
                DokaiWebhookEvent event = verifier.verifyAndParse(body, exchange.getRequestHeaders());
                respond(exchange, 204, null);
                log.accept("accepted " + event.type() + " (signature verified)");
                accepted.add(event);
            } catch (WebhookVerificationException e) {
                log.accept("refused: " + e.reason() + ": " + e.getMessage());
                respond(exchange, e.reason() == WebhookVerificationException.Reason.BODY_TOO_LARGE ? 413 : 400,
                        e.reason().name());
            } catch (MalformedResponseException e) {
                log.accept("refused: signed but not a Dokai event: " + e.getMessage());
                respond(exchange, 400, "MALFORMED_EVENT");
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String text) throws IOException {
        if (text == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }
}
