package com.example;

import io.baetyl.function.api.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** Baetyl's sayhi sample, as the archetype generates it. */
public class SayHi {
  public Map<String, Object> handle(Map<String, Object> input, Context context) {
    if (input.containsKey("err")) {
      throw new IllegalStateException(String.valueOf(input.get("err")));
    }
    Map<String, Object> out = new LinkedHashMap<>(input);
    out.putAll(context);
    out.put("remainingMillisPositive", context.remainingTime().toMillis() > 0);
    out.put("Say", "Hello Baetyl");
    return out;
  }

  public static String upper(String text) {
    return text.toUpperCase(java.util.Locale.ROOT);
  }

  public static byte[] raw(byte[] payload) {
    return payload;
  }
}
