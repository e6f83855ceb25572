package dev.verifykit.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.testing.RawServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bound on a compressed answer's bytes, read exactly on a bare client: the compressed bytes
 * (those beneath OkHttp's inflater) of an answer with a {@code Content-Encoding} are counted, up to
 * {@code limit} taken and a byte more failing the read; an answer sent as it is (no encoding, a blank
 * one, {@code identity}) is never counted, so a long uncompressed stream is never cut by it.
 */
@Timeout(30)
class CompressedBoundTest {
    private static final String TEXT = "{\"status\":\"pending\",\"note\":\"" + "abc".repeat(200) + "\"}";

    @Test
    void noBoundIsAddedForTheLongestLong() {
        OkHttpClient.Builder unbounded = new OkHttpClient.Builder();
        CompressedBound.apply(unbounded, Long.MAX_VALUE);
        OkHttpClient.Builder bounded = new OkHttpClient.Builder();
        CompressedBound.apply(bounded, Long.MAX_VALUE - 1);

        assertThat(unbounded.networkInterceptors()).isEmpty();
        assertThat(bounded.networkInterceptors()).hasSize(1);
    }

    @Test
    void aGzipAnswerOfExactlyTheLimitIsInflatedAndOneByteMoreFails() throws Exception {
        byte[] gzip = gzip(TEXT);
        try (RawServer server = new RawServer(conn -> {
            conn.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: "
                    + gzip.length + "\r\n\r\n");
            conn.write(gzip);
        })) {
            try (Response response = call(server, gzip.length)) {
                assertThat(response.body().string()).isEqualTo(TEXT);
            }
            try (Response response = call(server, gzip.length - 1)) {
                assertThatThrownBy(() -> response.body().string()).isInstanceOf(CompressedBound.CompressedTooLongException.class)
                        .hasMessageContaining("more than " + (gzip.length - 1) + " bytes");
            }
        }
    }

    /** Any encoding is counted, whoever inflates it (here no one: the body is read as it came). */
    @ParameterizedTest
    @ValueSource(strings = {"br", "deflate", "zstd"})
    void anAnswerOfAnotherEncodingIsCountedToo(String encoding) throws Exception {
        String body = "x".repeat(100);
        try (RawServer server = new RawServer(conn -> conn.write("HTTP/1.1 200 OK\r\nContent-Encoding: " + encoding
                + "\r\nContent-Length: 100\r\n\r\n" + body)); Response response = call(server, 99)) {
            assertThatThrownBy(() -> response.body().string()).isInstanceOf(CompressedBound.CompressedTooLongException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Content-Encoding: \r\n", "Content-Encoding: identity\r\n", "Content-Encoding: IDENTITY \r\n"})
    void anAnswerSentAsItIsIsNotCounted(String encodingHeader) throws Exception {
        String body = "data:" + "x".repeat(95);
        try (RawServer server = new RawServer(conn -> conn.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                + encodingHeader + "Content-Length: 100\r\n\r\n" + body)); Response response = call(server, 10)) {
            assertThat(response.body().string()).isEqualTo(body);
        }
    }

    private static Response call(RawServer server, long limit) throws Exception {
        OkHttpClient.Builder builder = new OkHttpClient.Builder();
        CompressedBound.apply(builder, limit);
        return builder.build().newCall(new Request.Builder().url(server.url("/x")).build()).execute();
    }

    private static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
