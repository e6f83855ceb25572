package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Requires;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What module-info.java declares, read from the compiled descriptor (the tests run on the class path). */
class ModuleDescriptorTest {

    @Test
    void exportsOnlyThePublicApiAndNeedsJUnitOnlyForTheExtension() throws Exception {
        ModuleDescriptor module;
        Path classes = Path.of(MockServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            module = ModuleDescriptor.read(in);
        }

        assertThat(module.name()).isEqualTo("dev.verifykit.mock");
        assertThat(module.exports()).extracting(ModuleDescriptor.Exports::source).containsExactly("dev.verifykit.mock");
        assertThat(module.exports()).allSatisfy(e -> assertThat(e.isQualified()).isFalse());
        assertThat(module.opens()).isEmpty();
        assertThat(module.requires()).filteredOn(r -> r.name().equals("org.junit.jupiter.api"))
                .singleElement().satisfies(r -> assertThat(r.modifiers()).contains(Requires.Modifier.STATIC));
    }
}
