package dev.verifykit.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.DockSessions;
import dev.verifykit.dokai.VerifySessions;
import dev.verifykit.roblox.RobloxGameServerClient;
import dev.verifykit.roblox.RobloxVerificationClient;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every single call has its raw form in each of the call's forms (issue #16: "every client method
 * gets an overload with RequestOptions"; the raw forms give the same calls): a raw interface that has
 * a call has every overload the plain interface has of it, and no other.
 */
class RawFormsMirrorTest {

    @ParameterizedTest
    @ValueSource(classes = {DockSessions.class, VerifySessions.class, RobloxVerificationClient.class,
            RobloxGameServerClient.class})
    void aRawFormHasEveryOverloadOfItsCalls(Class<?> plain) throws Exception {
        Class<?> raw = Class.forName(plain.getName() + "$WithRawResponse");
        Set<String> calls = Arrays.stream(raw.getMethods()).map(Method::getName).collect(Collectors.toSet());

        assertThat(signatures(raw.getMethods(), calls)).as("the raw forms of %s", plain.getSimpleName())
                .isEqualTo(signatures(plain.getMethods(), calls));
    }

    private static Set<String> signatures(Method[] methods, Set<String> names) {
        return Arrays.stream(methods).filter(m -> names.contains(m.getName()))
                .map(m -> m.getName() + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName).toList())
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
