package dev.verifykit.json.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.verifykit.json.OpenEnum;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Set;

/** Reads and writes {@link OpenEnum} as the raw string, so unknown values round-trip. */
final class OpenEnumAdapterFactory implements JsonAdapter.Factory {
    @Override
    public JsonAdapter<?> create(Type type, Set<? extends Annotation> annotations, Moshi moshi) {
        if (!annotations.isEmpty() || Types.getRawType(type) != OpenEnum.class) {
            return null;
        }
        if (!(type instanceof ParameterizedType parameterized)) {
            throw new IllegalArgumentException("OpenEnum needs its enum type argument: " + type);
        }
        Class<?> enumType = Types.getRawType(parameterized.getActualTypeArguments()[0]);
        return adapterFor(enumType.asSubclass(Enum.class)).nullSafe();
    }

    private static <E extends Enum<E>> JsonAdapter<OpenEnum<E>> adapterFor(Class<E> enumType) {
        boolean hasUnknown = false;
        for (E constant : enumType.getEnumConstants()) {
            hasUnknown |= constant.name().equals("UNKNOWN");
        }
        if (!hasUnknown) {
            throw new IllegalArgumentException(enumType.getName() + " has no UNKNOWN constant");
        }
        return new JsonAdapter<>() {
            @Override
            public OpenEnum<E> fromJson(JsonReader reader) throws IOException {
                return OpenEnum.of(enumType, reader.nextString());
            }

            @Override
            public void toJson(JsonWriter writer, OpenEnum<E> value) throws IOException {
                writer.value(value.raw());
            }

            @Override
            public String toString() {
                return "OpenEnum<" + enumType.getSimpleName() + ">";
            }
        };
    }
}
