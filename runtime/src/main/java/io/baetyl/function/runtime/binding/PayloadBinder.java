package io.baetyl.function.runtime.binding;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Baetyl's payload rule for one declared input type: JSON when the payload parses as one JSON value,
 * raw bytes otherwise; and the reverse for results. One binder per function, so Jackson's caches
 * belong to the function's class loader.
 */
public final class PayloadBinder {

  private static final byte[] EMPTY = new byte[0];

  private final ObjectMapper mapper;
  private final Type inputType;
  private final Strategy strategy;
  private final JavaType javaType;

  /** How a payload becomes an argument, decided once from the declared type. */
  private enum Strategy { BYTES, TEXT, ANY, MAP, TYPED }

  public PayloadBinder(Type inputType) {
    this.mapper = JsonMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();
    this.inputType = inputType;
    this.javaType = mapper.constructType(inputType);
    this.strategy = strategyFor(javaType);
  }

  private static Strategy strategyFor(JavaType type) {
    Class<?> raw = type.getRawClass();
    if (raw == byte[].class) {
      return Strategy.BYTES;
    }
    if (raw == String.class || raw == CharSequence.class) {
      return Strategy.TEXT;
    }
    if (raw == Object.class) {
      return Strategy.ANY;
    }
    if (type.isMapLikeType() && raw.isAssignableFrom(LinkedHashMap.class)) {
      return Strategy.MAP;
    }
    return Strategy.TYPED;
  }

  public Type inputType() {
    return inputType;
  }

  /**
   * The argument for {@code payload}.
   *
   * @throws BindingException when the payload cannot become the declared type
   */
  public Object bind(byte[] payload) throws BindingException {
    switch (strategy) {
      case BYTES:
        return payload;
      case TEXT:
        return utf8(payload);
      case ANY:
        if (payload.length == 0) {
          return new LinkedHashMap<String, Object>();
        }
        try {
          return mapper.readValue(payload, Object.class);
        } catch (IOException notJson) {
          return payload;
        }
      case MAP:
      case TYPED:
      default:
        return typed(payload.length == 0 ? "{}".getBytes(StandardCharsets.US_ASCII) : payload);
    }
  }

  private Object typed(byte[] json) throws BindingException {
    try {
      return mapper.readValue(json, javaType);
    } catch (JsonProcessingException e) {
      throw new BindingException("the payload cannot be bound to " + inputType.getTypeName() + ": "
          + e.getOriginalMessage());
    } catch (IOException | RuntimeException e) {
      throw new BindingException("the payload cannot be bound to " + inputType.getTypeName() + ": " + e);
    }
  }

  private String utf8(byte[] payload) throws BindingException {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(payload))
          .toString();
    } catch (CharacterCodingException e) {
      throw new BindingException("the payload is not valid UTF-8 text for a java.lang.String parameter");
    }
  }

  /**
   * The reply payload for a handler's result: empty for {@code null}, a {@code byte[]} as is, JSON otherwise.
   *
   * @throws EncodingException when the result cannot be written as JSON
   */
  public byte[] encode(Object result) throws EncodingException {
    if (result == null) {
      return EMPTY;
    }
    if (result instanceof byte[] bytes) {
      return bytes;
    }
    try {
      return mapper.writeValueAsBytes(result);
    } catch (JsonProcessingException e) {
      throw new EncodingException(result.getClass().getName() + " cannot be written as JSON: "
          + e.getOriginalMessage(), e);
    } catch (RuntimeException | StackOverflowError e) {
      throw new EncodingException(result.getClass().getName() + " cannot be written as JSON: " + e, e);
    }
  }

  /** Parses a JSON reply (used by the test kit); {@code null} for an empty payload. */
  public static Object parseJson(byte[] payload) throws IOException {
    if (payload.length == 0) {
      return null;
    }
    return SHARED.readValue(payload, Object.class);
  }

  /** Parses a JSON object reply (used by the test kit). */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parseJsonObject(byte[] payload) throws IOException {
    return SHARED.readValue(payload, Map.class);
  }

  /** Writes any value as JSON (used by the test kit to build requests). */
  public static byte[] toJson(Object value) throws IOException {
    return SHARED.writeValueAsBytes(value);
  }

  private static final ObjectMapper SHARED = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
}
