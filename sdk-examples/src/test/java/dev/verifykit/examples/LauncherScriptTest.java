package dev.verifykit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README: "Needs only a JDK 17 or newer: the Maven wrapper downloads Maven, and the build downloads
 * everything else (the first {@code ./verifykit} builds the command line, then runs it)". The Maven
 * wrapper finds the JDK by {@code JAVA_HOME} (then {@code PATH}); the launcher must run the jar it
 * built with that same JDK, not with whatever {@code java} is first on {@code PATH} (none, or an older one).
 */
class LauncherScriptTest {
    /** What the launcher runs in place of the command line's jar. */
    public static final class Hello {
        public static void main(String[] args) {
            System.out.println("launched on " + System.getProperty("java.home") + " from "
                    + Hello.class.getProtectionDomain().getCodeSource().getLocation());
        }
    }

    @TempDir
    Path root;

    @Test
    void theLauncherRunsTheJdkThatJavaHomeNamesAsTheMavenWrapperDoes() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/env")), "a Unix-like system");
        // the repository's launcher, beside a command-line jar that is up to date (no build)
        Path launcher = root.resolve("verifykit");
        Files.copy(Path.of("..", "verifykit"), launcher, StandardCopyOption.COPY_ATTRIBUTES);
        Path target = Files.createDirectories(root.resolve("sdk-examples/target"));
        writeJar(target.resolve("verifykit-examples-0.1.0-SNAPSHOT-all.jar"));
        // a machine whose JDK is named by JAVA_HOME and not on PATH (PATH has the shell tools only)
        Path bin = Files.createDirectories(root.resolve("bin"));
        for (String tool : new String[] {"bash", "dirname", "ls", "head", "find", "mkdir", "cp", "mv"}) {
            Path real = Path.of("/usr/bin", tool);
            if (!Files.isExecutable(real)) {
                real = Path.of("/bin", tool);
            }
            Files.createSymbolicLink(bin.resolve(tool), real);
        }
        ProcessBuilder builder = new ProcessBuilder(launcher.toString()).redirectErrorStream(true);
        builder.environment().put("PATH", bin.toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));

        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(output).as("exit %s", process.exitValue()).contains("launched on");
        assertThat(process.exitValue()).isZero();
    }

    /**
     * After an update that changes the version (0.1.0-SNAPSHOT to 0.2.0), the launcher sees its
     * sources newer than the jar, builds, and must then run the jar it just built, not the older
     * one left in target/ (a {@code package} does not clean), which {@code ls | head -n 1} picks first.
     */
    @Test
    void afterABuildTheLauncherRunsTheJarItBuiltNotAnOlderVersionLeftInTarget() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/env")), "a Unix-like system");
        Path launcher = root.resolve("verifykit");
        Files.copy(Path.of("..", "verifykit"), launcher, StandardCopyOption.COPY_ATTRIBUTES);
        Path target = Files.createDirectories(root.resolve("sdk-examples/target"));
        Path old = target.resolve("verifykit-examples-0.1.0-SNAPSHOT-all.jar");
        writeJar(old);
        Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        // the update: a source newer than the old jar
        Path source = Files.createDirectories(root.resolve("sdk-examples/src/main/java")).resolve("A.java");
        Files.writeString(source, "class A {}");
        // the build (the Maven wrapper, here a stand-in) makes the new version's jar
        writeJar(root.resolve("built.jar"));
        Path mvnw = root.resolve("mvnw");
        Files.writeString(mvnw, "#!/usr/bin/env bash\ncp \"$(dirname \"$0\")/built.jar\" "
                + "\"$(dirname \"$0\")/sdk-examples/target/verifykit-examples-0.2.0-all.jar\"\n");
        mvnw.toFile().setExecutable(true);

        Process process = new ProcessBuilder(launcher.toString()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(output).contains("building the command line").contains("launched on");
        assertThat(output).as("the jar run").contains("verifykit-examples-0.2.0-all.jar");
    }

    private static void writeJar(Path jar) throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Hello.class.getName());
        String entry = Hello.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
                InputStream in = Hello.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
    }
}
