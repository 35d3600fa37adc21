package io.baetyl.function.runtime.binding;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The jackson-core fast path reads and writes plain values exactly as the databind mapper it replaces. */
class PlainJsonTest {

  private static final ObjectMapper DATABIND = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  @ParameterizedTest
  @ValueSource(strings = {"{\"a\":1,\"b\":[1,2.5,\"x\",null,true,false],\"c\":{}}", "[]", "{}", "7", "-0",
      "2147483648", "9223372036854775808", "1e400", "-1.5e-3", "\"\\u00e9\\ud83d\\ude00\"", "null", "true",
      "{\"a\":1,\"a\":2}", "[[[[1]]]]", "  {\"spaced\" : [ 1 , 2 ] }  ", "{\"a\":1} x", "{\"a\":", "hello", "   ",
      "[1,]", "{'a':1}", "NaN", "01", "\"unterminated"})
  void readsWhatDatabindReadsIntoObject(String json) {
    byte[] payload = json.getBytes(StandardCharsets.UTF_8);
    Object expected;
    try {
      expected = DATABIND.readValue(payload, Object.class);
    } catch (IOException notJson) {
      expected = PlainJson.notJson();
    }
    Object actual = PlainJson.read(payload);
    assertThat(actual).isEqualTo(expected);
    assertThat(describeTypes(actual)).isEqualTo(describeTypes(expected));
  }

  @Test
  void theSizeMeasuredUpFrontIsTheJsonsExactLengthSoLargeRepliesAreNotCopied() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("plain", "hello");
    value.put("escapes", "q\" b\\ n\n t\t ctl\u0001 del\u007f /");
    value.put("unicode", "\u00e9\u4e2d\ud83d\ude00");
    value.put("numbers", List.of(0, -12, 12345678901L, 1.5, -0.0, 1e300, new BigInteger("123456789012345678901"),
        new BigDecimal("1.50")));
    value.put("nested", Arrays.asList(Map.of(), List.of(), true, false, null, Map.of("k\"", List.of("v"))));
    for (Object sample : List.of(value, "", "x", List.of(), 7)) {
      assertThat(PlainJson.plainSize(sample, 0)).as("%s", sample).isEqualTo(PlainJson.write(sample).length);
    }
  }

  @Test
  void readsUtf16WithByteOrderMarkLikeDatabind() throws Exception {
    byte[] payload = "\uFEFF{\"a\":[1]}".getBytes(StandardCharsets.UTF_16BE);
    assertThat(PlainJson.read(payload)).isEqualTo(DATABIND.readValue(payload, Object.class));
  }

  @Test
  void writesPlainValuesByteForByteLikeDatabind() throws Exception {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("s", "tab\t \"quote\" é \u2028 </script>");
    map.put("n", null);
    map.put("i", 1);
    map.put("l", 12345678901L);
    map.put("d", 1.0);
    map.put("nan", Double.NaN);
    map.put("inf", Double.NEGATIVE_INFINITY);
    map.put("big", new BigInteger("123456789012345678901234567890"));
    map.put("dec", new BigDecimal("1.50E+3"));
    map.put("list", new ArrayList<>(Arrays.asList(1, "x", null, List.of(true, false), Map.of("k", "v"))));
    map.put("hash", new HashMap<>(Map.of("x", 1)));
    map.put("tree", new TreeMap<>(Map.of("b", 2, "a", 1)));
    for (Object value : List.of(map, "text", 42, 4.2, true, List.of(), Map.of(), Arrays.asList(1, 2))) {
      assertThat(new String(PlainJson.write(value), StandardCharsets.UTF_8))
          .isEqualTo(new String(DATABIND.writeValueAsBytes(value), StandardCharsets.UTF_8));
    }
  }

  @Test
  void writesSurrogatePairsAsTheSameTextAsDatabind() throws Exception {
    // databind writes a pair as \\uD83D\\uDE00 or as raw UTF-8 depending on earlier use of its buffers:
    // compare the text that arrives, not the bytes
    Map<String, Object> value = Map.of("emoji", "a \ud83d\ude00 b");
    assertThat(DATABIND.readValue(PlainJson.write(value), Object.class))
        .isEqualTo(DATABIND.readValue(DATABIND.writeValueAsBytes(value), Object.class)).isEqualTo(value);
  }

  @Test
  void leavesAnythingElseToDatabind() {
    Map<Object, Object> intKeys = new HashMap<>(Map.of(1, "one"));
    Map<String, Object> cyclic = new HashMap<>();
    cyclic.put("self", cyclic);
    for (Object value : List.of(intKeys, cyclic, new Object(), new byte[][] {{1}}, List.of(new StringBuilder("x")),
        1.5f, (short) 1, 'c', new int[] {1})) {
      assertThat(PlainJson.write(value)).as(String.valueOf(value.getClass())).isNull();
    }
  }

  private static String describeTypes(Object value) {
    if (value instanceof Map<?, ?> map) {
      StringBuilder out = new StringBuilder(value.getClass().getName()).append('{');
      map.forEach((k, v) -> out.append(k).append('=').append(describeTypes(v)).append(','));
      return out.append('}').toString();
    }
    if (value instanceof List<?> list) {
      StringBuilder out = new StringBuilder(value.getClass().getName()).append('[');
      list.forEach(v -> out.append(describeTypes(v)).append(','));
      return out.append(']').toString();
    }
    return value == null ? "null" : value.getClass().getName();
  }
}
