package ${package};

import io.baetyl.function.api.Context;
import io.baetyl.function.api.Handler;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Baetyl's {@code sayhi} sample in Java: replies with the input, the message's context and a greeting.
 *
 * <p>The runtime binds the payload to {@code Object} as Baetyl's Python runtime does: a JSON object
 * arrives as a {@code Map}, a payload that is not JSON as the raw {@code byte[]}. The returned map is
 * sent back as JSON. One instance serves every call, so the handler keeps no state.
 */
public class SayHi implements Handler<Object, Map<String, Object>> {

  private static final List<String> CONTEXT_KEYS = List.of(
      Context.MESSAGE_QOS,
      Context.MESSAGE_TOPIC,
      Context.MESSAGE_TIMESTAMP,
      Context.FUNCTION_NAME,
      Context.FUNCTION_INVOKE_ID,
      Context.INVOKE_ID);

  @Override
  public Map<String, Object> handle(Object input, Context context) {
    Map<String, Object> reply = new LinkedHashMap<>();
    if (input instanceof Map<?, ?> message) {
      if (message.containsKey("err")) {
        // an error reply: the function manager discards this instance and retries on a fresh one
        throw new IllegalStateException(String.valueOf(message.get("err")));
      }
      message.forEach((key, value) -> reply.put(String.valueOf(key), value));
    } else if (input instanceof byte[] bytes) {
      reply.put("bytes", new String(bytes, StandardCharsets.UTF_8));
    }
    for (String key : CONTEXT_KEYS) {
      if (context.containsKey(key)) {
        reply.put(key, context.get(key));
      }
    }
    reply.put("Say", "Hello Baetyl");
    return reply;
  }
}
