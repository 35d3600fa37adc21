package io.baetyl.function.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.baetyl.function.runtime.proto.FunctionMessage;
import org.junit.jupiter.api.Test;

class PayloadsTest {

  @Test
  void aParsedRequestsPayloadIsHandedOverWithoutACopy() throws Exception {
    byte[] wire = FunctionMessage.newBuilder().setPayload(ByteString.copyFromUtf8("{\"a\":1}")).build().toByteArray();
    ByteString payload = FunctionMessage.parseFrom(wire).getPayload();
    byte[] first = Payloads.bytes(payload);
    assertThat(first).asString().isEqualTo("{\"a\":1}");
    assertThat(Payloads.bytes(payload)).isSameAs(first);
  }

  @Test
  void aSliceOfALargerArrayIsCopied() {
    byte[] whole = "xxpayloadxx".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    ByteString slice = UnsafeByteOperations.unsafeWrap(whole, 2, 7);
    assertThat(Payloads.bytes(slice)).asString().isEqualTo("payload");
    assertThat(Payloads.bytes(slice)).isNotSameAs(whole);
  }

  @Test
  void anEmptyPayloadIsEmpty() {
    assertThat(Payloads.bytes(ByteString.EMPTY)).isEmpty();
  }
}
