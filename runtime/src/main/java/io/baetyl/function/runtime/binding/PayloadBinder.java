package io.baetyl.function.runtime.binding;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Baetyl's payload rule for one declared input type: JSON when the payload parses as one JSON value,
 * raw bytes otherwise; and the reverse for results. One binder per function, so Jackson's caches
 * belong to the function's class loader. Plain values go through {@link PlainJson}; the databind
 * {@code ObjectMapper} is built on first need (a POJO, or a result that is not plain), which keeps it out
 * of a cold start for handlers of maps, lists and strings.
 */
public final class PayloadBinder {

  private static final byte[] EMPTY = new byte[0];

  /** Types of this package belong to a Jackson the runtime cannot use: the function's own. */
  public static final String JACKSON_PACKAGE = "com.fasterxml.jackson.";
  public static final String JACKSON_FIX = "take and return Map<String, Object>, List, String, a POJO or byte[]"
      + " (a JsonNode becomes bytes with mapper.writeValueAsBytes(node)); Jackson annotations on POJOs are"
      + " ignored for the same reason";

  private final Type inputType;
  private final Strategy strategy;
  /** Jackson's advice to reconfigure its mapper, which a function cannot do. */
  private static final Pattern MAPPER_ADVICE = Pattern.compile(" \\((?:to avoid exception, disable"
      + "|set DeserializationConfig)[^)]*\\)|, from `Stream(?:Read|Write)Constraints\\.\\w+\\(\\)`");

  private ObjectMapper mapper;
  private JavaType javaType;

  /** How a payload becomes an argument, decided once from the declared type. */
  private enum Strategy { BYTES, TEXT, ANY, PLAIN_MAP, TYPED }

  public PayloadBinder(Type inputType) {
    this.inputType = inputType;
    this.strategy = strategyFor(inputType);
  }

  private static Strategy strategyFor(Type type) {
    Class<?> raw = rawClass(type);
    if (raw == byte[].class) {
      return Strategy.BYTES;
    }
    if (raw == String.class || raw == CharSequence.class) {
      return Strategy.TEXT;
    }
    if (raw == Object.class) {
      return Strategy.ANY;
    }
    if (Map.class.isAssignableFrom(raw) && raw.isAssignableFrom(LinkedHashMap.class) && plainMapArguments(type)) {
      return Strategy.PLAIN_MAP;
    }
    return Strategy.TYPED;
  }

