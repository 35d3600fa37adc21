package io.baetyl.function.runtime.binding;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON for plain values (maps, lists, strings, numbers, booleans, null) with jackson-core alone, giving
 * exactly what jackson-databind gives for them. It spares the start-up of an {@code ObjectMapper} (the
 * largest part of a cold start's first call) for the common handler that takes and returns plain values.
 */
final class PlainJson {

  /** Deeper values go to databind, which also reports cycles (a map holding itself). */
  private static final int MAX_DEPTH = 64;

  static final JsonFactory FACTORY = new JsonFactory();

  private static final Object NOT_JSON = new Object();

  private PlainJson() {}

  /**
   * The single JSON value of {@code payload} as databind reads it into {@code Object} ({@code LinkedHashMap},
   * {@code ArrayList}, {@code String}, {@code Integer}/{@code Long}/{@code BigInteger}, {@code Double},
   * {@code Boolean}, {@code null}), or {@link #notJson()} when it is not exactly one JSON value.
   */
  static Object read(byte[] payload) {
    try (JsonParser parser = FACTORY.createParser(payload)) {
      JsonToken token = parser.nextToken();
      if (token == null) {
        return NOT_JSON;
      }
      Object value = value(parser, token);
      return parser.nextToken() == null ? value : NOT_JSON;
    } catch (IOException notJson) {
      return NOT_JSON;
    }
  }

  static Object notJson() {
    return NOT_JSON;
  }

  private static Object value(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT: {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
          map.put(name, value(parser, parser.nextToken()));
        }
        return map;
      }
      case START_ARRAY: {
        List<Object> list = new ArrayList<>();
        for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
          list.add(value(parser, next));
        }
        return list;
      }
      case VALUE_STRING:
        return parser.getText();
      case VALUE_NUMBER_INT:
        return parser.getNumberValue();
      case VALUE_NUMBER_FLOAT:
        return parser.getDoubleValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new IOException("unexpected " + token);
    }
  }

  /** The JSON of {@code value}, or {@code null} when it is not plain (databind must write it). */
  static byte[] write(Object value) {
    if (!isPlain(value, 0)) {
      return null;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator generator = FACTORY.createGenerator(out)) {
      write(generator, value);
    } catch (IOException e) {
      return null;
    }
    return out.toByteArray();
  }

  private static boolean isPlain(Object value, int depth) {
    if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
        || value instanceof Long || value instanceof Double || value instanceof BigInteger
        || value instanceof BigDecimal) {
      return true;
    }
    if (depth >= MAX_DEPTH || !value.getClass().getName().startsWith("java.util.")) {
      return false;
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!(entry.getKey() instanceof String) || !isPlain(entry.getValue(), depth + 1)) {
          return false;
        }
      }
      return true;
    }
    if (value instanceof List<?> list) {
      for (Object element : list) {
        if (!isPlain(element, depth + 1)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  private static void write(JsonGenerator generator, Object value) throws IOException {
    if (value == null) {
      generator.writeNull();
    } else if (value instanceof String text) {
      generator.writeString(text);
    } else if (value instanceof Boolean bool) {
      generator.writeBoolean(bool);
    } else if (value instanceof Integer number) {
      generator.writeNumber(number);
    } else if (value instanceof Long number) {
      generator.writeNumber(number);
    } else if (value instanceof Double number) {
      generator.writeNumber(number);
    } else if (value instanceof BigInteger number) {
      generator.writeNumber(number);
    } else if (value instanceof BigDecimal number) {
      generator.writeNumber(number);
    } else if (value instanceof Map<?, ?> map) {
      generator.writeStartObject();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        generator.writeFieldName((String) entry.getKey());
        write(generator, entry.getValue());
      }
      generator.writeEndObject();
    } else {
      generator.writeStartArray();
      for (Object element : (List<?>) value) {
        write(generator, element);
      }
      generator.writeEndArray();
    }
  }
}
