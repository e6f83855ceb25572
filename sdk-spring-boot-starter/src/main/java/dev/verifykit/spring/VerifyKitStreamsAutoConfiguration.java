package dev.verifykit.spring;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.SessionStreams;
import dev.verifykit.sse.DockSessionStreams;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * {@link SessionStreams} over the context's Dock client, with verifykit-sse on the class path: for
 * waits followed over streams and for the browser relay. The client is the one {@link DockClient}
 * bean (the starter's, from {@code verifykit.dock.api-key}, or your own) or the primary one of
 * several. With several Dock clients and none primary there is no telling which one to follow, so no
 * streams bean is made (define your own {@code SessionStreams} bean, or mark a client primary).
 *
 * <p>A separate auto-configuration, after {@link VerifyKitAutoConfiguration}, so that its condition
 * sees the Dock client that one makes.
 */
@AutoConfiguration(after = VerifyKitAutoConfiguration.class)
@ConditionalOnClass(DockSessionStreams.class)
public class VerifyKitStreamsAutoConfiguration {
    /** The streams over the one (or the primary) Dock client. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnSingleCandidate(DockClient.class)
    SessionStreams verifyKitDockSessionStreams(DockClient dock) {
        return DockSessionStreams.of(dock);
    }
}
