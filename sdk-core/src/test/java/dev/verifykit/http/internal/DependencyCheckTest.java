package dev.verifykit.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.verifykit.dock.DockClient;
import dev.verifykit.http.internal.DependencyCheck.Found;
import dev.verifykit.http.internal.DependencyCheck.Library;
import java.net.URL;
import java.util.List;
import java.util.jar.Attributes;
import org.junit.jupiter.api.Test;

class DependencyCheckTest {
    private static final List<String> NEEDED = List.of("5.5.1", "3.18.1", "2.1.21");

    private static List<Found> classPath(String okhttp, String okio, String kotlin) {
        return List.of(
                new Found(Library.OKHTTP, okhttp, List.of("okhttp-jvm-" + okhttp + ".jar")),
                new Found(Library.OKIO, okio, List.of("okio-jvm-" + okio + ".jar")),
                new Found(Library.KOTLIN, kotlin, List.of("kotlin-stdlib-" + kotlin + ".jar")));
    }

    @Test
    void theVersionsItWasBuiltWithAndNewerMinorsAreAccepted() {
        assertThat(DependencyCheck.conflict(classPath("5.5.1", "3.18.1", "2.1.21"), NEEDED)).isEmpty();
        assertThat(DependencyCheck.conflict(classPath("5.7.0", "3.20.0", "2.2.21"), NEEDED)).isEmpty();
        // any newer Kotlin: its standard library keeps binary compatibility
        assertThat(DependencyCheck.conflict(classPath("5.5.1", "3.18.1", "3.0.0"), NEEDED)).isEmpty();
    }

    @Test
    void anOlderKotlinAsAnOldSpringBootBomPicksIsRefusedNamingWhatWasFoundAndWhatIsNeeded() {
        String message = DependencyCheck.conflict(classPath("5.5.1", "3.18.1", "1.9.25"), NEEDED).orElseThrow();
        assertThat(message)
                .contains("Kotlin stdlib 1.9.25 (kotlin-stdlib-1.9.25.jar)")
                .contains("Kotlin stdlib 2.1 or newer (org.jetbrains.kotlin:kotlin-stdlib)")
                .contains("OkHttp 5.5 or newer 5.x")
                .contains("import verifykit-bom first")
                .contains("-Dverifykit.dependencyCheck=false")
                .doesNotContain("OkHttp 5.5.1 (");
    }

    @Test
    void anotherMajorOfOkHttpOrOkioIsRefusedEvenWhenNewer() {
        String old = DependencyCheck.conflict(classPath("4.12.0", "3.18.1", "2.1.21"), NEEDED).orElseThrow();
        assertThat(old).contains("OkHttp 4.12.0 (okhttp-jvm-4.12.0.jar)").doesNotContain("Kotlin stdlib 2.1.21 (");
        String newer = DependencyCheck.conflict(classPath("6.0.0", "4.0.0", "2.1.21"), NEEDED).orElseThrow();
        assertThat(newer).contains("OkHttp 6.0.0 (").contains("Okio 4.0.0 (");
        String olderOkio = DependencyCheck.conflict(classPath("5.5.1", "3.7.0", "2.1.21"), NEEDED).orElseThrow();
        assertThat(olderOkio).contains("Okio 3.7.0 (okio-jvm-3.7.0.jar)").contains("Okio 3.18 or newer 3.x");
    }

    @Test
    void aMissingLibraryIsNamedAndAnUnreadableVersionIsNotJudged() {
        List<Found> missing = List.of(
                new Found(Library.OKHTTP, "5.5.1", List.of("okhttp-jvm-5.5.1.jar")),
                new Found(Library.OKIO, null, List.of("okio.jar")),
                new Found(Library.KOTLIN, null, List.of()));
        assertThat(DependencyCheck.conflict(missing, NEEDED).orElseThrow())
                .contains("Kotlin stdlib: not on the class path")
                .doesNotContain("Okio null");
        List<Found> unreadable = List.of(
                new Found(Library.OKHTTP, "5.5.1", List.of("okhttp-jvm-5.5.1.jar")),
                new Found(Library.OKIO, null, List.of("okio.jar")),
                new Found(Library.KOTLIN, "2.1.21", List.of("kotlin-stdlib-2.1.21.jar")));
        assertThat(DependencyCheck.conflict(unreadable, NEEDED)).isEmpty();
    }

    @Test
    void twoCopiesOfALibraryAreNamedInTheMessage() {
        List<Found> found = List.of(
                new Found(Library.OKHTTP, "4.12.0", List.of("okhttp-4.12.0.jar", "okhttp-jvm-5.5.1.jar")),
                new Found(Library.OKIO, "3.18.1", List.of("okio-jvm-3.18.1.jar")),
                new Found(Library.KOTLIN, "2.1.21", List.of("kotlin-stdlib-2.1.21.jar")));
        assertThat(DependencyCheck.conflict(found, NEEDED).orElseThrow())
                .contains("OkHttp 4.12.0 (okhttp-4.12.0.jar)")
                .contains("OkHttp is in several jars: okhttp-4.12.0.jar, okhttp-jvm-5.5.1.jar");
    }

