package com.example;

import io.baetyl.function.api.Context;
import io.baetyl.function.api.Handler;
import java.util.HashMap;
import java.util.Map;

public class SayHi implements Handler<Map<String, Object>, Map<String, Object>> {

  @Override
  public Map<String, Object> handle(Map<String, Object> input, Context context) {
    Map<String, Object> output = new HashMap<>(input);
    output.put("Say", "Hello Baetyl");
    return output;
  }
}
