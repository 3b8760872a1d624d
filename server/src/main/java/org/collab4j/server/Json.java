package org.collab4j.server;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * JSON in and out: one strict mapper (records in, records out, snake_case names), and the
 * translation of what the parser refuses into messages a person can act on that name the place
 * in the body, never a Java type.
 *
 * <p>Strict means: nothing after the value (not even a NUL), no duplicate keys, no unknown
 * fields, no string where a number belongs or the reverse (ids excepted, see {@link Id}), no
 * fractions where a whole number belongs, numbers of at most 40 digits, nesting at most 32 deep.
 */
final class Json {
    static final ObjectMapper MAPPER = mapper();

    private Json() {
    }

    private static ObjectMapper mapper() {
        JsonMapper m = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(32).maxNumberLength(40).maxStringLength((int) ServerConfig.MAX_BODY).build());
        m.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        for (LogicalType t : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean})
            m.coercionConfigFor(t).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        return m;
    }

    /** What a body is expected to hold, for messages: the whole value, and each field by name. */
    record Shape(String whole, Map<String, String> fields, String element) {
        /** "entry 3" for an array element at index 3, with {@link #element} = "entry" (not "rating 3", which reads as a rating of 3). */
        String where(List<JsonMappingException.Reference> path) {
            StringBuilder sb = new StringBuilder();
            for (JsonMappingException.Reference r : path) {
                if (r.getFieldName() != null) {
                    if (sb.length() > 0) sb.append(": ");
                    sb.append('"').append(r.getFieldName()).append('"');
                } else if (r.getIndex() >= 0) {
                    if (sb.length() == 0 && element != null) sb.append(element).append(' ').append(r.getIndex());
                    else sb.append('[').append(r.getIndex()).append(']');
                }
            }
            return sb.toString();
        }
    }

    /** Parses {@code body} strictly into {@code type}; any refusal is a 400 naming where and what was expected. */
    static <T> T read(byte[] body, Class<T> type, Shape shape) {
        if (body.length == 0) throw new ApiError(400, "the request body is empty; send JSON: " + shape.whole());
        try {
            return MAPPER.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw refusal(innermost(e), shape);
        } catch (IOException e) {
            throw new ApiError(400, "the request body could not be read");
        }
    }

    /** The parser's own exception when the binder wrapped it with the path where it happened. */
    private static JsonProcessingException innermost(JsonProcessingException e) {
        JsonProcessingException x = e;
        while (!(x instanceof MismatchedInputException) && x.getCause() instanceof JsonProcessingException c) x = c;
        return x;
    }

    private static ApiError refusal(JsonProcessingException x, Shape shape) {
        if (x instanceof UnrecognizedPropertyException e) {
            String where = shape.where(e.getPath().subList(0, Math.max(0, e.getPath().size() - 1)));
            return new ApiError(400, "unknown field " + Requests.clip(e.getPropertyName()) + (where.isEmpty() ? "" : " in " + where)
                    + "; " + shape.whole());
        }
        if (x instanceof StreamConstraintsException)
            return new ApiError(400, "the JSON is too deeply nested or has a number, string or name too long"
                    + " (at most 32 levels, 40 digits, " + ServerConfig.MAX_BODY + " characters)");
        if (x instanceof InputCoercionException) return new ApiError(400, "malformed JSON" + at(x) + ": a number is out of range");
        if (x instanceof StreamReadException) return new ApiError(400, "malformed JSON" + at(x) + ": " + syntax(x.getOriginalMessage()));
        if (x instanceof MismatchedInputException e) {
            if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token"))
                return new ApiError(400, "malformed JSON" + at(e) + ": something follows the JSON value; send exactly one value");
            return new ApiError(400, mismatch(shape, e));
        }
        return new ApiError(400, "the body is not valid JSON for this request" + at(x) + "; " + shape.whole());
    }

    private static String mismatch(Shape shape, MismatchedInputException e) {
        List<JsonMappingException.Reference> path = e.getPath();
        if (path.isEmpty()) return shape.whole();
        String where = shape.where(path);
        if (path.size() == 1 && path.get(0).getFieldName() == null && shape.element() != null)
            return where + " must be an object with " + String.join(", ", shape.fields().keySet());
        for (int k = path.size() - 1; k >= 0; k--) { // the innermost field named: "genres" for "genres"[2]
            String field = path.get(k).getFieldName();
            if (field == null) continue;
            String expected = shape.fields().get(field);
            if (expected != null) return where + " must be " + expected;
            break;
        }
        return where + " has the wrong type; " + shape.whole();
    }

    private static String at(JsonProcessingException e) {
        var loc = e.getLocation();
        return loc == null || loc.getLineNr() < 0 ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    /** The parser's own description of a syntax error, without the source excerpt or any Java name. */
    private static String syntax(String msg) {
        if (msg == null) return "unreadable";
        String s = msg.replaceAll("\\s+", " ").trim();
        int cut = s.indexOf(" at [Source");
        if (cut >= 0) s = s.substring(0, cut);
        if (s.contains("java.") || s.contains("jackson") || s.contains("Feature")) return "not valid JSON";
        return Requests.clip(s);
    }

    /** The JSON bytes of a reply record. */
    static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a reply could not be written as JSON", e);
        }
    }

    /**
     * An id given as a JSON string or a whole number ({@code "item": 50} is item "50"); anything
     * else (a fraction, true, an object) is refused.
     */
    static final class Id extends StdDeserializer<String> {
        Id() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_STRING) return p.getText();
            if (t == JsonToken.VALUE_NUMBER_INT) return p.getText();
            return (String) ctx.handleUnexpectedToken(String.class, p);
        }
    }
}
