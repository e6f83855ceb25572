package dev.verifykit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README: {@code ./verifykit mock} runs the mock server standalone, and the next {@code ./verifykit …}
 * builds the command line again when the sources changed (a {@code git pull}). The build's shade step
 * writes the new jar over the old one in place, and the launcher ran that very file: a mock server
 * (or a {@code webhook serve}) still running from it then failed to load each class it had not loaded
 * yet (the mock answered 500 "NoClassDefFoundError"). A command must run from a jar no build rewrites.
 */
class LauncherJarInUseTest {
    /** The command line of the first run: loads a class of its jar only after the second run has built. */
    public static final class Runner {
        public static void main(String[] args) throws Exception {
            System.out.println("started");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine(); // the test's go
            System.out.println("loaded " + new Later());
        }
    }

    /** A class the first run loads late, from its jar. */
    public static final class Later {
        @Override
        public String toString() {
            return "later";
        }
    }

    @TempDir
    Path root;

    @Test
    void aRebuildByASecondRunLeavesACommandStillRunningFromTheOldJarWorking() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/env")), "a Unix-like system");
        Files.copy(Path.of("..", "verifykit"), root.resolve("verifykit"), StandardCopyOption.COPY_ATTRIBUTES);
        Path jar = Files.createDirectories(root.resolve("sdk-examples/target")).resolve("verifykit-examples-0.1.0-SNAPSHOT-all.jar");
        writeJar(jar, new byte[0]);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        // the next version's jar, laid out otherwise; the stand-in build writes it over the old one in place, as shade does
        byte[] padding = new byte[256 * 1024];
        new Random(1).nextBytes(padding);
        writeJar(root.resolve("built.jar"), padding);
        Path mvnw = root.resolve("mvnw");
        Files.writeString(mvnw, "#!/usr/bin/env bash\ncat \"$(dirname \"$0\")/built.jar\" > "
                + "\"$(dirname \"$0\")/sdk-examples/target/verifykit-examples-0.1.0-SNAPSHOT-all.jar\"\n");
        assertThat(mvnw.toFile().setExecutable(true)).isTrue();

        Process first = launch();
        BufferedReader firstOut = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8));
        assertThat(firstOut.readLine()).isEqualTo("started");

        // the sources change; the second run builds, then runs
        Files.writeString(Files.createDirectories(root.resolve("sdk-core/src/main/java")).resolve("A.java"), "class A {}");
        Process second = launch();
        second.getOutputStream().close();
        String secondOut = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(secondOut).contains("building the command line").contains("started");

        try (OutputStream go = first.getOutputStream()) {
            go.write('\n');
        }
        String rest = new String(first.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(rest).as("the first run, after the rebuild").contains("loaded later");
        assertThat(first.exitValue()).isZero();
    }

    private Process launch() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(root.resolve("verifykit").toString()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return builder.start();
    }

    private static void writeJar(Path jar, byte[] padding) throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Runner.class.getName());
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry("padding.bin"));
            out.write(padding);
            out.closeEntry();
            for (Class<?> type : new Class<?>[] {Runner.class, Later.class}) {
                String entry = type.getName().replace('.', '/') + ".class";
                try (InputStream in = type.getClassLoader().getResourceAsStream(entry)) {
                    out.putNextEntry(new JarEntry(entry));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
    }
}
