package dev.verifykit.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.DockClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dependency check judges the libraries the SDK runs on: a version read from a jar's manifest is
 * that of "the jar a library's class was loaded from" (its Javadoc). It took the first jar its class
 * loader listed for the class's file instead, which a child-first class loader (a plugin's, a job's on
 * a cluster: the application's own libraries before the host's) lists after its parent's: an old Okio of
 * the host refused a client whose own Okio, the one it runs on, is the version needed.
 */
class DependencyCheckChildFirstTest {
    @Test
    void aChildFirstLoadersOwnOkioIsJudgedNotTheHostsOlderOne(@TempDir Path dir) throws Exception {
        Path hostsOkio = oldOkio(dir.resolve("okio-2.10.0.jar"));
        try (URLClassLoader host = new URLClassLoader(new URL[] {hostsOkio.toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
                ChildFirst application = new ChildFirst(new URL[] {
                    location(DockClient.class), location(okhttp3.OkHttpClient.class), location(okio.Buffer.class),
                    location(kotlin.Unit.class), location(com.squareup.moshi.Moshi.class)}, host)) {
            Class<?> buffer = application.loadClass("okio.Buffer");
            assertThat(buffer.getClassLoader()).as("the application's Okio is the one it runs on").isSameAs(application);
            assertThat(buffer.getProtectionDomain().getCodeSource().getLocation()).isEqualTo(location(okio.Buffer.class));

            Object builder = application.loadClass("dev.verifykit.dock.DockClient").getMethod("builder").invoke(null);
            builder.getClass().getMethod("apiKey", String.class).invoke(builder, "dock_test_free");
            Object client;
            try {
                client = builder.getClass().getMethod("build").invoke(builder);
            } catch (InvocationTargetException e) {
                throw new AssertionError("the client was refused: " + e.getCause(), e.getCause());
            }
            ((AutoCloseable) client).close();
        }
    }

    private static URL location(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    /** A jar of the host's: Okio 2.10.0 by its manifest, with Okio's probe class. */
    private static Path oldOkio(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", "com.squareup.okio");
        manifest.getMainAttributes().putValue("Bundle-Version", "2.10.0");
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream entries = new JarOutputStream(out, manifest);
                InputStream buffer = okio.Buffer.class.getResourceAsStream("Buffer.class")) {
            entries.putNextEntry(new JarEntry("okio/Buffer.class"));
            buffer.transferTo(entries);
            entries.closeEntry();
        }
        return jar;
    }

    /** Loads its own classes before its parent's (as a plugin's or a cluster job's loader does); resources as any loader lists them. */
    private static final class ChildFirst extends URLClassLoader {
        ChildFirst(URL[] urls, ClassLoader parent) {
            super(urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null && !name.startsWith("java.")) {
                    try {
                        loaded = findClass(name);
                    } catch (ClassNotFoundException notOurs) {
                        // the parent's
                    }
                }
                if (loaded == null) {
                    loaded = super.loadClass(name, false);
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }
    }
}
