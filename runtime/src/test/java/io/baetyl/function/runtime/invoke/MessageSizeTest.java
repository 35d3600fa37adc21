package io.baetyl.function.runtime.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.baetyl.function.runtime.proto.FunctionMessage;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The protobuf-free size the test kit uses is the one protobuf itself computes for the server. */
class MessageSizeTest {

  @Test
  void sizeWithoutProtobufIsProtobufsOwn() {
    String[] texts = {"", "t", "a/b/ü", "日本", "\uD83D\uDE00", "lone \uD800 surrogate", "x".repeat(300)};
    long[] ids = {0, 1, 300, -2};
    int[] qoss = {0, 1, -1};
    long[] timestamps = {0, 1700000000L, -1234567L, Long.MIN_VALUE};
    int[] payloads = {0, 1, 127, 128, 20000};
    for (String text : texts) {
      for (int i = 0; i < ids.length; i++) {
        CallRequest request = CallRequest.of(qoss[i % qoss.length], text, timestamps[i], "fn-" + text,
            text + "-id", new byte[0], Duration.ofSeconds(1));
        int payload = payloads[i % payloads.length];
        FunctionMessage reply = FunctionMessage.newBuilder().setID(ids[i]).setQOS(request.qos())
            .setTopic(request.topic()).setTimestamp(request.timestamp()).setFunctionName(request.functionName())
            .setFunctionInvokeID(request.invokeId()).setPayload(ByteString.copyFrom(new byte[payload])).build();
        assertThat(MessageSize.of(ids[i], request, payload)).as("%s / %d", text, ids[i])
            .isEqualTo(reply.getSerializedSize());
      }
    }
  }

  @Test
  void tooLargeNamesTheFunctionTheSizeAndTheKey() {
    assertThat(MessageSize.tooLarge("f", 10, 10)).isNull();
    assertThat(MessageSize.tooLarge("f", 11, 10))
        .isEqualTo("function 'f' replied 11 bytes, more than server.message.length.max (10)");
    assertThat(MessageSize.requestTooLarge(10, 10)).isNull();
    assertThat(MessageSize.requestTooLarge(11, 10))
        .isEqualTo("the request is 11 bytes, more than server.message.length.max (10)");
  }
}
