package dev.verifykit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The public API of a published module as a listing ({@code <module>/api/<artifact>.api}): every
 * public type of the packages its {@code module-info} exports, with its public and protected
 * members (those inherited from a type that is not API, such as a generated builder, included), one
 * per line; and the check of it against the committed one. Used by each module's API baseline test.
 * To accept an intended change, run {@code ./mvnw -B verify -Dverifykit.updateApi=true}, which
 * rewrites the listings, note the change in CHANGELOG.md and commit both.
 */
public final class ApiListing {
    private static final boolean UPDATE = Boolean.getBoolean("verifykit.updateApi");

    private ApiListing() {}

    /**
     * Checks the API of the module holding {@code anchor} against {@code <directory>/api/<artifact>.api}
     * (the directory a sibling of the module the test runs in), or rewrites the listing when
     * {@code -Dverifykit.updateApi=true}.
     */
    public static void check(Class<?> anchor, String directory, String artifact)
            throws IOException, ClassNotFoundException, URISyntaxException {
        List<String> listing = listing(Paths.get(anchor.getProtectionDomain().getCodeSource().getLocation().toURI()),
                anchor.getClassLoader());
        Path baseline = Paths.get(System.getProperty("user.dir")).resolveSibling(directory).resolve("api")
                .resolve(artifact + ".api");

        if (UPDATE) {
            Files.createDirectories(baseline.getParent());
            Files.write(baseline, listing, StandardCharsets.UTF_8);
        }
        assertThat(baseline).as("the committed API listing (write it with -Dverifykit.updateApi=true)").exists();
        List<String> committed = Files.readAllLines(baseline, StandardCharsets.UTF_8);
        List<String> removed = committed.stream().filter(line -> !listing.contains(line)).toList();
        List<String> added = listing.stream().filter(line -> !committed.contains(line)).toList();
        assertThat(removed.isEmpty() && added.isEmpty())
                .as("The public API of %s differs from %s.%nRemoved:%n  %s%nAdded:%n  %s%nIf the change is intended, "
                        + "run ./mvnw -B verify -Dverifykit.updateApi=true, note it in CHANGELOG.md, and commit the listing.",
                        artifact, baseline, String.join("\n  ", removed), String.join("\n  ", added))
                .isTrue();
    }

    /** The API of the module at {@code location}: one line per public type and per public or protected member. */
    public static List<String> listing(Path location, ClassLoader loader) throws IOException, ClassNotFoundException {
        List<String> classNames = new ArrayList<>();
        ModuleDescriptor descriptor;
        if (Files.isDirectory(location)) {
            try (InputStream in = Files.newInputStream(location.resolve("module-info.class"));
                    Stream<Path> files = Files.walk(location)) {
                descriptor = ModuleDescriptor.read(in);
                files.map(location::relativize).map(Path::toString).forEach(classNames::add);
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                try (InputStream in = jar.getInputStream(jar.getEntry("module-info.class"))) {
                    descriptor = ModuleDescriptor.read(in);
                }
                jar.stream().map(e -> e.getName()).forEach(classNames::add);
            }
        }
        Set<String> exported = descriptor.exports().stream().filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        TreeSet<String> lines = new TreeSet<>();
        for (String file : classNames) {
            String name = file.replace('\\', '/');
            if (!name.endsWith(".class") || name.endsWith("module-info.class") || name.endsWith("package-info.class")) {
                continue;
            }
            String className = name.substring(0, name.length() - ".class".length()).replace('/', '.');
            String pkg = className.substring(0, className.lastIndexOf('.'));
            if (!exported.contains(pkg)) {
                continue;
            }
            Class<?> type = Class.forName(className, false, loader);
            if (isApi(type)) {
                describe(type, lines);
            }
        }
        lines.add("module " + descriptor.name() + " exports " + new TreeSet<>(exported));
        return new ArrayList<>(lines);
    }

