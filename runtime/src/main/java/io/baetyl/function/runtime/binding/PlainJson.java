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
import java.util.Arrays;
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
    long size = plainSize(value, 0);
    if (size < 0 || size > Integer.MAX_VALUE - 16) {
      return null;
    }
    // sized to the exact JSON (escapes and UTF-8 counted), so a multi-MiB reply is written into one array that
    // is returned as is: no doubling growth and no final copy in the 20 MiB heap
    SizedOutput out = new SizedOutput((int) size);
    try (JsonGenerator generator = FACTORY.createGenerator(out)) {
      write(generator, value);
    } catch (IOException e) {
      return null;
    }
    return out.bytes();
  }

  /** The length of {@code value}'s JSON, or -1 when it is not plain; numbers are measured by their text. */
  static long plainSize(Object value, int depth) {
    if (value == null) {
      return 4;
    }
    if (value instanceof String text) {
      return jsonStringSize(text);
    }
    if (value instanceof Boolean bool) {
      return bool ? 4 : 5;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Double
        || value instanceof BigInteger || value instanceof BigDecimal) {
      return value.toString().length();
    }
    if (depth >= MAX_DEPTH || !value.getClass().getName().startsWith("java.util.")) {
      return -1;
    }
    if (value instanceof Map<?, ?> map) {
      long size = 2 + Math.max(0, map.size() - 1);
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        long element = plainSize(entry.getValue(), depth + 1);
        if (!(entry.getKey() instanceof String key) || element < 0) {
          return -1;
        }
        size += jsonStringSize(key) + 1 + element;
      }
      return size;
    }
    if (value instanceof List<?> list) {
      long size = 2 + Math.max(0, list.size() - 1);
      for (Object item : list) {
        long element = plainSize(item, depth + 1);
        if (element < 0) {
          return -1;
        }
        size += element;
      }
      return size;
    }
    return -1;
  }

  /** Quotes, escapes as jackson-core writes them, and UTF-8 bytes. */
  private static long jsonStringSize(String text) {
    long size = 2;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x80) {
        size += c == '"' || c == '\\' ? 2 : 1;
      } else if (c < 0x20) {
        size += c == '\b' || c == '\t' || c == '\n' || c == '\f' || c == '\r' ? 2 : 6;
      } else if (c < 0x800) {
        size += 2;
      } else if (Character.isSurrogate(c)) {
        // jackson-core 2 writes each half of a pair as a six-character escape, not as one 4-byte sequence
        size += 6;
      } else {
        size += 3;
      }
    }
    return size;
  }

  /** An output that hands over its array when the size it was given up front was exact. */
  private static final class SizedOutput extends ByteArrayOutputStream {
    SizedOutput(int size) {
      super(size);
    }

    byte[] bytes() {
      return count == buf.length ? buf : Arrays.copyOf(buf, count);
    }
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