    @Test
    void versionsAreReadFromTheClassPathAsBuiltWith() {
        List<String> needed = DependencyCheck.needed();
        assertThat(needed).doesNotContain("0.0").allSatisfy(v -> assertThat(v).matches("\\d+\\.\\d+.*"));
        Found okhttp = DependencyCheck.find(Library.OKHTTP);
        Found okio = DependencyCheck.find(Library.OKIO);
        Found kotlin = DependencyCheck.find(Library.KOTLIN);
        // OkHttp from okhttp3.OkHttp.VERSION, Kotlin from KotlinVersion.CURRENT, Okio from its jar's manifest
        assertThat(okhttp.version()).isEqualTo(needed.get(0));
        assertThat(okio.version()).isEqualTo(needed.get(1));
        assertThat(kotlin.version()).isEqualTo(needed.get(2));
        assertThat(okhttp.jars()).containsExactly("okhttp-jvm-" + needed.get(0) + ".jar");
        assertThat(okio.jars()).containsExactly("okio-jvm-" + needed.get(1) + ".jar");
        assertThat(DependencyCheck.conflict(List.of(okhttp, okio, kotlin), needed)).isEmpty();
    }

    @Test
    void aClientBuildsOnThisClassPath() {
        assertThatCode(DependencyCheck::requireCompatible).doesNotThrowAnyException();
        assertThatCode(() -> DockClient.builder().apiKey("dk_test_key").build().close()).doesNotThrowAnyException();
    }

    @Test
    void onlyTheLibrarysOwnManifestIsBelieved() {
        Attributes okio = new Attributes();
        okio.putValue("Bundle-SymbolicName", "com.squareup.okio");
        okio.putValue("Bundle-Version", "3.18.1");
        assertThat(DependencyCheck.versionIn(Library.OKIO, okio)).isEqualTo("3.18.1");
        Attributes kotlin = new Attributes();
        kotlin.putValue("Implementation-Title", "kotlin-stdlib");
        kotlin.putValue("Implementation-Version", "1.9.25-release-1");
        assertThat(DependencyCheck.versionIn(Library.KOTLIN, kotlin)).isEqualTo("1.9.25-release-1");
        // a fat jar's manifest is the application's: its version is not Okio's
        Attributes fatJar = new Attributes();
        fatJar.putValue("Implementation-Title", "my-app");
        fatJar.putValue("Implementation-Version", "0.1.0");
        assertThat(DependencyCheck.versionIn(Library.OKIO, fatJar)).isNull();
        assertThat(DependencyCheck.versionIn(Library.KOTLIN, okio)).isNull();
    }

    @Test
    void versionsAndJarNamesAreParsedFromTheFormsTheyComeIn() throws Exception {
        assertThat(DependencyCheck.parse("1.9.25-release-1")).containsExactly(1, 9);
        assertThat(DependencyCheck.parse("5.0.0-alpha.14")).containsExactly(5, 0);
        assertThat(DependencyCheck.parse("2")).containsExactly(2, 0);
        assertThat(DependencyCheck.jarName(new URL("jar:file:/m2/okio-jvm-3.18.1.jar!/okio/Buffer.class")))
                .isEqualTo("okio-jvm-3.18.1.jar");
        // a Spring Boot fat jar's nested jar
        assertThat(DependencyCheck.jarName(new URL(null,
                "jar:nested:/app/app.jar/!BOOT-INF/lib/okhttp-jvm-5.5.1.jar!/okhttp3/OkHttpClient.class",
                new java.net.URLStreamHandler() {
                    @Override
                    protected java.net.URLConnection openConnection(URL u) {
                        throw new UnsupportedOperationException();
                    }
                }))).isEqualTo("okhttp-jvm-5.5.1.jar");
    }

    @Test
    void aFolderIsNamedWithoutItsCredentials() throws Exception {
        // before: the whole resource URL, "https://ci:s3cr3t-token@repo.example/classes/okio/Buffer.class?sig=abc"
        assertThat(DependencyCheck.jarName(new URL("https://ci:s3cr3t-token@repo.example/classes/okio/Buffer.class?sig=abc")))
                .isEqualTo("https://repo.example/classes/");
        assertThat(DependencyCheck.jarName(new URL("file:/work/app/classes/okio/Buffer.class")))
                .isEqualTo("file:/work/app/classes/");
    }

    @Test
    void aJarNamedInItsUrlsQueryIsNamedWithoutTheQuery() throws Exception {
        // before: "download?token=s3cr3t-token&f=okhttp.jar", the query's last field taken for the jar's name
        String named = DependencyCheck.jarName(
                new URL("jar:https://repo.example/download?token=s3cr3t-token&f=okhttp.jar!/okhttp3/OkHttpClient.class"));
        assertThat(named).doesNotContain("s3cr3t").isEqualTo("jar:https://repo.example/download");
        assertThat(DependencyCheck.jarName(new URL("jar:https://repo.example/libs/okhttp-5.5.1.jar?sig=s3cr3t!/okhttp3/OkHttpClient.class")))
                .isEqualTo("okhttp-5.5.1.jar");
    }
}
