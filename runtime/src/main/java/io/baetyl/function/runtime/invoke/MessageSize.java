package io.baetyl.function.runtime.invoke;

/**
 * The size of a {@code baetyl.FunctionMessage} (a request, or the reply that echoes it) on the wire, worked out
 * without protobuf (the test kit keeps protobuf off users' class paths), and the checks against
 * {@code server.message.length.max} that the server and the test kit share.
 */
public final class MessageSize {

  private MessageSize() {}

  /**
   * The encoded size of {@code request} (whose ID is {@code id}) carrying {@code payloadLength} bytes: the
   * request's own with its payload's length, or the reply's with the reply payload's length.
   */
  public static int of(long id, CallRequest request, int payloadLength) {
    long size = 0;
    if (id != 0) {
      size += 1 + varintSize(id);
    }
    if (request.qos() != 0) {
      size += 1 + varintSize(Integer.toUnsignedLong(request.qos()));
    }
    size += lengthDelimited(utf8Length(request.topic()));
    size += lengthDelimited(payloadLength);
    if (request.timestamp() != 0) {
      size += 1 + varintSize((request.timestamp() << 1) ^ (request.timestamp() >> 63));
    }
    size += lengthDelimited(utf8Length(request.functionName()));
    size += lengthDelimited(utf8Length(request.invokeId()));
    return (int) Math.min(size, Integer.MAX_VALUE);
  }

  /**
   * The description of the RESOURCE_EXHAUSTED error for a reply of {@code size} bytes, or {@code null} when it
   * fits {@code max}.
   */
  public static String tooLarge(String functionName, int size, int max) {
    return size <= max ? null : "function '" + functionName + "' replied " + size
        + " bytes, more than server.message.length.max (" + max + ")";
  }

  /** The description of the RESOURCE_EXHAUSTED error for a request of {@code size} bytes, or {@code null}. */
  public static String requestTooLarge(int size, int max) {
    return size <= max ? null : "the request is " + size + " bytes, more than server.message.length.max (" + max
        + ")";
  }

  /** A string or bytes field of {@code length} bytes (all of this message's fields have one-byte tags). */
  private static long lengthDelimited(long length) {
    return length == 0 ? 0 : 1 + varintSize(length) + length;
  }

  private static int varintSize(long value) {
    int size = 1;
    while ((value & ~0x7FL) != 0) {
      value >>>= 7;
      size++;
    }
    return size;
  }

  /** UTF-8 length as protobuf counts it: a lone surrogate becomes one replacement byte. */
  private static long utf8Length(String text) {
    long length = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        length += 1;
      } else if (c < 0x800) {
        length += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        length += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        length += 1;
      } else {
        length += 3;
      }
    }
    return length;
  }
}
