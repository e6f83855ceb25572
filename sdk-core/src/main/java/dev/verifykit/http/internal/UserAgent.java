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
        return buildProperties().getProperty("version", "unknown");
    }

    /** {@code version.properties}: this release's version and the library versions it was built with. */
    static Properties buildProperties() {
        Properties properties = new Properties();
        try (InputStream in = UserAgent.class.getResourceAsStream("/dev/verifykit/version.properties")) {
            if (in != null) {
                properties.load(in);
            }
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
