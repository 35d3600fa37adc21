package io.baetyl.function.runtime.server;

import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import java.io.InputStream;

/**
 * A request as it came off the wire: the parsed message, or why its bytes are not one (then {@code message} is
 * null). Bytes that do not parse (cut short, a string field that is not UTF-8) are the caller's mistake, answered
 * with INVALID_ARGUMENT: left to gRPC they are an UNKNOWN "Application error processing RPC" and a stack trace.
 */
record Incoming<T extends Message>(T message, String malformed) {

  /** gRPC's own protobuf marshaller for {@code T}, except that a parse failure becomes a value. */
  static <T extends Message> MethodDescriptor.Marshaller<Incoming<T>> marshaller(T defaultInstance) {
    MethodDescriptor.Marshaller<T> protobuf = ProtoUtils.marshaller(defaultInstance);
    return new MethodDescriptor.Marshaller<>() {
      @Override
      public InputStream stream(Incoming<T> value) {
        return protobuf.stream(value.message());
      }

      @Override
      public Incoming<T> parse(InputStream stream) {
        try {
          return new Incoming<>(protobuf.parse(stream), null);
        } catch (StatusRuntimeException e) {
          Throwable cause = e.getCause() == null ? e : e.getCause();
          return new Incoming<>(null, String.valueOf(cause.getMessage()));
        }
      }
    };
  }

  /** The error for a malformed request that should have been a {@code typeName}. */
  Status invalid(String typeName) {
    return Status.INVALID_ARGUMENT.withDescription("the request is not a valid " + typeName + ": " + malformed);
  }
}
