package dev.verifykit.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The integrator's page of the browser tests ({@code /relay.html?session=<id>}): follows the session
 * through the relay with {@code EventSource}, shows its state, and keeps everything it received in
 * {@code window.received} (and counts opens and errors) for the test to read.
 */
final class RelayPageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    static final String PAGE = """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>Link your accounts</title>
            <style>body{font-family:sans-serif;margin:2rem}#status{font-size:1.6rem}</style></head>
            <body>
            <h1>Link your Discord and Roblox accounts</h1>
            <p>Session <code id="session"></code>: <span id="status">connecting</span></p>
            <p id="result"></p>
            <ol id="log"></ol>
            <script>
            window.received = [];
            window.opens = 0;
            window.errors = 0;
            const id = new URLSearchParams(location.search).get('session');
            document.getElementById('session').textContent = id;
            const source = new EventSource('/verifykit/dock/sessions/' + encodeURIComponent(id) + '/events');
            source.onopen = () => { window.opens++; };
            source.onerror = () => { window.errors++; };
            const show = (e) => {
              window.received.push({type: e.type, id: e.lastEventId, data: e.data});
              const item = document.createElement('li');
              item.textContent = e.type + ' ' + e.lastEventId;
              document.getElementById('log').appendChild(item);
            };
            source.addEventListener('relay-error', (e) => {
              show(e);
              document.getElementById('status').textContent = 'error: ' + JSON.parse(e.data).error;
              source.close();
            });
            source.addEventListener('session', (e) => {
              show(e);
              const session = JSON.parse(e.data);
              document.getElementById('status').textContent = session.status;
              if (session.status !== 'pending') {
                source.close();
                if (session.result) {
                  document.getElementById('result').textContent =
                    'Discord ' + session.result.discordId + ' is linked to Roblox ' + session.result.robloxId;
                }
              }
            });
            </script>
            </body></html>
            """;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/html;charset=utf-8");
        response.getOutputStream().write(PAGE.getBytes(StandardCharsets.UTF_8));
    }
}
