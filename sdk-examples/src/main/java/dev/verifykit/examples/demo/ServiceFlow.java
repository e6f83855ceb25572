package dev.verifykit.examples.demo;

import dev.verifykit.examples.RequestCounter;
import dev.verifykit.http.ClientBuilder;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;

/**
 * What every flow of the demo has: a name, its client's builder, the OkHttp client its requests go
 * through, and the user, who acts on what the flow shows them (a session, a code).
 *
 * @param <B> the client's builder, with the credentials and base URL set
 * @param <S> what the flow shows the user
 */
abstract class ServiceFlow<B extends ClientBuilder<B>, S> implements Flow {
    private final String name;
    private final B client;
    private final OkHttpClient http;
    private final Consumer<S> user;

    /**
     * @param user what the user does with what the flow shows (on the mock: what a person would do,
     *     after a moment; for real: tell the transcript that a person is awaited)
     */
    ServiceFlow(String name, B client, OkHttpClient http, Consumer<S> user) {
        this.name = name;
        this.client = client;
        this.http = http;
        this.user = user;
    }

    @Override
    public final String name() {
        return name;
    }

    /** The client's builder, its requests counted by {@code requests}. */
    final B counted(RequestCounter requests) {
        return client.okHttpClient(requests.counting(http));
    }

    /** Shows the user {@code shown}, and lets them act on it. */
    final void show(S shown) {
        user.accept(shown);
    }

    /** One line of this flow in the transcript. */
    final void say(Transcript t, String text) {
        t.say(name, text);
    }
}
