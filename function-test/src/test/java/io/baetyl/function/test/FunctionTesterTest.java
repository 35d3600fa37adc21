package io.baetyl.function.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionTesterTest {

  private final FunctionTester tester = FunctionTester.forHandler("com.example.SayHi::handle")
      .withFunctionName("sayhi").withTopic("t").withQos(1).withTimestamp(1700000000L).withInvokeId("uuid")
      .withTimeout(Duration.ofSeconds(5));

  @Test
  void callRunsTheHandlerWithTheContextKeys() {
    FunctionReply reply = tester.call("{\"a\":1}");
    assertThat(reply.payloadAsMap()).containsEntry("a", 1).containsEntry("Say", "Hello Baetyl")
        .containsEntry("messageQOS", 1).containsEntry("messageTopic", "t")
        .containsEntry("messageTimestamp", 1700000000).containsEntry("functionName", "sayhi")
        .containsEntry("functionInvokeID", "uuid").containsEntry("invokeid", "uuid")
        .containsEntry("remainingMillisPositive", true);
  }

  @Test
  void callJsonEncodesTheValue() {
    assertThat(tester.callJson(Map.of("b", List.of(1, 2))).payloadAsJson()).isInstanceOf(Map.class)
        .isEqualTo(Map.of("b", List.of(1, 2), "Say", "Hello Baetyl", "messageQOS", 1, "messageTopic", "t",
            "messageTimestamp", 1700000000, "functionName", "sayhi", "functionInvokeID", "uuid", "invokeid", "uuid",
            "remainingMillisPositive", true));
  }

  @Test
  void userExceptionIsReportedAsTheServerWould() {
    FunctionCallException e = assertThrows(FunctionCallException.class, () -> tester.call("{\"err\":\"boom\"}"));
    assertThat(e.status()).isEqualTo("UNKNOWN");
    assertThat(e.description()).isEqualTo("[UserCodeInvoke] java.lang.IllegalStateException: boom");
  }

  @Test
  void bindingRulesAreTheRuntimes() {
    FunctionTester upper = FunctionTester.forHandler("com.example.SayHi.upper");
    assertThat(upper.call("abc").payloadAsString()).isEqualTo("\"ABC\"");
    assertThat(upper.call("abc").payloadAsJson()).isEqualTo("ABC");
    FunctionCallException notUtf8 = assertThrows(FunctionCallException.class,
        () -> upper.call(new byte[] {(byte) 0xc3, (byte) 0x28}));
    assertThat(notUtf8.status()).isEqualTo("INVALID_ARGUMENT");
    byte[] raw = {1, 2, (byte) 0xff};
    assertThat(FunctionTester.forHandler("com.example.SayHi::raw").call(raw).payload()).containsExactly(raw);
    assertThat(tester.call("").payloadAsMap()).containsEntry("Say", "Hello Baetyl");
  }

  @Test
  void bindingErrorsNameTheFunctionAsCalled() {
    FunctionCallException e = assertThrows(FunctionCallException.class,
        () -> FunctionTester.forHandler("com.example.SayHi.upper").withFunctionName("shout")
            .call(new byte[] {(byte) 0xc3}));
    assertThat(e.description()).startsWith("function 'shout': ");
  }

  @Test
  void theDefaultFunctionNameIsTheClassNameInEveryForm() {
    for (String handler : new String[] {"com.example.SayHi::upper", "com.example.SayHi.upper"}) {
      FunctionCallException e = assertThrows(FunctionCallException.class,
          () -> FunctionTester.forHandler(handler).call(new byte[] {(byte) 0xc3}));
      assertThat(e.description()).as(handler).startsWith("function 'sayhi': ");
    }
  }

  @Test
  void aCallPastItsDeadlineIsInterruptedAndDeadlineExceeded() {
    FunctionTester slow = FunctionTester.forHandler("com.example.Slow::sleep").withTimeout(Duration.ofMillis(100));
    long start = System.nanoTime();
    FunctionCallException e = assertThrows(FunctionCallException.class, () -> slow.call("20000"));
    assertThat(e.status()).isEqualTo("DEADLINE_EXCEEDED");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("interrupted, not slept out")
        .isLessThan(Duration.ofSeconds(10));
    assertThat(Thread.currentThread().isInterrupted()).as("the test's thread keeps no interrupt").isFalse();
    assertThat(slow.call("0").payloadAsJson()).isEqualTo("done");
  }

  @Test
  void requestsAndRepliesOverTheMessageLimitAreResourceExhausted() {
    FunctionTester big = FunctionTester.forHandler("com.example.Slow::big").withFunctionName("big");
    assertThat(big.call("4000000").payload()).hasSize(4_000_000);
    FunctionCallException reply = assertThrows(FunctionCallException.class, () -> big.call("4194304"));
    assertThat(reply.status()).isEqualTo("RESOURCE_EXHAUSTED");
    assertThat(reply.description()).startsWith("function 'big' replied 41943").endsWith(
        " bytes, more than server.message.length.max (4194304)");
    FunctionCallException request = assertThrows(FunctionCallException.class,
        () -> big.withMessageLengthMax(10).call("12345678901"));
    assertThat(request.status()).isEqualTo("RESOURCE_EXHAUSTED");
    assertThat(request.description()).startsWith("the request is ");
  }

  @Test
  void callJsonOfAValueTheRuntimesJsonCannotWriteSaysWhatToDo() {
    assertThatThrownBy(() -> tester.callJson(java.time.Instant.EPOCH)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not supported by the runtime's JSON").hasMessageNotContaining("add Module");
  }

  @Test
  void withersReturnNewTesters() {
    FunctionTester other = tester.withTopic("other");
    assertThat(other).isNotSameAs(tester);
    assertThat(tester.call("{}").payloadAsMap()).containsEntry("messageTopic", "t");
    assertThat(other.call("{}").payloadAsMap()).containsEntry("messageTopic", "other");
  }

  @Test
  void badHandlerIsIllegalArgumentWithTheResolversMessage() {
    assertThatThrownBy(() -> FunctionTester.forHandler("com.example.SayHi::nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("function 'sayhi' handler 'com.example.SayHi::nope': class com.example.SayHi has no method "
            + "named nope; check the method name after the class name.");
  }

  @Test
  void grpcAndNettyStayOffTheTestClasspath() {
    assertThatThrownBy(() -> Class.forName("io.grpc.Server")).isInstanceOf(ClassNotFoundException.class);
    assertThatThrownBy(() -> Class.forName("io.grpc.netty.shaded.io.netty.channel.EventLoopGroup"))
        .isInstanceOf(ClassNotFoundException.class);
  }
}