  private static Class<?> rawClass(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
      return c;
    }
    // generic arrays and type variables: databind binds them
    return Void.class;
  }

  /** {@code Map}, {@code Map<String, Object>}, {@code Map<?, ?>}: values as untyped JSON, keys as strings. */
  private static boolean plainMapArguments(Type type) {
    if (type instanceof Class<?>) {
      return true;
    }
    Type[] arguments = ((ParameterizedType) type).getActualTypeArguments();
    return arguments.length == 2 && isStringOrAny(arguments[0]) && isAny(arguments[1]);
  }

  private static boolean isStringOrAny(Type type) {
    return type == String.class || isAny(type);
  }

  private static boolean isAny(Type type) {
    if (type == Object.class) {
      return true;
    }
    return type instanceof WildcardType w && w.getLowerBounds().length == 0
        && (w.getUpperBounds().length == 0 || w.getUpperBounds()[0] == Object.class);
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
      case ANY: {
        if (payload.length == 0) {
          return new LinkedHashMap<String, Object>();
        }
        Object value = PlainJson.read(payload);
        return value == PlainJson.notJson() ? payload : value;
      }
      case PLAIN_MAP: {
        if (payload.length == 0) {
          return new LinkedHashMap<String, Object>();
        }
        Object value = PlainJson.read(payload);
        // anything but a JSON object (null, an array, not JSON) is databind's to accept or to explain
        return value instanceof Map<?, ?> ? value : typed(payload);
      }
      case TYPED:
      default:
        return typed(payload.length == 0 ? "{}".getBytes(StandardCharsets.US_ASCII) : payload);
    }
  }

  private Object typed(byte[] json) throws BindingException {
    ObjectMapper objectMapper = mapper();
    try {
      return objectMapper.readValue(json, javaType);
    } catch (JsonProcessingException e) {
      throw new BindingException("the payload cannot be bound to " + inputType.getTypeName() + ": "
          + jacksonMessage(e));
    } catch (IOException | RuntimeException e) {
      throw new BindingException("the payload cannot be bound to " + inputType.getTypeName() + ": " + e);
    }
  }

  /**
   * Jackson's own words, without its advice to change the mapper (add a module, disable a feature, raise a
   * constraint): the mapper is the runtime's, not the function's, so the advice says what the function can do.
   */
  private static String jacksonMessage(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    if (message == null) {
      return e.getClass().getName();
    }
    int unsupported = message.indexOf(" not supported by default");
    if (e instanceof InvalidDefinitionException && unsupported >= 0) {
      String where = e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
          ? " (at " + mapping.getPathReference() + ")" : "";
      String fix = message.contains("optional type") ? "use the value itself, or null for none"
          : "use a String (such as its toString()) or a number in its place";
      return message.substring(0, unsupported) + " is not supported by the runtime's JSON, which has no Jackson"
          + " modules" + where + ": " + fix;
    }
    String plain = MAPPER_ADVICE.matcher(message).replaceAll("");
    if (plain.startsWith("No serializer found for class")) {
      return plain + ": give it public fields or getters, or return a Map";
    }
    if (plain.startsWith("Cannot map `null` into type")) {
      return plain + ": declare it with a boxed type (Integer rather than int) to accept null";
    }
    return plain;
  }

  private synchronized ObjectMapper mapper() {
    if (mapper == null) {
      mapper = JsonMapper.builder()
          // the function's Jackson annotations are foreign classes in an instance (its own class loader), so they
          // are ignored there; ignoring them always makes the test kit (one class path) give the same JSON
          .disable(MapperFeature.USE_ANNOTATIONS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          // no silent loss: 1.7 into an int, or null into a primitive, is a caller's mistake to report
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();
      javaType = mapper.constructType(inputType);
    }
    return mapper;
  }

  private String utf8(byte[] payload) throws BindingException {
    // one copy for valid text; only a replacement character (rare in real text) needs the strict check, whose
    // char buffer would take twice the payload's size in a small heap
    String text = new String(payload, StandardCharsets.UTF_8);
    if (text.indexOf('\uFFFD') < 0) {
      return text;
    }
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
    byte[] plain = PlainJson.write(result);
    if (plain != null) {
      return plain;
    }
    if (result.getClass().getName().startsWith(JACKSON_PACKAGE)) {
      throw new EncodingException(result.getClass().getName() + " is a Jackson type, but the runtime writes JSON"
          + " with its own Jackson, which cannot use the function's: " + JACKSON_FIX, null);
    }
    try {
      return mapper().writeValueAsBytes(result);
    } catch (JsonProcessingException e) {
      throw new EncodingException(result.getClass().getName() + " cannot be written as JSON: "
          + jacksonMessage(e), e);
    } catch (RuntimeException | StackOverflowError e) {
      throw new EncodingException(result.getClass().getName() + " cannot be written as JSON: " + e, e);
    }
  }

  /** Parses a JSON reply (used by the test kit); {@code null} for an empty payload. */
  public static Object parseJson(byte[] payload) throws IOException {
    if (payload.length == 0) {
      return null;
    }
    return Shared.MAPPER.readValue(payload, Object.class);
  }

  /** Parses a JSON object reply (used by the test kit). */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parseJsonObject(byte[] payload) throws IOException {
    return Shared.MAPPER.readValue(payload, Map.class);
  }

  /** Writes any value as JSON (used by the test kit to build requests). */
  public static byte[] toJson(Object value) throws IOException {
    try {
      return Shared.MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IOException(jacksonMessage(e), e);
    }
  }

  /** The test kit's mapper, built on first use only: the runtime never needs it. */
  private static final class Shared {
    static final ObjectMapper MAPPER = JsonMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
  }
}
