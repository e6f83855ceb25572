package dev.verifykit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * verifykit-bom manages the libraries VerifyKit runs on at the versions the build uses: the BOM has
 * no parent (so that importing it brings nothing of the build's own), so its versions are written
 * twice, and this keeps them equal.
 */
class BomTest {
    private static final Path ROOT = Paths.get("..");

    @Test
    void theBomsLibraryVersionsAreTheBuildsOwn() throws Exception {
        Document root = read(ROOT.resolve("pom.xml"));
        Document bom = read(ROOT.resolve("verifykit-bom/pom.xml"));
        for (String property : List.of("okhttp.version", "okio.version", "kotlin.version", "moshi.version")) {
            assertThat(property(bom, property)).as(property).isNotBlank().isEqualTo(property(root, property));
        }
    }

    @Test
    void theBomManagesWhatTheClientsRunOn() throws Exception {
        List<String> managed = new ArrayList<>();
        NodeList dependencies = read(ROOT.resolve("verifykit-bom/pom.xml")).getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            managed.add(text(dependency, "groupId") + ":" + text(dependency, "artifactId") + ":" + text(dependency, "version"));
        }
        assertThat(managed).contains(
                "dev.verifykit:verifykit-core:${project.version}",
                "dev.verifykit:verifykit-sse:${project.version}",
                "dev.verifykit:verifykit-mockserver:${project.version}",
                "com.squareup.okhttp3:okhttp-jvm:${okhttp.version}",
                "com.squareup.okhttp3:okhttp-sse:${okhttp.version}",
                "com.squareup.okio:okio-jvm:${okio.version}",
                "com.squareup.moshi:moshi:${moshi.version}",
                "org.jetbrains.kotlin:kotlin-stdlib:${kotlin.version}",
                "org.jetbrains.kotlin:kotlin-stdlib-jdk7:${kotlin.version}",
                "org.jetbrains.kotlin:kotlin-stdlib-jdk8:${kotlin.version}");
    }

    private static Document read(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    private static String property(Document pom, String name) {
        NodeList properties = pom.getDocumentElement().getElementsByTagName("properties");
        return text((Element) properties.item(0), name);
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
    }
}
