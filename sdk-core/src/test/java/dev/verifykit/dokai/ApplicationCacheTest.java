package dev.verifykit.dokai;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.Cache;
import okhttp3.Cookie;
import okhttp3.CookieJar;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application's {@code OkHttpClient} given to the builder commonly has an HTTP {@link Cache}
 * (on disk). README: the client "derives its own from it, keeping its proxy, TLS, interceptors,
 * connection pool and dispatcher ... Your client's authenticator is not kept". The cache was kept
 * too: an answer a server or a CDN in front of it marks cacheable ({@code Cache-Control: max-age})
 * was written to the application's cache directory, identity data and hosted-page token included,
 * and later reads of the session were answered from it without reaching the service, so a status
 * read (and every poll of a wait) saw the old state. So was its cookie jar. Neither is kept now.
 */
class ApplicationCacheTest {
    private static final String KEY = "dk_test_wire_8c1e";
    private static final String PENDING = "{\"id\":\"ver_abc123\",\"status\":\"pending\",\"type\":\"hosted\","
            + "\"created_at\":\"2026-03-11T10:30:00Z\",\"expires_at\":\"2036-03-12T10:30:00Z\"}";
    private static final String VERIFIED = "{\"id\":\"ver_abc123\",\"status\":\"verified\",\"type\":\"hosted\","
            + "\"identity\":{\"name\":\"AHMAD BIN IBRAHIM\",\"id_number\":\"901215-08-5523\"},"
            + "\"created_at\":\"2026-03-11T10:30:00Z\",\"expires_at\":\"2036-03-12T10:30:00Z\"}";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private static MockResponse cacheable(String body) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .setHeader("Cache-Control", "private, max-age=600").body(body).build();
    }

    private DokaiClient dokai(Path cacheDir) {
        OkHttpClient app = new OkHttpClient.Builder().cache(new Cache(cacheDir.toFile(), 10L << 20)).build();
        return DokaiClient.builder().apiKey(KEY).baseUrl(server.url("/dokai").toString()).okHttpClient(app)
                .maxRetries(0).build();
    }

    @Test
    void aReadOfASessionReachesTheServiceEvenWhenItsLastAnswerWasMarkedCacheable(@TempDir Path cacheDir) {
        server.enqueue(cacheable(PENDING));
        server.enqueue(cacheable(VERIFIED));
        try (DokaiClient dokai = dokai(cacheDir)) {
            assertThat(dokai.verifySessions().retrieve("ver_abc123").status().raw()).isEqualTo("pending");
            KycSession second = dokai.verifySessions().retrieve("ver_abc123");
            assertThat(server.getRequestCount()).as("reads that reached the service").isEqualTo(2);
            assertThat(second.status().raw()).isEqualTo("verified");
        }
    }

    @Test
    void identityDataIsNotWrittenToTheApplicationsHttpCache(@TempDir Path cacheDir) throws IOException {
        server.enqueue(cacheable(VERIFIED));
        try (DokaiClient dokai = dokai(cacheDir)) {
            dokai.verifySessions().retrieve("ver_abc123");
        }
        try (Stream<Path> files = Files.walk(cacheDir)) {
            assertThat(files.filter(Files::isRegularFile).map(ApplicationCacheTest::read))
                    .as("the application's cache directory").noneMatch(text -> text.contains("901215-08-5523"));
        }
    }

    /**
     * The application's cookie jar is not the client's either: the services authenticate by key, and
     * the application's cookies for the host (its own session) are not theirs to see, nor are theirs
     * the application's to keep.
     */
    @Test
    void theApplicationsCookiesAreNotSentToTheServiceNorItsCookiesKept() throws Exception {
        List<Cookie> kept = new CopyOnWriteArrayList<>();
        CookieJar jar = new CookieJar() {
            @Override
            public void saveFromResponse(HttpUrl url, List<Cookie> cookies) {
                kept.addAll(cookies);
            }

            @Override
            public List<Cookie> loadForRequest(HttpUrl url) {
                return List.of(new Cookie.Builder().name("app_session").value("app-cookie-5e2a").hostOnlyDomain(url.host())
                        .build());
            }
        };
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .setHeader("Set-Cookie", "lb=node-7; Path=/").body(PENDING).build());
        try (DokaiClient dokai = DokaiClient.builder().apiKey(KEY).baseUrl(server.url("/dokai").toString())
                .okHttpClient(new OkHttpClient.Builder().cookieJar(jar).build()).maxRetries(0).build()) {
            dokai.verifySessions().retrieve("ver_abc123");
        }
        assertThat(server.takeRequest().getHeaders().get("Cookie")).as("cookies sent").isNull();
        assertThat(kept).as("cookies kept").isEmpty();
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
