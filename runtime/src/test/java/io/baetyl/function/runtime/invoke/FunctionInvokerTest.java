package io.baetyl.function.runtime.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.baetyl.function.runtime.loading.HandlerResolver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The shared call path (bind -> invoke -> encode), in process. */
class FunctionInvokerTest {

  private static final String H = "io.baetyl.function.runtime.fixtures.Handlers::";

  private static String call(String handler, byte[] payload) throws Exception {
    FunctionInvoker invoker = new FunctionInvoker(
        HandlerResolver.resolve("f", handler, FunctionInvokerTest.class.getClassLoader()));
    byte[] reply = invoker.call(CallRequest.of(1, "t/1", 1700000000L, "f", "id-1", payload, Duration.ofSeconds(5)));
    return new String(reply, StandardCharsets.UTF_8);
  }

  private static String call(String handler, String payload) throws Exception {
    return call(handler, payload.getBytes(StandardCharsets.UTF_8));
  }

  private static CallFailure failure(String handler, String payload) {
    return (CallFailure) org.assertj.core.api.Assertions.catchThrowable(() -> call(handler, payload));
  }

  private static final String J = "io.baetyl.function.runtime.fixtures.JacksonTyped::";

  @Test
  void jacksonTypesInTheSignatureAreRefusedAtResolutionWithTheFix() {
    assertThatThrownBy(() -> HandlerResolver.resolve("f", J + "returnsNode", FunctionInvokerTest.class.getClassLoader()))
        .hasMessageContaining("it returns com.fasterxml.jackson.databind.node.ObjectNode, a Jackson type")
        .hasMessageContaining("mapper.writeValueAsBytes(node)");
    assertThatThrownBy(() -> HandlerResolver.resolve("f", J + "takesNode", FunctionInvokerTest.class.getClassLoader()))
        .hasMessageContaining("it takes com.fasterxml.jackson.databind.JsonNode, a Jackson type");
  }

  @Test
  void aJacksonNodeReturnedAsObjectIsAUserCodeReturnErrorNotABeanDump() {
    CallFailure failure = failure(J + "nodeAsObject", "{}");
    assertThat(failure.description()).startsWith("[UserCodeReturn] com.fasterxml.jackson.databind.node.ObjectNode"
        + " is a Jackson type");
  }

  @Test
  void jacksonAnnotationsAreIgnoredHereAsInAnInstanceWhereTheyAreForeign() throws Exception {
    assertThat(call(J + "annotated", "{}")).isEqualTo("{\"name\":\"x\",\"secret\":\"s3cret\"}");
  }

  @Test
  void objectGetsJsonObjectAsMapWithIntegerLongBigIntegerAndDouble() throws Exception {
    assertThat(call(H + "describe", "{\"i\":1,\"l\":12345678901,\"b\":123456789012345678901234,\"d\":1.5}"))
        .isEqualTo("{\"type\":\"java.util.LinkedHashMap\",\"value\":"
            + "{\"i\":1,\"l\":12345678901,\"b\":123456789012345678901234,\"d\":1.5}}");
    assertThat(call(H + "describe", "[1,2]")).startsWith("{\"type\":\"java.util.ArrayList\"");
    assertThat(call(H + "describe", "7")).isEqualTo("{\"type\":\"java.lang.Integer\",\"value\":7}");
    assertThat(call(H + "describe", "12345678901")).contains("java.lang.Long");
    assertThat(call(H + "describe", "123456789012345678901234")).contains("java.math.BigInteger");
    assertThat(call(H + "describe", "2.5")).contains("java.lang.Double");
    assertThat(call(H + "describe", "\"s\"")).isEqualTo("{\"type\":\"java.lang.String\",\"value\":\"s\"}");
    assertThat(call(H + "describe", "true")).contains("java.lang.Boolean");
  }

  @Test
  void objectGetsBytesWhenNotJsonTrailingTextOrWhitespaceOnly() throws Exception {
    assertThat(call(H + "describe", "hello")).isEqualTo("{\"type\":\"[B\",\"value\":\"bytes:5\"}");
    assertThat(call(H + "describe", "{\"a\":1} x")).contains("[B");
    assertThat(call(H + "describe", "   ")).isEqualTo("{\"type\":\"[B\",\"value\":\"bytes:3\"}");
    assertThat(call(H + "describe", new byte[] {(byte) 0xff, (byte) 0xfe})).contains("bytes:2");
  }

  @Test
  void emptyPayloadIsEmptyMapForObjectAndEmptyForBytesAndString() throws Exception {
    assertThat(call(H + "describe", "")).isEqualTo("{\"type\":\"java.util.LinkedHashMap\",\"value\":{}}");
    assertThat(call(H + "bytes", "")).isEmpty();
    assertThat(call(H + "text", "")).isEqualTo("{\"length\":0,\"text\":\"\"}");
  }

  @Test
  void jsonNullIsNull() throws Exception {
    assertThat(call(H + "describe", "null")).isEqualTo("{\"type\":\"null\",\"value\":null}");
    assertThat(call(H + "greet", "null")).isEqualTo("\"nobody\"");
  }

