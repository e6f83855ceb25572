package dev.verifykit.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** {@code verifykit-java/<version> Java/<runtime version>}. */
public final class UserAgent {
    /** {@code version.properties}, read once: this release's version and the library versions it was built with. */
    private static final Properties BUILD = readBuildProperties();
    public static final String VERSION = BUILD.getProperty("version", "unknown");
    public static final String VALUE = "verifykit-java/" + VERSION + " Java/" + System.getProperty("java.version");

    private UserAgent() {}

    /** A property of {@code version.properties}, or {@code otherwise} when it has none. */
    static String buildProperty(String name, String otherwise) {
        return BUILD.getProperty(name, otherwise);
    }

    private static Properties readBuildProperties() {
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
