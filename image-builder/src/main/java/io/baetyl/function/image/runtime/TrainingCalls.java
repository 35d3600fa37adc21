package io.baetyl.function.image.runtime;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Calls {@code baetyl.Function/Call} over plain-text HTTP/2 (prior knowledge) during the
 * class-data-sharing training run, so the classes of the call path get archived too. It speaks
 * just enough HTTP/2 and protobuf for unary calls, which keeps gRPC out of the image builder.
 */
final class TrainingCalls {

  private static final byte[] PREFACE =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final int DATA = 0x0;
  private static final int HEADERS = 0x1;
  private static final int RST_STREAM = 0x3;
  private static final int SETTINGS = 0x4;
  private static final int PING = 0x6;
  private static final int GOAWAY = 0x7;
  private static final int END_STREAM = 0x1;
  private static final int END_HEADERS = 0x4;
  private static final int ACK = 0x1;

  private TrainingCalls() {}

  /**
   * Sends one call per payload to {@code function} and returns how many came back with a reply
   * message.
   */
  static int call(String host, int port, String function, List<byte[]> payloads, int timeoutMillis)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      socket.setTcpNoDelay(true);
      OutputStream out = socket.getOutputStream();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      out.write(PREFACE);
      frame(out, SETTINGS, 0, 0, new byte[0]);
      int replies = 0;
      int stream = 1;
      for (byte[] payload : payloads) {
        frame(out, HEADERS, END_HEADERS, stream, headers(host + ":" + port));
        frame(out, DATA, END_STREAM, stream, grpcMessage(message(stream, function, payload)));
        out.flush();
        if (awaitReply(in, out, stream)) {
          replies++;
        }
        stream += 2;
      }
      return replies;
    }
  }

  private static boolean awaitReply(DataInputStream in, OutputStream out, int stream)
      throws IOException {
    boolean gotMessage = false;
    while (true) {
      int length = (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8)
          | in.readUnsignedByte();
      int type = in.readUnsignedByte();
      int flags = in.readUnsignedByte();
      int streamId = in.readInt() & 0x7fffffff;
      byte[] payload = in.readNBytes(length);
      if (payload.length != length) {
        throw new IOException("the runtime closed the connection");
      }
      if (type == SETTINGS && (flags & ACK) == 0) {
        frame(out, SETTINGS, ACK, 0, new byte[0]);
        out.flush();
      } else if (type == PING && (flags & ACK) == 0) {
        frame(out, PING, ACK, 0, payload);
        out.flush();
      } else if (type == GOAWAY) {
        throw new IOException("the runtime sent GOAWAY");
      } else if (streamId == stream) {
        if (type == RST_STREAM) {
          return false;
        }
        if (type == DATA && length > 5) {
          gotMessage = true;
        }
        if ((type == DATA || type == HEADERS) && (flags & END_STREAM) != 0) {
          return gotMessage;
        }
      }
    }
  }

  private static void frame(OutputStream out, int type, int flags, int stream, byte[] payload)
      throws IOException {
    int length = payload.length;
    out.write(new byte[] {(byte) (length >>> 16), (byte) (length >>> 8), (byte) length,
        (byte) type, (byte) flags, (byte) (stream >>> 24), (byte) (stream >>> 16),
        (byte) (stream >>> 8), (byte) stream});
    out.write(payload);
  }

  /** HPACK: every field as a literal without indexing, no Huffman coding. */
  private static byte[] headers(String authority) {
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    literal(block, ":method", "POST");
    literal(block, ":scheme", "http");
    literal(block, ":path", "/baetyl.Function/Call");
    literal(block, ":authority", authority);
    literal(block, "content-type", "application/grpc");
    literal(block, "te", "trailers");
    literal(block, "grpc-timeout", "10S");
    return block.toByteArray();
  }

  private static void literal(ByteArrayOutputStream block, String name, String value) {
    block.write(0x00);
    string(block, name);
    string(block, value);
  }

  private static void string(ByteArrayOutputStream block, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    integer(block, bytes.length, 7, 0x00);
    block.writeBytes(bytes);
  }

  private static void integer(ByteArrayOutputStream block, int value, int prefixBits, int high) {
    int max = (1 << prefixBits) - 1;
    if (value < max) {
      block.write(high | value);
      return;
    }
    block.write(high | max);
    int rest = value - max;
    while (rest >= 128) {
      block.write((rest & 0x7f) | 0x80);
      rest >>>= 7;
    }
    block.write(rest);
  }

  private static byte[] grpcMessage(byte[] message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    int length = message.length;
    out.write(length >>> 24);
    out.write(length >>> 16);
    out.write(length >>> 8);
    out.write(length);
    out.writeBytes(message);
    return out.toByteArray();
  }

  /** {@code baetyl.FunctionMessage} with every field set. */
  private static byte[] message(int id, String function, byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    tag(out, 1, 0);
    varint(out, id);
    tag(out, 2, 0);
    varint(out, 1);
    bytes(out, 3, "training/topic".getBytes(StandardCharsets.UTF_8));
    bytes(out, 4, payload);
    tag(out, 10, 0);
    varint(out, (1_700_000_000L << 1));
    bytes(out, 11, function.getBytes(StandardCharsets.UTF_8));
    bytes(out, 12, ("00000000-0000-0000-0000-" + String.format("%012d", id))
        .getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static void bytes(ByteArrayOutputStream out, int field, byte[] value) {
    tag(out, field, 2);
    varint(out, value.length);
    out.writeBytes(value);
  }

  private static void tag(ByteArrayOutputStream out, int field, int wireType) {
    varint(out, ((long) field << 3) | wireType);
  }

  private static void varint(ByteArrayOutputStream out, long value) {
    long rest = value;
    while ((rest & ~0x7fL) != 0) {
      out.write((int) ((rest & 0x7f) | 0x80));
      rest >>>= 7;
    }
    out.write((int) rest);
  }
}
