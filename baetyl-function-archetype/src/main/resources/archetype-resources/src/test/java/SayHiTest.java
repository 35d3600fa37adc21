package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.baetyl.function.test.FunctionCallException;
import io.baetyl.function.test.FunctionReply;
import io.baetyl.function.test.FunctionTester;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs {@link SayHi} through the runtime's own binding and encoding code, as Baetyl would call it. */
class SayHiTest {

  private final FunctionTester tester = FunctionTester.forHandler("${package}.SayHi::handle")
      .withFunctionName("${functionName}")
      .withTopic("t")
      .withQos(1)
      .withTimestamp(1700000000L)
      .withInvokeId("c0ffee00-0000-4000-8000-000000000001");

  @Test
  void jsonObjectIsMergedWithTheContextAndTheGreeting() {
    FunctionReply reply = tester.call("{\"a\":1}");

    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("a", 1);
    expected.put("messageQOS", 1);
    expected.put("messageTopic", "t");
    expected.put("messageTimestamp", 1700000000);
    expected.put("functionName", "${functionName}");
    expected.put("functionInvokeID", "c0ffee00-0000-4000-8000-000000000001");
    expected.put("invokeid", "c0ffee00-0000-4000-8000-000000000001");
    expected.put("Say", "Hello Baetyl");
    assertEquals(expected, reply.payloadAsMap());
  }

  @Test
  void payloadThatIsNotJsonIsRepliedAsText() {
    FunctionReply reply = tester.call("hello, edge".getBytes(StandardCharsets.UTF_8));

    Map<String, Object> payload = reply.payloadAsMap();
    assertEquals("hello, edge", payload.get("bytes"));
    assertEquals("Hello Baetyl", payload.get("Say"));
  }

  @Test
  void inputWithAnErrKeyFailsTheCall() {
    FunctionCallException failure =
        assertThrows(FunctionCallException.class, () -> tester.call("{\"err\":\"boom\"}"));

    assertEquals("UNKNOWN", failure.status());
    assertEquals("[UserCodeInvoke] java.lang.IllegalStateException: boom", failure.description());
  }
}
