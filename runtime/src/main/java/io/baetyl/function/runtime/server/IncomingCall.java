package io.baetyl.function.runtime.server;

import io.baetyl.function.runtime.proto.FunctionMessage;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import java.io.InputStream;

/**
 * A {@code Call} request as it came off the wire: the parsed message, or why its bytes are not a
 * {@code baetyl.FunctionMessage} (then {@code message} is null).
 */
record IncomingCall(FunctionMessage message, String malformed) {

  /**
   * gRPC's own protobuf marshaller, except that bytes which are not a message (cut short, or a string field
   * that is not UTF-8) become a value the service answers with INVALID_ARGUMENT: left to gRPC they are an
   * UNKNOWN "Application error processing RPC" and a stack trace in the log.
   */
  static final class Marshaller implements MethodDescriptor.Marshaller<IncomingCall> {
    private static final MethodDescriptor.Marshaller<FunctionMessage> PROTOBUF =
        ProtoUtils.marshaller(FunctionMessage.getDefaultInstance());

    @Override
    public InputStream stream(IncomingCall value) {
      return PROTOBUF.stream(value.message());
    }

    @Override
    public IncomingCall parse(InputStream stream) {
      try {
        return new IncomingCall(PROTOBUF.parse(stream), null);
      } catch (StatusRuntimeException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        return new IncomingCall(null, String.valueOf(cause.getMessage()));
      }
    }
  }
}
