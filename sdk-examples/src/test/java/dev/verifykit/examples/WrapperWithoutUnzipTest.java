package dev.verifykit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README: "Needs only a JDK 17 or newer: the Maven wrapper downloads Maven (checked against its
 * SHA-256)". On a machine without {@code unzip} (a fresh Debian, the {@code eclipse-temurin} images)
 * the wrapper downloads the {@code .tar.gz} of Maven instead of the {@code .zip}, and checked it against
 * the zip's digest: {@code ./mvnw} and the first {@code ./verifykit} failed there with "your Maven
 * distribution might be compromised" (apache/maven-wrapper#425). The tar.gz is checked against a
 * digest of its own.
 */
class WrapperWithoutUnzipTest {
    @TempDir
    Path root;

    /** The repository's wrapper pins the tar.gz it downloads without unzip, beside the zip. */
    @Test
    void theRepositoryPinsTheTarGzBesideTheZip() throws IOException {
        Properties wrapper = new Properties();
        try (var in = Files.newInputStream(Path.of("..", ".mvn", "wrapper", "maven-wrapper.properties"))) {
            wrapper.load(in);
        }
        assertThat(wrapper.getProperty("distributionSha256Sum")).as("the zip's digest").matches("[0-9a-f]{64}");
        assertThat(wrapper.getProperty("distributionSha256SumTarGz"))
                .as("the tar.gz's digest, for a machine without unzip").matches("[0-9a-f]{64}")
                .isNotEqualTo(wrapper.getProperty("distributionSha256Sum"));
    }

    /** The repository's {@code mvnw}, with no unzip on PATH, checks the tar.gz it got against the tar.gz's digest. */
    @Test
    void withoutUnzipTheWrapperChecksTheTarGzAgainstItsOwnDigest() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/env")), "a Unix-like system");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "curl, which reads file: URLs");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/tar")) || Files.isExecutable(Path.of("/bin/tar")), "tar");

        // a stand-in Maven distribution, served from files: its tar.gz as Maven publishes one
        Path dist = Files.createDirectories(root.resolve("dist"));
        Path mvn = Files.createDirectories(root.resolve("build/fake-maven-1.0/bin")).resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\necho \"fake maven ran: $*\"\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path tarGz = dist.resolve("fake-maven-1.0-bin.tar.gz");
        run(new ProcessBuilder("tar", "czf", tarGz.toString(), "-C", root.resolve("build").toString(), "fake-maven-1.0"));
        Path zip = dist.resolve("fake-maven-1.0-bin.zip");
        Files.writeString(zip, "a zip, never fetched here");

        Path project = root.resolve("project");
        Path mvnw = project.resolve("mvnw");
        Files.createDirectories(project.resolve(".mvn/wrapper"));
        Files.copy(Path.of("..", "mvnw"), mvnw, StandardCopyOption.COPY_ATTRIBUTES);
        Files.writeString(project.resolve(".mvn/wrapper/maven-wrapper.properties"), String.join("\n",
                "wrapperVersion=3.3.4",
                "distributionType=only-script",
                "distributionUrl=" + zip.toUri(),
                "distributionSha256Sum=" + sha256(zip),
                "distributionSha256SumTarGz=" + sha256(tarGz),
                ""), StandardCharsets.UTF_8);

        // PATH: every tool of this machine but unzip (and wget, which cannot read file: URLs: curl fetches)
        Path bin = Files.createDirectories(root.resolve("bin"));
        for (String folder : new String[] {"/usr/bin", "/bin"}) {
            if (!Files.isDirectory(Path.of(folder))) {
                continue;
            }
            try (DirectoryStream<Path> tools = Files.newDirectoryStream(Path.of(folder))) {
                for (Path tool : tools) {
                    String name = tool.getFileName().toString();
                    if (!Set.of("unzip", "wget").contains(name) && !Files.exists(bin.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(bin.resolve(name), tool);
                    }
                }
            }
        }
        ProcessBuilder builder = new ProcessBuilder(mvnw.toString(), "-v").directory(project.toFile())
                .redirectErrorStream(true);
        builder.environment().put("PATH", bin.toString());
        builder.environment().put("HOME", root.toString());
        builder.environment().put("MAVEN_USER_HOME", root.resolve("m2").toString());
        builder.environment().remove("MVNW_REPOURL");
        builder.environment().remove("MVNW_VERBOSE");

        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(output).as("exit %s", process.exitValue()).doesNotContain("might be compromised")
                .contains("fake maven ran: -v");
        assertThat(process.exitValue()).isZero();
    }

    private static void run(ProcessBuilder command) throws IOException, InterruptedException {
        Process process = command.redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