  @Test
  void bytesAreRawAndStringIsUtf8Text() throws Exception {
    byte[] notUtf8 = {(byte) 0xc3, (byte) 0x28, 0, (byte) 0xff};
    FunctionInvoker invoker = new FunctionInvoker(HandlerResolver.resolve("f", H + "bytes", getClass().getClassLoader()));
    assertThat(invoker.call(CallRequest.of(0, "", 0, "f", "", notUtf8, null))).containsExactly(notUtf8);
    assertThat(call(H + "text", "{\"a\": \"é\"}")).isEqualTo("{\"length\":10,\"text\":\"{\\\"a\\\": \\\"é\\\"}\"}");
  }

  @Test
  void invalidUtf8ForStringIsInvalidArgument() {
    CallFailure failure = (CallFailure) org.assertj.core.api.Assertions.catchThrowable(
        () -> call(H + "text", new byte[] {(byte) 0xc3, (byte) 0x28}));
    assertThat(failure.code()).isEqualTo("INVALID_ARGUMENT");
    assertThat(failure.description()).contains("'f'").contains("UTF-8");
  }

  @Test
  void pojoAndGenericTypesBindFromJson() throws Exception {
    assertThat(call(H + "greet", "{\"name\":\"ann\",\"times\":2,\"extra\":true}")).isEqualTo("\"hi ann x2\"");
    assertThat(call(H + "count", "[1,2,3]")).isEqualTo("3");
  }

  @Test
  void unbindablePayloadIsInvalidArgumentNamingFunctionAndType() {
    CallFailure failure = failure(H + "greet", "not json");
    assertThat(failure.code()).isEqualTo("INVALID_ARGUMENT");
    assertThat(failure.description()).contains("function 'f'").contains("io.baetyl.function.runtime.fixtures.Greeting");
    assertThat(failure(H + "greet", "{\"times\":\"many\"}").code()).isEqualTo("INVALID_ARGUMENT");
    assertThat(failure(H + "count", "{\"a\":1}").description()).contains("java.util.List<java.lang.Integer>");
  }

  @Test
  void lossyNumbersAndNullForAPrimitiveAreInvalidArgumentNotSilentlyChanged() {
    assertThat(failure(H + "greet", "{\"times\":1.7}").description()).contains("io.baetyl.function.runtime.fixtures"
        + ".Greeting");
    assertThat(failure(H + "greet", "{\"times\":null}").code()).isEqualTo("INVALID_ARGUMENT");
    assertThat(failure(H + "count", "[1.5]").code()).isEqualTo("INVALID_ARGUMENT");
  }

  @Test
  void outputNullOrVoidIsEmptyStringIsJsonString() throws Exception {
    assertThat(call(H + "nothing", "{}")).isEmpty();
    assertThat(call(H + "echo", "null")).isEmpty();
    assertThat(call(H + "none", "x")).isEqualTo("\"none\"");
    assertThat(call(H + "utf8", "plain")).isEqualTo("\"plain\"");
  }

  @Test
  void contextIsReadOnlyMapWithExactlyTheBaetylKeys() throws Exception {
    assertThat(call(H + "context", "{}")).isEqualTo("{\"messageQOS\":1,\"messageTopic\":\"t/1\","
        + "\"messageTimestamp\":1700000000,\"functionName\":\"f\",\"functionInvokeID\":\"id-1\",\"invokeid\":\"id-1\"}");
    assertThat(call(H + "typedContext", "{\"a\":1}"))
        .isEqualTo("{\"a\":1,\"qos\":1,\"topic\":\"t/1\",\"remainingPositive\":true,\"tccl\":true}");
  }

  @Test
  void aQosAboveIntMaxIsTheUnsignedNumberInTheContextMap() throws Exception {
    FunctionInvoker invoker = new FunctionInvoker(
        HandlerResolver.resolve("f", H + "context", FunctionInvokerTest.class.getClassLoader()));
    byte[] reply = invoker.call(CallRequest.of(-1, "t", 0L, "f", "i", new byte[0], Duration.ofSeconds(5)));
    assertThat(new String(reply, StandardCharsets.UTF_8)).startsWith("{\"messageQOS\":4294967295,");
  }

  @Test
  void javaTimeAndOptionalErrorsSayWhatTheFunctionCanDoNotToAddAJacksonModule() {
    String t = "io.baetyl.function.runtime.fixtures.TimeTyped::";
    assertThat(failure(t + "elapsed", "{}").description()).isEqualTo("[UserCodeReturn] java.time.Duration cannot be"
        + " written as JSON: Java 8 date/time type `java.time.Duration` is not supported by the runtime's JSON,"
        + " which has no Jackson modules: use a String (such as its toString()) or a number in its place");
    assertThat(failure(t + "maybe", "{}").description()).endsWith("Java 8 optional type"
        + " `java.util.Optional` is not supported by the runtime's JSON, which has no Jackson modules: use the value"
        + " itself, or null for none");
    assertThat(failure(t + "when", "{\"at\":\"2026-01-01T00:00:00Z\"}").description())
        .contains("the payload cannot be bound to io.baetyl.function.runtime.fixtures.TimeTyped$Stamped:")
        .contains("`java.time.Instant` is not supported by the runtime's JSON")
        .contains("(at io.baetyl.function.runtime.fixtures.TimeTyped$Stamped[\"at\"])").doesNotContain("add Module");
  }

