package dev.verifykit.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class FuturesTest {
    @Test
    void mapsValuesAndPassesFailuresThrough() throws Exception {
        CompletableFuture<Integer> source = new CompletableFuture<>();
        CompletableFuture<String> mapped = Futures.map(source, i -> "n" + i);
        source.complete(4);
        assertThat(mapped.get()).isEqualTo("n4");

        CompletableFuture<Integer> failing = new CompletableFuture<>();
        CompletableFuture<String> failed = Futures.map(failing, i -> "x");
        failing.completeExceptionally(new CompletionException(new IllegalStateException("boom")));
        assertThatThrownBy(failed::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalStateException.class);

        CompletableFuture<String> mapperThrows = Futures.map(CompletableFuture.completedFuture(1), i -> {
            throw new IllegalArgumentException("bad");
        });
        assertThatThrownBy(mapperThrows::get).hasCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cancellingTheResultCancelsTheSource() {
        CompletableFuture<Integer> source = new CompletableFuture<>();
        CompletableFuture<String> mapped = Futures.map(source, String::valueOf);
        mapped.cancel(true);
        assertThat(source).isCancelled();
    }
}
