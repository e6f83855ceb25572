package dev.verifykit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import dev.verifykit.dock.DockClient;
import dev.verifykit.micrometer.VerifyKitMetrics;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockJournalQuery;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.opentelemetry.VerifyKitTracing;
import dev.verifykit.redis.RedisReplayGuard;
import dev.verifykit.servlet.DockRelay;
import dev.verifykit.sse.DockSessionStreams;
import io.lettuce.core.RedisClient;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.common.ComponentLoader;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.unix.Socket;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.ssl.SslContext;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.util.Version;
import io.opentelemetry.context.Context;
import jakarta.servlet.Servlet;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import kotlin.Unit;
import okhttp3.OkHttpClient;
import okhttp3.sse.EventSources;
import okio.Buffer;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.reactivestreams.Publisher;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The published modules' descriptors at work: a small application module (in
 * {@code src/test/resources/modulepath}) is compiled against verifykit-core, verifykit-sse,
 * verifykit-opentelemetry, verifykit-micrometer, verifykit-servlet and verifykit-redis on the module
 * path and run in a child JVM against the reference mock, calling every client once (Dock create, read
 * and stream, the RPC's begin and check, Dokai's create and read, a webhook, a create traced and
 * timed), building both servlets and the relay, and a Redis replay guard (Lettuce and Netty from the
 * module path, no server: it must fail with an exception, not a missing class). A package left
 * unexported or unopened to Moshi, or a module a dependency needs but nothing requires, fails here,
 * though the other tests run on the class path.
 */
// Starts JVMs of its own: on a loaded machine that takes far longer than the 60-s default hang guard.
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ModulePathTest {
    @TempDir
    Path dir;

    @Test
    void everyClientWorksFromTheModulePath() throws Exception {
        String modulePath = Stream.of(DockClient.class, DockSessionStreams.class, OkHttpClient.class,
                        EventSources.class, Buffer.class, Unit.class, Moshi.class,
                        // the optional tracing and metrics modules, with what they need at run time
                        VerifyKitTracing.class, OpenTelemetry.class, Context.class, ComponentLoader.class,
                        VerifyKitMetrics.class, MeterRegistry.class, KeyValues.class, Observation.class,
                        Histogram.class, NullMarked.class,
                        // the servlet and Redis modules, with the Servlet API, Lettuce and what Lettuce needs
                        DockRelay.class, Servlet.class, RedisReplayGuard.class, RedisClient.class, Mono.class,
                        Publisher.class, LoggerFactory.class, Version.class, ByteBuf.class, Channel.class,
                        Socket.class, SslContext.class, ByteToMessageDecoder.class, AddressResolver.class,
                        DnsNameResolver.class, DnsRecord.class)
                .map(ModulePathTest::locationOf).distinct().collect(Collectors.joining(File.pathSeparator));
        Path classes = compile(modulePath);
        int noRedis;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            noRedis = free.getLocalPort(); // closed again: a connection there is refused
        }

        try (MockServer mock = MockServer.start(MockSettings.builder()
                .dock(DockSettings.builder().minPollInterval(Duration.ZERO).build()).build())) {
            List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                    "--module-path", modulePath + File.pathSeparator + classes,
                    "--module", "verifykit.modcheck/modcheck.Main",
                    mock.dockBaseUrl(), mock.robloxBaseUrl(), mock.dokaiBaseUrl(), Integer.toString(noRedis)));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the module program ended").isTrue();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output).contains("dock pending true", "roblox true", "dokai pending",
                    "webhook verification.failed", "metrics 1", "servlet 0");
            assertThat(output).containsAnyOf("redis unreachable", "redis claim");
            // The tracing module sent the current trace context, as the mock received it.
            assertThat(mock.journal().find(MockJournalQuery.all().method("POST").path("/dock/v2/sessions")))
                    .filteredOn(r -> r.body().contains("modcheck-observed")).singleElement()
                    .satisfies(r -> assertThat(r.header("traceparent")).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-"));
        }
    }

    private Path compile(String modulePath) throws Exception {
        Path sources = Paths.get(ModulePathTest.class.getResource("/modulepath/module-info.java").toURI()).getParent();
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "--module-path", modulePath, "-d", classes.toString(),
                sources.resolve("module-info.java").toString(), sources.resolve("modcheck/Main.java").toString());
        assertThat(status).as("javac of the module program").isZero();
        return classes;
    }

    private static String locationOf(Class<?> type) {
        try {
            return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
