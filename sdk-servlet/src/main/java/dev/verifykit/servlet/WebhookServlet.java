package dev.verifykit.servlet;

import dev.verifykit.error.ValidationException;
import dev.verifykit.internal.Require;
import dev.verifykit.webhook.WebhookHandler;
import dev.verifykit.webhook.WebhookOutcome;
import dev.verifykit.webhook.WebhookSigner;
import dev.verifykit.webhook.WebhookVerifier;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A Dokai webhook endpoint: {@code POST} deliveries are read as raw bytes, once, at most the
 * verifier's {@code maxBodyBytes} (a larger body is answered 413 without reading it further), and
 * handed to {@link WebhookVerifier#handle}, which verifies the signature, calls your handler once per
 * event (claim, handle, then commit or release) and says how to answer: 200 handled now or before,
 * 409 with {@code Retry-After} while another copy is being handled, 400 refused, 500 when your
 * handler threw (the service's retry is then handled), 503 with {@code Retry-After} when the replay
 * guard is unreachable. The answer's body is the outcome's kind ({@code HANDLED}, ...), never the
 * reason for a refusal.
 *
 * <p>Map it where no filter reads or wraps the body first (the body must reach the verifier exactly
 * as sent).
 *
 * <pre>{@code
 * WebhookVerifier verifier = WebhookVerifier.builder().secret(System.getenv("DOKAI_WEBHOOK_SECRET")).build();
 * context.addServlet("verifykit-webhook", new WebhookServlet(verifier, event -> store(event)))
 *         .addMapping("/verifykit/dokai/webhook");
 * }</pre>
 */
public class WebhookServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger("dev.verifykit.servlet");

    private final transient WebhookVerifier verifier;
    private final transient WebhookHandler handler;

    /**
     * @param verifier checks deliveries (share one; its replay guard is where handled events are remembered)
     * @param handler what to do with each verified event, once
     * @throws ValidationException when either is null
     */
    public WebhookServlet(WebhookVerifier verifier, WebhookHandler handler) {
        this.verifier = Require.present("verifier", verifier);
        this.handler = Require.present("handler", handler);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, List<String>> headers = Map.of(WebhookSigner.HEADER,
                Collections.list(request.getHeaders(WebhookSigner.HEADER)));
        WebhookOutcome outcome;
        try {
            outcome = verifier.handle(request.getInputStream(), headers, handler);
        } catch (UncheckedIOException e) {
            LOG.log(System.Logger.Level.DEBUG, "a webhook delivery's body could not be read", e);
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        log(outcome);
        response.setStatus(outcome.httpStatus());
        outcome.retryAfterHeader().ifPresent(seconds -> response.setHeader("Retry-After", seconds));
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write((outcome.kind() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void log(WebhookOutcome outcome) {
        switch (outcome.kind()) {
            case REFUSED -> LOG.log(System.Logger.Level.INFO, "a webhook delivery was refused: "
                    + outcome.refusal().map(Throwable::getMessage).orElse("(no reason)"));
            case HANDLER_FAILED -> LOG.log(System.Logger.Level.WARNING, "the webhook handler failed; answered 500 "
                    + "so the delivery is sent again", outcome.failure().orElse(null));
            case GUARD_UNAVAILABLE -> LOG.log(System.Logger.Level.WARNING, "the replay guard is unreachable; answered 503",
                    outcome.failure().orElse(null));
            default -> LOG.log(System.Logger.Level.DEBUG, () -> "webhook delivery: " + outcome);
        }
    }
}
