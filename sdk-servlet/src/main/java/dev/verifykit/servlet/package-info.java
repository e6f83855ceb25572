/**
 * Jakarta Servlet integration. {@link dev.verifykit.servlet.WebhookServlet} receives Dokai webhooks:
 * it reads the raw body once, within the verifier's size limit, and hands it to
 * {@link dev.verifykit.webhook.WebhookVerifier#handle}. {@link dev.verifykit.servlet.DockRelayServlet}
 * lets browsers follow Dock sessions with {@code EventSource}: after your
 * {@link dev.verifykit.servlet.RelayAuthorizer} approves the caller, it re-serves the session's stream
 * (opened server-side with the API key, by a {@link dev.verifykit.servlet.DockRelay} that shares one
 * upstream among all browsers watching a session) as Server-Sent Events.
 *
 * <pre>{@code
 * DockRelay relay = DockRelay.create(DockSessionStreams.of(dock));
 * ServletRegistration.Dynamic events = context.addServlet("verifykit-relay",
 *         new DockRelayServlet(relay, (request, sessionId) -> mySessions.owns(request, sessionId)));
 * events.addMapping("/verifykit/dock/sessions/*");
 * events.setAsyncSupported(true);
 * ServletRegistration.Dynamic webhook = context.addServlet("verifykit-webhook",
 *         new WebhookServlet(verifier, event -> store(event)));
 * webhook.addMapping("/verifykit/dokai/webhook");
 * webhook.setAsyncSupported(true); // the body's 10-s limit
 * }</pre>
 */
package dev.verifykit.servlet;
