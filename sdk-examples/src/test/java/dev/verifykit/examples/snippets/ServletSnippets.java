package dev.verifykit.examples.snippets;

import dev.verifykit.dock.DockClient;
import dev.verifykit.servlet.DockRelay;
import dev.verifykit.servlet.DockRelayServlet;
import dev.verifykit.servlet.WebhookServlet;
import dev.verifykit.sse.DockSessionStreams;
import dev.verifykit.webhook.DokaiWebhookEvent;
import dev.verifykit.webhook.WebhookVerifier;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/** The README's sample of verifykit-servlet, compiled (sdk-servlet's tests run both servlets in Jetty). */
final class ServletSnippets {
    private ServletSnippets() {}

    static final class VerifyKitServlets implements ServletContextListener {
        private final DockClient dock;
        private DockRelay relay;

        VerifyKitServlets(DockClient dock) {
            this.dock = dock;
        }

        // README: servlet
        @Override
        public void contextInitialized(ServletContextEvent event) {
            ServletContext context = event.getServletContext();

            WebhookVerifier verifier = WebhookVerifier.builder()
                    .secret(System.getenv("DOKAI_WEBHOOK_SECRET"))
                    .build();
            ServletRegistration.Dynamic webhook = context.addServlet("verifykit-webhook",
                    new WebhookServlet(verifier, ServletSnippets::store));
            webhook.addMapping("/verifykit/dokai/webhook");
            webhook.setAsyncSupported(true); // the body read without holding a thread, within 10 s

            relay = DockRelay.create(DockSessionStreams.of(dock));
            ServletRegistration.Dynamic events = context.addServlet("verifykit-dock-relay",
                    new DockRelayServlet(relay, (request, sessionId) -> ownsSession(request, sessionId)));
            events.addMapping("/verifykit/dock/sessions/*");
            events.setAsyncSupported(true);
        }

        @Override
        public void contextDestroyed(ServletContextEvent event) {
            relay.close();
        }
        // README: end
    }

    static boolean ownsSession(HttpServletRequest request, String sessionId) {
        HttpSession session = request.getSession(false);
        return session != null && sessionId.equals(session.getAttribute("dockSessionId"));
    }

    static void store(DokaiWebhookEvent event) {
        // the application's own storage
    }
}
