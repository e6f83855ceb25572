package dev.verifykit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher rebuilds the command line when a source or a pom is newer than its jar, whatever
 * directory the repository was checked out in. It matched the checkout's own path against its
 * patterns: checked out in a directory named {@code target}, it pruned the whole tree and ran a stale
 * jar after every change; under a path holding {@code /src/main/}, every file (a README edit) counted
 * as a source and each run built again.
 */
class LauncherCheckoutPathTest {
    @TempDir
    Path dir;

    @Test
    void aCheckoutInADirectoryNamedTargetIsRebuiltWhenItsSourcesChange() throws Exception {
        Path root = Files.createDirectories(dir.resolve("target"));
        Path jar = checkout(root);
        Files.writeString(Files.createDirectories(root.resolve("sdk-core/src/main/java")).resolve("A.java"), "class A {}");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));

        assertThat(launch(root)).as("the sources are newer than the jar").contains("building the command line");
    }

    @Test
    void aCheckoutUnderAPathHoldingSrcMainIsNotRebuiltForAFileThatIsNoSource() throws Exception {
        Path root = Files.createDirectories(dir.resolve("src/main/verifykit"));
        Path jar = checkout(root);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        Files.writeString(root.resolve("NOTES.md"), "not a source"); // newer than the jar, as a README edit is

        assertThat(launch(root)).as("nothing the jar is built from changed").doesNotContain("building the command line")
                .contains("launched");
    }

    /** The launcher, a command-line jar printing "launched", and a stand-in Maven wrapper that touches it. */
    private static Path checkout(Path root) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/env")), "a Unix-like system");
        Files.copy(Path.of("..", "verifykit"), root.resolve("verifykit"), StandardCopyOption.COPY_ATTRIBUTES);
        Path jar = Files.createDirectories(root.resolve("sdk-examples/target")).resolve("verifykit-examples-0.1.0-SNAPSHOT-all.jar");
        writeJar(jar);
        Path mvnw = root.resolve("mvnw");
        Files.writeString(mvnw, "#!/usr/bin/env bash\ntouch \"$(dirname \"$0\")/sdk-examples/target/"
                + "verifykit-examples-0.1.0-SNAPSHOT-all.jar\"\n");
        assertThat(mvnw.toFile().setExecutable(true)).isTrue();
        return jar;
    }

    private static String launch(Path root) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(root.resolve("verifykit").toString()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static void writeJar(Path jar) throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, LauncherScriptTest.Hello.class.getName());
        String entry = LauncherScriptTest.Hello.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
                InputStream in = LauncherScriptTest.Hello.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
    }
}
