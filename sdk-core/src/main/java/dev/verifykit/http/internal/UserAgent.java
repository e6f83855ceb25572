package dev.verifykit.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** {@code verifykit-java/<version> Java/<runtime version>}. */
public final class UserAgent {
    public static final String VERSION = readVersion();
    public static final String VALUE = "verifykit-java/" + VERSION + " Java/" + System.getProperty("java.version");

    private UserAgent() {}

    private static String readVersion() {
        try (InputStream in = UserAgent.class.getResourceAsStream("/dev/verifykit/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
