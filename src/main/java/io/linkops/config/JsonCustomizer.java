package io.linkops.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.LocalDateDeserializer;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * JSON as the contract wants it: instants as ISO-8601 UTC to the second ({@code 2026-11-28T15:46:44Z}), no silent
 * coercion of numbers or booleans into strings, and no text or date that the database cannot hold.
 */
@Singleton
public class JsonCustomizer implements ObjectMapperCustomizer {

    @Override
    public int priority() {
        // Applied last, so Quarkus' own JavaTimeModule does not replace this serializer.
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        SimpleModule module = new SimpleModule("linkops-json");
        module.addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
                generator.writeString(DateTimeFormatter.ISO_INSTANT.format(value.truncatedTo(ChronoUnit.SECONDS)));
            }
        });
        // No text the service stores may hold U+0000: PostgreSQL cannot, and no token, id or name needs it.
        module.addDeserializer(String.class, new TextWithoutNul());
        module.addDeserializer(LocalDate.class, new CalendarDate());
        mapper.registerModule(module);
        // "{...} garbage" is malformed JSON, not a valid body followed by something to ignore.
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        // A number or boolean where a string (an id, a token) belongs is a client mistake, not something to guess.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }

    /**
     * Jackson's own date reading, limited to years 1 to 9999 as FastAPI's: it also reads {@code +999999999-12-31},
     * which the database driver would store as {@code infinity}.
     */
    private static final class CalendarDate extends StdDeserializer<LocalDate> {

        CalendarDate() {
            super(LocalDate.class);
        }

        @Override
        public LocalDate deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            LocalDate date = LocalDateDeserializer.INSTANCE.deserialize(parser, context);
            if (date != null && (date.getYear() < 1 || date.getYear() > 9999)) {
                throw InvalidFormatException.from(parser, "year outside 1-9999", null, LocalDate.class);
            }
            return date;
        }
    }

    /** Jackson's own string reading, refusing a NUL character as an invalid string at the field's place. */
    private static final class TextWithoutNul extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = super.deserialize(parser, context);
            if (text != null && text.indexOf('\u0000') >= 0) {
                throw InvalidFormatException.from(parser, "NUL character in a string", null, String.class);
            }
            return text;
        }
    }
}
