package dev.verifykit.http.internal;

import java.util.List;
import okhttp3.Authenticator;
import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * Keeps OkHttp from sending a request again on its own, so that each attempt the transport makes is
 * one request on the wire. Left to itself, OkHttp repeats a call whose connection failed after the
 * request was written, one answered 408, and one answered 503 with {@code Retry-After: 0}; and it
 * hands a 401 to the caller's client's authenticator. Such a repeat passes the transport's retry
 * policy, the Dock guardrails (the read interval, the poll cap, the create bucket) and the rule that
 * a write that may have arrived is not sent again; an inherited authenticator would send the
 * caller's credentials for another service to this one.
 *
 * <p>So the derived client does not retry on connection failures (the transport retries what was
 * never sent, see {@code HttpTransport.neverSent}), has no authenticator, and on a 408 or 503 hides
 * {@code Retry-After} from OkHttp's follow-up step (which would also parse a too-large value into a
 * {@code NumberFormatException}): a network interceptor renames the header, an application
 * interceptor above the follow-up step gives it its name back, so everyone else sees the answer as
 * sent.
 */
final class SingleSends {
    private static final String RETRY_AFTER = "Retry-After";
    private static final String HIDDEN = "VerifyKit-Hidden-Retry-After";

    /** Beneath OkHttp's follow-up step: renames the header it would act on. */
    private static final Interceptor HIDE = chain -> {
        Response response = chain.proceed(chain.request());
        int code = response.code();
        return code == 408 || code == 503 ? rename(response, RETRY_AFTER, HIDDEN) : response;
    };

    /** Above OkHttp's follow-up step: gives the header its name back. */
    private static final Interceptor RESTORE = chain -> restored(chain.proceed(chain.request()));

    private SingleSends() {}

    /** Sets the derived client up; its own interceptors stay where they are, inside these two. */
    static void apply(OkHttpClient.Builder builder) {
        builder.retryOnConnectionFailure(false).authenticator(Authenticator.NONE);
        builder.networkInterceptors().add(0, HIDE);
        builder.addInterceptor(RESTORE);
    }

    /** {@code response} with the header its network interceptor hid given its name back. */
    static Response restored(Response response) {
        return rename(response, HIDDEN, RETRY_AFTER);
    }

    /**
     * Takes the restoring step out of {@code builder} (derived from a client {@link #apply} set up),
     * where it is the last application interceptor, for one that restores the header itself in its
     * place ({@link #restored}); whether it was there.
     */
    static boolean takeRestore(OkHttpClient.Builder builder) {
        List<Interceptor> interceptors = builder.interceptors();
        int last = interceptors.size() - 1;
        if (last < 0 || interceptors.get(last) != RESTORE) {
            return false;
        }
        interceptors.remove(last);
        return true;
    }

    private static Response rename(Response response, String from, String to) {
        List<String> values = response.headers(from);
        if (values.isEmpty()) {
            return response;
        }
        Headers.Builder headers = response.headers().newBuilder().removeAll(from);
        for (String value : values) {
            headers.addUnsafeNonAscii(to, value);
        }
        return response.newBuilder().headers(headers.build()).build();
    }
}