  @Test
  void aPayloadOfOnlyWhiteSpaceIsNotJsonSoObjectGetsItsBytes() throws Exception {
    assertThat(call(H + "describe", " \n\t ")).isEqualTo("{\"type\":\"[B\",\"value\":\"bytes:4\"}");
  }

  @Test
  void jacksonAdviceToReconfigureTheMapperIsReplacedByWhatTheFunctionCanDo() {
    assertThat(failure(H + "unencodable", "{}").description()).isEqualTo("[UserCodeReturn] java.lang.Object cannot"
        + " be written as JSON: No serializer found for class java.lang.Object and no properties discovered to create"
        + " BeanSerializer: give it public fields or getters, or return a Map");
    assertThat(failure(H + "greet", "{\"times\":null}").description()).endsWith("Cannot map `null` into type `int`:"
        + " declare it with a boxed type (Integer rather than int) to accept null");
    assertThat(failure(H + "greet", "{\"times\":" + "9".repeat(1500) + "}").description())
        .endsWith("Number value length (1500) exceeds the maximum allowed (1000)");
  }

  @Test
  void aThreadTheHandlerCannotStartIsItsFailureNotTheJvms() {
    assertThat(failure(H + "noThread", "{}").description())
        .startsWith("[UserCodeInvoke] java.lang.OutOfMemoryError: unable to create native thread");
  }

  @Test
  void contextCannotBeChanged() {
    assertThat(failure(H + "mutateContext", "{}").description())
        .isEqualTo("[UserCodeInvoke] java.lang.UnsupportedOperationException: the context is read-only: copy it"
            + " (new HashMap<>(context)) to change it");
  }

  @Test
  void userExceptionIsUnknownUserCodeInvoke() {
    CallFailure failure = failure(H + "fail", "{\"err\":\"boom\"}");
    assertThat(failure.code()).isEqualTo("UNKNOWN");
    assertThat(failure.description()).isEqualTo("[UserCodeInvoke] java.lang.IllegalStateException: boom");
  }

  @Test
  void unencodableResultIsUnknownUserCodeReturn() {
    CallFailure failure = failure(H + "unencodable", "{}");
    assertThat(failure.code()).isEqualTo("UNKNOWN");
    assertThat(failure.description()).startsWith("[UserCodeReturn] java.lang.Object cannot be written as JSON");
  }

  @Test
  void everyHandlerFormCalls() throws Exception {
    String fixtures = "io.baetyl.function.runtime.fixtures.";
    assertThat(call(fixtures + "SayHi", "{\"a\":1}")).startsWith("{\"a\":1,\"messageQOS\":1").endsWith(
        "\"Say\":\"Hello Baetyl\"}");
    assertThat(call(fixtures + "Upper", "abc")).isEqualTo("\"ABC\"");
    assertThat(call(fixtures + "Tagger", "{\"name\":\"ann\"}")).isEqualTo("{\"name\":\"ann\",\"function\":\"f\"}");
    assertThat(call(fixtures + "Handlers.none", "")).isEqualTo("\"none\"");
    FunctionInvoker counter = new FunctionInvoker(
        HandlerResolver.resolve("f", fixtures + "Counter::handle", getClass().getClassLoader()));
    CallRequest request = CallRequest.of(0, "", 0, "f", "", new byte[0], null);
    counter.call(request);
    assertThat(new String(counter.call(request), StandardCharsets.UTF_8)).isEqualTo("{\"calls\":2}");
  }

  @Test
  void callAfterFailureStillSucceeds() throws Exception {
    FunctionInvoker invoker = new FunctionInvoker(
        HandlerResolver.resolve("f", "io.baetyl.function.runtime.fixtures.SayHi", getClass().getClassLoader()));
    assertThatThrownBy(() -> invoker.call(CallRequest.of(0, "", 0, "f", "", "{\"err\":1}".getBytes(), null)))
        .isInstanceOf(CallFailure.class);
    assertThat(invoker.call(CallRequest.of(0, "", 0, "f", "", "{}".getBytes(), null))).isNotEmpty();
  }

  @Test
  void cyclicResultIsUserCodeReturnAndTheThreadSurvives() {
    CallFailure failure = failure("io.baetyl.function.runtime.fixtures.Unruly::cyclic", "{}");
    assertThat(failure.code()).isEqualTo("UNKNOWN");
    assertThat(failure.description()).startsWith("[UserCodeReturn] java.util.HashMap cannot be written as JSON");
  }
}