    private static boolean isApi(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
            if (!Modifier.isPublic(t.getModifiers()) || t.isSynthetic() || t.isAnonymousClass() || t.isLocalClass()) {
                return false;
            }
        }
        return true;
    }

    private static void describe(Class<?> type, Set<String> lines) {
        String name = type.getName();
        StringBuilder header = new StringBuilder(Modifier.toString(type.getModifiers() & ~Modifier.INTERFACE))
                .append(type.isInterface() ? " interface " : type.isEnum() ? " enum " : type.isRecord() ? " record " : " class ")
                .append(name).append(typeParameters(type.getTypeParameters()));
        if (type.getGenericSuperclass() != null && type.getSuperclass() != Object.class && !type.isEnum() && !type.isRecord()) {
            header.append(" extends ").append(typeName(type.getGenericSuperclass()));
        }
        Type[] interfaces = type.getGenericInterfaces();
        if (interfaces.length > 0) {
            header.append(type.isInterface() ? " extends " : " implements ")
                    .append(Arrays.stream(interfaces).map(ApiListing::typeName).sorted().collect(Collectors.joining(", ")));
        }
        if (type.isSealed()) {
            header.append(" permits ").append(Arrays.stream(type.getPermittedSubclasses())
                    .filter(ApiListing::isApi).map(Class::getName).sorted().collect(Collectors.joining(", ")));
        }
        lines.add(name + " #type " + header.toString().trim());
        for (Field field : type.getDeclaredFields()) {
            if (visible(field.getModifiers()) && !field.isSynthetic()) {
                lines.add(name + " " + Modifier.toString(field.getModifiers()) + " " + typeName(field.getGenericType())
                        + " " + field.getName());
            }
        }
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
            if (visible(constructor.getModifiers()) && !constructor.isSynthetic() && !type.isEnum()) {
                lines.add(name + " " + executable(constructor, "<init>", null));
            }
        }
        Set<String> signatures = new LinkedHashSet<>();
        for (Class<?> from = type; from != null && from != Object.class; from = from.getSuperclass()) {
            if (from != type && isApi(from)) {
                break; // the rest is listed with that type
            }
            for (Method method : from.getDeclaredMethods()) {
                if (visible(method.getModifiers()) && !method.isSynthetic() && !method.isBridge()
                        && signatures.add(method.getName() + Arrays.toString(method.getParameterTypes()))) {
                    lines.add(name + " " + executable(method, method.getName(), method.getGenericReturnType()));
                }
            }
        }
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static String executable(Executable member, String name, Type returns) {
        int modifiers = member.getModifiers() & (Modifier.PUBLIC | Modifier.PROTECTED | Modifier.STATIC
                | Modifier.ABSTRACT | Modifier.FINAL);
        String defaultMethod = member instanceof Method method && method.isDefault() ? "default " : "";
        String parameters = Arrays.stream(member.getGenericParameterTypes()).map(ApiListing::typeName)
                .collect(Collectors.joining(", "));
        String exceptions = member.getGenericExceptionTypes().length == 0 ? "" : " throws " + Arrays.stream(
                member.getGenericExceptionTypes()).map(ApiListing::typeName).collect(Collectors.joining(", "));
        return (Modifier.toString(modifiers) + " " + defaultMethod).trim() + " "
                + typeParameters(member.getTypeParameters()) + (returns == null ? "" : typeName(returns) + " ")
                + name + "(" + parameters + ")" + exceptions;
    }

    private static String typeParameters(TypeVariable<?>[] variables) {
        if (variables.length == 0) {
            return "";
        }
        return Arrays.stream(variables).map(v -> {
            List<String> bounds = Arrays.stream(v.getBounds()).filter(b -> b != Object.class)
                    .map(ApiListing::typeName).toList();
            return bounds.isEmpty() ? v.getName() : v.getName() + " extends " + String.join(" & ", bounds);
        }).collect(Collectors.joining(", ", "<", "> "));
    }

    private static String typeName(Type type) {
        return type.getTypeName();
    }
}
