package dev.verifykit.http.internal;

import dev.verifykit.error.DependencyConflictException;
import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Whether the OkHttp, Okio and Kotlin standard library on the class path are ones VerifyKit runs
 * on: the versions it was built with ({@code version.properties}) or newer within the same major
 * version (any newer Kotlin). Read once per JVM when the first client is built; a conflict fails
 * every client construction with a {@link DependencyConflictException} naming what was found, in
 * which jar, and what is needed, rather than a {@code NoSuchMethodError} later. The system property
 * {@value #SKIP_PROPERTY}{@code =false} turns the check off.
 *
 * <p>Versions are read without touching the libraries' own code paths: OkHttp's
 * {@code okhttp3.OkHttp.VERSION} (a compile-time constant, so read by reflection), Kotlin's
 * {@code kotlin.KotlinVersion.CURRENT}, and otherwise the jar manifest ({@code Bundle-Version},
 * {@code Implementation-Version}) of the jar a library's class was loaded from.
 */
public final class DependencyCheck {
    static final String SKIP_PROPERTY = "verifykit.dependencyCheck";
    private static final System.Logger LOG = System.getLogger("dev.verifykit.http");

    /** A library VerifyKit needs, the class that shows it is there, and the property of the needed version. */
    enum Library {
        OKHTTP("OkHttp", "com.squareup.okhttp3:okhttp-jvm", "okhttp3/OkHttpClient.class", "com.squareup.okhttp3",
                "okhttp.version", true),
        OKIO("Okio", "com.squareup.okio:okio-jvm", "okio/Buffer.class", "com.squareup.okio", "okio.version", true),
        KOTLIN("Kotlin stdlib", "org.jetbrains.kotlin:kotlin-stdlib", "kotlin/Unit.class", "kotlin-stdlib",
                "kotlin.version", false);

        final String label;
        final String artifact;
        final String probe;
        /**
         * The library's own name in its jar's manifest ({@code Bundle-SymbolicName} or
         * {@code Implementation-Title}): a manifest without it is another jar's (a fat jar's), whose
         * version says nothing of the library's.
         */
        final String manifestName;
        final String property;
        /** Whether a newer major version is refused too (OkHttp and Okio break their API across majors). */
        final boolean sameMajor;

        Library(String label, String artifact, String probe, String manifestName, String property, boolean sameMajor) {
            this.label = label;
            this.artifact = artifact;
            this.probe = probe;
            this.manifestName = manifestName;
            this.property = property;
            this.sameMajor = sameMajor;
        }
    }

    /**
     * What the class path holds of a library.
     *
     * @param version its version, or {@code null} when it is there but its version cannot be read
     * @param jars the jars (file names) holding its probe class, the one loaded first; empty when absent
     */
    record Found(Library library, String version, List<String> jars) {
        Found {
            jars = List.copyOf(jars);
        }

        boolean present() {
            return !jars.isEmpty();
        }
    }

    private static volatile Optional<String> verdict;

    private DependencyCheck() {}

    /**
     * @throws DependencyConflictException when a library on the class path is one VerifyKit cannot
     *     run on (the verdict is reached once per JVM)
     */
    public static void requireCompatible() {
        if ("false".equalsIgnoreCase(System.getProperty(SKIP_PROPERTY))) {
            return;
        }
        Optional<String> problem = verdict;
        if (problem == null) {
            synchronized (DependencyCheck.class) {
                problem = verdict;
                if (problem == null) {
                    List<Found> found = List.of(find(Library.OKHTTP), find(Library.OKIO), find(Library.KOTLIN));
                    LOG.log(System.Logger.Level.DEBUG, () -> "class path: " + describe(found));
                    problem = conflict(found, needed());
                    verdict = problem;
                }
            }
        }
        if (problem.isPresent()) {
            throw new DependencyConflictException(problem.get());
        }
    }

    /**
     * The conflict, if any, between what was found and what is needed.
     *
     * @param needed the version needed of each library, in {@link Library} order
     */
    static Optional<String> conflict(List<Found> found, List<String> needed) {
        List<String> wrong = new ArrayList<>();
        List<String> needs = new ArrayList<>();
        for (Found f : found) {
            String need = needed.get(f.library().ordinal());
            int[] min = parse(need);
            needs.add(f.library().label + " " + min[0] + "." + min[1] + " or newer"
                    + (f.library().sameMajor ? " " + min[0] + ".x" : "") + " (" + f.library().artifact + ")");
            if (!f.present()) {
                wrong.add(f.library().label + ": not on the class path");
                continue;
            }
            if (f.version() == null) {
                continue; // there, version unreadable: nothing to judge
            }
            int[] v = parse(f.version());
            boolean older = v[0] < min[0] || (v[0] == min[0] && v[1] < min[1]);
            boolean otherMajor = f.library().sameMajor && v[0] != min[0];
            if (older || otherMajor) {
                wrong.add(f.library().label + " " + f.version() + " (" + f.jars().get(0) + ")");
            }
        }
        if (wrong.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder message = new StringBuilder("VerifyKit needs ")
                .append(String.join(", ", needs))
                .append(" but the class path has ")
                .append(String.join(", ", wrong))
                .append('.');
        for (Found f : found) {
            if (f.jars().size() > 1) {
                message.append(" ").append(f.library().label).append(" is in several jars: ")
                        .append(String.join(", ", f.jars())).append('.');
            }
        }
        message.append(" Another dependency or BOM imported before dev.verifykit:verifykit-bom chose these"
                + " versions: import verifykit-bom first, or set them to the versions needed (kotlin-stdlib,"
                + " kotlin-stdlib-jdk7 and kotlin-stdlib-jdk8 together). -D" + SKIP_PROPERTY
                + "=false skips this check.");
        return Optional.of(message.toString());
    }

    /** The versions this release was built with, in {@link Library} order. */
    static List<String> needed() {
        List<String> needed = new ArrayList<>();
        for (Library library : Library.values()) {
            String value = UserAgent.buildProperty(library.property, "0.0");
            needed.add(value.startsWith("$") ? "0.0" : value); // unfiltered (an IDE build): accept anything
        }
        return needed;
    }

    /** What the class path holds of the library. */
    static Found find(Library library) {
        ClassLoader loader = DependencyCheck.class.getClassLoader();
        List<URL> all = new ArrayList<>();
        try {
            all.addAll(Collections.list(loader == null
                    ? ClassLoader.getSystemResources(library.probe)
                    : loader.getResources(library.probe)));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not list " + library.probe, e);
        }
        if (all.isEmpty()) {
            return new Found(library, null, List.of());
        }
        // the jar its class is loaded from, which a class loader need not list first (a child-first
        // one lists its parent's before its own): the one whose manifest tells the version in use
        String loadedFrom = loadedFrom(library, loader);
        URL first = all.stream().filter(url -> container(url).equals(loadedFrom)).findFirst().orElse(all.get(0));
        List<String> jars = new ArrayList<>();
        jars.add(jarName(first));
        for (URL url : all) {
            if (url != first) {
                jars.add(jarName(url));
            }
        }
        String version = switch (library) {
            case OKHTTP -> staticField("okhttp3.OkHttp", "VERSION", loader);
            case KOTLIN -> staticField("kotlin.KotlinVersion", "CURRENT", loader);
            case OKIO -> null;
        };
        return new Found(library, version != null ? version : manifestVersion(library, first), jars);
    }

    /** Where the library's probe class is loaded from (not initialised), as {@link #container} gives it; null when unknown. */
    private static String loadedFrom(Library library, ClassLoader loader) {
        String className = library.probe.substring(0, library.probe.length() - ".class".length()).replace('/', '.');
        try {
            CodeSource source = Class.forName(className, false, loader).getProtectionDomain().getCodeSource();
            return source == null || source.getLocation() == null ? null : source.getLocation().toString();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    /**
     * The jar (or folder) a resource URL of the probe class points into, as a class's code source
     * names it: {@code file:/…/okio-jvm-3.18.1.jar} for {@code jar:file:/…/okio-jvm-3.18.1.jar!/okio/Buffer.class}.
     */
    static String container(URL url) {
        String s = url.toString();
        if (s.startsWith("jar:") && s.contains("!/")) {
            return s.substring("jar:".length(), s.lastIndexOf("!/"));
        }
        return folder(s);
    }

    /** The folder a probe class's URL {@code s} is in (its {@code okio/Buffer.class} cut), or {@code s} as it is. */
    private static String folder(String s) {
        for (Library library : Library.values()) {
            if (s.endsWith("/" + library.probe)) {
                return s.substring(0, s.length() - library.probe.length());
            }
        }
        return s;
    }

    private static String staticField(String className, String field, ClassLoader loader) {
        try {
            Object value = Class.forName(className, true, loader).getField(field).get(null);
            return value == null ? null : value.toString();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null; // an older release without it: the manifest may still say
        }
    }

    private static String manifestVersion(Library library, URL classUrl) {
        try {
            URLConnection connection = classUrl.openConnection();
            if (!(connection instanceof JarURLConnection jarConnection)) {
                return null;
            }
            // Not cached, and closed: reading a version must not keep the jar open (or locked).
            jarConnection.setUseCaches(false);
            try (JarFile jar = jarConnection.getJarFile()) {
                Manifest manifest = jar.getManifest();
                if (manifest == null) {
                    return null;
                }
                return versionIn(library, manifest.getMainAttributes());
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The library's version in a manifest, when the manifest is the library's own; otherwise {@code null}. */
    static String versionIn(Library library, Attributes manifest) {
        if (library.manifestName.equals(manifest.getValue("Bundle-SymbolicName"))) {
            return manifest.getValue("Bundle-Version");
        }
        if (library.manifestName.equals(manifest.getValue("Implementation-Title"))) {
            return manifest.getValue("Implementation-Version");
        }
        return null;
    }

    /**
     * The file name of the jar a resource URL points into, read with the URL's query cut off; for a
     * folder, the folder's URL without its user-info and query (a class path entry served as
     * {@code https://user:token@…/classes/} or {@code …/download?token=…&f=okhttp.jar} must not put
     * the token in a message).
     */
    static String jarName(URL url) {
        String s = url.toString();
        int bang = s.lastIndexOf("!/");
        if (bang >= 0) {
            s = s.substring(0, bang);
        }
        int query = s.indexOf('?');
        if (query >= 0) {
            s = s.substring(0, query); // a query may carry a token, and its last field a ".jar"
        }
        String[] parts = s.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            if (parts[i].endsWith(".jar") || parts[i].endsWith(".zip")) {
                return parts[i];
            }
        }
        String folder = folder(s);
        int authority = folder.indexOf("://");
        if (authority >= 0) {
            int end = folder.indexOf('/', authority + 3);
            int at = folder.lastIndexOf('@', end < 0 ? folder.length() : end);
            if (at > authority) {
                folder = folder.substring(0, authority + 3) + folder.substring(at + 1);
            }
        }
        return folder;
    }

    /** Major and minor of a version such as {@code 2.1.21}, {@code 1.9.25-release-1} or {@code 5.0.0-alpha.14}. */
    static int[] parse(String version) {
        int[] parts = new int[2];
        String[] pieces = version.trim().split("[.\\-+]", 3);
        for (int i = 0; i < 2 && i < pieces.length; i++) {
            String digits = pieces[i].replaceAll("^(\\d*).*$", "$1");
            parts[i] = digits.isEmpty() ? 0 : Integer.parseInt(digits.length() > 6 ? digits.substring(0, 6) : digits);
        }
        return parts;
    }

    private static String describe(List<Found> found) {
        List<String> parts = new ArrayList<>();
        for (Found f : found) {
            parts.add(f.library().label + " " + (f.present() ? f.version() + " " + f.jars() : "absent"));
        }
        return String.join(", ", parts);
    }
}
