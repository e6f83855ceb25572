package dev.verifykit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.DockClient;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application that imports Spring Boot's BOM and ours, in either order (the project in
 * {@code src/test/resources/spring-bom}): Maven resolves its class path (the real
 * {@code spring-boot-dependencies} from Maven Central; this build's VerifyKit artifacts, under a
 * version of their own, from a read-only local repository in a temporary folder, so nothing is
 * installed into the shared one and no snapshot installed there is taken instead),
 * then the application builds a Dock client and sends one request in a child JVM.
 *
 * <ul>
 *   <li>Spring Boot 4.0.7 first: its Kotlin 2.2.21 is newer than needed; OkHttp and Okio come from
 *       our BOM (Boot 4 manages neither): the client works.
 *   <li>Spring Boot 3.5.7 first: its Kotlin 1.9.25 wins, beside OkHttp 5.5.1, which was built with
 *       Kotlin 2.1: the client refuses to start, naming what it found and what it needs.
 *   <li>Ours first, then Spring Boot 3.5.7: our versions win and the client works.
 * </ul>
 *
 * The first run needs Maven Central (as the build does); later ones run offline when the build
 * does ({@code -o} is passed on).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SpringBootBomTest {
    private static final String SPRING = "org.springframework.boot:spring-boot-dependencies:";
    private static final String BUILT = System.getProperty("verifykit.version", "0.1.0-SNAPSHOT");
    /**
     * The version this build's artifacts get in the test's repository: one no other build installs,
     * so that they, not a snapshot left in the shared local repository, are resolved.
     */
    private static final String VERSION = "0.0.0-springbomtest";
    private static final String OURS = "dev.verifykit:verifykit-bom:" + VERSION;

    /** The three applications: the BOM imported first, then the other. */
    private static final List<App> APPS = List.of(
            new App("boot4-first", SPRING + "4.0.7", OURS),
            new App("boot3-first", SPRING + "3.5.7", OURS),
            new App("ours-first", OURS, SPRING + "3.5.7"));

    @TempDir
    static Path work;

    private static Path repo;
    /** What the one Maven run that resolved every application's class path printed. */
    private static String mavenOutput;

    record App(String name, String first, String second) {}

    @BeforeAll
    static void layOutThisBuildsArtifacts() throws Exception {
        repo = work.resolve("repo");
        Path root = Paths.get("..").toAbsolutePath().normalize();
        put(root.resolve("pom.xml"), "verifykit-parent", "pom");
        put(root.resolve("verifykit-bom/pom.xml"), "verifykit-bom", "pom");
        put(root.resolve("sdk-core/pom.xml"), "verifykit-core", "pom");
        Path core = Paths.get(DockClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        put(Files.isDirectory(core) ? jarOf(core) : core, "verifykit-core", "jar");
        resolveClassPaths();
    }

    /**
     * Resolves the three applications' class paths in one Maven run, as modules of one reactor
     * (three runs spent most of the test starting Maven). {@code --fail-at-end}: an application that
     * does not resolve fails its own test, which finds no class path and shows this run's output.
     */
    private static void resolveClassPaths() throws Exception {
        StringBuilder modules = new StringBuilder();
        for (App app : APPS) {
            Path project = Files.createDirectories(work.resolve(app.name()));
            String pom = resource("pom.xml").replace("<artifactId>spring-bom-app</artifactId>",
                    "<artifactId>spring-bom-app-" + app.name() + "</artifactId>");
            assertThat(pom).contains("spring-bom-app-" + app.name());
            Files.writeString(project.resolve("pom.xml"), fill(fill(pom, "FIRST", app.first()), "SECOND", app.second()));
            modules.append("    <module>").append(app.name()).append("</module>\n");
        }
        Path aggregator = work.resolve("pom.xml");
        Files.writeString(aggregator, "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n"
                + "  <modelVersion>4.0.0</modelVersion>\n  <groupId>example</groupId>\n"
                + "  <artifactId>spring-bom-apps</artifactId>\n  <version>1</version>\n  <packaging>pom</packaging>\n"
                + "  <modules>\n" + modules + "  </modules>\n</project>\n");

        List<String> mvn = new ArrayList<>(List.of(mavenWrapper(), "-B", "-q", "--fail-at-end", "-f", aggregator.toString(),
                "-Dmaven.repo.local.tail=" + repo,
                "org.apache.maven.plugins:maven-dependency-plugin:3.11.0:build-classpath",
                "-Dmdep.includeScope=runtime", "-Dmdep.outputFile=cp.txt"));
        String localRepository = System.getProperty("verifykit.localRepository", "");
        if (!localRepository.isBlank() && !localRepository.startsWith("$")) {
            mvn.add("-Dmaven.repo.local=" + localRepository);
        }
        if ("offline=true".equals(System.getProperty("verifykit.offline"))) {
            mvn.add("-o");
        }
        // a short-lived JVM: JIT compiling beyond C1 costs it more than it gains
        String mavenOpts = (System.getenv().getOrDefault("MAVEN_OPTS", "") + " -XX:TieredStopAtLevel=1").trim();
        mavenOutput = exec(mvn, work, Map.of("MAVEN_OPTS", mavenOpts), false);
    }

    @Test
    void springBoot4FirstWorks() throws Exception {
        Result result = run("boot4-first");
        assertThat(result.jars()).contains("kotlin-stdlib-2.2.21.jar", "okhttp-jvm-5.5.1.jar", "okio-jvm-3.18.1.jar");
        assertThat(result.output()).contains("built").contains("answered NotFoundException").doesNotContain("refused");
    }

    @Test
    void springBoot3FirstPairsOkHttp5WithKotlin19AndTheClientSaysSo() throws Exception {
        Result result = run("boot3-first");
        assertThat(result.jars()).contains("kotlin-stdlib-1.9.25.jar", "okhttp-jvm-5.5.1.jar");
        assertThat(result.output())
                .contains("refused: VerifyKit needs")
                .contains("Kotlin stdlib 1.9.25 (kotlin-stdlib-1.9.25.jar)")
                .contains("Kotlin stdlib 2.1 or newer")
                .contains("import verifykit-bom first")
                .doesNotContain("built");
    }

    @Test
    void oursFirstThenSpringBoot3Works() throws Exception {
        Result result = run("ours-first");
        assertThat(result.jars()).contains("kotlin-stdlib-2.1.21.jar", "kotlin-stdlib-jdk8-2.1.21.jar",
                "kotlin-stdlib-jdk7-2.1.21.jar", "okhttp-jvm-5.5.1.jar", "okio-jvm-3.18.1.jar", "moshi-1.15.2.jar");
        assertThat(result.output()).contains("built").contains("answered NotFoundException");
    }

    record Result(List<String> jars, String output) {}

    /** Compiles and runs the application {@code name} on the class path Maven resolved for it. */
    private static Result run(String name) throws Exception {
        Path project = work.resolve(name);
        Path classPathFile = project.resolve("cp.txt");
        assertThat(classPathFile).as("Maven resolved the application:%n%s", mavenOutput).exists();
        String classPath = Files.readString(classPathFile).trim();
        List<String> jars = Arrays.stream(classPath.split(File.pathSeparator))
                .map(p -> Paths.get(p).getFileName().toString()).toList();

        Path classes = Files.createDirectories(project.resolve("classes"));
        Path source = project.resolve("BomApp.java");
        Files.writeString(source, resource("BomApp.java"));
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null,
                "-cp", classPath, "-d", classes.toString(), source.toString());
        assertThat(status).as("javac of the application").isZero();

        String output = exec(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath + File.pathSeparator + classes, "BomApp"), project, Map.of(), true);
        System.out.println(name + ": " + jars + "\n" + output);
        return new Result(jars, output);
    }

    /** Runs {@code command} in {@code dir}, returning its output; {@code mustSucceed}: asserts it exits 0. */
    private static String exec(List<String> command, Path dir, Map<String, String> environment, boolean mustSucceed)
            throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File(isWindows() ? "NUL" : "/dev/null")));
        builder.environment().putAll(environment);
        Process process = builder.start();
        byte[] bytes = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String output = new String(bytes, StandardCharsets.UTF_8);
        if (mustSucceed) {
            assertThat(process.exitValue()).as("%s:%n%s", command, output).isZero();
        }
        return output;
    }

    private static String mavenWrapper() {
        Path root = Paths.get("..").toAbsolutePath().normalize();
        return root.resolve(isWindows() ? "mvnw.cmd" : "mvnw").toString();
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase().startsWith("windows");
    }

    private static String fill(String pom, String slot, String coordinates) {
        String[] parts = coordinates.split(":");
        return pom.replace("@" + slot + "_GROUP@", parts[0])
                .replace("@" + slot + "_ARTIFACT@", parts[1])
                .replace("@" + slot + "_VERSION@", parts[2]);
    }

    private static String resource(String name) throws IOException, URISyntaxException {
        return Files.readString(Paths.get(SpringBootBomTest.class.getResource("/spring-bom/" + name).toURI()));
    }

    /** Puts a file into the test's repository as the artifact of {@link #VERSION}. */
    private static void put(Path file, String artifactId, String extension) throws IOException {
        Path dir = Files.createDirectories(repo.resolve("dev/verifykit/" + artifactId + "/" + VERSION));
        Path target = dir.resolve(artifactId + "-" + VERSION + "." + extension);
        if (extension.equals("pom")) {
            String pom = Files.readString(file).replace("<version>" + BUILT + "</version>", "<version>" + VERSION + "</version>");
            assertThat(pom).as(file.toString()).contains("<version>" + VERSION + "</version>");
            Files.writeString(target, pom);
        } else {
            Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A jar of a classes folder, for a build that has not packaged verifykit-core. */
    private static Path jarOf(Path classes) throws IOException {
        Path jar = work.resolve("verifykit-core.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out);
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().collect(Collectors.toList())) {
                zip.putNextEntry(new JarEntry(classes.relativize(file).toString().replace(File.separatorChar, '/')));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
        return jar;
    }
}
