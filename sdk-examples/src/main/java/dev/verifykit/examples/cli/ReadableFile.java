package dev.verifykit.examples.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A flag's file, which must exist and be readable: otherwise a one-line usage error saying why. */
final class ReadableFile implements ITypeConverter<Path> {
    @Override
    public Path convert(String text) {
        Path path;
        try {
            path = Path.of(text);
        } catch (InvalidPathException e) {
            throw new TypeConversionException(text + ": not a file name");
        }
        if (!Files.exists(path)) {
            throw new TypeConversionException(text + ": no such file");
        }
        if (Files.isDirectory(path)) {
            throw new TypeConversionException(text + ": is a directory");
        }
        if (!Files.isReadable(path)) {
            throw new TypeConversionException(text + ": cannot be read");
        }
        return path;
    }
}
