package dev.verifykit.secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Registered for every test class (META-INF/services + autodetection in junit-platform.properties),
 * here and in sdk-sse, sdk-redis and sdk-examples, which take it from this module's test jar:
 * captures every log record of the library ({@code dev.verifykit.*}, logged through
 * {@code System.Logger}, which maps to JUL, at every level) and of OkHttp, their throwables' and
 * those a test lets escape as a log prints them (stack traces: causes and suppressed failures
 * included), and fails the test class when any of them holds a secret from {@link KnownSecrets}.
 *
 * <p>Scope, on purpose: test code prints secrets legitimately (a test's own assertions, the
 * examples' {@code --show-jwt}), so standard output and the tests' own strings are not scanned;
 * the library never writes to standard output ({@link LibraryOutputTest} checks that). Messages of
 * exceptions a test catches are scanned by {@link SecretsInMessagesTest}, which provokes every
 * exception type with secrets in play.
 *
 * <p>Excluded, on purpose: the Jazzer harnesses ({@code *FuzzTest}). Their responses are
 * attacker-controlled and the fuzzer learns secret-shaped strings from the redactor's comparisons
 * (another client's secret, a key cut short), which no client can know to redact.
 */
public final class SecretLeakGuard implements BeforeAllCallback, AfterAllCallback, TestExecutionExceptionHandler {
    private static final List<String> LEAKS = new ArrayList<>();
    private static final Logger LIBRARY = Logger.getLogger("dev.verifykit");
    private static boolean installed;

    private static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String name = record.getLoggerName() == null ? "" : record.getLoggerName();
                if (!name.startsWith("dev.verifykit") && !name.startsWith("okhttp3")) {
                    return;
                }
                String text = new java.util.logging.SimpleFormatter().formatMessage(record);
                scan("log " + name + " " + record.getLevel(), text);
                scan("log " + name + " (thrown)", record.getThrown());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        capture.setLevel(Level.ALL);
        LIBRARY.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
    }

    static synchronized void scan(String where, String text) {
        for (String hit : KnownSecrets.findIn(text)) {
            LEAKS.add(where + ": " + hit);
        }
    }

    /**
     * A throwable as a log prints it: every message of its stack trace, its causes and the failures
     * suppressed in them included (the SDK's own and what it keeps of a library's).
     */
    static void scan(String where, Throwable thrown) {
        if (thrown == null) {
            return;
        }
        java.io.StringWriter trace = new java.io.StringWriter();
        thrown.printStackTrace(new java.io.PrintWriter(trace));
        scan(where + " " + thrown.getClass().getSimpleName() + " (stack trace)", trace.toString());
    }

    private static synchronized List<String> drain() {
        List<String> found = List.copyOf(LEAKS);
        LEAKS.clear();
        return found;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        install();
        drain();
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        scan("escaped from " + context.getDisplayName(), throwable);
        throw throwable;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        List<String> found = drain();
        if (!found.isEmpty() && !context.getRequiredTestClass().getSimpleName().endsWith("FuzzTest")) {
            throw new AssertionError("secrets in library output during " + context.getDisplayName() + ":\n  "
                    + String.join("\n  ", found));
        }
    }
}
