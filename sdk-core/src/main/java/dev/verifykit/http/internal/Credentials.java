package dev.verifykit.http.internal;

import java.util.List;
import java.util.Locale;
import okhttp3.Request;

/** How a client authenticates: a Bearer token, a named secret header, or nothing. */
public sealed interface Credentials {
    static Credentials bearer(Secret token) {
        return new Bearer(token);
    }

    static Credentials header(String name, Secret value) {
        return new Header(name, value);
    }

    static Credentials none() {
        return new None();
    }

    void applyTo(Request.Builder request);

    /** The header that carries the credential, lower case, or {@code null}. */
    String headerName();

    /** The secrets to keep out of messages and logs. */
    List<Secret> secrets();

    record Bearer(Secret token) implements Credentials {
        @Override
        public void applyTo(Request.Builder request) {
            request.header("Authorization", "Bearer " + token.reveal());
        }

        @Override
        public String headerName() {
            return "authorization";
        }

        @Override
        public List<Secret> secrets() {
            return List.of(token);
        }
    }

    record Header(String name, Secret value) implements Credentials {
        @Override
        public void applyTo(Request.Builder request) {
            request.header(name, value.reveal());
        }

        @Override
        public String headerName() {
            return name.toLowerCase(Locale.ROOT);
        }

        @Override
        public List<Secret> secrets() {
            return List.of(value);
        }
    }

    record None() implements Credentials {
        @Override
        public void applyTo(Request.Builder request) {}

        @Override
        public String headerName() {
            return null;
        }

        @Override
        public List<Secret> secrets() {
            return List.of();
        }
    }
}
