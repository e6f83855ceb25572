package dev.verifykit.mock.internal.dokai;

import dev.verifykit.mock.MockKycSession;
import dev.verifykit.mock.internal.HttpCall;
import dev.verifykit.mock.internal.JavaScript;
import dev.verifykit.mock.internal.Json;
import dev.verifykit.mock.internal.Reply;
import dev.verifykit.mock.internal.Routes;
import dev.verifykit.mock.internal.Router;
import dev.verifykit.mock.internal.Service;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Dokai hosted KYC, mounted at {@code /dokai}: {@code POST /v1/verify/session},
 * {@code GET /v1/verify/session/{id}} and the hosted page {@code /verify/{token}}.
 */
public final class DokaiService implements Service {

    private static final int MAX_URL = 2048;
    private static final int MAX_DOCUMENT_FIELD = 64;
    /** The error code an injected status is answered with; other statuses are internal_error or invalid_request. */
    private static final Map<Integer, String> INJECTED_CODES = Map.of(400, "invalid_request", 401, "unauthorized",
            403, "feature_not_enabled", 404, "not_found", 429, "rate_limited", 503, "service_unavailable");
    private static final Routes.Refusals<HttpCall> REFUSALS = new Routes.Refusals<>() {
        @Override
        public Reply tooLarge(HttpCall call) {
            return DokaiFailure.of(413, "invalid_request", "Request body is larger than " + Router.MAX_BODY + " bytes")
                    .reply();
        }

        @Override
        public Reply notFound(HttpCall call) {
            return DokaiFailure.of(404, "not_found", "No Dokai endpoint at " + call.method() + " " + call.path())
                    .reply();
        }

        @Override
        public Reply methodNotAllowed(HttpCall call, List<String> allowed) {
            return DokaiFailure.methodNotAllowed(call.method(), String.join(", ", allowed)).reply();
        }
    };

    private final DokaiState state;
    private final Routes<HttpCall> routes = new Routes<>(this::addRoutes);

    public DokaiService(DokaiState state) {
        this.state = state;
    }

    private void addRoutes(Routes<HttpCall> routes) {
        routes.on("POST", "/v1/verify/session", (call, segments) -> create(call))
                .on("GET", "/v1/verify/session/{id}", (call, segments) -> read(call, segments.get(0)))
                .on("GET", "/verify/{token}", (call, segments) -> page(call, segments.get(0)))
                .on("POST", "/verify/{token}", (call, segments) -> page(call, segments.get(0)));
    }

    @Override
    public Reply handle(HttpCall call) throws InterruptedException {
        try {
            return routes.dispatch(call, call, REFUSALS);
        } catch (DokaiFailure f) {
            return f.reply();
        }
    }

    @Override
    public Reply injected(int status, String path, String message) {
        String code = INJECTED_CODES.getOrDefault(status, status >= 500 ? "internal_error" : "invalid_request");
        return DokaiFailure.of(status, code, message).reply();
    }

    @Override
    public void reset() {
        state.reset();
    }

    @Override
    public void close() {
        state.close();
    }

    private Reply create(HttpCall call) {
        String apiKey = authenticate(call);
        String text = call.bodyText();
        Map<?, ?> body = Map.of();
        if (!text.isEmpty()) { // only an empty body is {}: JSON.parse refuses one of spaces
            body = JavaScript.jsonParseObject(text)
                    .orElseThrow(() -> DokaiFailure.invalid("Request body must be a JSON object"));
        }
        String webhookUrl = optionalString(body, "webhook_url", MAX_URL);
        String documentType = optionalString(body, "document_type", MAX_DOCUMENT_FIELD);
        String documentBrand = optionalString(body, "document_brand", MAX_DOCUMENT_FIELD);
        if (documentType != null && documentType.isBlank()) {
            throw DokaiFailure.invalid("document_type must not be empty");
        }
        if (documentBrand != null && documentBrand.isBlank()) {
            throw DokaiFailure.invalid("document_brand must not be empty");
        }
        if (webhookUrl != null && !WebhookPolicy.allows(state.settings(), webhookUrl)) {
            throw DokaiFailure.of(422, "webhook_domain_not_allowed", "webhook_url must be an HTTPS URL on a domain "
                    + "whitelisted for webhooks " + state.settings().allowedWebhookDomains()
                    + (state.settings().allowLoopbackHttpWebhooks() ? " or a loopback URL" : ""));
        }
        MockKycSession session = state.create(apiKey, webhookUrl, documentType, documentBrand);
        return Reply.json(201, Json.write(KycJson.created(session)));
    }

    private Reply read(HttpCall call, String sessionId) {
        String apiKey = authenticate(call);
        MockKycSession session = state.read(apiKey, sessionId)
                .orElseThrow(() -> DokaiFailure.of(404, "not_found", "No verification session " + sessionId));
        return Reply.json(200, Json.write(KycJson.session(session)));
    }

    private Reply page(HttpCall call, String token) {
        String self = call.url().encodedPath();
        Optional<MockKycSession> found = state.byToken(token);
        if (found.isEmpty()) {
            return html(404, HostedPage.notFound());
        }
        MockKycSession session = found.get();
        if (call.method().equals("GET")) {
            return html(200, HostedPage.render(session, self, null));
        }
        String action = call.form().get("action");
        try {
            if ("advance".equals(action)) {
                state.advance(session.id());
            } else if (KycSession.event(action == null ? "" : action) != null) {
                state.finish(session.id(), action);
            } else {
                return html(400, HostedPage.render(session, self,
                        "Unknown action '" + action + "': use advance, verified, unverified or failed"));
            }
            return Reply.status(303).header("Location", self).header("Cache-Control", "no-store");
        } catch (IllegalStateException e) {
            MockKycSession now = state.byToken(token).orElse(session);
            return html(409, HostedPage.render(now, self, e.getMessage()));
        } catch (NoSuchElementException e) {
            return html(404, HostedPage.notFound());
        }
    }

    private String authenticate(HttpCall call) {
        String header = call.header("Authorization");
        String key = call.bearerToken();
        return switch (state.access(key)) {
            case KYC -> key;
            case NO_KYC -> throw DokaiFailure.of(403, "feature_not_enabled",
                    "Hosted verification needs a plan with the kyc_verification feature");
            case NONE -> throw DokaiFailure.of(401, "unauthorized", header == null || header.isBlank()
                    ? "Missing API key: send Authorization: Bearer <API key>" : "Invalid API key");
        };
    }

    private static String optionalString(Map<?, ?> body, String field, int maxLength) {
        Object value = body.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw DokaiFailure.invalid(field + " must be a string");
        }
        if (text.length() > maxLength) {
            throw DokaiFailure.invalid(field + " must be at most " + maxLength + " characters");
        }
        return text;
    }

    private static Reply html(int status, String html) {
        return Reply.html(status, html).header("Cache-Control", "no-store");
    }
}
