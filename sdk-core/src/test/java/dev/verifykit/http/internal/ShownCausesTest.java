package dev.verifykit.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ProtocolException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ShownCauses}: a failure kept under an exception of the SDK's shows no secret anywhere a log
 * prints it, suppressed exceptions included: OkHttp adds the failure of reading an early answer (its
 * status line quoted, a server's echo of the key) as suppressed to the failure of sending the request
 * body, and a stack trace prints every suppressed exception.
 */
class ShownCausesTest {
    private static final String KEY = "dock_live_Echoed5e1c0a77";
    private static final Redactor REDACTOR = new Redactor(List.of(Secret.of(KEY)));

    @Test
    void aSuppressedFailureQuotingTheKeyIsCleanedToo() {
        IOException sending = new IOException("Broken pipe");
        sending.addSuppressed(new ProtocolException("Unexpected status line: HTTP/1.1 200 " + KEY));
        IOException failure = new IOException("the request failed", sending);

        Throwable shown = ShownCauses.of(failure, REDACTOR);

        assertThat(printed(shown)).doesNotContain(KEY).contains("Unexpected status line")
                .contains("java.net.ProtocolException");
        assertThat(shown).isInstanceOf(IOException.class);
    }

    @Test
    void aChainWithoutSecretsIsKeptAsItIs() {
        IOException sending = new IOException("Broken pipe");
        sending.addSuppressed(new ProtocolException("Unexpected status line: HTTP/1.1 200 OK"));
        IOException failure = new IOException("the request failed", sending);

        assertThat(ShownCauses.of(failure, REDACTOR)).isSameAs(failure);
    }

    private static String printed(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
